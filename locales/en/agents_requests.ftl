# The agents' side of rights requests: card presses, prompts, corrections, the data report

card-press-forged = This button does not belong to this request's card. Nothing was changed.
card-press-stale = The request has moved on since this card was drawn. Nothing was changed; look at the card as it is now.
card-press-not-offered = This action is no longer available for the request (it may have been done already). Nothing was changed.
card-press-illegal = The request cannot move that way from its current status. Nothing was changed.
card-press-prompted = Write your next message in this topic.
card-prompt-ask = { $agent }, your next message in this topic goes to the user as the question on request { $reference }; the deadline pauses until they answer. /cancel to stop.
card-prompt-resolve = { $agent }, write the answer and outcome of request { $reference } in your next message. The user will see it. For a correction, say what was changed (/setname and /setlang apply a new name or language). /cancel to stop.
card-prompt-refuse = { $agent }, write the reason for refusing request { $reference } in your next message. ⚠️ The user will see it, together with where they may complain. /cancel to stop.
card-prompt-keep = { $agent }, write the legal ground for keeping the data of request { $reference } (the law and article) in your next message. The user will see it. /cancel to stop.
card-prompt-empty-ask = The question must be a message the user can receive. Write it again, or /cancel.
card-prompt-empty-resolve = An empty answer is not accepted: write the answer the user will see, or /cancel.
card-prompt-empty-refuse = An empty reason is not accepted: write the reason the user will see, or /cancel.
card-prompt-empty-keep = An empty legal ground is not accepted: write it, or /cancel.
card-prompt-cancelled = Cancelled. The request is unchanged.
admin-dropped-prompt = ⚠️ Dropped: { $button } on request { $reference } no longer waits for your message here; the new one took its place. Press the button on that card again to go back to it.
admin-dropped-policy-draft = ⚠️ Dropped: your unfinished /policy draft no longer waits here; the new one took its place. Send /policy to start it again.
card-done-take = You took the request.
card-done-ask = The question is sent to the user; the request waits for their answer.
card-done-resolve = The request is resolved; the user has the answer.
card-done-refuse = The request is refused; the user has the reason and where to complain.
card-done-report = The report is being prepared here for preview.
card-done-send-report = The report is sent to the user; the request is resolved.
card-done-erase = The user's data is being deleted; the request is resolved.
card-done-keep = The data is kept on the stated legal ground; the user is told.
card-done-block = Processing is blocked; the user is told.
card-done-unblock = Processing is unblocked; the user is told.
card-erase-outcome = Your personal data has been deleted: your profile, phone number and conversation history are depersonalized. Only an anonymous record of this request remains, as proof that it was met.
card-blocked-outcome = Processing of your personal data is blocked: you will receive no mailings or marketing, and your data is not used beyond keeping it, until the block is lifted.
card-report-outcome = Your data report has been sent to you in this chat as two files: a page to read (HTML) and the same data in JSON.
card-keep-outcome =
    Your data is kept on this legal ground: { $ground }
    All other processing of your data, including marketing messages, stops.
card-unblocked-notice = Processing of your personal data is unblocked (request { $reference }). The service works with your data as before.
correction-name-done = The user's name is now: { $value }. Recorded in the request history.
correction-language-done = The user's language is now: { $value }. Recorded in the request history.
correction-name-usage = Usage: /setname <first name> [last name] (in the user's topic).
correction-language-usage = Usage: /setlang kk|ru|en (in the user's topic).
correction-note-name = Correction applied: name changed to “{ $value }”.
correction-note-language = Correction applied: language changed to { $value }.
report-preview-caption = Preview of the data report for { $reference }. Check it, then press “Send the report to the user” on the card.
report-not-sent = ⚠️ The data report could not be sent: { $reason }
user-card-open-requests = Open requests:
user-card-open-request = • { $reference } — { $kind }, due { $due }
user-card-blocked = ⛔ Processing blocked since { $since } (no broadcasts or marketing)
user-card-no-open-requests = No open requests.

report-title = Your personal data held by Qamqor
report-intro = Report for request { $reference }, compiled { $at }. It lists everything this service holds about you and how it is processed.
report-empty = —
report-section-profile = Profile
report-section-consents = Consents
report-section-requests = Requests and their history
report-section-care-log = Conversation with care (counts only)
report-section-statement = How your data is processed
report-field-user_number = User number
report-field-first_name = First name
report-field-last_name = Last name
report-field-username = Telegram username
report-field-phone = Phone number
report-field-language = Language
report-field-telegram_id = Telegram ID
report-field-registered_at = Registered
report-field-phone_verified_at = Phone verified
report-field-processing_blocked_at = Processing blocked since
report-field-marketing_opt_in_at = Marketing messages allowed since
report-field-blocked_the_bot_at = Bot blocked by you since
report-field-banned_at = Writing to care blocked since
report-request-status = Status
report-request-created = Filed
report-request-due = Due
report-request-closed = Closed
report-request-details = What you wrote
report-request-outcome = Outcome
report-request-attachments = Files attached
report-request-history = History
report-actor-user = you
report-actor-agent = care agent
report-actor-system = the service
report-step-inform = information added
report-step-correct = data corrected
report-step-unblock = processing unblocked
report-consent-line = Privacy policy { $version } (in force from { $effective }): accepted { $accepted }
report-consent-withdrawn = withdrawn { $at }
report-log-line = { $who }: { $count } from { $first } to { $last }
report-log-in = Your messages
report-log-out = Care agents' answers
report-log-bot = Messages from the bot
report-log-note = Agents' internal notes
report-section-other = Other records about you
report-conversation-open = Conversation with care: opened { $opened }, still open
report-conversation-closed = Conversation with care: opened { $opened }, closed { $closed }
report-attempt-line = { $at }: this account tried to verify { $phone }, a number another account had already verified
report-attempt-on-yours = { $at }: another account tried to verify your number
report-notice-line = { $at }: { $kind ->
        [policy] privacy policy notice
        [marketing] offer
       *[other] service notice
    } — { $status ->
        [sent] delivered
       *[other] not delivered
    }
report-mention-line = { $at }, in the care team's chat: { $what ->
        [phone-conflict] a notice of a phone number conflict
        [find-query] an agent's search for you
       *[other] the answer to an agent's search, naming you
    }
report-statement-operator = Operator
report-statement-purposes = Purposes
report-statement-legal_grounds = Legal grounds
report-statement-sources = Sources
report-statement-methods = Processing methods
report-statement-recipients = Recipients
report-statement-storage_terms = Storage terms
report-statement-authority = Where to complain
report-statement-court = Court
