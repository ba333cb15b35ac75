# Ежедневная сводка в общей теме (General) админ-чата

digest-header = 📋 Сводка за { $day }
digest-new = 🆕 Новые с { $since }: { $count }
digest-due-today = 📅 Срок сегодня: { $count }
digest-overdue = ⚠️ Просрочены: { $count }
digest-line = { $reference } · { $kind } · { $assignee } · { $link }
digest-settled = уже закрыто
digest-more = … и ещё { $count } (см. /overdue и карточки в темах)
digest-waiting = ⏳ Ждут ответа пользователя: { $count }
digest-waiting-oldest = дольше всех, с { $since }: { $reference } · { $kind } · { $link }
digest-closed = ✅ Закрыто вчера: { $count } — выполнено { $resolved } · отказано { $refused } · отозвано { $withdrawn } · закрыто без ответа пользователя { $expired }
