# Карточки запросов в чате агентов

card-text =
    📋 Запрос { $reference } — { $kind }
    Статус: { $status }
    Срок: { $due } ({ $clock })
    Исполнитель: { $assignee }
    Язык обращения: { $language }
    Что написал пользователь: { $details }
card-outcome = Итог: { $outcome }
card-continued = ⤵ продолжение текста пользователя — ниже
card-state-awaiting_user = ждёт ответа пользователя
card-continuation = 📋 { $reference }: что написал пользователь, продолжение ({ $part }/{ $parts })
card-unassigned = пока никто
card-clock-left = { $days ->
        [0] срок сегодня
        [one] остался { $days } рабочий день
        [few] осталось { $days } рабочих дня
       *[other] осталось { $days } рабочих дней
    }
card-clock-overdue = ⚠️ просрочен на { $days ->
        [one] { $days } рабочий день
        [few] { $days } рабочих дня
       *[other] { $days } рабочих дней
    }
card-clock-paused = ⏸ срок приостановлен, пока пользователь отвечает
card-clock-closed = закрыт
card-button-take = 🙋 Взять
card-button-ask = ❓ Спросить пользователя
card-button-resolve = ✅ Исполнить
card-button-refuse = ✖️ Отказать
card-button-report = 📄 Подготовить отчёт о данных
card-button-send-report = 📤 Отправить отчёт пользователю
card-button-erase = 🗑 Уничтожить данные пользователя
card-button-keep = ⚖️ Сохранить данные: правовое основание
card-button-block = ⛔ Заблокировать обработку
card-button-unblock = ▶️ Снять блокирование
