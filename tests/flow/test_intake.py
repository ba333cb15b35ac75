"""Filing a request through its dialog, in every language, through the production dispatcher."""

import pytest
from sqlalchemy import func, select

from care.rights.filing import file_request
from care.rights.intake import MAX_FILES
from handlers.rights.intake_steps import summary
from storage.models import FsmRecord, Request
from storage.people import users
from storage.rights import requests as stored
from storage.vocabulary import RequestKind, RequestStatus
from tests.fake_telegram import Person
from tests.fake_telegram.conversation import Conversation
from tests.flow.harness import ADMIN_CHAT_ID, DeskHarness
from tests.flow.onboarded import NOW, verified_user

LOCALES = ["kk", "ru", "en"]
FREE_TEXT = [
    RequestKind.BLOCKING,
    RequestKind.OBJECTION,
    RequestKind.COMPLAINT,
    RequestKind.QUESTION,
]
# A few literal texts, so a catalogue that fell back to one language would show.
FILED = {"kk": "тіркелді", "ru": "зарегистрирован", "en": "is registered"}
CANCELLED = {"kk": "Ештеңе берілген жоқ", "ru": "Ничего не подано", "en": "Nothing was filed"}


def person(locale: str, n: int = 0) -> Person:
    return Person(4000 + 10 * LOCALES.index(locale) + n, "Aruzhan", "Bekova", language_code=locale)


async def start(desk: DeskHarness, catalog, locale: str, kind: RequestKind, n: int = 0):
    """A verified user opens the kinds and picks one; returns the chat, translator, question."""
    who = person(locale, n)
    await verified_user(desk, who, f"+7701777{LOCALES.index(locale)}{n:03d}")
    chat = desk.chat(who)
    t = catalog.translator(locale)
    chat.say("/request")
    await desk.run()
    kinds = await chat.reply()
    assert t("intake-choose-kind") in kinds.text
    chat.tap(kinds, t(f"request-kind-{kind}"))
    await desk.run()
    return chat, t, await chat.reply()


async def filed(desk: DeskHarness, person_id: int) -> list[Request]:
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, person_id)
        return list(await stored.for_user(session, user.id))


async def files_of(desk: DeskHarness, request_id: int) -> list[tuple[str, str]]:
    async with desk.sessionmaker() as session:
        return [(a.content_type, a.file_id) for a in await stored.attachments(session, request_id)]


async def dialog_state(desk: DeskHarness, person_id: int) -> str | None:
    async with desk.sessionmaker() as session:
        states = await session.scalars(
            select(FsmRecord.state).where(FsmRecord.key.contains(str(person_id)))
        )
        return next((state for state in states if state), None)


async def assert_filed_and_menu(chat: Conversation, t, locale: str, *then: str) -> None:
    """Filed, then the given texts, then the menu."""
    told = await chat.reply()
    assert FILED[locale] in told.text
    for text in then:
        assert (await chat.reply()).text == text
    menu = await chat.reply()
    assert any(t("menu-button-my-requests") in b["text"] for b in menu.buttons())


@pytest.mark.parametrize("locale", LOCALES)
async def test_access_is_filed_after_one_confirmation(desk, catalog, locale) -> None:
    chat, t, question = await start(desk, catalog, locale, RequestKind.ACCESS)
    assert question.text == t("intake-access-explain")
    assert await filed(desk, chat.person.id) == []  # nothing until confirmed
    chat.tap(question, t("intake-button-confirm"))
    await desk.run()
    await assert_filed_and_menu(chat, t, locale)
    [request] = await filed(desk, chat.person.id)
    assert (request.kind, request.status, request.language) == ("access", "new", locale)
    assert request.reference in desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text  # the agents' card
    assert await dialog_state(desk, chat.person.id) is None


@pytest.mark.parametrize("locale", LOCALES)
async def test_correction_asks_what_is_wrong_and_right_and_takes_files(
    desk, catalog, locale
) -> None:
    chat, t, question = await start(desk, catalog, locale, RequestKind.CORRECTION)
    assert question.text == t("intake-correction-wrong")
    chat.say("My surname is Bekov")
    await desk.run()
    assert (await chat.reply()).text == t("intake-correction-right")
    chat.say("Bekova")
    await desk.run()
    prompt = await chat.reply()
    assert prompt.text == t("intake-files-prompt", limit=MAX_FILES)
    desk.fake.photo(chat.person)
    desk.fake.document(chat.person, "passport.pdf")
    await desk.run()
    _first, second = await chat.replies(2)
    assert second.text == t("intake-file-added", count=2, limit=MAX_FILES)
    chat.tap(second, t("intake-button-done"))
    await desk.run()
    await assert_filed_and_menu(chat, t, locale)
    [request] = await filed(desk, chat.person.id)
    assert request.data == {"wrong": "My surname is Bekov", "right": "Bekova"}
    assert "My surname is Bekov" in request.details and "Bekova" in request.details
    assert await files_of(desk, request.id) == [
        ("photo", "photo-1"),
        ("document", "doc-passport.pdf"),
    ]
    assert desk.fake.calls_of("sendPhoto") and desk.fake.calls_of("sendDocument")  # to agents


async def test_a_sixth_file_is_refused_and_album_parts_count_each(desk, catalog) -> None:
    chat, t, _ = await start(desk, catalog, "ru", RequestKind.CORRECTION)
    chat.say("Неверный адрес")
    chat.say("Алматы, Абая 1")
    desk.fake.document(chat.person, "a.pdf")
    desk.fake.document(chat.person, "b.pdf")
    desk.fake.album(chat.person, size=4)  # parts 3, 4, 5 fit; the 6th does not
    desk.fake.document(chat.person, "c.pdf")  # a 7th
    await desk.run()
    texts = [call.text for call in chat.unread()]
    refused = t("intake-too-many-files", limit=MAX_FILES)
    assert texts.count(refused) == 2  # one note for the album, one for the last document
    assert texts.count(t("intake-file-added", count=5, limit=MAX_FILES)) == 1
    chat.seen += len(texts)
    chat.tap(desk.fake.sent_to(chat.person.id)[-1], t("intake-button-done"))
    await desk.run()
    [request] = await filed(desk, chat.person.id)
    attached = await files_of(desk, request.id)
    assert len(attached) == MAX_FILES
    assert ("document", "doc-c.pdf") not in attached


@pytest.mark.parametrize("locale", LOCALES)
async def test_deletion_states_the_consequences_and_asks_twice(desk, catalog, locale) -> None:
    chat, t, question = await start(desk, catalog, locale, RequestKind.DELETION)
    assert question.text == t("intake-deletion-consequences")
    chat.tap(question, t("intake-button-delete"))
    await desk.run()
    again = await chat.reply()
    assert again.text == t("intake-deletion-again")
    assert await filed(desk, chat.person.id) == []  # once is not enough
    chat.tap(question, t("intake-button-delete"))  # the first button again: not a second yes
    await desk.run()
    assert await filed(desk, chat.person.id) == []
    assert desk.fake.calls_of("answerCallbackQuery")[-1].params["text"] == t("callback-expired")
    chat.tap(again, t("intake-button-delete-for-good"))
    await desk.run()
    await assert_filed_and_menu(chat, t, locale)
    [request] = await filed(desk, chat.person.id)
    assert request.kind == "deletion"


@pytest.mark.parametrize("locale", LOCALES)
async def test_withdrawing_marketing_consent_takes_effect_at_once(desk, catalog, locale) -> None:
    chat, t, question = await start(desk, catalog, locale, RequestKind.WITHDRAWAL)
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, chat.person.id)
        user.marketing_opt_in_at = NOW
    chat.tap(question, t("intake-button-marketing"))
    await desk.run()
    told = await chat.reply()
    assert t("intake-marketing-outcome") in told.text
    assert FILED[locale] not in told.text  # no agent needed: settled, not "registered"
    [request] = await filed(desk, chat.person.id)
    assert (request.kind, request.status, request.data) == (
        "withdrawal",
        RequestStatus.RESOLVED,
        {"scope": "marketing"},
    )
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, chat.person.id)
        assert user.marketing_opt_in_at is None
        history = await stored.history(session, request.id)
    assert [(e.actor, e.to_status) for e in history] == [("user", "new"), ("system", "resolved")]


@pytest.mark.parametrize("locale", LOCALES)
async def test_withdrawing_all_consent_explains_and_files_a_request(desk, catalog, locale) -> None:
    chat, t, question = await start(desk, catalog, locale, RequestKind.WITHDRAWAL)
    chat.tap(question, t("intake-button-all"))
    await desk.run()
    explained = await chat.reply()
    assert explained.text == t("intake-withdrawal-all-explain")
    chat.tap(explained, t("intake-button-confirm"))
    await desk.run()
    await assert_filed_and_menu(chat, t, locale, t("intake-marketing-outcome"))
    [request] = await filed(desk, chat.person.id)
    assert (request.status, request.data) == ("new", {"scope": "all"})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", FREE_TEXT)
async def test_free_text_kinds_take_words_then_optional_files(desk, catalog, locale, kind) -> None:
    chat, t, question = await start(desk, catalog, locale, kind)
    assert question.text == t(f"intake-ask-{kind}", limit=3000)
    chat.say(f"About {kind}: please look into it")
    await desk.run()
    prompt = await chat.reply()
    chat.tap(prompt, t("intake-button-no-files"))
    await desk.run()
    await assert_filed_and_menu(chat, t, locale)
    [request] = await filed(desk, chat.person.id)
    assert (request.kind, request.details) == (kind, f"About {kind}: please look into it")
    assert await files_of(desk, request.id) == []


@pytest.mark.parametrize("locale", LOCALES)
async def test_cancel_mid_dialog_stores_nothing(desk, catalog, locale) -> None:
    chat, _t, _ = await start(desk, catalog, locale, RequestKind.CORRECTION)
    chat.say("Wrong birthday")
    await desk.run()
    await chat.reply()
    chat.say("/cancel")
    await desk.run()
    assert CANCELLED[locale] in (await chat.reply()).text
    assert await filed(desk, chat.person.id) == []
    assert await dialog_state(desk, chat.person.id) is None
    # The dialog is over: the next words go to care, not into a request.
    chat.say("Hello care")
    await desk.run()
    assert desk.fake.calls_of("copyMessage")


async def test_the_cancel_button_stores_nothing(desk, catalog) -> None:
    chat, t, _question = await start(desk, catalog, "kk", RequestKind.COMPLAINT)
    chat.say("Шағым мәтіні")
    await desk.run()
    prompt = await chat.reply()
    desk.fake.photo(chat.person)
    chat.tap(prompt, t("intake-button-cancel"))
    await desk.run()
    assert CANCELLED["kk"] in chat.unread()[-1].text
    assert await filed(desk, chat.person.id) == []
    async with desk.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Request)) == 0


async def test_bad_input_gets_a_clear_answer_and_changes_nothing(desk, catalog) -> None:
    chat, t, _question = await start(desk, catalog, "en", RequestKind.QUESTION)
    desk.fake.sticker(chat.person)
    chat.say("   ")
    chat.say("x" * 3001)
    await desk.run()
    need, blank, long = await chat.replies(3)
    assert need.text == blank.text == t("intake-need-text")
    assert long.text == t("intake-text-too-long", limit=3000, length=3001)
    assert not desk.fake.calls_of("copyMessage")  # nothing of the dialog went to care
    chat.say("What do you keep?")
    await desk.run()
    prompt = await chat.reply()
    assert prompt.text == t("intake-files-prompt", limit=MAX_FILES)
    chat.say("more words")  # files expected now
    await desk.run()
    assert (await chat.reply()).text == t("intake-files-expected")
    chat.tap(prompt, t("intake-button-no-files"))
    await desk.run()
    [request] = await filed(desk, chat.person.id)
    assert request.details == "What do you keep?"


async def test_buttons_expected_where_buttons_are_offered(desk, catalog) -> None:
    chat, t, _question = await start(desk, catalog, "ru", RequestKind.ACCESS)
    chat.say("да")
    await desk.run()
    assert (await chat.reply()).text == t("intake-use-buttons")
    assert await filed(desk, chat.person.id) == []


@pytest.mark.parametrize("locale", LOCALES)
async def test_an_open_request_of_the_kind_is_shown_not_filed_again(desk, catalog, locale) -> None:
    chat, t, question = await start(desk, catalog, locale, RequestKind.ACCESS)
    chat.tap(question, t("intake-button-confirm"))
    await desk.run()
    await chat.replies(2)
    [first] = await filed(desk, chat.person.id)
    chat.say("/request")
    await desk.run()
    chat.tap(await chat.reply(), t("request-kind-access"))
    await desk.run()
    shown = await chat.reply()
    assert first.reference in shown.text  # before any question is asked
    assert t("request-state-new") in shown.text
    assert await dialog_state(desk, chat.person.id) is None
    assert len(await filed(desk, chat.person.id)) == 1


async def test_an_open_request_filed_meanwhile_is_shown_at_filing(desk, catalog) -> None:
    chat, t, _ = await start(desk, catalog, "en", RequestKind.COMPLAINT)
    chat.say("The courier was rude")
    await desk.run()
    prompt = await chat.reply()
    async with desk.sessionmaker.begin() as session:  # meanwhile, another way in
        user = await users.get_by_telegram_id(session, chat.person.id)
        first = await file_request(session, desk.care, user, RequestKind.COMPLAINT, NOW)
    await desk.run()
    await chat.reply()
    chat.tap(prompt, t("intake-button-no-files"))
    await desk.run()
    shown = await chat.reply()
    assert first.request.reference in shown.text
    assert shown.text.startswith(t("intake-already-open", **summary(t, first.request))[:20])
    [only] = await filed(desk, chat.person.id)
    assert only.details is None  # the first one, untouched
    assert await dialog_state(desk, chat.person.id) is None


async def test_a_menu_button_leaves_the_dialog(desk, catalog) -> None:
    chat, t, _ = await start(desk, catalog, "en", RequestKind.COMPLAINT)
    chat.say(t("menu-button-my-data"))
    await desk.run()
    left, report = await chat.replies(2)
    assert left.text == t("intake-left")
    assert "+7701777" in report.text  # the menu did what it says
    assert await dialog_state(desk, chat.person.id) is None
    assert await filed(desk, chat.person.id) == []


async def test_only_verified_users_can_file(desk, catalog) -> None:
    stranger = Person(4999, "New", language_code="en")
    chat = desk.chat(stranger)
    chat.say("/request")
    await desk.run()
    assert "Choose" not in (await chat.reply()).text
    async with desk.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Request)) == 0
