"""Kazakh case endings for the word a date or number ends in, so a postposition reads right:
*дейін* takes the dative ("10 желтоқсанға дейін"), *бастап* the ablative ("10 желтоқсаннан
бастап"), and "on a day" is the locative ("10 желтоқсанда күшіне енеді").

The ending follows the last sound of the word actually printed: its vowel (back а о ұ ы,
front ә е ө ү і) and its final consonant. A number written in digits takes the ending of
its last spoken word (2026 → "алты" → "2026-ға"), after a hyphen, as Kazakh writes it.
"""

import enum
import re

BACK_VOWELS = set("аоұыяё")
FRONT_VOWELS = set("әеөүіэю")
# у and и are written in both kinds of word: the vowels before them decide.
# Dative -қа/-ке, ablative -тан/-тен, locative -та/-те after these: the voiceless consonants,
# and б в г д (devoiced at the end of a word).
VOICELESS = set("кқпстфхцчшщбвгд")
NASALS = set("мнң")  # ablative -нан/-нен


class Case(enum.StrEnum):
    DATIVE = "dative"  # барыс септік: -ға/-ге, -қа/-ке
    ABLATIVE = "ablative"  # шығыс септік: -дан/-ден, -тан/-тен, -нан/-нен
    LOCATIVE = "locative"  # жатыс септік: -да/-де, -та/-те


# A number is spoken by its last non-zero group: 1 бір … 9 тоғыз, 10 он … 90 тоқсан, жүз, мың.
UNITS = ("", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
SCALES = ("", "мың", "миллион", "миллиард", "триллион")

LAST_WORD = re.compile(r"(\w+)(\W*)$")
KAZAKH_WORD = re.compile(r"[а-яёәғқңөұүһі]+", re.IGNORECASE)


def last_spoken_word(number: int) -> str:
    """The word a number ends in when read aloud (2026 → алты, 40 → қырық, 3000 → мың)."""
    if number == 0:
        return "нөл"
    scale = 0
    while number % 1000 == 0:
        number, scale = number // 1000, scale + 1
    if scale:
        return SCALES[min(scale, len(SCALES) - 1)]
    group = number % 1000
    if group % 10:
        return UNITS[group % 10]
    if group % 100:
        return TENS[group % 100 // 10]
    return "жүз"


def is_front(word: str) -> bool:
    """Whether the word takes front-vowel endings (-ге, -ден): by its last clear vowel."""
    for letter in reversed(word.lower()):
        if letter in FRONT_VOWELS:
            return True
        if letter in BACK_VOWELS:
            return False
    return any(letter == "и" for letter in word.lower())  # only у/и: и is front


def ending(word: str, case: Case) -> str:
    """The case ending `word` takes (without a hyphen)."""
    last, front = word.lower()[-1], is_front(word)
    if case is Case.DATIVE:
        if last in VOICELESS:
            return "ке" if front else "қа"
        return "ге" if front else "ға"
    if case is Case.LOCATIVE:
        return ("те" if front else "та") if last in VOICELESS else ("де" if front else "да")
    if last in NASALS:
        return "нен" if front else "нан"
    if last in VOICELESS:
        return "тен" if front else "тан"
    return "ден" if front else "дан"


ON_THE_HOUR = re.compile(r"(\d+):$")  # the hour before the minutes "00"


def inflect(text: str, case: Case) -> str:
    """`text` with its last word in `case`: "2026 ж. 10 желтоқсан" → "… желтоқсанға";
    "10:15" → "10:15-тен". Text that ends in neither a word nor a number is left as it is."""
    found = LAST_WORD.search(text)
    if found is None:
        return text
    word, tail = found.groups()
    head = text[: found.start()]
    if word.isdecimal():
        spoken = int(word)
        if spoken == 0 and (hour := ON_THE_HOUR.search(head)):
            spoken = int(hour.group(1))  # "10:00" is read "ten": the hour takes the ending
        return f"{head}{word}-{ending(last_spoken_word(spoken), case)}{tail}"
    if tail or not KAZAKH_WORD.fullmatch(word):
        return text  # an abbreviation ("ж.") or a Latin word: no guessing
    return f"{head}{word}{ending(word, case)}"
