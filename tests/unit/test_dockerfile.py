"""The image, checked by reading (Docker does not run here): pinned bases, a builder that makes
wheels, a runtime that installs them as a non-root user, a healthcheck that really asks
/healthz, and a build context that holds what the package is built from and nothing else."""

import asyncio
import fnmatch
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from sandbox.telegram.server import free_port
from tests.unit.dockerfile import ROOT, env, healthcheck_command, pinned, stages


def test_bases_are_pinned_and_the_build_has_two_stages() -> None:
    found = stages()
    assert len(found) >= 2, "a builder stage and a runtime stage"
    for stage in found:
        assert pinned(stage.image), stage.image
        assert stage.image.startswith("python:3.11.") and "slim-bookworm" in stage.image
    assert {stage.image for stage in found} == {found[-1].image}, "one Python for both"


def test_the_builder_makes_wheels_and_the_runtime_installs_them_without_the_source() -> None:
    *builders, runtime = stages()
    runs = " ".join(run for stage in builders for run in stage.all("RUN"))
    assert "pip wheel --no-deps --wheel-dir /wheels ." in runs
    assert runtime.all("COPY") == [] and runtime.all("ADD") == [], "no source in the runtime"
    (install,) = [run for run in runtime.all("RUN") if "pip install" in run]
    assert "--mount=type=bind,from=builder,source=/wheels" in install
    assert "--no-index --find-links=/wheels qamqor" in install
    assert runtime.all("CMD") == ['["qamqor"]']


def test_the_runtime_runs_as_a_user_that_is_not_root() -> None:
    runtime = stages()[-1]
    users = runtime.all("USER")
    assert users, "no USER: the bot would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    setup = " ".join(runtime.all("RUN"))
    assert f"--uid {user}" in setup or f"useradd --system {user}" in setup


def test_the_runtime_serves_its_probes_on_the_exposed_port() -> None:
    runtime = stages()[-1]
    port = env(runtime)["WEBHOOK_PORT"]  # set: polling mode serves /healthz too
    assert runtime.all("EXPOSE") == [port]
    assert "/healthz" in " ".join(healthcheck_command(runtime))


async def healthcheck(port: int) -> int:
    """Run the image's HEALTHCHECK command with this Python; its exit code."""
    command = healthcheck_command(stages()[-1])
    assert command[0] == "python"
    environment = {"PATH": os.environ.get("PATH", ""), "WEBHOOK_PORT": str(port)}
    environment["HTTP_PROXY"] = environment["http_proxy"] = "http://127.0.0.1:9"  # bypassed
    process = await asyncio.create_subprocess_exec(
        sys.executable, *command[1:], env=environment, stderr=subprocess.DEVNULL
    )
    return await asyncio.wait_for(process.wait(), timeout=30)


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
async def test_the_healthcheck_asks_healthz_on_webhook_port(status: int, healthy: bool) -> None:
    asked: list[str] = []

    async def probe(request: web.Request) -> web.Response:
        asked.append(request.path)
        return web.Response(status=status, text="ok\n" if healthy else "scheduler: not running\n")

    app = web.Application()
    app.router.add_get("/healthz", probe)
    async with TestServer(app, host="127.0.0.1", port=free_port()) as server:
        code = await healthcheck(server.port)
    assert asked == ["/healthz"]
    assert (code == 0) is healthy


async def test_the_healthcheck_fails_when_nothing_listens() -> None:
    assert await healthcheck(free_port()) != 0


def build_context(destination: Path) -> list[str]:
    """Copy what .dockerignore lets into the build context (a leading `*`, then `!` lines
    letting top-level entries back in, then exclusions); the names let in."""
    lines = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "*", "a whitelist: nothing enters the context unless named"
    allowed = [line[1:] for line in lines if line.startswith("!")]
    excluded = [line.removeprefix("**/") for line in lines[1:] if not line.startswith("!")]
    for name in allowed:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns(*excluded))
        else:
            shutil.copy2(source, destination / name)
    return allowed


def test_the_build_context_holds_every_package_and_no_secrets() -> None:
    allowed = build_context_names()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = project["tool"]["setuptools"]["packages"]["find"]["include"]
    for pattern in packages:
        assert pattern.rstrip("*") in allowed, f"{pattern} is packaged but not in the context"
    assert {"pyproject.toml", project["project"]["readme"]} <= set(allowed)
    for secret in (".env", "data", "tests", ".git", "bench"):
        assert not any(fnmatch.fnmatch(secret, name) for name in allowed), secret


def build_context_names() -> list[str]:
    text = (ROOT / ".dockerignore").read_text(encoding="utf-8")
    return [line.strip()[1:] for line in text.splitlines() if line.strip().startswith("!")]


@pytest.mark.packaging
def test_the_wheel_builds_from_the_build_context_alone(tmp_path: Path) -> None:
    """What the builder stage runs, offline, on exactly the files the context holds."""
    context, wheels = tmp_path / "context", tmp_path / "wheels"
    context.mkdir()
    build_context(context)
    offline = ("--no-deps", "--no-index", "--no-build-isolation")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", *offline, "-w", str(wheels), str(context)],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("qamqor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "storage/migrations/versions/0001_users_consents_policies_fsm.py" in names
    assert "storage/migrations/script.py.mako" in names
    assert {"locales/kk/", "locales/ru/", "locales/en/"} <= {n[:11] for n in names}
    assert {"policy/policy.toml", "policy/statement.toml", "bot/__main__.py"} <= set(names)
