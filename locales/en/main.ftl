# Qamqor — English

language-name = English
language-prompt = Choose the language we will talk in. You can change it any time with /language.
language-saved = Done: we will talk in English.

privacy-header = Privacy notice, version { $version } (in force from { $date })
privacy-ask-consent = To use Qamqor we need your consent to process your personal data as described above, under the Law of the Republic of Kazakhstan "On personal data and their protection". Do you agree?
privacy-button-read = 📄 Read the full policy
privacy-button-accept = ✅ I agree
privacy-button-decline = ✖️ I don't agree
privacy-full-title = Privacy policy, version { $version }
privacy-accepted = Thank you, your consent is recorded.
privacy-declined = Without your consent we cannot process your data, so Qamqor is not available to you. We keep only your Telegram ID and the language you chose. If you change your mind, send /start or tap “I agree” above.
privacy-already-accepted = Your consent is already recorded.
privacy-changed = The privacy policy has changed: version { $version } is in force from { $date }. Please read it and accept it to keep using Qamqor.
privacy-notice-outdated = This notice is out of date: version { $version } of the privacy policy is in force now. Please read it below and decide again.

phone-request = One last step: confirm your Kazakh mobile number. Tap “Share my phone” below and Telegram will send us your own contact. Only Kazakh mobile numbers (+7 7xx) are accepted.
phone-button-share = 📱 Share my phone
phone-forwarded = This looks like a forwarded contact card, and a card can carry anyone's number. Please tap “Share my phone” so Telegram sends your own contact.
phone-not-own = This is someone else's contact. We can only verify your own number: tap “Share my phone”.
phone-not-kz-mobile = This is not a Kazakh mobile number. Qamqor works with Kazakh mobile numbers only (+7 7xx). If your Telegram account uses another number, change it in Telegram's settings and try again.
phone-use-button = Please don't type the number or send anything else: tap “Share my phone” below so that Telegram confirms the number is yours.
phone-taken = This number is already linked to another Telegram account. We have recorded the attempt and passed it to our care team, who will look into it and contact you.
phone-verified = Number { $phone } is confirmed. Welcome to Qamqor!

onboarding-finish-first = Let's finish setting up first.
welcome-back = Welcome back, { $name }!
menu-prompt = Main menu: choose what you need below.
menu-button-my-data = 🗂 My data
menu-button-privacy = 🔒 Privacy policy
menu-button-language = 🌐 Language
menu-button-help = ❓ Help
callback-expired = This button is no longer active.

help-text =
    Qamqor is the care and data-rights desk of our service.

    /request — file a request (access to your data, correction, deletion, blocking, consent withdrawal, objection, complaint, question)
    /requests — your requests, their status and due dates
    /cancel — stop a dialog you started
    /me — what we hold about you
    /privacy — the privacy policy in force
    /language — change the language
    /help — this message

    Under the Law of the Republic of Kazakhstan "On personal data and their protection" you may learn what data we hold about you, have it corrected, blocked or destroyed, withdraw your consent and defend your rights. Access to your data is free of charge.

me-report =
    What Qamqor holds about you:
    • User number: { $number }
    • Telegram ID: { $telegram_id }
    • Name: { $name }
    • Username: { $username }
    • Language: { $language }
    • Phone: { $phone }
    • Verified: { $verified }
    • With us since: { $since }
    • Consents:
    { $consents }
me-consent-active = — policy version { $version }, accepted { $accepted }
me-consent-withdrawn = — policy version { $version }, accepted { $accepted }, withdrawn { $withdrawn }
me-consent-replaced = — policy version { $version }, accepted { $accepted }, replaced by version { $newer } on { $replaced }
me-empty = —

admin-phone-conflict = ⚠️ Phone conflict: Telegram ID { $telegram_id } (user #{ $number }) tried to verify { $phone }, which user #{ $owner } already holds. The attempt is recorded.

cmd-start = Start over
cmd-me = What Qamqor holds about me
cmd-privacy = The privacy policy in force
cmd-language = Change the language
cmd-help = How Qamqor works
error-apology = Sorry, something went wrong on our side and your last action was not saved. Please try again in a moment.
