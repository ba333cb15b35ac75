# Filing a request and following it: the user's side (handlers/requests.py, handlers/my_requests.py)

menu-button-request = 📝 File a request
menu-button-my-requests = 📂 My requests
cmd-request = File a request about your data
cmd-requests = My requests and their status
cmd-cancel = Stop what you are filling in

intake-choose-kind = What would you like to ask for? Choose the kind of request:
intake-access-explain =
    You will receive a report of everything we hold about you: your profile and phone number, language, consents, requests and a summary of your conversations with care, and why, on what grounds and for how long we keep it.
    A care agent checks the report and then it is sent to you here. The report is free of charge.
intake-correction-wrong = What in your data is wrong? Describe it in one message.
intake-correction-right = And what should it be instead?
intake-correction-details =
    What is wrong: { $wrong }
    What it should be: { $right }
intake-deletion-consequences =
    Deleting your data means:
    • your account is gone; to use the service again you will start from the beginning;
    • your open requests are closed;
    • your conversation history with care is depersonalized.
    A depersonalized record that the request was made and answered stays, as the law requires.
    Do you want to delete your data?
intake-deletion-again = Please confirm once more: this cannot be undone. Delete your data?
intake-withdrawal-scope =
    Which consent do you want to withdraw?
    • Marketing messages only: we stop sending them at once.
    • All processing: we stop processing your data, which leads to deleting it.
intake-withdrawal-all-explain =
    Withdrawing consent to all processing leads to the deletion of your data and your account, unless a law obliges us to keep some of it: then a care agent records that legal ground and tells you what is kept and why.
    File the withdrawal?
intake-marketing-outcome = Marketing messages are off from now on. Messages about your requests and our service still reach you.
intake-ask-blocking = Which processing of your data should be blocked, and why? Write it in one message (up to { $limit } characters).
intake-ask-objection = Which automated processing or decision do you object to, and why? Write it in one message (up to { $limit } characters).
intake-ask-complaint = Describe your complaint in one message (up to { $limit } characters).
intake-ask-question = Write your question in one message (up to { $limit } characters).
intake-files-prompt = You can attach up to { $limit } documents or photos. Send them now, or file the request without them.
intake-file-added = File received ({ $count } of { $limit }). Send more, or tap “Done”.
intake-files-expected = Send a document or a photo, or tap the button below.
intake-too-many-files = At most { $limit } files can be attached; this one was not added. Tap “Done” to file the request.
intake-need-text = Please write your answer as a text message.
intake-text-too-long = That is too long: { $length } characters, at most { $limit }. Please shorten it.
intake-use-buttons = Please use the buttons above, or /cancel to stop.
intake-cancelled = Stopped. Nothing was filed.
intake-nothing-to-cancel = There is nothing to cancel.
intake-left = The request you were filling in was not filed.
intake-already-open =
    You already have an open request of this kind: { $reference } ({ $kind }), { $status }, due by { $due }.
    We will answer it; a second one is not needed.
intake-button-confirm = ✅ Confirm
intake-button-cancel = ✖️ Cancel
intake-button-done = ✅ Done
intake-button-no-files = Send without files
intake-button-delete = Yes, delete my data
intake-button-delete-for-good = Delete for good
intake-button-marketing = Marketing messages only
intake-button-all = All processing
intake-agents-info-added = The user added information to request { $reference }:

my-requests-title = Your requests:
my-requests-empty = You have no requests yet. To file one, tap “📝 File a request” or send /request.
my-requests-line =
    { $reference } · { $kind }
    Status: { $status }{ $open ->
        [yes] ; due by { $due }
       *[no] {""}
    }
my-request-detail =
    Request { $reference } ({ $kind })
    Status: { $status }{ $open ->
        [yes] ; due by { $due }
       *[no] {""}
    }

    History:
    { $history }
my-request-history-line = { $when } — { $status }
my-request-history-info = { $when } — you added information
my-button-show = Show the request
my-button-add-info = ➕ Add information
my-button-withdraw = Withdraw the request
my-button-back = ◀️ All my requests
my-button-withdraw-sure = Yes, withdraw it
my-button-keep = No, keep it
my-button-info-done = ✅ Done
my-request-withdraw-sure = Withdraw request { $reference } ({ $kind })? The agents will stop working on it.
my-request-not-found = Request not found.
my-request-closed = This request is already closed.
my-request-not-awaiting = This request is not waiting for information from you.
my-request-add-info-prompt = Send what the agent asked for about request { $reference }: text, documents or photos. Tap “Done” when you have finished.
my-request-info-added = Added to request { $reference }. Send more, or tap “Done”.
my-request-info-kinds = Only text, documents and photos can be added to a request.
my-request-info-done = Done. The agents have what you sent.
my-request-info-nothing = Nothing was added, so the request still waits for your answer. When you are ready, open /requests, tap “Add information”, send it, then tap Done.
