"""A user follows their requests: the list, a request's detail, withdrawing, adding information."""

import pytest

from care.common.texts import format_day
from care.rights.announcements import move_and_announce
from care.rights.filing import file_request
from care.rights.requests import Action
from handlers.rights.request_keyboards import Mine, MyRequest
from storage.people import users
from storage.rights import requests as stored
from storage.vocabulary import Actor, RequestKind, RequestStatus
from tests.fake_telegram import Person
from tests.flow.harness import DeskHarness
from tests.flow.onboarded import NOW, verified_user

LOCALES = ["kk", "ru", "en"]
AGENT = (500, "Gulnara")


def person(locale: str, n: int = 0) -> Person:
    return Person(6000 + 10 * LOCALES.index(locale) + n, "Timur", language_code=locale)


async def with_requests(desk: DeskHarness, who: Person, *kinds: RequestKind) -> list[int]:
    user = await verified_user(desk, who, f"+7701666{who.id % 10000:04d}")
    ids = []
    async with desk.sessionmaker.begin() as session:
        user = await session.merge(user)
        for kind in kinds:
            filed = await file_request(session, desk.care, user, kind, NOW, details="Please")
            ids.append(filed.request.id)
    await desk.run()
    return ids


async def request(desk: DeskHarness, request_id: int):
    async with desk.sessionmaker() as session:
        return await stored.get(session, request_id)


async def open_detail(desk: DeskHarness, chat, t, reference: str):
    chat.say("/requests")
    await desk.run()
    listing = await chat.reply()
    chat.tap(listing, reference)
    await desk.run()
    return await chat.reply()


async def agent_asks(desk: DeskHarness, request_id: int) -> None:
    async with desk.sessionmaker.begin() as session:
        item = await stored.get(session, request_id)
        await move_and_announce(session, desk.care, item, Action.TAKE, NOW, Actor.AGENT, AGENT)
        await move_and_announce(session, desk.care, item, Action.ASK, NOW, Actor.AGENT, AGENT)
    await desk.run()


@pytest.mark.parametrize("locale", LOCALES)
async def test_the_list_shows_reference_kind_status_and_due_date(desk, catalog, locale) -> None:
    who = person(locale)
    access, complaint = await with_requests(desk, who, RequestKind.ACCESS, RequestKind.COMPLAINT)
    chat, t = desk.chat(who), catalog.translator(locale)
    chat.seen = len(desk.fake.sent_to(who.id))
    chat.say(t("menu-button-my-requests"))
    await desk.run()
    listing = await chat.reply()
    for request_id, kind in ((access, "access"), (complaint, "complaint")):
        item = await request(desk, request_id)
        assert item.reference in listing.text
        assert t(f"request-kind-{kind}") in listing.text
        assert format_day(item.due_on, locale) in listing.text
        assert any(item.reference in b["text"] for b in listing.buttons())
    assert t("request-state-new") in listing.text


async def test_an_empty_list_says_how_to_file(desk, catalog) -> None:
    who = person("en")
    await with_requests(desk, who)
    chat = desk.chat(who)
    chat.say("/requests")
    await desk.run()
    assert (await chat.reply()).text == catalog.translator("en")("my-requests-empty")


@pytest.mark.parametrize("locale", LOCALES)
async def test_withdraw_from_the_detail_view(desk, catalog, locale) -> None:
    who = person(locale)
    [request_id] = await with_requests(desk, who, RequestKind.QUESTION)
    chat, t = desk.chat(who), catalog.translator(locale)
    chat.seen = len(desk.fake.sent_to(who.id))
    reference = (await request(desk, request_id)).reference
    detail = await open_detail(desk, chat, t, reference)
    assert reference in detail.text and t("request-state-new") in detail.text
    labels = [b["text"] for b in detail.buttons()]
    assert t("my-button-withdraw") in labels and t("my-button-add-info") not in labels
    chat.tap(detail, t("my-button-withdraw"))
    await desk.run()
    sure = await chat.reply()
    assert (await request(desk, request_id)).status == RequestStatus.NEW  # asked first
    chat.tap(sure, t("my-button-withdraw-sure"))
    await desk.run()
    item = await request(desk, request_id)
    assert item.status == RequestStatus.WITHDRAWN
    assert (
        t("request-status-withdrawn", reference=reference, kind=t("request-kind-question"))[:15]
        in (await chat.reply()).text
    )
    async with desk.sessionmaker() as session:
        last = (await stored.history(session, request_id))[-1]
    assert (last.actor, last.action) == ("user", "withdraw")
    chat.tap(sure, t("my-button-withdraw-sure"))  # again: it is closed now
    await desk.run()
    assert desk.fake.calls_of("answerCallbackQuery")[-1].params["text"] == t("my-request-closed")


@pytest.mark.parametrize("locale", LOCALES)
async def test_adding_information_when_the_request_awaits_the_user(desk, catalog, locale) -> None:
    who = person(locale)
    [request_id] = await with_requests(desk, who, RequestKind.CORRECTION)
    await agent_asks(desk, request_id)
    chat, t = desk.chat(who), catalog.translator(locale)
    chat.seen = len(desk.fake.sent_to(who.id))
    reference = (await request(desk, request_id)).reference
    detail = await open_detail(desk, chat, t, reference)
    assert t("request-state-awaiting_user") in detail.text
    chat.tap(detail, t("my-button-add-info"))
    await desk.run()
    await chat.reply()  # what to send
    copies_before = len(desk.fake.calls_of("copyMessage"))

    chat.say("My passport number is N1234567")
    desk.fake.document(chat.person, "passport.pdf")
    await desk.run()
    item = await request(desk, request_id)
    assert item.status == RequestStatus.AWAITING_USER  # until they say Done
    assert "N1234567" in item.details
    async with desk.sessionmaker() as session:
        attached = [(a.content_type, a.file_id) for a in await stored.attachments(session, item.id)]
    assert attached == [("document", "doc-passport.pdf")]
    # The agents got both, after a notice naming the request, in the user's topic.
    assert len(desk.fake.calls_of("copyMessage")) == copies_before + 2
    thread = desk.fake.calls_of("copyMessage")[-1].messages[0]["message_thread_id"]
    notices = [c.text for c in desk.topic_posts(thread)]
    assert any(reference in text for text in notices if "passport" not in text)
    # They read only that it was added: nothing about the request moving on yet.
    told = [c.text for c in chat.unread()]
    assert told == [t("my-request-info-added", reference=reference)] * 2
    kind = t("request-kind-correction")
    resumed = t("request-status-in_progress", reference=reference, kind=kind, due="")[:20]
    chat.seen = len(desk.fake.sent_to(who.id))

    chat.tap(desk.fake.sent_to(who.id)[-1], t("my-button-info-done"))
    await desk.run()
    item = await request(desk, request_id)
    assert item.status == RequestStatus.IN_PROGRESS  # the clock runs again
    done, notice = [c.text for c in chat.unread()]
    assert done == t("my-request-info-done")  # thanked first, then told where it stands
    assert notice.startswith(resumed) and format_day(item.due_on, locale) in notice
    chat.seen = len(desk.fake.sent_to(who.id))
    chat.say("Thanks!")  # no longer bound to the request
    await desk.run()
    assert "Thanks!" not in (await request(desk, request_id)).details


async def test_add_information_only_when_asked(desk, catalog) -> None:
    who = person("ru")
    [request_id] = await with_requests(desk, who, RequestKind.COMPLAINT)
    t = catalog.translator("ru")
    message = desk.fake.sent_to(who.id)[-1].result
    desk.fake.press(who, message, MyRequest(action=Mine.ADD_INFO, request=request_id).pack())
    await desk.run()
    assert desk.fake.calls_of("answerCallbackQuery")[-1].params["text"] == t(
        "my-request-not-awaiting"
    )


async def test_another_users_request_is_not_found(desk, catalog) -> None:
    owner, other = person("kk", 1), person("en", 2)
    [request_id] = await with_requests(desk, owner, RequestKind.QUESTION)
    await with_requests(desk, other)
    await agent_asks(desk, request_id)
    t = catalog.translator("en")
    message = {"message_id": 1, "date": 0, "chat": other.as_private_chat()}
    sent_before = len(desk.fake.sent_to(other.id))
    for action in (Mine.SHOW, Mine.WITHDRAW, Mine.WITHDRAW_SURE, Mine.ADD_INFO):
        desk.fake.press(other, message, MyRequest(action=action, request=request_id).pack())
        await desk.run()
        answer = desk.fake.calls_of("answerCallbackQuery")[-1]
        assert answer.params["text"] == t("my-request-not-found")
    assert len(desk.fake.sent_to(other.id)) == sent_before  # nothing about it was shown
    item = await request(desk, request_id)
    assert item.status == RequestStatus.AWAITING_USER
    async with desk.sessionmaker() as session:
        owner_user = await users.get_by_telegram_id(session, owner.id)
        assert item.user_id == owner_user.id


@pytest.mark.parametrize("locale", LOCALES)
async def test_done_with_nothing_added_says_the_request_still_waits(desk, catalog, locale) -> None:
    who = person(locale, 5)
    [request_id] = await with_requests(desk, who, RequestKind.CORRECTION)
    await agent_asks(desk, request_id)
    chat, t = desk.chat(who), catalog.translator(locale)
    reference = (await request(desk, request_id)).reference
    chat.seen = len(desk.fake.sent_to(who.id))
    detail = await open_detail(desk, chat, t, reference)
    chat.tap(detail, t("my-button-add-info"))
    await desk.run()
    prompt = await chat.reply()
    chat.seen = len(desk.fake.sent_to(who.id))
    chat.tap(prompt, t("my-button-info-done"))
    await desk.run()
    assert [c.text for c in chat.unread()] == [t("my-request-info-nothing")]
    assert (await request(desk, request_id)).status == RequestStatus.AWAITING_USER


@pytest.mark.parametrize("locale", LOCALES)
async def test_a_closed_request_shows_no_due_date(desk, catalog, locale) -> None:
    who = person(locale, 7)
    [request_id] = await with_requests(desk, who, RequestKind.QUESTION)
    async with desk.sessionmaker.begin() as session:
        item = await stored.get(session, request_id)
        await move_and_announce(
            session, desk.care, item, Action.REFUSE, NOW, Actor.AGENT, AGENT, "No"
        )
        due = format_day(item.due_on, locale)
    await desk.run()  # the refusal's notice
    chat, t = desk.chat(who), catalog.translator(locale)
    chat.seen = len(desk.fake.sent_to(who.id))
    chat.say(t("menu-button-my-requests"))
    await desk.run()
    listing = await chat.reply()
    assert t("request-state-refused") in listing.text and due not in listing.text
