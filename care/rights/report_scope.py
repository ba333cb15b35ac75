"""What the data report (care.rights.reports) shows of everything the desk holds about a person.

Every column of every table that holds something of a person (the tables care.rights.erasure erases)
is in SHOWN, with where the report's data puts its values, or in NOT_SHOWN (a column, or a
whole table), with why not. A test walks the models and fails for a column in neither, and
checks that each shown column's values for a person with a full history reach their report.
"""

ROW = "the row's own number, meaningless outside the database"
LINK = "links the row to the person, whose user number the profile shows"
MESSAGE_ID = "a Telegram message id: the message itself is in the chat"
AGENTS = "the care agent's, not the person's"

SHOWN: dict[str, tuple[str, ...]] = {
    "users.id": ("profile.user_number",),
    "users.telegram_id": ("profile.telegram_id",),
    "users.language": ("profile.language",),
    "users.first_name": ("profile.first_name",),
    "users.last_name": ("profile.last_name",),
    "users.username": ("profile.username",),
    "users.phone": ("profile.phone",),
    "users.verified_at": ("profile.phone_verified_at",),
    "users.created_at": ("profile.registered_at",),
    "users.blocked_bot_at": ("profile.blocked_the_bot_at",),
    "users.banned_at": ("profile.banned_at",),
    "users.processing_blocked_at": ("profile.processing_blocked_at",),
    "users.marketing_opt_in_at": ("profile.marketing_opt_in_at",),
    "consents.accepted_at": ("consents[].accepted_at",),
    "consents.withdrawn_at": ("consents[].withdrawn_at",),
    # The person's own attempts name the number they tried; others' attempts name theirs.
    "phone_conflicts.phone": ("phone_attempts[].phone", "profile.phone"),
    "phone_conflicts.attempted_at": ("phone_attempts[].at", "attempts_on_your_number[].at"),
    "conversations.opened_at": ("conversation.opened_at",),
    "conversations.closed_at": ("conversation.closed_at",),
    "care_log.direction": ("care_log[].direction",),
    "requests.reference": ("requests[].reference",),
    "requests.kind": ("requests[].kind",),
    "requests.status": ("requests[].status",),
    "requests.language": ("requests[].language",),
    "requests.created_at": ("requests[].created_at",),
    "requests.due_on": ("requests[].due_on",),
    "requests.details": ("requests[].details",),
    "requests.outcome": ("requests[].outcome",),
    "requests.closed_at": ("requests[].closed_at",),
    "request_events.at": ("requests[].history[].at",),
    "request_events.actor": ("requests[].history[].by",),
    "request_events.action": ("requests[].history[].action",),
    "request_events.from_status": ("requests[].history[].from",),
    "request_events.to_status": ("requests[].history[].to",),
    "request_events.reason": ("requests[].history[].reason",),
    "deliveries.status": ("notices[].status",),
    "deliveries.updated_at": ("notices[].at",),
    "mentions.what": ("mentions[].what",),
    "mentions.posted_at": ("mentions[].at",),
}

NOT_SHOWN: dict[str, str] = {
    "users.erased_at": "no report is ever compiled for an erased person",
    "consents.id": ROW,
    "consents.user_id": LINK,
    "consents.policy_version_id": "shown as the version's name and effective date",
    "phone_conflicts.id": ROW,
    "phone_conflicts.telegram_id": "this account's Telegram id (the profile shows it), or "
    "another account's, which is that person's data, not this one's",
    "phone_conflicts.owner_user_id": "the holder of the number: the person themselves, or "
    "another account, which is that person's data",
    "fsm_records": "the state of a dialog being filled in now, in the person's own chat; "
    "forgotten when it ends or after a day",
    "conversations.id": ROW,
    "conversations.user_id": LINK,
    "conversations.thread_id": "the number of the person's topic in the care team's chat",
    "conversations.card_message_id": MESSAGE_ID,
    "message_pairs": "pairs each message with its copy so that replies and edits carry over: "
    "the messages are in the person's chat, and the care log section counts them",
    "care_log.id": ROW,
    "care_log.user_id": LINK,
    "care_log.at": "counted per direction, with the first and the last time",
    "care_log.event": "counted with its direction (a message, a notice, an edit)",
    "care_log.agent_id": AGENTS,
    "care_log.content_type": "counted with its direction",
    "care_log.text": "what the person and the agents wrote to each other is in the person's own "
    "chat, and the report counts it; agents' internal notes about them are not shown (an open "
    "question for the operator's counsel)",
    "care_log.file_ids": "Telegram's handles of files that are in the person's own chat",
    "care_log.request_id": "the request a line belongs to, listed under requests",
    "outbox": "messages on their way to the person or to their topic, deleted once sent",
    "requests.id": ROW,
    "requests.user_id": LINK,
    "requests.subject_hash": "a keyed hash of the Telegram id linking requests after a "
    "deletion; meaningless without the operator's key",
    "requests.received_on": "the local day of the filing time, which is shown",
    "requests.deadline_days": "the operator's rule, shown as the due date",
    "requests.paused_days": "the clock's bookkeeping, shown as the due date",
    "requests.paused_since": "the clock's bookkeeping: the status says the request waits",
    "requests.assignee_id": AGENTS,
    "requests.assignee_name": AGENTS,
    "requests.data": "the dialog's answers, also in what the person wrote, and the desk's "
    "own flags",
    "requests.closed_on": "the local day of the closing time, which is shown",
    "requests.closed_working_days": "the clock's bookkeeping, shown as the closing time",
    "requests.card_message_id": MESSAGE_ID,
    "request_events.id": ROW,
    "request_events.request_id": "the request the step belongs to, listed under it",
    "request_events.agent_id": AGENTS,
    "request_attachments.id": ROW,
    "request_attachments.request_id": "the request the file belongs to, counted under it",
    "request_attachments.content_type": "counted under the request",
    "request_attachments.file_id": "Telegram's handle of a file that is in the person's chat",
    "request_attachments.message_id": MESSAGE_ID,
    "request_attachments.added_at": "counted under the request",
    "deliveries.id": ROW,
    "deliveries.user_id": LINK,
    "deliveries.campaign_id": "shown as what kind of notice it was",
    "deliveries.attempts": "sending bookkeeping",
    "deliveries.last_error": "sending bookkeeping (Telegram's words)",
    "deliveries.message_id": MESSAGE_ID,
    "mentions.id": ROW,
    "mentions.user_id": LINK,
    "mentions.chat_id": "the care team's chat",
    "mentions.message_id": "a message id in the care team's chat",
}
