"""What a sandbox keeps between runs, in one folder: `sandbox.db` (the bot's database),
`sandbox.json` (the world) and `sandbox-files/` (the files' contents). One sandbox at a time
uses a folder (`sandbox.lock`)."""

import asyncio
import contextlib
import json
import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO

from sqlalchemy.exc import DBAPIError

from sandbox.world import World
from storage import updates
from storage.engine import build_engine, build_sessionmaker

try:
    import fcntl
except ImportError:  # Windows: no lock, one sandbox per folder is then up to the person
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("qamqor.sandbox")
SAVE_EVERY = 1.0  # seconds between looks at whether the world changed
MESSAGE_ID_GAP = 1000  # a world saved up to a second before a crash may be behind the database


class KeepingError(Exception):
    """The folder cannot be used; the message is one line for the person at the keyboard."""


class Folder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.database = path / "sandbox.db"
        self.world = path / "sandbox.json"
        self.files = path / "sandbox-files"
        self._lock: IO[str] | None = None
        self._written: set[str] = set()  # files already in `files`

    @property
    def database_url(self) -> str:
        return f"sqlite+aiosqlite:///{self.database}"

    def claim(self) -> None:
        """Hold the folder for this run; KeepingError when another sandbox holds it."""
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock = (self.path / "sandbox.lock").open("w")
        if fcntl is None:
            return
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise KeepingError(f"another sandbox is running in {self.path}/") from None

    def forget(self) -> None:
        """`--fresh`: the sandbox's own files, nothing else of the folder."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            self.database.with_name(self.database.name + suffix).unlink(missing_ok=True)
        for path in (self.world, self.world.with_suffix(".tmp")):
            path.unlink(missing_ok=True)
        shutil.rmtree(self.files, ignore_errors=True)

    def load(self, world: World) -> None:
        if not self.world.exists():
            if self.database.exists():
                raise KeepingError(
                    f"{self.database} has no {self.world.name} beside it: start with --fresh"
                )
            return
        try:
            saved = json.loads(self.world.read_text(encoding="utf-8"))
            world.restore(saved, lambda file_id: (self.files / file_id).read_bytes())
        except (ValueError, OSError) as exc:
            raise KeepingError(
                f"{self.world} cannot be read back ({exc}): move it away or start with --fresh"
            ) from None

    async def catch_up(self, world: World) -> None:
        """Number on from where the bot's database is, should the world be behind it: the bot
        skips an update id it handled before."""
        handled = 0
        if self.database.exists():
            engine = build_engine(self.database_url)
            try:
                async with build_sessionmaker(engine)() as session:
                    handled = await updates.newest(session)
            except DBAPIError:
                pass  # not migrated yet: nothing handled
            finally:
                await engine.dispose()
        fake = world.fake
        fake.last_update_id = max(fake.last_update_id, handled)
        for chat in fake.last_message_ids:
            fake.last_message_ids[chat] += MESSAGE_ID_GAP

    def save(self, world: World) -> None:
        self.files.mkdir(exist_ok=True)
        for file_id in world.fake.uploads.keys() - self._written:
            path = self.files / file_id
            if not path.exists():
                path.write_bytes(world.fake.uploads[file_id])
            self._written.add(file_id)
        temporary = self.world.with_suffix(".tmp")
        temporary.write_text(json.dumps(world.snapshot()), encoding="utf-8")
        temporary.replace(self.world)

    @contextlib.asynccontextmanager
    async def keeping(self, world: World) -> AsyncIterator[None]:
        """Save the world now, whenever it changed (a look each second), and at the end."""
        saved = -1

        def save() -> None:
            nonlocal saved
            if world.fake.changes != saved:
                changes = world.fake.changes
                self.save(world)
                saved = changes

        async def every_second() -> None:
            while True:
                await asyncio.sleep(SAVE_EVERY)
                try:
                    save()
                except (OSError, ValueError):
                    log.exception("the sandbox world could not be saved; trying again")

        save()
        task = asyncio.create_task(every_second())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            save()
