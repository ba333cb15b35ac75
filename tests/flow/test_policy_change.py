"""A published version through its life: accepted ahead from its notice, in force on its
effective date (/privacy and onboarding switch by themselves), one reminder that day to
those who have not accepted, and /policy status figures that match the database."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from bot.jobs import feed_deliveries, remind_policy
from care.common.texts import format_day
from care.notices import policy_drafts
from care.outbound.outbox import chat_lane
from storage.models import Consent, OutboxEntry, User
from storage.people import policies
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, TZ, DeskHarness
from tests.flow.onboarded import verified_user
from tests.flow.test_onboarding import LANGUAGE_BUTTON
from tests.flow.test_policy_admin import SUPERVISOR, Admin

AIGUL = Person(3101, "Aigul", "Nurova", "aigul", language_code="kk")
BORIS = Person(3102, "Boris", "Petrov", "boris", language_code="ru")
CAROL = Person(3103, "Carol", "Smith", "carol", language_code="en")
DAN = Person(3104, "Dan", "Blocked", None, language_code="en")  # blocked the bot
ERIK = Person(3105, "Erik", "Halted", None, language_code="ru")  # blocked processing
EFFECTIVE = date(2026, 12, 1)
ANNOUNCED = datetime(2026, 11, 20, 11, 0, tzinfo=TZ)
ACCEPT = {"kk": "Келісемін", "ru": "Принимаю", "en": "I agree"}


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ).astimezone(UTC)


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    harness = DeskHarness(sessionmaker, catalog)
    harness.clock.set(ANNOUNCED.astimezone(UTC))
    harness.care.state.supervisors.seed(SUPERVISOR.id)
    return harness


async def setup(desk: DeskHarness) -> dict[str, int]:
    """Five verified users on 1.0, a new version 2.0 from 1 December; {name: user id}."""
    ids = {}
    for n, person in enumerate((AIGUL, BORIS, CAROL, DAN, ERIK)):
        ids[person.first_name] = (await verified_user(desk, person, f"+7701000010{n}")).id
    texts = {
        loc: (f"Что нового в 2.0 ({loc})", f"Policy 2.0 body ({loc})") for loc in ("kk", "ru", "en")
    }
    async with desk.sessionmaker.begin() as session:
        await policies.add_policy(session, "2.0", EFFECTIVE, texts, ANNOUNCED.astimezone(UTC))
        (await session.get(User, ids["Dan"])).blocked_bot_at = ANNOUNCED.astimezone(UTC)
        (await session.get(User, ids["Erik"])).processing_blocked_at = ANNOUNCED.astimezone(UTC)
    return ids


async def publish(desk: DeskHarness) -> None:
    """What confirming /policy does after storing 2.0: the notice campaign starts, and the
    delivery engine sends it (fed into the outbox by its tick)."""
    async with desk.sessionmaker.begin() as session:
        policy = await policies.get_policy(session, await version_id(session, "2.0"))
        await policy_drafts.on_published(session, desk.care, policy, SUPERVISOR.id, ANNOUNCED)
    await deliver(desk, ANNOUNCED)


async def deliver(desk: DeskHarness, now: datetime) -> None:
    """The feed tick, then the sender, until every delivery is settled."""
    while await feed_deliveries(desk.sessionmaker, desk.gate, desk.care, lambda: None, now):
        await desk.run(now)
    await desk.run(now)


async def version_id(session, version: str) -> int:
    return next(p.id for p in await policies.newest(session, 10) if p.version == version)


async def live_versions(desk: DeskHarness, user_id: int) -> list[str]:
    async with desk.sessionmaker() as session:
        user = await session.get(User, user_id)
        return [c.policy_version.version for c in user.consents if c.withdrawn_at is None]


async def test_publishing_notifies_every_verified_reachable_user_in_their_language(
    desk: DeskHarness, catalog
) -> None:
    await setup(desk)
    await publish(desk)
    for person in (AIGUL, BORIS, CAROL):
        (notice,) = desk.fake.sent_to(person.id)
        loc = person.language_code
        assert f"Что нового в 2.0 ({loc})" in notice.text
        t = catalog.translator(loc)
        assert t("privacy-button-accept") in [b["text"] for b in notice.buttons()]
    # Dan blocked the bot, Erik blocked processing: neither is sent anything.
    assert desk.fake.sent_to(DAN.id) == [] and desk.fake.sent_to(ERIK.id) == []
    progress = [c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if "2.0" in (c.text or "")]
    assert progress  # the supervisors see the notice's progress in the admin chat


async def test_a_notice_is_accepted_ahead_and_read_in_the_new_text(desk: DeskHarness) -> None:
    ids = await setup(desk)
    chat = desk.chat(BORIS)
    await publish(desk)
    notice = await chat.expect("2.0")
    assert "2.0" in notice.text and "Что нового в 2.0 (ru)" in notice.text
    chat.tap(notice, "📄")
    await desk.run()
    assert "Policy 2.0 body (ru)" in (await chat.expect("2.0")).text  # the new text, not 1.0
    chat.tap(notice, ACCEPT["ru"])
    await desk.run()
    assert await live_versions(desk, ids["Boris"]) == ["2.0"]
    chat.say("/privacy")  # still in the menu: 1.0 in force, his consent counts as current
    await desk.run()
    privacy = await chat.expect("1.0")
    assert not any(ACCEPT["ru"] in b["text"] for b in privacy.buttons())


async def test_the_new_version_is_current_from_its_effective_date(desk: DeskHarness) -> None:
    ids = await setup(desk)
    aigul = desk.chat(AIGUL)
    desk.clock.set(datetime(2026, 11, 30, 23, 50, tzinfo=TZ).astimezone(UTC))
    aigul.say("/privacy")
    await desk.run()
    assert "1.0" in (await aigul.reply()).text
    desk.clock.set(datetime(2026, 12, 1, 0, 10, tzinfo=TZ).astimezone(UTC))
    aigul.say("/privacy")
    await desk.run()
    changed = await aigul.reply()  # asked to accept 2.0
    assert "2.0" in changed.text and "Что нового в 2.0 (kk)" in changed.text
    aigul.tap(changed, ACCEPT["kk"])
    await desk.run()
    assert await live_versions(desk, ids["Aigul"]) == ["2.0"]
    # A newcomer meets 2.0 in onboarding.
    newcomer = desk.chat(Person(3199, "Nur", None, None, language_code="en"))
    newcomer.say("/start")
    await desk.run()
    newcomer.tap(await newcomer.reply(), LANGUAGE_BUTTON["en"])
    await desk.run()
    notice = await newcomer.expect("version 2.0")
    assert "Что нового в 2.0 (en)" in notice.text


async def reminders(desk: DeskHarness, person: Person) -> list:
    marker = {"kk": "Бүгін", "ru": "Сегодня", "en": "takes effect today"}[person.language_code]
    return [c for c in desk.fake.sent_to(person.id) if marker in c.text]


async def test_one_reminder_on_the_effective_date_to_those_who_have_not_accepted(
    desk: DeskHarness, sessionmaker, catalog
) -> None:
    ids = await setup(desk)
    await publish(desk)
    desk.chat(BORIS).tap(await desk.chat(BORIS).expect("2.0"), ACCEPT["ru"])
    await desk.run()

    async def tick(moment: datetime, harness: DeskHarness = desk) -> int:
        result = await remind_policy(sessionmaker, harness.gate, harness.care, lambda: None, moment)
        await deliver(harness, moment)
        return result["reminded"]

    assert await tick(local(date(2026, 11, 30), 12)) == 0  # the day before
    assert await tick(local(EFFECTIVE, 9, 55)) == 0  # nobody woken early
    first = await remind_policy(
        sessionmaker, desk.gate, desk.care, lambda: None, local(EFFECTIVE, 10)
    )
    assert first == {"reminded": 2}  # Aigul and Carol
    await feed_deliveries(sessionmaker, desk.gate, desk.care, lambda: None, local(EFFECTIVE, 10))
    async with sessionmaker() as session:  # the broadcasts' priority, no user attached
        rows = await session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "delivery"))
        assert {(r.lane, r.user_id, r.priority) for r in rows.all()} == {
            (chat_lane(AIGUL.id), None, 2),
            (chat_lane(CAROL.id), None, 2),
        }
    await deliver(desk, local(EFFECTIVE, 10))
    assert await tick(local(EFFECTIVE, 10, 15)) == 0
    restarted = DeskHarness(sessionmaker, catalog, fake=desk.fake)
    assert await tick(local(EFFECTIVE, 18), restarted) == 0
    assert await tick(local(date(2026, 12, 2), 10, 30), restarted) == 0

    for person in (AIGUL, CAROL):
        (reminder,) = await reminders(desk, person)
        date_text = format_day(EFFECTIVE, person.language_code)
        t = catalog.translator(person.language_code)
        assert reminder.text.startswith(t("policy-reminder", version="2.0", date=date_text))
        assert [b["text"] for b in reminder.buttons()] == [
            t("privacy-button-read"),
            t("privacy-button-accept"),
        ]
    for person in (BORIS, DAN, ERIK):
        assert await reminders(desk, person) == []
    # Carol accepts from the reminder, on the day: recorded for 2.0.
    desk.clock.set(datetime(2026, 12, 1, 12, 0, tzinfo=TZ).astimezone(UTC))
    carol = desk.chat(CAROL)
    carol.tap((await reminders(desk, CAROL))[0], ACCEPT["en"])
    await desk.run()
    assert await live_versions(desk, ids["Carol"]) == ["2.0"]


async def test_policy_status_figures_match_the_database(desk: DeskHarness, catalog) -> None:
    await setup(desk)
    await publish(desk)
    desk.chat(BORIS).tap(await desk.chat(BORIS).reply(), ACCEPT["ru"])
    await desk.run()
    admin = Admin(desk)
    status = await admin.says("/policy status")
    t = desk.care.admin_t
    async with desk.sessionmaker() as session:
        figures = {}
        for version in ("2.0", "1.0"):
            policy_id = await version_id(session, version)
            accepted = await session.scalar(
                select(func.count(func.distinct(Consent.user_id))).where(
                    Consent.policy_version_id == policy_id
                )
            )
            users = (await session.scalars(select(User))).all()
            outstanding = sum(
                1
                for u in users
                if u.verified
                and u.active_consent is not None
                and u.active_consent.policy_version_id < policy_id
            )
            figures[version] = (accepted, outstanding)
    assert figures == {"2.0": (1, 4), "1.0": (5, 0)}
    expected = [
        t("policy-admin-status-title"),
        t(
            "policy-admin-status-line",
            version="2.0",
            date=format_day(date(2026, 12, 1), t.locale),
            state="upcoming",
            accepted=1,
            outstanding=4,
        ),
        # The notice went to Aigul, Boris and Carol (Dan blocked the bot, Erik processing).
        t(
            "policy-admin-status-delivery",
            reminder="no",
            sent=3,
            failed=0,
            unreachable=0,
            skipped=0,
            remaining=0,
        ),
        t(
            "policy-admin-status-line",
            version="1.0",
            date=format_day(date(2026, 11, 1), t.locale),
            state="in-force",
            accepted=5,
            outstanding=0,
        ),
    ]
    assert status == "\n\n".join(expected)
    assert desk.fake.sent_to(ADMIN_CHAT_ID)[-1].chat_id == ADMIN_CHAT_ID
