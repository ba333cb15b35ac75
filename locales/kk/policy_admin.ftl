## Супервайзерлер қолдау чатында құпиялылық саясатының жаңа нұсқасын жариялайды: /policy, /policy status

policy-admin-not-supervisor = Саясат нұсқаларын жариялау және олардың көрсеткіштерін көру тек осы чаттың әкімшілеріне (супервайзерлерге) рұқсат етілген.
policy-admin-usage = /policy — құпиялылық саясатының жаңа нұсқасын жариялау, /policy status — көрсеткіштер.
policy-admin-ask-version = Құпиялылық саясатының жаңа нұсқасы. Оның атауын жіберіңіз ({ $max } таңбаға дейін, мысалы 2026-12). /cancel кез келген қадамда тоқтатады.
policy-admin-version-empty = Нұсқа атауы бір жол мәтін болуы керек. Қайта жіберіңіз.
policy-admin-version-long = Нұсқа атауы { $max } таңбадан аспауы керек. Қысқасын жіберіңіз.
policy-admin-version-taken = «{ $version }» нұсқасы бұрыннан бар. Басқа атау жіберіңіз.
policy-admin-ask-date = Күшіне ену күні, ЖЖЖЖ-АА-КК түрінде. Пайдаланушыларға { $days } күн бұрын хабарлау керек, сондықтан ең ерте күн — { $first }.
policy-admin-date-format = Күнді ЖЖЖЖ-АА-КК түрінде жіберіңіз, мысалы { $first }.
policy-admin-date-early = Тым ерте: пайдаланушыларға { $days } күн бұрын хабарлау керек. Рұқсат етілген ең ерте күн — { $first }.
policy-admin-lang-kk = қазақ тілінде
policy-admin-lang-ru = орыс тілінде
policy-admin-lang-en = ағылшын тілінде
policy-admin-ask-text = Саясаттың толық мәтіні { $language }: хабарлама ретінде немесе .txt не .md құжаты ретінде.
policy-admin-text-empty = Мәтін бос. Саясат мәтінін хабарлама немесе .txt не .md құжаты ретінде жіберіңіз.
policy-admin-text-long = Мәтін { $max } таңбадан ұзын. Қысқартып, қайта жіберіңіз.
policy-admin-file-type = Мәтін тек .txt немесе .md құжатында қабылданады. Мәтінді хабарлама немесе осындай файл ретінде жіберіңіз.
policy-admin-file-big = Файл { $max } КБ-тан үлкен. Кішірек .txt немесе .md файлын жіберіңіз.
policy-admin-file-not-text = Файл UTF-8 мәтіні емес. Оны UTF-8 түрінде сақтап, қайта жіберіңіз.
policy-admin-file-failed = Файлды Telegram-нан жүктеу мүмкін болмады. Қайта жіберіңіз.
policy-admin-ask-summary = Не өзгергенін қысқаша { $language } жазыңыз: пайдаланушылар оны хабарламада оқиды.
policy-admin-summary-empty = Сипаттама бос. Не өзгергені туралы бірнеше сөйлем жіберіңіз.
policy-admin-summary-long = Сипаттама { $max } таңбадан аспауы керек. Қысқасын жіберіңіз.
policy-admin-preview = Алдын ала қарау: құпиялылық саясаты, { $version } нұсқасы, { ABLATIVE($date) } бастап күшінде.
policy-admin-preview-language = — { $language } —
policy-admin-preview-confirm = Осы нұсқаны жариялайсыз ба? Расталған пайдаланушылар хабарлама алып, оны қабылдауды сұрайды.
policy-admin-button-confirm = ✅ Жариялау
policy-admin-button-cancel = ✖️ Бас тарту
policy-admin-confirm-first = Алдын ала қараудың астындағы «Жариялау» немесе «Бас тарту» батырмасын басыңыз не /cancel жіберіңіз.
policy-admin-cancelled = Саясаттың жаңа нұсқасынан бас тартылды, ештеңе сақталмады.
policy-admin-expired = Бұл жоба енді ашық емес.
policy-admin-published = { $version } нұсқасы жарияланды және { LOCATIVE($date) } күшіне енеді. Сол күнге дейін қабылдамағандар сол күні бір рет еске салу алады.
policy-admin-status-none = Саясат нұсқалары әлі жоқ.
policy-admin-status-title = Құпиялылық саясатының нұсқалары (алдымен жаңалары):
policy-admin-status-line = { $version }, { ABLATIVE($date) } бастап — { $state ->
        [in-force] күшінде
        [upcoming] күшіне енеді
       *[superseded] ауыстырылды
    }
    Қабылдағандар: { $accepted }. Әлі қабылдамағандар (бұрынғы нұсқадағы расталған пайдаланушылар): { $outstanding }.
policy-admin-status-delivery = { $reminder ->
        [yes] Еске салу
       *[no] Хабарлама
    }: жіберілді { $sent } · қате { $failed } · қолжетімсіз { $unreachable } · өткізілді { $skipped } · қалды { $remaining }
