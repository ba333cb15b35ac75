# Запросы субъекта данных: что слышит пользователь (Закон № 94-V, ст. 24)

request-kind-access = Доступ к моим данным
request-kind-correction = Исправление моих данных
request-kind-deletion = Уничтожение моих данных
request-kind-blocking = Блокирование обработки
request-kind-withdrawal = Отзыв согласия
request-kind-objection = Возражение против автоматизированной обработки
request-kind-complaint = Жалоба
request-kind-question = Вопрос
request-state-new = получен
request-state-in_progress = в работе
request-state-awaiting_user = ждёт вашего ответа
request-state-resolved = исполнен
request-state-refused = отклонён
request-state-withdrawn = отозван
request-state-expired = закрыт без вашего ответа
request-filed =
    Ваш запрос { $reference } ({ $kind }) зарегистрирован.
    Агент службы рассмотрит его и ответит здесь до { $due }. Следить за ним можно в /requests.
request-status-in_progress = Запрос { $reference } ({ $kind }): агент взял его в работу. Срок ответа — до { $due }.
request-status-awaiting_user = Запрос { $reference } ({ $kind }): нам нужны дополнительные сведения (см. сообщение агента). Откройте /requests и нажмите «Дополнить»; до вашего ответа срок приостановлен.
request-status-resolved = Запрос { $reference } ({ $kind }) исполнен.
request-status-refused = В запросе { $reference } ({ $kind }) отказано.
request-status-withdrawn = Запрос { $reference } ({ $kind }) отозван по вашей просьбе.
request-status-expired = Запрос { $reference } ({ $kind }) закрыт: мы не получили запрошенных сведений. Вы можете подать его снова в любое время.
request-answer = Ответ: { $answer }
request-reason = Причина: { $reason }
request-where-to-complain =
    Если вы не согласны, вы можете обжаловать это:
    { $where }
