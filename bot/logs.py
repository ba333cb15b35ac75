"""Process logging: ids only, at every level: never a phone, a name or a message text.

Our own loggers follow LOG_LEVEL. Libraries are held at the lowest level at which they print
no personal data (the chatty ones at WARNING unless LOG_LEVEL=DEBUG), and the formatter hides
what still reaches an error line: the bot token and the few library messages known to quote
data.
"""

import logging
import re
import sys
from collections.abc import Iterable
from types import TracebackType
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
OWN_LOGGERS = ("qamqor", "bot", "care", "handlers", "storage")

# Any library not named below: its DEBUG lines are unreviewed, so it starts at INFO.
LIBRARY_FLOOR = logging.INFO
LIBRARY_FLOORS = {
    # DEBUG: every call with its arguments (SQL statements and their parameters).
    "aiosqlite": logging.INFO,
    # INFO: statements (parameters unless `hide_parameters`); DEBUG: result rows.
    "sqlalchemy": logging.WARNING,
    # INFO: a line per update, ids only, but one per update is noise.
    "aiogram.event": logging.WARNING,
    # DEBUG: FSM data of scenes.
    "aiogram.scene": logging.INFO,
}
# Libraries that speak at INFO on every run of a frequent job (APScheduler: "Running job ...",
# "... executed successfully" for a one-second tick): held at WARNING unless LOG_LEVEL=DEBUG,
# so INFO shows our one line per tick.
BUSY_LIBRARIES = {"apscheduler": logging.WARNING}

HIDDEN = "<hidden>"
# Library messages that quote data, whatever their level.
QUOTING = (
    # PostgreSQL's DETAIL names the values of a violated key ("Key (phone)=(+7...)").
    (re.compile(r"(DETAIL:)[^\n]*"), rf"\1 {HIDDEN}"),
    # aiogram's ClientDecodeError ends with the whole Bot API answer: users' messages.
    (re.compile(r"^(Content:)[^\n]*", re.MULTILINE), rf"\1 {HIDDEN}"),
    # pydantic quotes the value it refused.
    (re.compile(r"(input_value=).*?(, input_type=)"), rf"\1{HIDDEN}\2"),
)


class RedactingFormatter(logging.Formatter):
    """Hides secrets and quoted data in the whole line, traceback included."""

    def __init__(self, fmt: str = FORMAT, secrets: Iterable[str] = ()) -> None:
        super().__init__(fmt)
        hidden: set[str] = set()
        for secret in secrets:
            # A bot token's part after the colon is the secret; the id before it is public.
            hidden.update(part for part in (secret, secret.partition(":")[2]) if len(part) >= 8)
        self._secrets = sorted(hidden, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self._secrets:
            line = line.replace(secret, HIDDEN)
        for pattern, replacement in QUOTING:
            line = pattern.sub(replacement, line)
        return line


def configure_logging(
    level: str | int, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> logging.Handler:
    """One stderr handler on the root; `secrets` (the bot token, ...) never appear in it."""
    if isinstance(level, str):
        level = logging.getLevelNamesMapping()[level.upper()]
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(RedactingFormatter(FORMAT, secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(max(level, LIBRARY_FLOOR))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level)
    for name, floor in LIBRARY_FLOORS.items():
        logging.getLogger(name).setLevel(max(level, floor))
    for name, floor in BUSY_LIBRARIES.items():
        logging.getLogger(name).setLevel(
            max(level, LIBRARY_FLOOR if level <= logging.DEBUG else floor)
        )
    sys.excepthook = log_uncaught
    # Says why DEBUG shows no SQL or updates: that is on purpose.
    logging.getLogger("qamqor").debug(
        "debug logging for %s; libraries at INFO or above", ", ".join(OWN_LOGGERS)
    )
    return handler


def log_uncaught(
    kind: type[BaseException], exc: BaseException, traceback: TracebackType | None
) -> None:
    """A traceback that escapes main() goes through the formatter above, not straight to stderr."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, traceback)
        return
    logging.getLogger("qamqor").critical(
        "stopped by an uncaught error", exc_info=(kind, exc, traceback)
    )
