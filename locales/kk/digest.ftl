# Админ-чаттың жалпы тақырыбындағы (General) күнделікті шолу

digest-header = 📋 { $day } күнгі шолу
digest-new = 🆕 { ABLATIVE($since) } бастап түскен жаңа өтініштер: { $count }
digest-due-today = 📅 Мерзімі бүгін: { $count }
digest-overdue = ⚠️ Мерзімі өткен: { $count }
digest-line = { $reference } · { $kind } · { $assignee } · { $link }
digest-settled = жабылған
digest-more = … тағы { $count } (/overdue командасын және тақырыптардағы карточкаларды қараңыз)
digest-waiting = ⏳ Пайдаланушының жауабын күтуде: { $count }
digest-waiting-oldest = ең ұзақ күтіп тұрғаны, { ABLATIVE($since) } бастап: { $reference } · { $kind } · { $link }
digest-closed = ✅ Кеше жабылды: { $count } — орындалды { $resolved } · бас тартылды { $refused } · кері қайтарылды { $withdrawn } · пайдаланушы жауап бермей жабылды { $expired }
