"""The admin chat's standing: unreachable (logged again every 10 minutes, /healthz fails) and
a missing right to manage topics (the agents are told in General, at most hourly; /healthz
says it) — while users' messages wait, nothing lost."""

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.jobs import watch_admin_chat
from bot.metrics import Metrics
from bot.probes import Probes, probe_app
from care.common.standing import Right
from care.desk import admin_chat
from tests.fake_telegram import FakeTelegram, Person
from tests.flow.harness import ADMIN_CHAT_ID, DeskHarness
from tests.flow.onboarded import verified_user

AIGERIM = Person(1001, "Aigerim", "Sadykova", "aigerim", language_code="en")
T0 = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
NOTICE = "“Manage topics” right"


@pytest.fixture
async def scheduler() -> AsyncIterator[AsyncIOScheduler]:
    jobs = AsyncIOScheduler(timezone=UTC)
    jobs.start()
    yield jobs
    jobs.shutdown(wait=False)


async def healthz(desk: DeskHarness, scheduler: AsyncIOScheduler) -> tuple[int, str]:
    probes = Probes(desk.sessionmaker, scheduler, Metrics(), desk.care)
    async with TestClient(TestServer(probe_app(probes))) as client:
        answer = await asyncio.wait_for(client.get("/healthz"), timeout=10)
        return answer.status, await answer.text()


def general(desk: DeskHarness) -> list[str]:
    """What the bot wrote in the admin chat outside any topic."""
    return [
        c.text
        for c in desk.fake.sent_to(ADMIN_CHAT_ID)
        if c.method == "sendMessage" and "message_thread_id" not in c.params
    ]


async def test_an_unreachable_admin_chat_is_logged_every_10_minutes_and_fails_healthz(
    sessionmaker, catalog, scheduler, caplog
) -> None:
    fake = FakeTelegram()  # the bot is in no group: "chat not found"
    desk = DeskHarness(sessionmaker, catalog, fake=fake)
    with caplog.at_level(logging.INFO, logger="care.desk.admin_chat"):
        for minute in range(25):  # the tick runs every minute
            await watch_admin_chat(desk.bot, desk.care, T0 + timedelta(minutes=minute))
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 3  # minutes 0, 10 and 20: said again, never a flood
        assert all(f"ADMIN_CHAT_ID {ADMIN_CHAT_ID} is not reachable" in e for e in errors)
        assert await healthz(desk, scheduler) == (503, "admin chat: not reachable\n")

        fake.add_group(ADMIN_CHAT_ID)  # the bot is added
        caplog.clear()
        await watch_admin_chat(desk.bot, desk.care, T0 + timedelta(minutes=25))
    assert await healthz(desk, scheduler) == (200, "ok\n")
    assert [r.getMessage() for r in caplog.records] == [
        f"admin chat {ADMIN_CHAT_ID} is reachable again",
        f"admin chat {ADMIN_CHAT_ID}: topics",
    ]


async def test_a_network_failure_says_nothing_about_the_admin_chat(
    desk: DeskHarness, scheduler
) -> None:
    desk.fake.fail("getChat", 502, "Bad Gateway")
    await watch_admin_chat(desk.bot, desk.care, T0)
    assert await healthz(desk, scheduler) == (200, "ok\n")


async def test_missing_topic_rights_are_told_in_general_once_and_healthz_says_it(
    sessionmaker, catalog, scheduler
) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="en")
    await verified_user(desk, AIGERIM, "+77011234567")
    rights = {"missing": True}
    desk.fake.fail(
        "createForumTopic",
        400,
        "Bad Request: not enough rights to create a topic",
        times=1000,
        when=lambda params: rights["missing"],
    )
    chat = desk.chat(AIGERIM)
    chat.say("hello, anyone?")
    await desk.run()
    await desk.run(datetime.now(UTC) + timedelta(minutes=1))  # retried with backoff, refused
    assert len(desk.fake.calls_of("createForumTopic")) >= 3
    told = [text for text in general(desk) if NOTICE in text]
    assert len(told) == 1 and "users' messages cannot reach their topics" in told[0]
    assert await healthz(desk, scheduler) == (
        200,
        "ok\nadmin chat: the bot may not manage topics (users' messages wait)\n",
    )

    rights["missing"] = False  # an administrator gives the bot the right
    await desk.run(datetime.now(UTC) + timedelta(hours=1))
    thread_id = desk.fake.calls_of("createForumTopic")[-1].result["message_thread_id"]
    assert [c.text for c in desk.topic_posts(thread_id) if c.method == "copyMessage"] == [
        "hello, anyone?"
    ]
    assert await healthz(desk, scheduler) == (200, "ok\n")
    assert len([text for text in general(desk) if NOTICE in text]) == 1


async def test_the_missing_right_is_told_again_only_after_an_hour(desk: DeskHarness) -> None:
    told = []
    for minutes in (0, 10, 59, 61, 90, 120, 121):
        async with desk.gate.passage(), desk.sessionmaker.begin() as session:
            moment = T0 + timedelta(minutes=minutes)
            told.append(
                await admin_chat.right_missing(session, desk.care, Right.MANAGE_TOPICS, moment)
            )
    assert told == [True, False, False, True, False, False, True]


async def test_another_process_told_of_the_missing_right_does_not_tell_again(
    sessionmaker, catalog
) -> None:
    """A restart or a second replica knows nothing in memory; the marks say it was told."""
    one = DeskHarness(sessionmaker, catalog, serial=False)
    two = DeskHarness(sessionmaker, catalog, serial=False, fake=one.fake)
    told = []
    for desk in (one, two):
        async with desk.sessionmaker.begin() as session:
            moment = T0 + timedelta(minutes=5 * len(told))
            told.append(
                await admin_chat.right_missing(session, desk.care, Right.MANAGE_TOPICS, moment)
            )
    assert told == [True, False]
    # Its /healthz says it all the same.
    assert Right.MANAGE_TOPICS in two.care.state.standing.missing


def forum(desk: DeskHarness, on: bool) -> None:
    """Someone turns the admin chat's topics on or off in Telegram."""
    group = desk.fake.groups[ADMIN_CHAT_ID]
    if on:
        group["is_forum"] = True
    else:
        group.pop("is_forum", None)


async def test_an_admin_chat_turned_into_a_forum_after_start_gets_topics_at_the_next_tick(
    sessionmaker, catalog, caplog
) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="en", topics=False)
    await verified_user(desk, AIGERIM, "+77011234567")
    await watch_admin_chat(desk.bot, desk.care, T0)  # at start: replies
    assert not desk.care.state.topics
    chat = desk.chat(AIGERIM)
    chat.say("before")
    await desk.run()
    assert desk.fake.calls_of("createForumTopic") == []

    forum(desk, on=True)
    with caplog.at_level(logging.INFO, logger="care.desk.admin_chat"):
        await watch_admin_chat(desk.bot, desk.care, T0 + timedelta(minutes=1))
    assert desk.care.state.topics
    assert [r.getMessage() for r in caplog.records] == [f"admin chat {ADMIN_CHAT_ID}: topics"]
    chat.say("after")
    await desk.run()
    [opened] = desk.fake.calls_of("createForumTopic")
    thread_id = opened.result["message_thread_id"]
    assert [c.text for c in desk.topic_posts(thread_id) if c.method == "copyMessage"] == ["after"]


async def test_an_admin_chat_that_stops_being_a_forum_falls_back_to_replies_at_the_next_tick(
    sessionmaker, catalog, caplog
) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="en")
    await verified_user(desk, AIGERIM, "+77011234567")
    await watch_admin_chat(desk.bot, desk.care, T0)  # at start: topics
    assert desk.care.state.topics

    forum(desk, on=False)
    with caplog.at_level(logging.INFO, logger="care.desk.admin_chat"):
        await watch_admin_chat(desk.bot, desk.care, T0 + timedelta(minutes=1))
    assert not desk.care.state.topics
    assert [r.getMessage() for r in caplog.records] == [f"admin chat {ADMIN_CHAT_ID}: replies"]
    chat = desk.chat(AIGERIM)
    chat.say("hello")
    await desk.run()
    assert desk.fake.calls_of("createForumTopic") == []  # not even tried
    header, copy = desk.fake.sent_to(ADMIN_CHAT_ID)
    assert copy.text == "hello"
    assert copy.message["reply_to_message"]["message_id"] == header.result["message_id"]


@pytest.mark.parametrize(
    ("code", "description"), [(502, "Bad Gateway"), (400, "Bad Request: chat not found")]
)
@pytest.mark.parametrize("topics", [True, False])
async def test_a_failed_look_keeps_the_last_known_topics(
    sessionmaker, catalog, topics, code, description
) -> None:
    desk = DeskHarness(sessionmaker, catalog, topics=topics)
    await watch_admin_chat(desk.bot, desk.care, T0)
    assert desk.care.state.topics is topics

    forum(desk, on=not topics)
    desk.fake.fail("getChat", code, description)
    await watch_admin_chat(desk.bot, desk.care, T0 + timedelta(minutes=1))
    assert desk.care.state.topics is topics  # Telegram said nothing about it

    await watch_admin_chat(desk.bot, desk.care, T0 + timedelta(minutes=2))
    assert desk.care.state.topics is not topics  # it answers again: the change is seen
