# Деректер субъектісінің сұрау салулары: пайдаланушы не естиді (№ 94-V Заң, 24-бап)

request-kind-access = Деректеріме қол жеткізу
request-kind-correction = Деректерімді түзету
request-kind-deletion = Деректерімді жою
request-kind-blocking = Өңдеуді бұғаттау
request-kind-withdrawal = Келісімді кері қайтарып алу
request-kind-objection = Автоматтандырылған өңдеуге қарсылық
request-kind-complaint = Шағым
request-kind-question = Сұрақ
request-state-new = қабылданды
request-state-in_progress = жұмыста
request-state-awaiting_user = сіздің жауабыңызды күтуде
request-state-resolved = орындалды
request-state-refused = бас тартылды
request-state-withdrawn = кері қайтарылды
request-state-expired = жауабыңызсыз жабылды
request-filed =
    { $reference } сұрау салуыңыз ({ $kind }) тіркелді.
    Қызмет агенті оны қарап, { DATIVE($due) } дейін осында жауап береді. Барысын /requests арқылы қадағалай аласыз.
request-status-in_progress = { $reference } сұрау салуы ({ $kind }): агент жұмысқа алды. Жауап мерзімі — { DATIVE($due) } дейін.
request-status-awaiting_user = { $reference } сұрау салуы ({ $kind }): сізден қосымша мәлімет керек (агенттің хабарын қараңыз). /requests ашып, «Толықтыру» түймесін басыңыз; жауап бергенше мерзім тоқтатыла тұрады.
request-status-resolved = { $reference } сұрау салуы ({ $kind }) орындалды.
request-status-refused = { $reference } сұрау салуы ({ $kind }) бойынша бас тартылды.
request-status-withdrawn = { $reference } сұрау салуы ({ $kind }) өтінішіңіз бойынша кері қайтарылды.
request-status-expired = { $reference } сұрау салуы ({ $kind }) жабылды: сұралған мәлімет алынбады. Оны кез келген уақытта қайта бере аласыз.
request-answer = Жауап: { $answer }
request-reason = Себебі: { $reason }
request-where-to-complain =
    Келіспесеңіз, әрі қарай шағымдана аласыз:
    { $where }
