# Chasing pending requests (care/chasing.py): reminders, escalations, expiry.
# Texts for the admin chat are Telegram HTML: $assignee is a ready mention.
chasing-unassigned = unassigned — take it from the card
chasing-due-next = ⏰ Request { $reference } ({ $kind }) is due on the next working day, { $due }. Assignee: { $assignee }.
chasing-due-today = ⏰ Request { $reference } ({ $kind }) is due today, { $due }. Assignee: { $assignee }.
chasing-overdue = 🚨 Overdue: request { $reference } ({ $kind }) was due on { $due }, { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    } ago. Assignee: { $assignee }.
chasing-open-topic = Topic: { $link }
chasing-expired = ⌛ Request { $reference } closed as expired: the user did not answer within { $days } working days. The user was told they may file it again.
chasing-user-reminder = Reminder: request { $reference } ({ $kind }) has been waiting for your answer for { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    }. Open /requests, choose the request and tap “➕ Add information” to send what the agent asked for.
chasing-user-expires = Without an answer the request will close in { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    }; you can file it again later.
