"""Broadcasts through the real outbox: a supervisor's /broadcast in the admin chat, the
audience, the preview, the confirmation; then the feed and progress ticks called directly
and the sender draining the outbox against the fake Bot API (429s, blocked users)."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.clock import wall_clock
from bot.jobs import feed_deliveries, track_campaigns
from care.notices import policy_drafts
from care.notices.campaigns import figures as campaign_figures
from care.outbound.outbox import Kind
from care.rights.erasure import erase_user
from sandbox.telegram import Call
from storage import outbox
from storage.models import Campaign, Delivery, User
from storage.people import policies
from tests.conftest import database_url
from tests.fake_telegram import FakeTelegram, Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.onboarded import verified_user

OUTSIDER = Person(501, "Timur", "Agent", language_code="ru")  # in the chat, not an admin
LOCALES = ("kk", "ru", "en")


def supervised(sessionmaker, catalog, **desk_options) -> DeskHarness:
    harness = DeskHarness(sessionmaker, catalog, default_locale="en", **desk_options)
    harness.care.state.supervisors.seed(AGENT.id)
    return harness


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return supervised(sessionmaker, catalog)


def person(n: int) -> Person:
    return Person(10_000 + n, f"User{n}", language_code=LOCALES[n % 3])


async def users(desk: DeskHarness, count: int, first: int = 0) -> list[Person]:
    people = [person(n) for n in range(first, first + count)]
    for p in people:
        await verified_user(desk, p, f"+7701{p.id:07d}")
    return people


async def change(desk: DeskHarness, p: Person, **values) -> None:
    async with desk.sessionmaker.begin() as session:
        user = await session.scalar(select(User).where(User.telegram_id == p.id))
        for key, value in values.items():
            setattr(user, key, value)


def command(text: str) -> dict:
    return {"text": text, "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]}


def last_with_buttons(desk: DeskHarness, prefix: str) -> Call:
    for call in reversed(desk.fake.sent_to(ADMIN_CHAT_ID)):
        if any(b.get("callback_data", "").startswith(prefix) for b in call.buttons()):
            return call
    raise AssertionError(f"no message with {prefix} buttons")


def press(desk: DeskHarness, call: Call, data_prefix: str, who: Person = AGENT) -> None:
    data = next(
        b["callback_data"] for b in call.buttons() if b["callback_data"].startswith(data_prefix)
    )
    desk.fake.press(who, call.message, data)


async def broadcast(desk: DeskHarness, audience: str = "bcaud:all", text: str = "News!") -> dict:
    """A supervisor sends `text` to an audience through the buttons; the source message."""
    source = desk.agent_says(None, text)
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, reply_to=source, **command("/broadcast"))
    await desk.run()
    press(desk, last_with_buttons(desk, "bcaud"), audience)
    await desk.run()
    press(desk, last_with_buttons(desk, "bcgo"), "bcgo")
    await desk.run()
    return source


def copies_to(desk: DeskHarness, p: Person) -> list[Call]:
    return [c for c in desk.fake.sent_to(p.id) if c.method in ("copyMessage", "copyMessages")]


async def tick(desk: DeskHarness, now=None) -> int:
    queued = await feed_deliveries(desk.sessionmaker, desk.gate, desk.care, lambda: None, now)
    await desk.run(now)
    return queued


async def until_done(desk: DeskHarness, later: timedelta = timedelta(0)) -> None:
    """Feed and send until every campaign is finished (retries become due as time goes)."""
    now = wall_clock()
    for _ in range(500):
        now += later
        await tick(desk, now)
        tracked = await track_campaigns(desk.sessionmaker, desk.gate, desk.care, lambda: None, now)
        await desk.run(now)
        if not tracked.running:
            return
    raise AssertionError("the broadcast never finished")


async def deliveries(desk: DeskHarness) -> dict[int, str]:
    async with desk.sessionmaker() as session:
        rows = await session.execute(
            select(User.telegram_id, Delivery.status).join(User, User.id == Delivery.user_id)
        )
        return dict(rows.all())


async def test_a_broadcast_reaches_every_recipient_once_despite_429s_and_blocked_users(
    sessionmaker, catalog
):
    desk = supervised(sessionmaker, catalog, broadcast_window=7)
    people = await users(desk, 30)
    known_blocked, gone_quiet = people[0], people[1:4]
    await change(desk, known_blocked, blocked_bot_at=wall_clock())
    desk.fake.blocked_by.update(p.id for p in gone_quiet)  # the desk does not know yet
    desk.fake.fail("copyMessage", 429, "Too Many Requests: retry after 3", retry_after=3, times=4)

    await broadcast(desk, text="The office is closed on Friday")
    await until_done(desk)

    assert not copies_to(desk, known_blocked)
    for p in people[4:]:
        [copy] = copies_to(desk, p)
        assert copy.text == "The office is closed on Friday"
    assert desk.slept.count(3) == 4  # every 429 paused the sender for exactly retry_after
    statuses = await deliveries(desk)
    assert known_blocked.id not in statuses  # skipped before sending: never a recipient
    assert {statuses[p.id] for p in gone_quiet} == {"unreachable"}
    assert {statuses[p.id] for p in people[4:]} == {"sent"}
    async with desk.sessionmaker() as session:
        for p in gone_quiet:
            user = await session.scalar(select(User).where(User.telegram_id == p.id))
            assert user.blocked_bot_at is not None
        campaign = await session.scalar(select(Campaign))
        assert (campaign.status, campaign.total) == ("done", 29)


async def test_the_outbox_never_holds_more_than_the_window(sessionmaker, catalog):
    desk = supervised(sessionmaker, catalog, broadcast_window=5)
    await users(desk, 12)
    await broadcast(desk)
    assert await feed_deliveries(desk.sessionmaker, desk.gate, desk.care, lambda: None) == 5
    assert await feed_deliveries(desk.sessionmaker, desk.gate, desk.care, lambda: None) == 0
    async with desk.sessionmaker() as session:
        assert await outbox.count(session, kind=Kind.DELIVERY) == 5
    await until_done(desk)
    assert len(desk.fake.calls_of("copyMessage")) == 12 + 1  # and the preview


async def test_the_progress_message_is_edited_and_ends_with_the_figures(sessionmaker, catalog):
    desk = supervised(sessionmaker, catalog, broadcast_window=2)
    await users(desk, 6)
    await broadcast(desk)
    progress = last_with_buttons(desk, "bcstop")
    assert "#1" in progress.text and "6" in progress.text
    await until_done(desk)
    edits = [
        c
        for c in desk.fake.calls_of("editMessageText")
        if int(c.params["message_id"]) == progress.message["message_id"]
    ]
    assert len(edits) >= 2
    final = edits[-1]
    assert "finished" in final.params["text"] and "Sent 6" in final.params["text"]
    assert not final.markup  # no Stop button on a finished broadcast


async def test_stop_cancels_what_is_left(sessionmaker, catalog):
    desk = supervised(sessionmaker, catalog, broadcast_window=3)
    people = await users(desk, 10)
    await broadcast(desk)
    progress = last_with_buttons(desk, "bcstop")
    await tick(desk)  # three sent
    await feed_deliveries(desk.sessionmaker, desk.gate, desk.care, lambda: None)  # three queued
    press(desk, progress, "bcstop")
    await desk.run()
    await until_done(desk)

    assert sum(len(copies_to(desk, p)) for p in people) == 3
    statuses = list((await deliveries(desk)).values())
    assert sorted(statuses) == ["cancelled"] * 7 + ["sent"] * 3
    final = desk.fake.calls_of("editMessageText")[-1]
    assert "stopped" in final.params["text"] and "cancelled 7" in final.params["text"]


async def track(desk: DeskHarness):
    return await track_campaigns(desk.sessionmaker, desk.gate, desk.care, lambda: None)


async def campaign_status(desk: DeskHarness) -> str:
    async with desk.sessionmaker() as session:
        (campaign,) = await session.scalars(select(Campaign))
        return campaign.status


def stop_answer(desk: DeskHarness) -> str:
    return desk.fake.calls_of("answerCallbackQuery")[-1].params["text"]


async def test_a_campaign_runs_while_anything_is_queued_and_stop_works_until_it_ends(desk):
    first, second, third = await users(desk, 3)
    await broadcast(desk)
    progress = last_with_buttons(desk, "bcstop")
    assert await feed_deliveries(desk.sessionmaker, desk.gate, desk.care, lambda: None) == 3
    assert sorted((await deliveries(desk)).values()) == ["queued"] * 3
    assert (await track(desk)).running == 1  # nothing pending, but all of it queued: running
    desk.fake.fail("copyMessage", 502, "Bad Gateway", when=lambda p: int(p["chat_id"]) == third.id)
    await desk.run()
    assert sorted((await deliveries(desk)).values()) == ["queued", "sent", "sent"]
    assert (await track(desk)).running == 1  # one still queued, its retry to come
    assert await campaign_status(desk) == "running"

    press(desk, progress, "bcstop")
    await desk.run(wall_clock() + timedelta(minutes=1))  # the retry came due: nothing is sent
    assert "stopped" in stop_answer(desk)
    assert not copies_to(desk, third) and copies_to(desk, first) and copies_to(desk, second)
    assert (await deliveries(desk))[third.id] == "cancelled"
    assert await campaign_status(desk) == "cancelled"
    async with desk.sessionmaker() as session:
        assert await outbox.count(session, kind=Kind.DELIVERY) == 0


async def test_a_campaign_with_everything_settled_is_done_and_stop_changes_nothing(desk):
    await users(desk, 2)
    await broadcast(desk)
    progress = last_with_buttons(desk, "bcstop")
    await tick(desk)  # both sent
    assert sorted((await deliveries(desk)).values()) == ["sent", "sent"]
    assert await campaign_status(desk) == "running"  # until the tick looks
    assert (await track(desk)).finished == 1
    assert await campaign_status(desk) == "done"
    press(desk, progress, "bcstop")
    await desk.run()
    assert stop_answer(desk) == desk.care.admin_t("broadcast-over")
    assert await campaign_status(desk) == "done"
    assert sorted((await deliveries(desk)).values()) == ["sent", "sent"]


async def test_marketing_goes_only_to_those_who_opted_in_and_did_not_block_processing(desk):
    opted, blocked, silent = await users(desk, 3)
    await change(desk, opted, marketing_opt_in_at=wall_clock())
    await change(
        desk, blocked, marketing_opt_in_at=wall_clock(), processing_blocked_at=wall_clock()
    )
    await broadcast(desk, "bcaud:marketing", text="Discounts!")
    confirm = [c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if "Recipients: 1" in c.text]
    assert confirm
    await until_done(desk)
    assert [c.text for c in copies_to(desk, opted)] == ["Discounts!"]
    assert not copies_to(desk, blocked) and not copies_to(desk, silent)


async def test_a_service_notice_reaches_users_who_blocked_processing(desk):
    first, second = await users(desk, 2)
    await change(desk, second, processing_blocked_at=wall_clock())
    await broadcast(desk, "bcaud:all")
    await until_done(desk)
    assert len(copies_to(desk, first)) == len(copies_to(desk, second)) == 1


async def test_one_language_audience(desk):
    people = await users(desk, 6)
    await broadcast(desk, "bcaud:language:kk:")
    await until_done(desk)
    assert {p.id for p in people if copies_to(desk, p)} == {
        p.id for p in people if p.language_code == "kk"
    }


async def test_a_user_who_opts_out_after_the_start_is_skipped(desk):
    first, second = await users(desk, 2)
    for p in (first, second):
        await change(desk, p, marketing_opt_in_at=wall_clock())
    await broadcast(desk, "bcaud:marketing")
    await change(desk, second, marketing_opt_in_at=None)
    await until_done(desk)
    assert copies_to(desk, first) and not copies_to(desk, second)
    assert (await deliveries(desk))[second.id] == "skipped"


async def test_a_non_supervisor_is_refused(desk):
    await users(desk, 2)
    source = desk.agent_says(None, "Hi all")
    desk.fake.agent_message(OUTSIDER, ADMIN_CHAT_ID, None, reply_to=source, **command("/broadcast"))
    await desk.run()
    refusal = desk.fake.sent_to(ADMIN_CHAT_ID)[-1]
    assert "Only administrators" in refusal.text
    # A supervisor's buttons pressed by someone else do nothing either.
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, reply_to=source, **command("/broadcast"))
    await desk.run()
    press(desk, last_with_buttons(desk, "bcaud"), "bcaud:all", who=OUTSIDER)
    await desk.run()
    answer = desk.fake.calls_of("answerCallbackQuery")[-1]
    assert "Only administrators" in answer.params["text"]
    assert not [c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if "Recipients" in c.text]


async def test_an_anonymous_administrator_may_broadcast(desk):
    """Only the admin chat's administrators can post as the chat itself: such a /broadcast is
    a supervisor's even while the list of supervisors is unknown."""
    await users(desk, 1)
    desk.care.state.supervisors.seed()  # unknown: nobody by name
    source = desk.agent_says(None, "Hi all")
    sent = desk.fake.agent_message(
        OUTSIDER, ADMIN_CHAT_ID, None, reply_to=source, **command("/broadcast")
    )
    # As Telegram delivers it: Telegram's bot as the sender, the chat as the sender_chat.
    sent["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
    sent["sender_chat"] = dict(sent["chat"])
    await desk.run()
    assert last_with_buttons(desk, "bcaud").text == desk.care.admin_t("broadcast-choose-audience")


async def test_supervisors_come_from_the_admin_chats_administrators(desk):
    desk.care.state.supervisors.seed()
    desk.fake.admins[ADMIN_CHAT_ID] = [AGENT]
    from bot.jobs import refresh_supervisors

    assert await refresh_supervisors(desk.bot, desk.care) == 1
    known = desk.care.state.supervisors
    assert AGENT.id in known and OUTSIDER.id not in known


async def test_confirming_twice_starts_one_broadcast(desk):
    await users(desk, 3)
    source = desk.agent_says(None, "Once")
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, reply_to=source, **command("/broadcast"))
    await desk.run()
    press(desk, last_with_buttons(desk, "bcaud"), "bcaud:all")
    await desk.run()
    confirm = last_with_buttons(desk, "bcgo")
    press(desk, confirm, "bcgo")
    press(desk, confirm, "bcgo")
    await desk.run()
    await until_done(desk)
    async with desk.sessionmaker() as session:
        assert len((await session.scalars(select(Campaign))).all()) == 1
    assert len(desk.fake.calls_of("copyMessage")) == 3 + 1


async def test_a_conversation_is_not_delayed_behind_a_running_broadcast(desk):
    people = await users(desk, 40)
    await broadcast(desk)
    await feed_deliveries(desk.sessionmaker, desk.gate, desk.care, lambda: None)  # 40 queued
    desk.fake.text(people[5], "I need help with my order")
    before = len(desk.fake.calls)
    await desk.run()
    after = desk.fake.calls[before:]
    relay = next(
        i
        for i, c in enumerate(after)
        if c.method == "copyMessage" and c.chat_id == ADMIN_CHAT_ID and c.text.startswith("I need")
    )
    broadcast_copies = [
        i for i, c in enumerate(after) if c.method == "copyMessage" and c.chat_id > 0
    ]
    assert len(broadcast_copies) == 40
    assert relay < broadcast_copies[0] + desk.sender.concurrency


async def test_transient_errors_are_retried_then_fail_with_the_reason(desk):
    first, second = await users(desk, 2)
    desk.fake.fail(
        "copyMessage", 502, "Bad Gateway", times=99, when=lambda p: int(p["chat_id"]) == second.id
    )
    desk.fake.fail("copyMessage", 400, "Bad Request: message to copy not found",
                   when=lambda p: int(p["chat_id"]) == first.id)  # fmt: skip
    await broadcast(desk)
    await until_done(desk, later=timedelta(minutes=2))
    async with desk.sessionmaker() as session:
        rows = {d.user_id: d for d in await session.scalars(select(Delivery))}
    statuses = {(d.status, d.last_error) for d in rows.values()}
    assert ("failed", "Bad Request: message to copy not found") in statuses
    assert ("failed", "Bad Gateway") in statuses
    assert max(d.attempts for d in rows.values()) == 5


async def test_a_user_s_chat_telegram_does_not_find_fails_at_once(desk):
    (gone,) = await users(desk, 1)
    desk.fake.fail("copyMessage", 400, "Bad Request: chat not found", times=99,
                   when=lambda p: int(p["chat_id"]) == gone.id)  # fmt: skip
    await broadcast(desk)
    await until_done(desk, later=timedelta(minutes=2))
    async with desk.sessionmaker() as session:
        (delivery,) = await session.scalars(select(Delivery))
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.last_error == "Bad Request: chat not found"
    tried = [c for c in desk.fake.calls_of("copyMessage") if c.chat_id == gone.id]
    assert len(tried) == 1  # once, not five times


async def erase(desk: DeskHarness, p: Person) -> None:
    async with desk.sessionmaker.begin() as session:
        user = await session.scalar(select(User).where(User.telegram_id == p.id))
        await erase_user(session, desk.care, user, wall_clock())


async def test_erasing_a_user_removes_their_deliveries_and_the_figures_still_add_up(desk):
    first, second, third = await users(desk, 3)
    await broadcast(desk)
    progress = last_with_buttons(desk, "bcstop")
    await feed_deliveries(desk.sessionmaker, desk.gate, desk.care, lambda: None)
    await erase(desk, first)  # queued, not sent yet: never sent, counted as skipped
    await until_done(desk)
    assert not copies_to(desk, first) and copies_to(desk, second) and copies_to(desk, third)
    assert list((await deliveries(desk)).values()) == ["sent", "sent"]
    final = [
        c.params["text"]
        for c in desk.fake.calls_of("editMessageText")
        if int(c.params["message_id"]) == progress.message["message_id"]
    ][-1]
    assert "Sent 2 · failed 0 · unreachable 0 · skipped 1 of 3" in final

    await erase(desk, second)  # after it reached them: still counted as sent
    assert list((await deliveries(desk)).values()) == ["sent"]
    async with desk.sessionmaker() as session:
        (campaign,) = await session.scalars(select(Campaign))
        assert await campaign_figures(session, campaign) == {"sent": 2, "skipped": 1}


@pytest.mark.skipif(
    not database_url().startswith("postgresql"),
    reason="replicas share PostgreSQL (TEST_DATABASE_URL); SQLite is one process",
)
async def test_two_replicas_feeding_one_broadcast_never_send_a_recipient_twice(
    sessionmaker, catalog
):
    fake = FakeTelegram()
    fake.add_group(ADMIN_CHAT_ID)
    one, two = (
        DeskHarness(sessionmaker, catalog, "en", fake=fake, serial=False, broadcast_window=10)
        for _ in range(2)
    )
    for replica in (one, two):
        replica.care.state.supervisors.seed(AGENT.id)
    people = await users(one, 60)
    await broadcast(one)
    for _ in range(40):
        await asyncio.gather(tick(one), tick(two), tick(one), tick(two))
        await asyncio.gather(one.sender.drain(), two.sender.drain())
        if set((await deliveries(one)).values()) == {"sent"}:
            break
    for p in people:
        assert len(copies_to(one, p)) == 1, p


@pytest.mark.parametrize(
    ("locale", "button", "on", "off"),
    [
        ("en", "📣 Offers", "Receive offers", "Stop offers"),
        ("ru", "📣 Предложения", "Получать предложения", "Отключить предложения"),
        ("kk", "📣 Ұсыныстар", "Ұсыныстарды алу", "Ұсыныстарды өшіру"),
    ],
)
async def test_users_turn_offers_on_and_off_from_the_menu(desk, locale, button, on, off):
    aliya = Person(3001, "Aliya", language_code=locale)
    await verified_user(desk, aliya, "+77019990000")
    chat = desk.chat(aliya)
    chat.say(button)
    await desk.run()
    state = await chat.reply()
    chat.tap(state, on)  # off by default: the button turns them on
    await desk.run()

    async def opted_in() -> bool:
        async with desk.sessionmaker() as session:
            user = await session.scalar(select(User).where(User.telegram_id == aliya.id))
            return user.marketing_opt_in_at is not None

    assert await opted_in()
    edited = desk.fake.calls_of("editMessageText")[-1]
    assert off in edited.buttons()[0]["text"]
    desk.fake.press(aliya, edited.message, edited.buttons()[0]["callback_data"])
    await desk.run()
    assert not await opted_in()


async def test_progress_goes_to_general_when_its_topic_is_gone(desk):
    await users(desk, 2)
    thread = 77
    desk.fake.topics[(ADMIN_CHAT_ID, thread)] = {"name": "x", "closed": False, "deleted": False}
    source = desk.agent_says(thread, "From a topic")
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, thread, reply_to=source, **command("/broadcast"))
    await desk.run()
    press(desk, last_with_buttons(desk, "bcaud"), "bcaud:all")
    await desk.run()
    desk.fake.delete_topic(ADMIN_CHAT_ID, thread)
    press(desk, last_with_buttons(desk, "bcgo"), "bcgo")
    await desk.run()
    progress = last_with_buttons(desk, "bcstop")
    assert "message_thread_id" not in progress.message
    await until_done(desk)


async def test_a_policy_notice_reaches_300_users_in_their_languages_once_despite_429s(
    desk, catalog
):
    people = await users(desk, 300)
    texts = {loc: (f"What changed ({loc})", f"Policy 2.0 ({loc})") for loc in LOCALES}
    now = wall_clock()
    async with desk.sessionmaker.begin() as session:
        policy = await policies.add_policy(
            session, "2.0", (now + timedelta(days=20)).date(), texts, now
        )
        policy = await policies.get_policy(session, policy.id)
        await policy_drafts.on_published(session, desk.care, policy, AGENT.id, now)
    desk.fake.fail("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2, times=5)
    await until_done(desk, later=timedelta(seconds=30))
    assert desk.slept.count(2) == 5  # each 429 paused every send for exactly retry_after
    for p in people:
        notices = [c for c in desk.fake.sent_to(p.id) if "What changed" in (c.text or "")]
        assert len(notices) == 1, p.id  # exactly once
        assert f"What changed ({p.language_code})" in notices[0].text
        accept = catalog.translator(p.language_code)("privacy-button-accept")
        assert accept in [b["text"] for b in notices[0].buttons()]
    assert set((await deliveries(desk)).values()) == {"sent"}


async def test_an_album_is_broadcast_whole(desk):
    people = await users(desk, 3)
    group = desk.fake.new_album_id()
    parts = [
        desk.fake.agent_message(
            AGENT, ADMIN_CHAT_ID, None, media_group_id=group, **FakeTelegram.photo_content(n)
        )
        for n in (1, 2, 3)
    ]
    await desk.run()
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, reply_to=parts[1], **command("/broadcast"))
    await desk.run()
    assert "album" not in desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text  # no "only this part" note
    press(desk, last_with_buttons(desk, "bcaud"), "bcaud:all")
    await desk.run()
    preview = desk.fake.calls_of("copyMessages")[-1]
    assert preview.params["chat_id"] == str(ADMIN_CHAT_ID)
    press(desk, last_with_buttons(desk, "bcgo"), "bcgo")
    await desk.run()
    await until_done(desk)
    album_ids = [str(part["message_id"]) for part in parts]
    for p in people:
        (sent,) = [
            c for c in desk.fake.calls_of("copyMessages") if c.params["chat_id"] == str(p.id)
        ]
        assert [str(i) for i in sent.params["message_ids"]] == album_ids  # all three, in order
