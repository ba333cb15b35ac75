# Broadcasts in the admin chat (supervisors) and marketing offers in the user's menu

broadcast-not-supervisor = Only administrators of this chat can send broadcasts and policy notices.
broadcast-usage = Reply /broadcast to the message you want to send (text, photo, document). I will ask whom to send it to.
broadcast-choose-audience = Whom should this message go to?
broadcast-album-note = ⚠️ This is a part of an album: only this one message will be sent. To send several photos, put them in one message or send them one by one.
broadcast-audience-all = all verified users (service notice)
broadcast-audience-marketing = users who opted in to offers
broadcast-audience-policy = { $reminder ->
        [yes] reminder of privacy policy { $version } to those who have not accepted it
       *[no] notice of privacy policy { $version } to all verified users
    }
broadcast-audience-language = users writing in { $locale ->
    [kk] Kazakh
    [ru] Russian
   *[en] English
} (service notice)
broadcast-button-all = 👥 Everyone (service)
broadcast-button-marketing = 📣 Offers subscribers
broadcast-button-language = 🌐 { $language }
broadcast-button-cancel = ✖️ Cancel
broadcast-button-confirm = ✅ Send
broadcast-button-stop = ⏹ Stop the broadcast
broadcast-confirm = The preview is above. Recipients: { $count } — { $audience }. Send?
broadcast-nobody = Nobody to send to: { $audience } — 0 recipients.
broadcast-dropped = Broadcast not sent.
broadcast-started = Broadcast #{ $number } started: { $count } recipients.
broadcast-already = This broadcast has already been started.
broadcast-stopped = Broadcast #{ $number } stopped: the remaining messages will not be sent.
broadcast-over = This broadcast has already finished.
broadcast-progress-running =
    📤 Broadcast #{ $number } — { $audience }
    Sent { $sent } · failed { $failed } · unreachable { $unreachable } · skipped { $skipped } · remaining { $remaining } of { $total }
    { $rate } msg/s · about { $eta } left
broadcast-progress-done =
    ✅ Broadcast #{ $number } finished — { $audience }
    Sent { $sent } · failed { $failed } · unreachable { $unreachable } · skipped { $skipped } of { $total }
broadcast-progress-cancelled =
    ⏹ Broadcast #{ $number } stopped — { $audience }
    Sent { $sent } · failed { $failed } · unreachable { $unreachable } · skipped { $skipped } · cancelled { $cancelled } of { $total }

menu-button-offers = 📣 Offers
offers-state-on = You receive our offers and news. You can turn them off at any time.
offers-state-off = You do not receive our offers and news. Service messages (about your requests, the privacy policy, important changes) come anyway.
offers-button-on = 📣 Receive offers
offers-button-off = 🔕 Stop offers
offers-now-on = Done: you will receive our offers and news.
offers-now-off = Done: you will no longer receive offers.
