# Rights requests: what users hear about them (Law 94-V Art. 24)

request-kind-access = Access to my data
request-kind-correction = Correction of my data
request-kind-deletion = Deletion of my data
request-kind-blocking = Blocking of processing
request-kind-withdrawal = Withdrawal of consent
request-kind-objection = Objection to automated processing
request-kind-complaint = Complaint
request-kind-question = Question
request-state-new = received
request-state-in_progress = in progress
request-state-awaiting_user = waiting for your answer
request-state-resolved = completed
request-state-refused = refused
request-state-withdrawn = withdrawn
request-state-expired = closed without your answer
request-filed =
    Your request { $reference } ({ $kind }) is registered.
    A care agent will look into it and answer here by { $due }. You can follow it with /requests.
request-status-in_progress = Request { $reference } ({ $kind }): an agent is working on it. The answer is due by { $due }.
request-status-awaiting_user = Request { $reference } ({ $kind }): we need more information from you (see the agent's message). Open /requests and tap “Add information” to answer; until then the deadline is on hold.
request-status-resolved = Request { $reference } ({ $kind }) is completed.
request-status-refused = Request { $reference } ({ $kind }) is refused.
request-status-withdrawn = Request { $reference } ({ $kind }) is withdrawn, as you asked.
request-status-expired = Request { $reference } ({ $kind }) is closed: we did not receive the information we asked for. You can file it again at any time.
request-answer = Answer: { $answer }
request-reason = Reason: { $reason }
request-where-to-complain =
    If you disagree, you may complain further:
    { $where }
