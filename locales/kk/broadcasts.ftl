# Қызметкерлер чатындағы таратылымдар (басшылар) және пайдаланушы мәзіріндегі ұсыныстар

broadcast-not-supervisor = Таратылымдар мен саясат туралы хабарламаларды тек осы чаттың әкімшілері жібере алады.
broadcast-usage = Таратқыңыз келетін хабарламаға (мәтін, фото, құжат) /broadcast командасымен жауап беріңіз. Мен оны кімге жіберу керектігін сұраймын.
broadcast-choose-audience = Бұл хабарламаны кімге жіберу керек?
broadcast-album-note = ⚠️ Бұл альбомның бір бөлігі: тек осы бір хабарлама жіберіледі. Бірнеше фото тарату үшін оларды бір хабарламаға жинаңыз немесе бір-бірлеп жіберіңіз.
broadcast-audience-all = расталған барлық пайдаланушылар (қызметтік хабарлама)
broadcast-audience-marketing = ұсыныстар алуға келісім берген пайдаланушылар
broadcast-audience-policy = { $reminder ->
        [yes] { $version } құпиялылық саясаты туралы оны қабылдамағандарға еске салу
       *[no] { $version } құпиялылық саясаты туралы барлық расталған пайдаланушыларға хабарлама
    }
broadcast-audience-language = { $locale ->
    [kk] қазақ
    [ru] орыс
   *[en] ағылшын
} тілін таңдаған пайдаланушылар (қызметтік хабарлама)
broadcast-button-all = 👥 Барлығына (қызметтік)
broadcast-button-marketing = 📣 Ұсыныстарға жазылғандарға
broadcast-button-language = 🌐 { $language }
broadcast-button-cancel = ✖️ Болдырмау
broadcast-button-confirm = ✅ Жіберу
broadcast-button-stop = ⏹ Таратылымды тоқтату
broadcast-confirm = Алдын ала көрінісі жоғарыда. Алушылар: { $count } — { $audience }. Жіберу керек пе?
broadcast-nobody = Жіберетін ешкім жоқ: { $audience } — 0 алушы.
broadcast-dropped = Таратылым жіберілмеді.
broadcast-started = №{ $number } таратылым басталды: { $count } алушы.
broadcast-already = Бұл таратылым бұрын басталған.
broadcast-stopped = №{ $number } таратылым тоқтатылды: қалған хабарламалар жіберілмейді.
broadcast-over = Бұл таратылым аяқталып қойған.
broadcast-progress-running =
    📤 №{ $number } таратылым — { $audience }
    Жіберілді { $sent } · қате { $failed } · қолжетімсіз { $unreachable } · өткізілді { $skipped } · қалды { $remaining } / { $total }
    { $rate } хабар/с · шамамен { $eta } қалды
broadcast-progress-done =
    ✅ №{ $number } таратылым аяқталды — { $audience }
    Жіберілді { $sent } · қате { $failed } · қолжетімсіз { $unreachable } · өткізілді { $skipped } / { $total }
broadcast-progress-cancelled =
    ⏹ №{ $number } таратылым тоқтатылды — { $audience }
    Жіберілді { $sent } · қате { $failed } · қолжетімсіз { $unreachable } · өткізілді { $skipped } · болдырылмады { $cancelled } / { $total }

menu-button-offers = 📣 Ұсыныстар
offers-state-on = Сіз біздің ұсыныстарымыз бен жаңалықтарымызды аласыз. Оларды кез келген уақытта өшіруге болады.
offers-state-off = Сіз біздің ұсыныстарымыз бен жаңалықтарымызды алмайсыз. Қызметтік хабарламалар (өтініштеріңіз, құпиялылық саясаты, маңызды өзгерістер туралы) бәрібір келеді.
offers-button-on = 📣 Ұсыныстарды алу
offers-button-off = 🔕 Ұсыныстарды өшіру
offers-now-on = Дайын: сіз біздің ұсыныстарымыз бен жаңалықтарымызды аласыз.
offers-now-off = Дайын: ұсыныстар енді келмейді.
