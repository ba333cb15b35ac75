"""`/healthz` and `/metrics` beside the webhook: health of the database and the scheduler,
Prometheus figures fed by real updates, real Bot API calls and real rows."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import Metrics
from bot.probes import Probes, probe_app
from bot.webhook import build_webhook_app
from care.desk import inbound
from storage.engine import build_engine, build_sessionmaker
from storage.models import Campaign, Delivery, Request
from storage.people import users
from tests.fake_telegram import Person
from tests.flow.harness import DeskHarness
from tests.flow.onboarded import verified_user

SECRET = "s3cret-token"
HEADER = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
AIGERIM = Person(1001, "Aigerim", "Sadykova", "aigerim", language_code="en")
PHONE = "+77011234567"
NOW = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)  # Friday 20 November, 11:00 in Almaty


@asynccontextmanager
async def scheduler(started: bool = True) -> AsyncIterator[AsyncIOScheduler]:
    jobs = AsyncIOScheduler(timezone=UTC)
    if started:
        jobs.start()
    try:
        yield jobs
    finally:
        if jobs.running:
            jobs.shutdown(wait=False)


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
def desk(sessionmaker, catalog, metrics: Metrics) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en", metrics=metrics)


async def get(app, path: str) -> tuple[int, str]:
    async with TestClient(TestServer(app)) as client:
        answer = await asyncio.wait_for(client.get(path), timeout=10)
        return answer.status, await answer.text()


def sample(page: str, name: str, **labels: str) -> float | None:
    """The value of one sample of a Prometheus text page, or None when it is absent."""
    for family in text_string_to_metric_families(page):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return found.value
    return None


# ---- /healthz ----------------------------------------------------------------------------


async def test_healthy_when_the_database_answers_and_the_scheduler_runs(
    desk: DeskHarness, metrics: Metrics
) -> None:
    async with scheduler() as jobs:
        probes = Probes(desk.sessionmaker, jobs, metrics, desk.care)
        app = build_webhook_app(desk.bot, desk.dispatcher, "/tg/hook", SECRET, probes)
        assert await get(app, "/healthz") == (200, "ok\n")


async def test_unhealthy_when_the_scheduler_is_not_running(
    desk: DeskHarness, metrics: Metrics
) -> None:
    async with scheduler(started=False) as jobs:
        probes = Probes(desk.sessionmaker, jobs, metrics, desk.care)
        status, body = await get(probe_app(probes), "/healthz")
    assert (status, body) == (503, "scheduler: not running\n")


async def test_unhealthy_when_the_database_does_not_answer(
    desk: DeskHarness, metrics: Metrics
) -> None:
    nowhere = build_engine("postgresql+asyncpg://qamqor:pw@127.0.0.1:1/qamqor")  # refused
    try:
        async with scheduler() as jobs:
            probes = Probes(build_sessionmaker(nowhere), jobs, metrics, desk.care)
            status, body = await get(probe_app(probes), "/healthz")
            assert (status, body) == (503, "database: not answering\n")

            # The metrics page still serves the counters; database figures are left out.
            status, page = await get(probe_app(probes), "/metrics")
    finally:
        await nowhere.dispose()
    assert status == 200
    assert "# TYPE qamqor_updates_total counter" in page
    assert sample(page, "qamqor_requests_open", kind="access") is None


class Silent:
    """A session whose database never answers."""

    async def __aenter__(self) -> "Silent":
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def execute(self, *args: Any, **kwargs: Any) -> None:
        await asyncio.Event().wait()


async def test_a_database_that_hangs_is_unhealthy_within_the_timeout(
    desk: DeskHarness, metrics: Metrics
) -> None:
    async with scheduler(started=False) as jobs:
        probes = Probes(Silent, jobs, metrics, desk.care, timeout=0.05)  # type: ignore[arg-type]
        status, body = await get(probe_app(probes), "/healthz")
    assert status == 503
    assert body == "database: not answering\nscheduler: not running\n"


# ---- /metrics ----------------------------------------------------------------------------


def request(user_id: int, number: int, kind: str, status: str, due: date) -> Request:
    return Request(
        reference=f"Q-2026-{number:06d}",
        user_id=user_id,
        subject_hash="0" * 64,
        kind=kind,
        status=status,
        language="en",
        created_at=NOW,
        received_on=date(2026, 11, 2),
        deadline_days=3,
        paused_days=0,
        due_on=due,
        data={},
    )


async def crafted_rows(desk: DeskHarness, user_id: int) -> None:
    """Requests open, overdue, waiting and closed; a campaign's deliveries in three states."""
    async with desk.sessionmaker.begin() as session:
        other = await users.add_user(session, 2002, "ru", NOW)
        late, soon = date(2026, 11, 18), date(2026, 11, 25)
        session.add_all(
            [
                request(user_id, 1, "access", "new", late),  # overdue
                request(user_id, 2, "deletion", "in_progress", soon),  # open, on time
                request(other.id, 3, "access", "awaiting_user", late),  # its clock stands
                request(other.id, 4, "deletion", "resolved", late),  # closed
            ]
        )
        campaign = Campaign(
            kind="broadcast",
            audience="all",
            source={"chat_id": 1, "message_ids": [1]},
            created_by=500,
            created_at=NOW,
            status="running",
            total=3,
        )
        session.add(campaign)
        await session.flush()
        for person, status in ((user_id, "sent"), (other.id, "pending"), (user_id, "failed")):
            session.add(Delivery(campaign_id=campaign.id, user_id=person, status=status,
                                 updated_at=NOW))  # fmt: skip


async def test_metrics_count_updates_api_calls_errors_rows_and_relay_latency(
    desk: DeskHarness, metrics: Metrics, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await verified_user(desk, AIGERIM, PHONE)
    await crafted_rows(desk, user.id)
    async with scheduler() as jobs:
        probes = Probes(desk.sessionmaker, jobs, metrics, desk.care, clock=lambda: NOW)
        app = build_webhook_app(desk.bot, desk.dispatcher, "/tg/hook", SECRET, probes)
        async with TestClient(TestServer(app)) as client:

            async def post_updates() -> None:
                for raw in desk.fake.take_updates():
                    answer = await client.post("/tg/hook", json=raw, headers=HEADER)
                    assert answer.status == 200

            desk.chat(AIGERIM).say("Hello, I need help")
            await post_updates()
            await desk.sender.drain()
            assert [c.text for c in desk.fake.calls_of("copyMessage")] == ["Hello, I need help"]

            # Telegram refuses the next copy; then a handler fails outright (apologised).
            desk.fake.fail("copyMessage", 400, "Bad Request: message to copy not found")
            desk.chat(AIGERIM).say("a message Telegram will not copy")
            await post_updates()
            await desk.sender.drain()

            async def broken(*args: Any, **kwargs: Any) -> None:
                raise RuntimeError("a bug")

            monkeypatch.setattr(inbound, "relay_from_user", broken)
            desk.chat(AIGERIM).say("this one meets a bug")
            await post_updates()
            await desk.sender.drain()

            answer = await client.get("/metrics")
            assert answer.status == 200
            assert answer.headers["Content-Type"].startswith("text/plain; version=")
            page = await answer.text()

    assert sample(page, "qamqor_updates_total", type="message") == 3
    assert sample(page, "qamqor_update_errors_total", type="message") == 1
    assert sample(page, "qamqor_bot_api_calls_total", method="createForumTopic") == 1
    assert sample(page, "qamqor_bot_api_calls_total", method="copyMessage") == 2
    failed = {"method": "copyMessage", "error": "TelegramBadRequest"}
    assert sample(page, "qamqor_bot_api_errors_total", **failed) == 1
    assert sample(page, "qamqor_bot_api_errors_total", method="createForumTopic") is None
    # Only the copy that was made is timed.
    assert sample(page, "qamqor_relay_latency_seconds_count") == 1
    assert sample(page, "qamqor_relay_latency_seconds_bucket", le="+Inf") == 1

    assert sample(page, "qamqor_requests_open", kind="access") == 2
    assert sample(page, "qamqor_requests_overdue", kind="access") == 1
    assert sample(page, "qamqor_requests_open", kind="deletion") == 1
    assert sample(page, "qamqor_requests_overdue", kind="deletion") == 0
    assert sample(page, "qamqor_requests_open", kind="complaint") == 0
    deliveries = {s: sample(page, "qamqor_deliveries", state=s) for s in ("sent", "pending")}
    assert deliveries == {"sent": 1, "pending": 1}
    assert sample(page, "qamqor_deliveries", state="failed") == 1
    assert sample(page, "qamqor_deliveries", state="queued") == 0

    # Nothing personal on a page anyone can read.
    for secret in (PHONE, "7011234567", "Aigerim", "Hello", str(AIGERIM.id)):
        assert secret not in page


async def test_each_app_has_its_own_registry(desk: DeskHarness) -> None:
    first, second = Metrics(), Metrics()
    first.updates.labels("message").inc()
    assert 'qamqor_updates_total{type="message"} 1.0' in first.exposition().decode()
    assert "qamqor_updates_total{" not in second.exposition().decode()
