# Агенттер жағы: сұрау салу карточкаларын басу, нұсқаулар, түзетулер, деректер туралы есеп

card-press-forged = Бұл батырма осы сұрау салудың карточкасына жатпайды. Ештеңе өзгертілген жоқ.
card-press-stale = Бұл карточка көрсетілгеннен бері сұрау салу өзгерді. Ештеңе өзгертілген жоқ; карточканың қазіргі түрін қараңыз.
card-press-not-offered = Бұл әрекет сұрау салу үшін енді қолжетімсіз (мүмкін, ол орындалып қойған). Ештеңе өзгертілген жоқ.
card-press-illegal = Сұрау салуды қазіргі мәртебесінен бұлай ауыстыруға болмайды. Ештеңе өзгертілген жоқ.
card-press-prompted = Келесі хабарламаңызды осы тақырыпқа жазыңыз.
card-prompt-ask = { $agent }, осы тақырыптағы келесі хабарламаңыз пайдаланушыға { $reference } сұрау салуы бойынша сұрақ ретінде жіберіледі; ол жауап бергенше мерзім тоқтатылады. Болдырмау үшін /cancel.
card-prompt-resolve = { $agent }, { $reference } сұрау салуы бойынша жауап пен нәтижені келесі хабарламаңызда жазыңыз. Пайдаланушы оны көреді. Түзету болса, не өзгертілгенін көрсетіңіз (/setname және /setlang жаңа атты немесе тілді қолданады). Болдырмау үшін /cancel.
card-prompt-refuse = { $agent }, { $reference } сұрау салуынан бас тарту себебін келесі хабарламаңызда жазыңыз. ⚠️ Пайдаланушы оны қайда шағымдануға болатыны туралы мәліметпен бірге көреді. Болдырмау үшін /cancel.
card-prompt-keep = { $agent }, { $reference } сұрау салуы бойынша деректерді сақтаудың құқықтық негізін (заң мен бапты) келесі хабарламаңызда жазыңыз. Пайдаланушы оны көреді. Болдырмау үшін /cancel.
card-prompt-empty-ask = Сұрақ пайдаланушы ала алатын хабарлама болуы керек. Оны қайта жазыңыз немесе /cancel.
card-prompt-empty-resolve = Бос жауап қабылданбайды: пайдаланушы көретін жауапты жазыңыз немесе /cancel.
card-prompt-empty-refuse = Бос себеп қабылданбайды: пайдаланушы көретін себепті жазыңыз немесе /cancel.
card-prompt-empty-keep = Бос құқықтық негіз қабылданбайды: оны жазыңыз немесе /cancel.
card-prompt-cancelled = Болдырылмады. Сұрау салу өзгертілген жоқ.
admin-dropped-prompt = ⚠️ Тоқтатылды: { $reference } сұрау салуы бойынша «{ $button }» енді мұнда хабарламаңызды күтпейді, оның орнын жаңасы алды. Оған оралу үшін сол карточкадағы батырманы қайта басыңыз.
admin-dropped-policy-draft = ⚠️ Тоқтатылды: аяқталмаған /policy жобаңыз енді мұнда күтпейді, оның орнын жаңасы алды. Қайта бастау үшін /policy жіберіңіз.
card-done-take = Сіз сұрау салуды алдыңыз.
card-done-ask = Сұрақ пайдаланушыға жіберілді; сұрау салу оның жауабын күтуде.
card-done-resolve = Сұрау салу орындалды; пайдаланушы жауап алды.
card-done-refuse = Сұрау салудан бас тартылды; пайдаланушы себебін және қайда шағымдануға болатынын білді.
card-done-report = Есеп алдын ала қарау үшін осында дайындалуда.
card-done-send-report = Есеп пайдаланушыға жіберілді; сұрау салу орындалды.
card-done-erase = Пайдаланушының деректері жойылуда; сұрау салу орындалды.
card-done-keep = Деректер көрсетілген құқықтық негізде сақталады; пайдаланушыға хабарланды.
card-done-block = Өңдеу бұғатталды; пайдаланушыға хабарланды.
card-done-unblock = Өңдеу бұғаттан шығарылды; пайдаланушыға хабарланды.
card-erase-outcome = Дербес деректеріңіз жойылды: профиліңіз, телефон нөміріңіз және хат алмасу тарихыңыз иесіздендірілді. Орындалғанының дәлелі ретінде осы сұрау салу туралы тек иесіздендірілген жазба қалады.
card-blocked-outcome = Дербес деректеріңізді өңдеу бұғатталды: бұғат алынғанша сізге таратылымдар мен жарнама жіберілмейді, ал деректеріңіз сақтаудан басқа ешнәрсеге пайдаланылмайды.
card-report-outcome = Деректеріңіз туралы есеп осы чатқа екі файлмен жіберілді: оқуға арналған бет (HTML) және сол деректер JSON пішімінде.
card-keep-outcome =
    Деректеріңіз мына құқықтық негізде сақталады: { $ground }
    Деректеріңізді өзге кез келген өңдеу, соның ішінде жарнамалық хабарламалар, тоқтатылады.
card-unblocked-notice = Дербес деректеріңізді өңдеу бұғаттан шығарылды ({ $reference } сұрау салуы). Сервис деректеріңізбен бұрынғыдай жұмыс істейді.
correction-name-done = Пайдаланушының аты енді: { $value }. Сұрау салу тарихына жазылды.
correction-language-done = Пайдаланушының тілі енді: { $value }. Сұрау салу тарихына жазылды.
correction-name-usage = Қолданылуы: /setname <аты> [тегі] (пайдаланушының тақырыбында).
correction-language-usage = Қолданылуы: /setlang kk|ru|en (пайдаланушының тақырыбында).
correction-note-name = Түзету қолданылды: аты «{ $value }» болып өзгертілді.
correction-note-language = Түзету қолданылды: тілі { $value } болып өзгертілді.
report-preview-caption = { $reference } бойынша деректер туралы есепті алдын ала қарау. Оны тексеріп, карточкадағы «Есепті пайдаланушыға жіберу» батырмасын басыңыз.
report-not-sent = ⚠️ Деректер туралы есепті жіберу мүмкін болмады: { $reason }
user-card-open-requests = Ашық сұрау салулар:
user-card-open-request = • { $reference } — { $kind }, мерзімі { $due }
user-card-blocked = ⛔ Өңдеу { ABLATIVE($since) } бастап бұғатталған (таратылымдар мен маркетингсіз)
user-card-no-open-requests = Ашық сұрау салулар жоқ.

report-title = Qamqor-дағы дербес деректеріңіз
report-intro = { $reference } сұрау салуы бойынша есеп, { LOCATIVE($at) } жасалды. Онда осы сервис сіз туралы сақтайтын барлық деректер және олардың қалай өңделетіні көрсетілген.
report-empty = —
report-section-profile = Профиль
report-section-consents = Келісімдер
report-section-requests = Сұрау салулар және олардың тарихы
report-section-care-log = Қызметпен хат алмасу (тек саны)
report-section-statement = Деректеріңіз қалай өңделеді
report-field-user_number = Пайдаланушы нөмірі
report-field-first_name = Аты
report-field-last_name = Тегі
report-field-username = Telegram-дағы пайдаланушы аты
report-field-phone = Телефон нөмірі
report-field-language = Тіл
report-field-telegram_id = Telegram ID
report-field-registered_at = Тіркелген уақыты
report-field-phone_verified_at = Телефон расталған уақыты
report-field-processing_blocked_at = Өңдеу бұғатталған уақыты
report-field-marketing_opt_in_at = Жарнамалық хабарламаларға рұқсат берілген уақыты
report-field-blocked_the_bot_at = Ботты бұғаттаған уақытыңыз
report-field-banned_at = Қызметке жазу бұғатталған уақыты
report-request-status = Мәртебесі
report-request-created = Берілген уақыты
report-request-due = Мерзімі
report-request-closed = Жабылған уақыты
report-request-details = Сіз не жаздыңыз
report-request-outcome = Нәтижесі
report-request-attachments = Тіркелген файлдар
report-request-history = Тарихы
report-actor-user = сіз
report-actor-agent = қызмет агенті
report-actor-system = сервис
report-step-inform = мәлімет қосылды
report-step-correct = деректер түзетілді
report-step-unblock = өңдеу бұғаттан шығарылды
report-consent-line = Құпиялылық саясаты { $version } ({ ABLATIVE($effective) } бастап күшінде): { LOCATIVE($accepted) } қабылданды
report-consent-withdrawn = { LOCATIVE($at) } кері қайтарылды
report-log-line = { $who }: { $count }, { ABLATIVE($first) } бастап { DATIVE($last) } дейін
report-log-in = Сіздің хабарламаларыңыз
report-log-out = Қызмет агенттерінің жауаптары
report-log-bot = Боттың хабарламалары
report-log-note = Агенттердің ішкі жазбалары
report-section-other = Сіз туралы басқа жазбалар
report-conversation-open = Қызметпен хат алмасу: { LOCATIVE($opened) } басталды, әлі жабылмаған
report-conversation-closed = Қызметпен хат алмасу: { LOCATIVE($opened) } басталды, { LOCATIVE($closed) } жабылды
report-attempt-line = { $at }: осы аккаунттан басқа аккаунт бұрын растаған { $phone } нөмірін растау әрекеті жасалды
report-attempt-on-yours = { $at }: басқа аккаунт сіздің нөміріңізді растауға әрекет жасады
report-notice-line = { $at }: { $kind ->
        [policy] құпиялылық саясаты туралы хабарлама
        [marketing] жарнамалық хабарлама
       *[other] қызметтік хабарлама
    } — { $status ->
        [sent] жеткізілді
       *[other] жеткізілмеді
    }
report-mention-line = { $at }, қызмет чатында: { $what ->
        [phone-conflict] телефон нөмірі қайшылығы туралы хабарлама
        [find-query] агенттің сізді іздеуі
       *[other] агенттің іздеуіне берілген, сіздің атыңыз бар жауап
    }
report-statement-operator = Оператор
report-statement-purposes = Мақсаттары
report-statement-legal_grounds = Құқықтық негіздері
report-statement-sources = Дереккөздері
report-statement-methods = Өңдеу тәсілдері
report-statement-recipients = Алушылар
report-statement-storage_terms = Сақтау мерзімдері
report-statement-authority = Қайда шағымдануға болады
report-statement-court = Сот
