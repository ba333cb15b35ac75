"""The real sandbox, `python -m bot sandbox`, as a process of its own."""

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from sandbox.telegram.server import free_port

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = re.compile(r"https?://127\.0\.0\.1:\d+/?")
START_TIMEOUT = 90  # seconds: aiogram alone takes several seconds of CPU on a busy machine
STOP_TIMEOUT = 30


class Sandbox:
    """`python -m bot sandbox --port <port> [--fresh]` in its own folder, stopped by its pid."""

    def __init__(self, workdir: Path, fresh: bool = True, port: int | None = None) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        self.url = ""
        env = {
            key: value
            for key, value in os.environ.items()
            if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"}
        }
        env["PYTHONPATH"] = str(ROOT)
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "sandbox", "--port", str(self.port)]
            + (["--fresh"] if fresh else []),
            cwd=workdir,  # its data/ goes here, and no stray .env is read
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_ready(self) -> str:
        """The address the sandbox prints once it serves the page (bounded wait)."""
        while True:
            try:
                line = self.lines.get(timeout=START_TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"the sandbox printed no address:\n{self.log()}") from None
            if line is None:
                raise AssertionError(f"the sandbox exited early:\n{self.log()}")
            self.output.append(line)
            found = ADDRESS.search(line)
            if found:
                self.url = found.group().rstrip("/")
                return self.url

    def log(self) -> str:
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.output.append(line)
        return "".join(self.output)

    def stop(self) -> int:
        """SIGINT, as Ctrl+C does; the exit code, killing it if it hangs."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"the sandbox did not stop on SIGINT:\n{self.log()}") from None
        self.reader.join(timeout=5)
        return code


def started(workdir: Path, fresh: bool = True, port: int | None = None) -> Sandbox:
    """A sandbox serving its page (bounded wait); stopped again if it does not get there."""
    box = Sandbox(workdir, fresh, port)
    try:
        box.wait_ready()
    except BaseException:
        box.stop()
        raise
    return box
