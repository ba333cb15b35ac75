# The care desk: what users hear

menu-button-care = 💬 Write to care
care-prompt = Write your question here, in as many messages as you need; photos and documents are welcome. A care agent will answer in this chat.
care-received = Your message is with our care team. An agent will answer here, in this chat.
care-closed = Our care team has closed this conversation. Thank you for writing to us! If you need anything else, just write here.
care-banned = Because the rules of polite communication were broken repeatedly, our care team will no longer answer messages in this chat. Your data rights are not affected: /me and the menu keep working.
care-slow-down = You are sending messages very quickly. Please pause for a moment: everything you sent is saved in our care log, and agents can read it there.
care-signature = — { $name }, Qamqor care

# The care desk: what agents see in the admin chat

admin-card =
    👤 User #{ $number }
    Name: { $name }
    Username: { $username }
    Language: { $language }
    Phone: { $phone } (verified { $verified })
    With us since: { $since }
admin-header = ✉️ From { $user }. Reply to this message to answer.
admin-throttled = ⚠️ The user is sending too many messages. For the next { $seconds } s their messages are kept in the care log (/history) but not copied here.
admin-uncopyable = ⚠️ The user sent a message ({ $kind }) that could not be copied here: { $reason }. It is recorded in the care log.
admin-user-blocked = ⚠️ Not delivered: the user has blocked the bot. Your message is kept and will be delivered if they come back.
admin-undelivered = ⚠️ Not delivered to the user: { $reason }
admin-user-left = ℹ️ The user has blocked the bot; messages cannot reach them now.
admin-user-back = ℹ️ The user has unblocked the bot. Messages delivered now: { $count }.
admin-right-missing-topics = ⚠️ The bot may not manage topics in this group, so users' messages cannot reach their topics. They are kept and will arrive once an administrator gives the bot the “Manage topics” right (group settings → Administrators → the bot).
admin-note-usage = Write the note after /note, or start a message with “!”.
admin-history-empty = The care log of this user is empty.
admin-history-usage = Use /history or /history 25 (at most 50 lines).
admin-history-line = { $at } { $who }: { $text }
admin-history-line-event = { $at } { $who } ({ $event }): { $text }
admin-history-event-edit = edited
admin-history-event-notice = notice
admin-history-event-throttled = not copied: too many messages
admin-history-event-slow-down = asked to write less often
admin-history-event-uncopyable = could not be copied
admin-history-media = [{ $type ->
        [photo] photo
        [document] document
        [voice] voice message
        [video] video
        [video_note] video message
        [audio] audio
        [sticker] sticker
        [animation] GIF
        [location] location
        [contact] contact
       *[other] { $type }
    }]
admin-history-event-undelivered = not delivered
admin-history-in = 👤 user
admin-history-out = 🎧 agent
admin-history-bot = 🤖 bot
admin-history-note = 📝 note
admin-closed = ✅ Conversation closed; the user has been told. Their next message reopens it.
admin-already-closed = The conversation is already closed.
admin-banned = ⛔ The user is banned: their messages are ignored. /unban lifts it.
admin-already-banned = The user is already banned.
admin-unbanned = ✅ The ban is lifted; the user's messages reach care again.
admin-not-banned = The user is not banned.
admin-find-usage = Use /find +77011234567, /find @username or /find 42 (the user number).
admin-find-none = No verified user matches that.
admin-find-result = { $user }: { $link }
admin-find-no-topic = { $user } has not written to care yet.
admin-mention-erased = 🗑 A message about a user whose data has been deleted.
admin-help =
    How the care desk works:
    • every user has a topic; whatever you write in it goes to the user (text, photos, documents, voice, video, stickers, albums); edits are synced;
    • reply to a user's message to answer it specifically;
    • “!text” or /note text — an internal note, never sent to the user;
    • /history or /history 25 — the user's recent care log;
    • /close — end the conversation (the user is told; their next message reopens it);
    • /ban, /unban — stop or resume answering an abusive user;
    • /find +77011234567 | @username | 42 — in General, a link to the user's topic;
    • /stats, /stats 7d | 30d | 2026-11 | 2026 | 2026-01-01..2026-03-31 — request figures by type for a period (this month by default);
    • /overdue — open requests past their due date, with links to their topics;
    • /broadcast (administrators of this chat) as a reply to a message — send it to users: choose the audience, check the preview, confirm; a progress message with a Stop button follows;
    • each new request posts a card in the user's topic: Take, Ask the user (your next message is the question), Resolve, Refuse (your next message is the reason the user will see) and actions by type (data report, deletion, blocking, legal ground); /cancel stops a card waiting for your message;
    • /setname First [Last], /setlang kk|ru|en — correct the user's name or language for a correction request.
admin-delayed = ⏳ Telegram did not accept the message just now; it is kept and will be delivered automatically.
admin-tool-in-topic = This works inside a user's topic: open the user's topic (or, without topics, reply to one of their messages) and send it there. /find tells you where a user's topic is.
admin-nothing-to-cancel = Nothing to cancel here: no dialog is open.
admin-unknown-command = { $command } is not a command of this bot. /help lists what works here.
admin-how-to-answer = To answer a user, reply to their message (or to the header above it); a message that replies to nothing is not sent to anyone.
