# The daily digest in the admin chat's General topic

digest-header = 📋 Daily digest for { $day }
digest-new = 🆕 New since { $since }: { $count }
digest-due-today = 📅 Due today: { $count }
digest-overdue = ⚠️ Overdue: { $count }
digest-line = { $reference } · { $kind } · { $assignee } · { $link }
digest-settled = closed already
digest-more = … and { $count } more (see /overdue and the cards in the topics)
digest-waiting = ⏳ Waiting for the user's answer: { $count }
digest-waiting-oldest = waiting longest, since { $since }: { $reference } · { $kind } · { $link }
digest-closed = ✅ Closed yesterday: { $count } — resolved { $resolved } · refused { $refused } · withdrawn { $withdrawn } · expired without the user's answer { $expired }
