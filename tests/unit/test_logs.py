"""Process logging: library loggers held back, secrets and quoted data hidden."""

import io
import logging
import sys
from collections.abc import Iterator

import asyncpg
import pytest
from aiogram.exceptions import ClientDecodeError, TelegramNetworkError
from aiogram.methods import GetUpdates
from aiogram.types import Update
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from bot.logs import (
    BUSY_LIBRARIES,
    LIBRARY_FLOORS,
    OWN_LOGGERS,
    RedactingFormatter,
    configure_logging,
)

TOKEN = "424242:AAHx7Qv2LogLeakCanary9kWm"
PHONE = "+77011234567"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """configure_logging on a buffer; the root and every logger it touched restored after."""
    root = logging.getLogger()
    names = [*OWN_LOGGERS, *LIBRARY_FLOORS, *BUSY_LIBRARIES]
    saved = root.level, root.handlers[:], {n: logging.getLogger(n).level for n in names}
    hook = sys.excepthook
    buffer = io.StringIO()
    yield buffer
    sys.excepthook = hook
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord(
        "aiogram.dispatcher", logging.ERROR, __file__, 1, message, args, exc_info
    )


def test_debug_reaches_our_loggers_only(stream: io.StringIO) -> None:
    configure_logging("DEBUG", stream=stream)
    logging.getLogger("care.relay").debug("our debug line")
    logging.getLogger("aiosqlite").debug("executing %s", PHONE)
    logging.getLogger("sqlalchemy.engine.Engine").info("INSERT ... %s", PHONE)
    logging.getLogger("aiogram.event").info("Update id=1 is handled")
    logging.getLogger("some.new.library").debug("unreviewed %s", PHONE)
    logging.getLogger("aiogram.dispatcher").info("Start polling")
    output = stream.getvalue()
    assert "our debug line" in output and "Start polling" in output
    assert PHONE not in output and "Update id=1" not in output


def test_a_quieter_level_quiets_libraries_too(stream: io.StringIO) -> None:
    configure_logging("WARNING", stream=stream)
    logging.getLogger("qamqor").info("ours at INFO")
    logging.getLogger("aiogram.dispatcher").info("Start polling")
    logging.getLogger("aiosqlite").warning("a library warning")
    assert stream.getvalue().splitlines()[-1].endswith("aiosqlite: a library warning")
    assert "ours at INFO" not in stream.getvalue() and "Start polling" not in stream.getvalue()


def test_the_scheduler_s_per_run_lines_stay_out_of_info(stream: io.StringIO) -> None:
    """APScheduler says "Running job ..." and "executed successfully" at INFO for every run
    of a one-second tick: at INFO only our own line per tick shows."""
    configure_logging("INFO", stream=stream)
    logging.getLogger("apscheduler.executors.default").info('Running job "feed_deliveries"')
    logging.getLogger("apscheduler.scheduler").info('Added job "chase" to job store "default"')
    logging.getLogger("bot.scheduler").info("tick chase: reminded=1 ms=3")
    logging.getLogger("apscheduler.executors.default").warning("Run time of job was missed")
    output = stream.getvalue()
    assert "Running job" not in output and "Added job" not in output
    assert "tick chase: reminded=1" in output and "was missed" in output


def test_debug_shows_the_scheduler_s_runs(stream: io.StringIO) -> None:
    configure_logging("DEBUG", stream=stream)
    logging.getLogger("apscheduler.executors.default").info('Running job "feed_deliveries"')
    assert "Running job" in stream.getvalue()


def test_the_token_is_hidden_wherever_it_appears() -> None:
    formatter = RedactingFormatter(secrets=[TOKEN, "", "short"])
    url = f"http://api.example/bot{TOKEN}/getUpdates"
    failure = TelegramNetworkError(GetUpdates(), f"TooManyRedirects: 0, url={url!r}")
    try:
        raise failure
    except TelegramNetworkError as exc:
        line = formatter.format(record("Failed to fetch updates - %s", exc, exc=exc))
    assert "AAHx7Qv2" not in line and "/bot<hidden>/getUpdates" in line
    encoded = formatter.format(record("GET /bot424242%3AAAHx7Qv2LogLeakCanary9kWm/getMe"))
    assert "AAHx7Qv2" not in encoded  # the secret half alone is hidden too
    assert "short" in formatter.format(record("a short word stays"))  # too short to be a secret


def test_postgres_detail_is_hidden() -> None:
    violation = asyncpg.PostgresError.new(
        {
            "C": "23505",
            "M": 'duplicate key value violates unique constraint "users_phone_key"',
            "D": f"Key (phone)=({PHONE}) already exists.",
        }
    )
    error = IntegrityError("UPDATE users SET phone=$1", (PHONE,), violation, hide_parameters=True)
    try:
        raise error
    except IntegrityError as exc:
        line = RedactingFormatter().format(record("Cause exception: %s", exc, exc=exc))
    assert "7011234567" not in line
    assert "DETAIL: <hidden>" in line and "users_phone_key" in line


def test_an_unreadable_bot_api_answer_is_not_quoted() -> None:
    answer = {"update_id": 1, "message": {"date": "soon", "text": f"Zarina {PHONE}"}}
    try:
        Update.model_validate(answer)
    except ValidationError as invalid:
        error = ClientDecodeError("Failed to deserialize object", invalid, answer)
    line = RedactingFormatter().format(record("Failed to fetch updates - %s", error))
    assert "Zarina" not in line and "7011234567" not in line
    assert "Content: <hidden>" in line and "input_value=<hidden>" in line


def test_an_uncaught_error_is_logged_through_the_formatter(stream: io.StringIO) -> None:
    configure_logging("INFO", secrets=[TOKEN], stream=stream)
    try:
        raise TelegramNetworkError(GetUpdates(), f"TooManyRedirects: url='/bot{TOKEN}/getMe'")
    except TelegramNetworkError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    output = stream.getvalue()
    assert "CRITICAL qamqor: stopped by an uncaught error" in output
    assert "Traceback" in output and "/bot<hidden>/getMe" in output and "AAHx7Qv2" not in output
