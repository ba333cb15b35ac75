# Сторона агентов по запросам субъектов: нажатия на карточках, подсказки, исправления, отчёт о данных

card-press-forged = Эта кнопка не относится к карточке этого запроса. Ничего не изменено.
card-press-stale = Запрос уже изменился с тех пор, как была показана эта карточка. Ничего не изменено; посмотрите карточку в её текущем виде.
card-press-not-offered = Это действие для запроса больше недоступно (возможно, оно уже выполнено). Ничего не изменено.
card-press-illegal = Из текущего статуса запрос нельзя перевести таким образом. Ничего не изменено.
card-press-prompted = Напишите следующее сообщение в этой теме.
card-prompt-ask = { $agent }, ваше следующее сообщение в этой теме уйдёт пользователю как вопрос по запросу { $reference }; срок приостанавливается до его ответа. /cancel — отменить.
card-prompt-resolve = { $agent }, напишите следующим сообщением ответ и результат по запросу { $reference }. Пользователь его увидит. Для исправления укажите, что изменено (/setname и /setlang применяют новое имя или язык). /cancel — отменить.
card-prompt-refuse = { $agent }, напишите следующим сообщением причину отказа по запросу { $reference }. ⚠️ Пользователь увидит её вместе с тем, куда можно обжаловать. /cancel — отменить.
card-prompt-keep = { $agent }, напишите следующим сообщением правовое основание хранить данные по запросу { $reference } (закон и статья). Пользователь его увидит. /cancel — отменить.
card-prompt-empty-ask = Вопрос должен быть сообщением, которое пользователь может получить. Напишите его ещё раз или /cancel.
card-prompt-empty-resolve = Пустой ответ не принимается: напишите ответ, который увидит пользователь, или /cancel.
card-prompt-empty-refuse = Пустая причина не принимается: напишите причину, которую увидит пользователь, или /cancel.
card-prompt-empty-keep = Пустое правовое основание не принимается: напишите его или /cancel.
card-prompt-cancelled = Отменено. Запрос не изменён.
admin-dropped-prompt = ⚠️ Отменено: «{ $button }» по запросу { $reference } больше не ждёт здесь вашего сообщения, его место занял новый. Чтобы вернуться к нему, нажмите кнопку на той карточке ещё раз.
admin-dropped-policy-draft = ⚠️ Отменено: ваш незаконченный черновик /policy больше не ждёт здесь, его место занял новый. Чтобы начать заново, отправьте /policy.
card-done-take = Вы взяли запрос.
card-done-ask = Вопрос отправлен пользователю; запрос ждёт его ответа.
card-done-resolve = Запрос выполнен; пользователь получил ответ.
card-done-refuse = В запросе отказано; пользователь получил причину и сведения о том, куда обжаловать.
card-done-report = Отчёт готовится здесь для предварительного просмотра.
card-done-send-report = Отчёт отправлен пользователю; запрос выполнен.
card-done-erase = Данные пользователя удаляются; запрос выполнен.
card-done-keep = Данные хранятся на указанном правовом основании; пользователь уведомлён.
card-done-block = Обработка заблокирована; пользователь уведомлён.
card-done-unblock = Обработка разблокирована; пользователь уведомлён.
card-erase-outcome = Ваши персональные данные удалены: профиль, номер телефона и история переписки обезличены. Остаётся только обезличенная запись об этом запросе как доказательство его исполнения.
card-blocked-outcome = Обработка ваших персональных данных заблокирована: вы не будете получать рассылки и рекламу, а данные не используются ни для чего, кроме хранения, пока блокировка не снята.
card-report-outcome = Отчёт о ваших данных отправлен вам в этот чат двумя файлами: страница для чтения (HTML) и те же данные в формате JSON.
card-keep-outcome =
    Ваши данные хранятся на следующем правовом основании: { $ground }
    Любая другая обработка ваших данных, включая рекламные сообщения, прекращается.
card-unblocked-notice = Обработка ваших персональных данных разблокирована (запрос { $reference }). Сервис работает с вашими данными как прежде.
correction-name-done = Имя пользователя теперь: { $value }. Записано в историю запроса.
correction-language-done = Язык пользователя теперь: { $value }. Записано в историю запроса.
correction-name-usage = Использование: /setname <имя> [фамилия] (в теме пользователя).
correction-language-usage = Использование: /setlang kk|ru|en (в теме пользователя).
correction-note-name = Исправление применено: имя изменено на «{ $value }».
correction-note-language = Исправление применено: язык изменён на { $value }.
report-preview-caption = Предварительный просмотр отчёта о данных по { $reference }. Проверьте его, затем нажмите на карточке «Отправить отчёт пользователю».
report-not-sent = ⚠️ Не удалось отправить отчёт о данных: { $reason }
user-card-open-requests = Открытые запросы:
user-card-open-request = • { $reference } — { $kind }, срок { $due }
user-card-blocked = ⛔ Обработка заблокирована с { $since } (без рассылок и маркетинга)
user-card-no-open-requests = Открытых запросов нет.

report-title = Ваши персональные данные в Qamqor
report-intro = Отчёт по запросу { $reference }, составлен { $at }. В нём всё, что этот сервис хранит о вас, и то, как эти данные обрабатываются.
report-empty = —
report-section-profile = Профиль
report-section-consents = Согласия
report-section-requests = Запросы и их история
report-section-care-log = Переписка со службой (только количество)
report-section-statement = Как обрабатываются ваши данные
report-field-user_number = Номер пользователя
report-field-first_name = Имя
report-field-last_name = Фамилия
report-field-username = Имя пользователя в Telegram
report-field-phone = Номер телефона
report-field-language = Язык
report-field-telegram_id = Telegram ID
report-field-registered_at = Зарегистрирован
report-field-phone_verified_at = Телефон подтверждён
report-field-processing_blocked_at = Обработка заблокирована с
report-field-marketing_opt_in_at = Рекламные сообщения разрешены с
report-field-blocked_the_bot_at = Бот заблокирован вами с
report-field-banned_at = Переписка со службой заблокирована с
report-request-status = Статус
report-request-created = Подан
report-request-due = Срок
report-request-closed = Закрыт
report-request-details = Что вы написали
report-request-outcome = Результат
report-request-attachments = Приложено файлов
report-request-history = История
report-actor-user = вы
report-actor-agent = агент службы
report-actor-system = сервис
report-step-inform = запрос дополнен
report-step-correct = данные исправлены
report-step-unblock = обработка разблокирована
report-consent-line = Политика конфиденциальности { $version } (действует с { $effective }): принята { $accepted }
report-consent-withdrawn = отозвана { $at }
report-log-line = { $who }: { $count } с { $first } по { $last }
report-log-in = Ваши сообщения
report-log-out = Ответы агентов службы
report-log-bot = Сообщения бота
report-log-note = Внутренние заметки агентов
report-section-other = Другие записи о вас
report-conversation-open = Переписка со службой: начата { $opened }, не закрыта
report-conversation-closed = Переписка со службой: начата { $opened }, закрыта { $closed }
report-attempt-line = { $at }: с этого аккаунта пытались подтвердить номер { $phone }, уже подтверждённый другим аккаунтом
report-attempt-on-yours = { $at }: другой аккаунт пытался подтвердить ваш номер
report-notice-line = { $at }: { $kind ->
        [policy] уведомление о политике конфиденциальности
        [marketing] рекламное сообщение
       *[other] служебное уведомление
    } — { $status ->
        [sent] доставлено
       *[other] не доставлено
    }
report-mention-line = { $at }, в чате службы: { $what ->
        [phone-conflict] уведомление о конфликте номеров телефона
        [find-query] поиск вас агентом
       *[other] ответ на поиск агента с вашим именем
    }
report-statement-operator = Оператор
report-statement-purposes = Цели
report-statement-legal_grounds = Правовые основания
report-statement-sources = Источники
report-statement-methods = Способы обработки
report-statement-recipients = Получатели
report-statement-storage_terms = Сроки хранения
report-statement-authority = Куда обжаловать
report-statement-court = Суд
