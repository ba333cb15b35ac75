# Request cards in the admin chat (agents read them in the admin chat's language)

card-text =
    📋 Request { $reference } — { $kind }
    Status: { $status }
    Due: { $due } ({ $clock })
    Assignee: { $assignee }
    Language of the appeal: { $language }
    What the user wrote: { $details }
card-outcome = Outcome: { $outcome }
card-continued = ⤵ what the user wrote continues below
card-state-awaiting_user = waiting for the user's answer
card-continuation = 📋 { $reference }: what the user wrote, continued ({ $part }/{ $parts })
card-unassigned = nobody yet
card-clock-left = { $days ->
        [0] due today
        [one] 1 working day left
       *[other] { $days } working days left
    }
card-clock-overdue = ⚠️ overdue by { $days ->
        [one] 1 working day
       *[other] { $days } working days
    }
card-clock-paused = ⏸ on hold while the user answers
card-clock-closed = closed
card-button-take = 🙋 Take
card-button-ask = ❓ Ask the user
card-button-resolve = ✅ Resolve
card-button-refuse = ✖️ Refuse
card-button-report = 📄 Prepare the data report
card-button-send-report = 📤 Send the report to the user
card-button-erase = 🗑 Delete the user's data
card-button-keep = ⚖️ Keep data: legal ground
card-button-block = ⛔ Block processing
card-button-unblock = ▶️ Unblock processing
