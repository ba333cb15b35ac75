# Рассылки в чате сотрудников (руководители) и рекламные предложения в меню пользователя

broadcast-not-supervisor = Рассылки и уведомления о политике могут отправлять только администраторы этого чата.
broadcast-usage = Ответьте командой /broadcast на сообщение, которое нужно разослать (текст, фото, документ). Я спрошу, кому его отправить.
broadcast-choose-audience = Кому отправить это сообщение?
broadcast-album-note = ⚠️ Это часть альбома: будет отправлено только это одно сообщение. Чтобы разослать несколько фото, соберите их в одно сообщение или отправьте по одному.
broadcast-audience-all = все подтверждённые пользователи (служебное уведомление)
broadcast-audience-marketing = пользователи, согласившиеся получать предложения
broadcast-audience-policy = { $reminder ->
        [yes] напоминание о политике конфиденциальности { $version } тем, кто её не принял
       *[no] уведомление о политике конфиденциальности { $version } всем подтверждённым пользователям
    }
broadcast-audience-language = пользователи, выбравшие { $locale ->
    [kk] казахский
    [ru] русский
   *[en] английский
} язык (служебное уведомление)
broadcast-button-all = 👥 Всем (служебное)
broadcast-button-marketing = 📣 Подписчикам предложений
broadcast-button-language = 🌐 { $language }
broadcast-button-cancel = ✖️ Отмена
broadcast-button-confirm = ✅ Отправить
broadcast-button-stop = ⏹ Остановить рассылку
broadcast-confirm = Предпросмотр выше. Получателей: { $count } — { $audience }. Отправить?
broadcast-nobody = Отправлять некому: { $audience } — 0 получателей.
broadcast-dropped = Рассылка не отправлена.
broadcast-started = Рассылка №{ $number } запущена: получателей { $count }.
broadcast-already = Эта рассылка уже запущена.
broadcast-stopped = Рассылка №{ $number } остановлена: оставшиеся сообщения не будут отправлены.
broadcast-over = Эта рассылка уже завершена.
broadcast-progress-running =
    📤 Рассылка №{ $number } — { $audience }
    Отправлено { $sent } · ошибок { $failed } · недоступны { $unreachable } · пропущено { $skipped } · осталось { $remaining } из { $total }
    { $rate } сообщ./с · осталось примерно { $eta }
broadcast-progress-done =
    ✅ Рассылка №{ $number } завершена — { $audience }
    Отправлено { $sent } · ошибок { $failed } · недоступны { $unreachable } · пропущено { $skipped } из { $total }
broadcast-progress-cancelled =
    ⏹ Рассылка №{ $number } остановлена — { $audience }
    Отправлено { $sent } · ошибок { $failed } · недоступны { $unreachable } · пропущено { $skipped } · отменено { $cancelled } из { $total }

menu-button-offers = 📣 Предложения
offers-state-on = Вы получаете наши предложения и новости. Их можно отключить в любой момент.
offers-state-off = Вы не получаете наши предложения и новости. Служебные сообщения (о ваших обращениях, политике конфиденциальности, важных изменениях) приходят в любом случае.
offers-button-on = 📣 Получать предложения
offers-button-off = 🔕 Отключить предложения
offers-now-on = Готово: вы будете получать наши предложения и новости.
offers-now-off = Готово: предложения больше не будут приходить.
