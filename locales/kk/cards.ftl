# Агенттер чатындағы сұрау салу карточкалары

card-text =
    📋 { $reference } сұрау салуы — { $kind }
    Мәртебесі: { $status }
    Мерзімі: { $due } ({ $clock })
    Орындаушы: { $assignee }
    Өтініш тілі: { $language }
    Пайдаланушы жазғаны: { $details }
card-outcome = Нәтижесі: { $outcome }
card-continued = ⤵ пайдаланушы жазғанның жалғасы төменде
card-state-awaiting_user = пайдаланушының жауабын күтуде
card-continuation = 📋 { $reference }: пайдаланушы жазғанның жалғасы ({ $part }/{ $parts })
card-unassigned = әзірге ешкім
card-clock-left = { $days ->
        [0] мерзімі бүгін
       *[other] { $days } жұмыс күні қалды
    }
card-clock-overdue = ⚠️ { $days } жұмыс күніне кешікті
card-clock-paused = ⏸ пайдаланушы жауап бергенше мерзім тоқтатылды
card-clock-closed = жабылды
card-button-take = 🙋 Алу
card-button-ask = ❓ Пайдаланушыдан сұрау
card-button-resolve = ✅ Орындау
card-button-refuse = ✖️ Бас тарту
card-button-report = 📄 Деректер есебін дайындау
card-button-send-report = 📤 Есепті пайдаланушыға жіберу
card-button-erase = 🗑 Пайдаланушы деректерін жою
card-button-keep = ⚖️ Деректерді сақтау: құқықтық негіз
card-button-block = ⛔ Өңдеуді бұғаттау
card-button-unblock = ▶️ Бұғаттауды алу
