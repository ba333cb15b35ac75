"""The real `python -m bot sandbox` without a browser: Ctrl-C stops it cleanly even with a page
listening, a restart keeps the world and the bot's database and goes on where it was, and
`--fresh` starts over."""

import http.client
import json
import socket
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from sandbox.main import port_in_use
from tests.sandbox.launch import Sandbox, started

pytestmark = pytest.mark.e2e


def api(box: Sandbox, path: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    request = urllib.request.Request(f"{box.url}/api/{path}", data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def wait_for(box: Sandbox, found: Callable[[dict[str, Any]], Any], timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := found(api(box, "state"))):
        assert time.monotonic() < deadline, box.log()
        time.sleep(0.3)
    return value


def from_bot(state: dict[str, Any], user: int) -> list[dict[str, Any]]:
    return [m for m in state["messages"] if m["chat"]["id"] == user and m["from"]["is_bot"]]


def test_a_restart_keeps_the_world_and_goes_on(tmp_path: Path) -> None:
    box = started(tmp_path, fresh=True)
    try:
        body = {"first_name": "Aruzhan", "language_code": "kk", "phone": "+77011234567"}
        user = api(box, "users", body)["user"]["id"]
        api(box, "send", {"chat_id": user, "from_id": user, "text": "/start"})
        first = wait_for(box, lambda state: from_bot(state, user))
        assert first[0]["reply_markup"]["inline_keyboard"]  # the language picker
        listening = http.client.HTTPConnection("127.0.0.1", box.port, timeout=10)
        listening.request("GET", "/api/events")  # a page is open while Ctrl-C comes
        assert listening.getresponse().status == 200
    finally:
        assert box.stop() == 0, box.log()
    listening.close()

    # At once and on the same port, as the README has it: the port's connections closed by
    # Ctrl-C still wait in TIME-WAIT.
    box = started(tmp_path, fresh=False, port=box.port)
    try:
        state = api(box, "state")
        assert [u["id"] for u in state["users"]] == [user]
        assert from_bot(state, user) == first
        api(box, "send", {"chat_id": user, "from_id": user, "text": "/start"})
        # Update and message numbers went on: the bot, which remembers the update ids it
        # handled, answers the new /start instead of skipping it as one seen before.
        again = wait_for(box, lambda s: len(from_bot(s, user)) > len(first) and from_bot(s, user))
        assert again[-1]["message_id"] > first[-1]["message_id"]
    finally:
        assert box.stop() == 0, box.log()

    box = started(tmp_path, fresh=True, port=box.port)
    try:
        state = api(box, "state")
        assert state["users"] == [] and state["messages"] == []
    finally:
        assert box.stop() == 0, box.log()


def test_a_taken_port_is_one_line_and_exit_2(tmp_path: Path) -> None:
    box = started(tmp_path / "first")
    try:
        second = Sandbox(tmp_path / "second", port=box.port)
        assert second.proc.wait(timeout=60) == 2, second.log()
        assert second.log().strip() == f"qamqor: 127.0.0.1:{box.port} is in use; try --port"
    finally:
        assert box.stop() == 0, box.log()


def test_a_port_whose_connections_only_linger_is_free() -> None:
    """Ctrl-C leaves the port's closed connections in TIME-WAIT for a minute; the next run
    binds it all the same (as aiohttp does), so the probe must not call it in use."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as client:
            accepted, _ = server.accept()
            accepted.close()  # the server's side closes first: its end waits in TIME-WAIT
            client.recv(1)
    assert not port_in_use(port)
    with socket.create_server(("127.0.0.1", port)):
        assert port_in_use(port)  # a listening socket still is in use


def test_an_unknown_command_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbx"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("qamqor: unknown command 'sandbx'")
