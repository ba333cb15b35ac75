import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
ADMIN = "-1001234567890"  # a supergroup: -100 and the group's own id
VARIABLES = [
    "BOT_TOKEN",
    "ADMIN_CHAT_ID",
    "DATABASE_URL",
    "BOT_API_URL",
    "REDIS_URL",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "TIMEZONE",
    "DEFAULT_LOCALE",
    "DEADLINE_ACCESS",
    "DEADLINE_COMPLAINT",
    "EXTRA_DAYS_OFF",
    "EXTRA_WORKING_DAYS",
    "PAUSE_WHILE_AWAITING_USER",
    "REMIND_USER_AFTER",
    "EXPIRE_UNANSWERED_AFTER",
    "SUBJECT_HASH_KEY",
    "STATEMENT_FILE",
    "DIGEST_AT",
    "CARE_LOG_RETENTION_DAYS",
    "UNFINISHED_USER_DAYS",
    "POLICY_NOTICE_DAYS",
]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield
    for name in VARIABLES:  # what `settings()` set stays out of later tests
        os.environ.pop(name, None)


def settings(**env: str):
    for name, value in env.items():
        os.environ[name] = value
    return load_settings(_env_file=None)


def test_defaults_follow_the_design(monkeypatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("ADMIN_CHAT_ID", ADMIN)
    s = load_settings(_env_file=None)
    assert s.database_url == "sqlite+aiosqlite:///data/qamqor.db"
    assert str(s.bot_api_url) == "https://api.telegram.org/"
    assert (s.redis_url, s.webhook_url, s.timezone, s.default_locale) == (
        None,
        None,
        "Asia/Almaty",
        "ru",
    )
    assert not s.webhook_mode


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"ADMIN_CHAT_ID": ADMIN}, "BOT_TOKEN: required"),
        ({"BOT_TOKEN": "123:abc"}, "ADMIN_CHAT_ID: required"),
        ({"BOT_TOKEN": "nonsense", "ADMIN_CHAT_ID": ADMIN}, "BOT_TOKEN:"),
        ({"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": "chat"}, "ADMIN_CHAT_ID:"),
        ({"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": "12345"}, "ADMIN_CHAT_ID: expected"),
        ({"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": "-12345"}, "ADMIN_CHAT_ID: expected"),
        ({"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": "-1001"}, "ADMIN_CHAT_ID: expected"),
        ({"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": ADMIN, "TIMEZONE": "Mars/Base"}, "TIMEZONE:"),
        ({"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": ADMIN, "DEFAULT_LOCALE": "de"}, "DEFAULT_LOCALE:"),
        ({"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": ADMIN, "BOT_API_URL": "nope"}, "BOT_API_URL:"),
        (
            {"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": ADMIN, "DATABASE_URL": "sqlite:///x"},
            "DATABASE_URL:",
        ),
        ({"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": ADMIN, "REDIS_URL": "localhost"}, "REDIS_URL:"),
        ({"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": ADMIN, "DIGEST_AT": "9am"}, "DIGEST_AT: expected"),
        ({"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": ADMIN, "DIGEST_AT": "24:00"}, "DIGEST_AT:"),
        (
            {"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": ADMIN, "CARE_LOG_RETENTION_DAYS": "-1"},
            "CARE_LOG_RETENTION_DAYS:",
        ),
        (
            {"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": ADMIN, "WEBHOOK_URL": "https://x.kz/hook"},
            "WEBHOOK_SECRET: required",
        ),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError) as caught:
        settings(**env)
    message = str(caught.value)
    assert named in message
    assert "\n" not in message


def test_without_token_the_process_says_one_line_and_exits_2(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "ADMIN_CHAT_ID": ADMIN}
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,  # no .env here
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "BOT_TOKEN" in lines[0]
    assert done.stdout == ""


def test_a_chat_id_that_is_not_a_supergroup_stops_the_process_with_one_line(
    tmp_path: Path,
) -> None:
    env = {"PATH": os.environ["PATH"], "BOT_TOKEN": "123:abc", "ADMIN_CHAT_ID": "12345"}
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("qamqor: ADMIN_CHAT_ID: expected the admin supergroup's id")
    assert len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""


def test_the_law_s_clocks_are_settings(monkeypatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("ADMIN_CHAT_ID", ADMIN)
    s = load_settings(_env_file=None)
    assert s.deadlines == {
        "access": 3,
        "correction": 1,
        "deletion": 1,
        "blocking": 1,
        "withdrawal": 15,
        "objection": 3,
        "complaint": 3,
        "question": 3,
    }
    assert s.extra_days_off == [] and s.pause_while_awaiting_user
    assert s.remind_user_after == [2, 5] and s.expire_unanswered_after == 10
    monkeypatch.setenv("DEADLINE_COMPLAINT", "10")
    monkeypatch.setenv("EXTRA_DAYS_OFF", "2026-12-31, 2027-01-03")
    monkeypatch.setenv("EXTRA_WORKING_DAYS", "2027-01-09")
    monkeypatch.setenv("PAUSE_WHILE_AWAITING_USER", "false")
    monkeypatch.setenv("REMIND_USER_AFTER", "7, 3,3")
    s = load_settings(_env_file=None)
    assert s.remind_user_after == [3, 7]
    assert s.deadlines["complaint"] == 10
    assert [d.isoformat() for d in s.extra_days_off] == ["2026-12-31", "2027-01-03"]
    assert [d.isoformat() for d in s.extra_working_days] == ["2027-01-09"]
    assert not s.pause_while_awaiting_user


def test_the_subject_hash_key_is_a_setting_or_derived_from_the_token(monkeypatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("ADMIN_CHAT_ID", ADMIN)
    derived = load_settings(_env_file=None).subject_key
    assert derived and b"123:abc" not in derived
    monkeypatch.setenv("SUBJECT_HASH_KEY", "operator-secret")
    assert load_settings(_env_file=None).subject_key == b"operator-secret"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("EXTRA_DAYS_OFF", "2026-13-01"),
        ("DEADLINE_ACCESS", "-1"),
        ("DEADLINE_ACCESS", "soon"),
        ("REMIND_USER_AFTER", "2,soon"),
        ("REMIND_USER_AFTER", "0"),
    ],
)
def test_bad_clock_settings_name_the_variable(monkeypatch, name: str, value: str) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("ADMIN_CHAT_ID", ADMIN)
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert str(caught.value).startswith(f"{name}:")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, time(9, 0)), ("07:30", time(7, 30)), ("9:05", time(9, 5)), ("", None), ("off", None)],
)
def test_the_digest_time_is_local_hours_and_minutes_or_off(monkeypatch, value, expected) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("ADMIN_CHAT_ID", ADMIN)
    if value is not None:
        monkeypatch.setenv("DIGEST_AT", value)
    s = load_settings(_env_file=None)
    assert s.digest_at == expected
    assert (s.care_log_retention_days, s.unfinished_user_days) == (365, 30)


def test_the_policy_notice_period_defaults_to_ten_days_and_reaches_the_desk(monkeypatch) -> None:
    from bot.app import build_desk
    from care.common.texts import Catalog

    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("ADMIN_CHAT_ID", ADMIN)
    assert load_settings(_env_file=None).policy_notice_days == 10
    monkeypatch.setenv("POLICY_NOTICE_DAYS", "30")
    desk = build_desk(load_settings(_env_file=None), Catalog())
    assert desk.policy_notice_days == 30 and not desk.state.supervisors.ids


def test_probes_are_served_beside_a_webhook_or_where_a_port_is_set(monkeypatch) -> None:
    for name in ("WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_PORT"):
        monkeypatch.delenv(name, raising=False)
    base = {"BOT_TOKEN": "1:a", "ADMIN_CHAT_ID": ADMIN}
    for name, value in base.items():
        monkeypatch.setenv(name, value)
    assert not load_settings(_env_file=None).serves_probes  # plain polling opens no port
    monkeypatch.setenv("WEBHOOK_PORT", "9100")
    polling = load_settings(_env_file=None)
    assert not polling.webhook_mode
    assert polling.serves_probes and polling.webhook_port == 9100
    monkeypatch.delenv("WEBHOOK_PORT")
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.kz/tg")
    monkeypatch.setenv("WEBHOOK_SECRET", "s")
    assert load_settings(_env_file=None).serves_probes
