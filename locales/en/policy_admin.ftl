## Supervisors publish a new privacy-policy version in the admin chat: /policy, /policy status

policy-admin-not-supervisor = Only administrators of this chat (supervisors) may publish policy versions and see their figures.
policy-admin-usage = Use /policy to publish a new version of the privacy policy, or /policy status for the figures.
policy-admin-ask-version = New privacy-policy version. Send its name (up to { $max } characters, e.g. 2026-12). /cancel stops at any step.
policy-admin-version-empty = The version name must be one line of text. Send it again.
policy-admin-version-long = The version name may have at most { $max } characters. Send a shorter one.
policy-admin-version-taken = Version “{ $version }” already exists. Send another name.
policy-admin-ask-date = The effective date, as YYYY-MM-DD. Users must get { $days } days' notice, so the earliest date is { $first }.
policy-admin-date-format = Send the date as YYYY-MM-DD, for example { $first }.
policy-admin-date-early = That is too early: users must get { $days } days' notice. The first allowed date is { $first }.
policy-admin-lang-kk = Kazakh
policy-admin-lang-ru = Russian
policy-admin-lang-en = English
policy-admin-ask-text = The full text of the policy in { $language }: as a message, or as a .txt or .md document.
policy-admin-text-empty = The text is empty. Send the policy text as a message or as a .txt or .md document.
policy-admin-text-long = The text is longer than { $max } characters. Shorten it and send it again.
policy-admin-file-type = Only a .txt or .md document can hold the text. Send the text as a message or as such a file.
policy-admin-file-big = The file is larger than { $max } KB. Send a smaller .txt or .md file.
policy-admin-file-not-text = The file is not UTF-8 text. Save it as UTF-8 and send it again.
policy-admin-file-failed = The file could not be downloaded from Telegram. Send it again.
policy-admin-ask-summary = A short summary of what changed, in { $language }: users read it in the notice.
policy-admin-summary-empty = The summary is empty. Send a few sentences on what changed.
policy-admin-summary-long = The summary may have at most { $max } characters. Send a shorter one.
policy-admin-preview = Preview: privacy policy version { $version }, in force from { $date }.
policy-admin-preview-language = — { $language } —
policy-admin-preview-confirm = Publish this version? Verified users will be notified and asked to accept it.
policy-admin-button-confirm = ✅ Publish
policy-admin-button-cancel = ✖️ Cancel
policy-admin-confirm-first = Press “Publish” or “Cancel” under the preview, or send /cancel.
policy-admin-cancelled = The new policy version is cancelled; nothing was stored.
policy-admin-expired = This draft is no longer open.
policy-admin-published = Version { $version } is published and takes effect on { $date }. Users who have not accepted it by then get one reminder that day.
policy-admin-status-none = No policy version is stored yet.
policy-admin-status-title = Privacy-policy versions (newest first):
policy-admin-status-line = { $version }, effective { $date } — { $state ->
        [in-force] in force
        [upcoming] upcoming
       *[superseded] superseded
    }
    Accepted: { $accepted }. Not accepted yet (verified users on an older version): { $outstanding }.
policy-admin-status-delivery = { $reminder ->
        [yes] Reminder
       *[no] Notice
    }: sent { $sent } · failed { $failed } · unreachable { $unreachable } · skipped { $skipped } · remaining { $remaining }
