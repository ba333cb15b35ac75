# Statistics for the operator: /stats and /overdue in the admin chat

stats-usage = Usage: /stats — this month to date; /stats 7d or /stats 30d — the last 7 or 30 days; /stats 2026-11 — a month; /stats 2026 — a year; /stats 2026-01-01..2026-03-31 — a range of dates.
stats-header = 📊 Requests from { $first } to { $last } (today is { $today })
stats-nothing = No requests were received or closed in this period, and nothing is overdue.
stats-total = All types
stats-counts =
    { $title }
    received { $received } · resolved { $resolved } · refused { $refused } · withdrawn { $withdrawn } · expired { $expired }
stats-overdue = overdue: { $open_overdue } open now past the due date · { $answered_late } answered after the due date
stats-timing = time to answer in working days: median { $median }, 90th percentile { $p90 } · on time { $share } ({ $on_time } of { $answered })
stats-timing-none = time to answer: no answers in this period
stats-explained =
    Received: filed in the period. Resolved, refused, withdrawn, expired: closed in the period with that outcome.
    “Open now past the due date”: requests still open today whose due date has passed, whatever the period.
    Time to answer and “on time” count the requests resolved or refused in the period: working days from receipt to the answer, without the days on hold while waiting for the user; on time means answered no later than the due date.

overdue-none = ✅ Nothing is overdue: every open request is within its deadline.
overdue-header = ⚠️ Overdue requests: { $count }
overdue-line = { $reference } · { $kind } · due { $due } · { $days ->
        [0] the due date passed over days off
        [one] 1 working day overdue
       *[other] { $days } working days overdue
    } · { $assignee } · { $link }
overdue-unassigned = not taken
overdue-no-topic = no topic
overdue-more = Only the first { $shown } are shown, the longest overdue first.
