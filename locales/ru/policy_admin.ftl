## Супервизоры публикуют новую версию политики конфиденциальности в чате поддержки: /policy, /policy status

policy-admin-not-supervisor = Публиковать версии политики и смотреть их показатели могут только администраторы этого чата (супервизоры).
policy-admin-usage = /policy — опубликовать новую версию политики конфиденциальности, /policy status — показатели.
policy-admin-ask-version = Новая версия политики конфиденциальности. Пришлите её название (до { $max } символов, например 2026-12). /cancel прерывает на любом шаге.
policy-admin-version-empty = Название версии должно быть одной строкой текста. Пришлите его ещё раз.
policy-admin-version-long = Название версии — не длиннее { $max } символов. Пришлите более короткое.
policy-admin-version-taken = Версия «{ $version }» уже есть. Пришлите другое название.
policy-admin-ask-date = Дата вступления в силу в виде ГГГГ-ММ-ДД. Пользователей нужно предупредить за { $days } дн., поэтому самая ранняя дата — { $first }.
policy-admin-date-format = Пришлите дату в виде ГГГГ-ММ-ДД, например { $first }.
policy-admin-date-early = Слишком рано: пользователей нужно предупредить за { $days } дн. Самая ранняя допустимая дата — { $first }.
policy-admin-lang-kk = на казахском
policy-admin-lang-ru = на русском
policy-admin-lang-en = на английском
policy-admin-ask-text = Полный текст политики { $language }: сообщением или документом .txt либо .md.
policy-admin-text-empty = Текст пустой. Пришлите текст политики сообщением или документом .txt либо .md.
policy-admin-text-long = Текст длиннее { $max } символов. Сократите его и пришлите ещё раз.
policy-admin-file-type = Текст принимается только в документе .txt или .md. Пришлите текст сообщением или таким файлом.
policy-admin-file-big = Файл больше { $max } КБ. Пришлите файл .txt или .md поменьше.
policy-admin-file-not-text = Файл — не текст в UTF-8. Сохраните его в UTF-8 и пришлите ещё раз.
policy-admin-file-failed = Не удалось скачать файл из Telegram. Пришлите его ещё раз.
policy-admin-ask-summary = Коротко, что изменилось, { $language }: пользователи прочитают это в уведомлении.
policy-admin-summary-empty = Описание пустое. Пришлите пару предложений о том, что изменилось.
policy-admin-summary-long = Описание — не длиннее { $max } символов. Пришлите более короткое.
policy-admin-preview = Предпросмотр: политика конфиденциальности, версия { $version }, действует с { $date }.
policy-admin-preview-language = — { $language } —
policy-admin-preview-confirm = Опубликовать эту версию? Проверенные пользователи получат уведомление с просьбой её принять.
policy-admin-button-confirm = ✅ Опубликовать
policy-admin-button-cancel = ✖️ Отменить
policy-admin-confirm-first = Нажмите «Опубликовать» или «Отменить» под предпросмотром либо отправьте /cancel.
policy-admin-cancelled = Новая версия политики отменена, ничего не сохранено.
policy-admin-expired = Этот черновик уже закрыт.
policy-admin-published = Версия { $version } опубликована и вступает в силу { $date }. Кто не примет её к этому дню, получит в тот день одно напоминание.
policy-admin-status-none = Версий политики пока нет.
policy-admin-status-title = Версии политики конфиденциальности (сначала новые):
policy-admin-status-line = { $version }, с { $date } — { $state ->
        [in-force] действует
        [upcoming] вступит в силу
       *[superseded] заменена
    }
    Приняли: { $accepted }. Ещё не приняли (проверенные пользователи на прежней версии): { $outstanding }.
policy-admin-status-delivery = { $reminder ->
        [yes] Напоминание
       *[no] Уведомление
    }: отправлено { $sent } · ошибок { $failed } · недоступны { $unreachable } · пропущено { $skipped } · осталось { $remaining }
