"""What the database's files hold, byte for byte (SQLite: the file, its WAL, shared memory)."""

from pathlib import Path

import pytest

from tests.conftest import database_url

ON_SQLITE_FILES = pytest.mark.skipif(
    database_url() != "sqlite+aiosqlite://", reason="reads the SQLite file and its WAL"
)


def left_on_disk(database: Path, needles: list[str]) -> list[str]:
    """Which needles the database's files still hold."""
    files = [f for f in database.parent.iterdir() if f.name.startswith(database.name)]
    found = []
    for file in files:
        content = file.read_bytes()
        found += [f"{needle!r} in {file.name}" for needle in needles if needle.encode() in content]
    return found
