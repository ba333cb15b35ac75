"""A non-editable install runs from any folder: the catalogues, the migrations and the policy
seed ship as package data, and a broken installation is one line on stderr with exit code 2."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import load_settings
from care.common.texts import Catalog, CatalogError

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
# A clean copy of the checkout: no stale build/ or egg-info can leak files into the install.
NOT_SOURCE = shutil.ignore_patterns(
    ".*", "build", "dist", "*.egg-info", "__pycache__", "data", "tests", "bench"
)
# Offline: the running venv has the build backend (the test extra) and the dependencies.
PIP_INSTALL = (
    sys.executable,
    "-m",
    "pip",
    "install",
    "-q",
    "--no-deps",
    "--no-index",
    "--no-build-isolation",
)
SETTINGS = {"BOT_TOKEN": "123:abc", "ADMIN_CHAT_ID": "-1001234567890"}
# The sandbox page's script: every module of it must ship (one left out breaks the page).
PAGE_MODULES = sorted(f"/static/js/{p.name}" for p in (ROOT / "sandbox/static/js").glob("*.js"))
# On the path after the installed copy: an editable install of the checkout in the running venv
# would otherwise still answer imports the installed copy cannot (setuptools' meta path finder).
HIDE_EDITABLE = """
import sys

sys.meta_path[:] = [f for f in sys.meta_path if not f.__module__.startswith("__editable__")]
sys.path_hooks[:] = [h for h in sys.path_hooks if not h.__module__.startswith("__editable__")]
"""

CHECK = """
import asyncio, json, sys
from pathlib import Path

import sqlalchemy as sa

import bot, care, handlers, locales, policy, storage
from bot.settings import load_settings
from care.common.texts import Catalog, CatalogError
from care.people.policies import load_policy_file
from care.common.texts import Catalog
from storage.engine import build_engine
from storage.migrate import upgrade_to_head

site, database = Path(sys.argv[1]), sys.argv[2]
modules = [bot, care, handlers, locales, policy, storage]
outside = [m.__file__ for m in modules if not Path(m.__file__).is_relative_to(site)]
catalog = Catalog()
settings = load_settings(bot_token="1:a", admin_chat_id=-1001234567890, _env_file=None)
seed = load_policy_file(settings.policy_file)


async def migrate() -> list[str]:
    engine = build_engine("sqlite+aiosqlite:///" + database)
    await upgrade_to_head(engine)
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: sa.inspect(sync).get_table_names())
    await engine.dispose()
    return tables


print(json.dumps({
    "outside": outside,
    "texts": {t.locale: t("care-signature", name="Aigerim") for t in catalog},
    "policy_file": str(settings.policy_file),
    "policy_locales": sorted(seed.texts),
    "tables": asyncio.run(migrate()),
}))
"""


@pytest.fixture(scope="module")
def install(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project installed with `pip install --target` (not editable), dependencies aside."""
    work = tmp_path_factory.mktemp("install")
    shutil.copytree(ROOT, work / "source", ignore=NOT_SOURCE)
    done = subprocess.run(
        [*PIP_INSTALL, "--target", str(work / "site"), str(work / "source")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    (work / "guard").mkdir()
    (work / "guard" / "sitecustomize.py").write_text(HIDE_EDITABLE)
    return work


@pytest.fixture
def site(install: Path) -> Path:
    return install / "site"


def environment(install: Path, site: Path, **extra: str) -> dict[str, str]:
    """Only `site` is importable: no checkout on the path, no settings, no `.env`."""
    path = os.pathsep.join([str(site), str(install / "guard")])
    return {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": path, **extra}


def run_bot(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_installed_package_loads_texts_migrations_and_policy(
    install: Path, site: Path, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(site), str(tmp_path / "qamqor.db")],
        cwd=tmp_path,
        env=environment(install, site),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["outside"] == []
    texts = found["texts"]
    assert sorted(texts) == ["en", "kk", "ru"]
    assert all("Aigerim" in text and "care-signature" not in text for text in texts.values())
    assert len(set(texts.values())) == 3
    assert Path(found["policy_file"]).is_relative_to(site)
    assert found["policy_locales"] == ["en", "kk", "ru"]
    assert {"alembic_version", "users", "policy_versions", "care_log"} <= set(found["tables"])


def test_policy_file_defaults_to_the_packaged_seed_and_a_set_path_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("POLICY_FILE", raising=False)
    default = load_settings(
        bot_token="1:a", admin_chat_id=-1001234567890, _env_file=None
    ).policy_file
    assert default.is_absolute() and default.is_file() and default.name == "policy.toml"
    monkeypatch.setenv("POLICY_FILE", "mine.toml")
    mine = load_settings(bot_token="1:a", admin_chat_id=-1001234567890, _env_file=None).policy_file
    assert mine == Path("mine.toml")


def test_a_catalogue_folder_missing_a_locale_is_a_catalog_error(tmp_path: Path) -> None:
    (tmp_path / "kk").mkdir()
    (tmp_path / "kk" / "main.ftl").write_text("hello = Сәлем\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"cannot read .*ru"):
        Catalog(tmp_path)


def test_without_settings_the_qamqor_script_says_one_line(
    install: Path, site: Path, tmp_path: Path
) -> None:
    done = run_bot([str(site / "bin" / "qamqor")], tmp_path, environment(install, site))
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        "qamqor: BOT_TOKEN: required setting is missing; ADMIN_CHAT_ID: required setting is missing"
    ]


@contextlib.contextmanager
def started(
    command: list[str], cwd: Path, env: dict[str, str], seen: str, stop: int = signal.SIGTERM
) -> Iterator[Path]:
    """Run `command` until `seen` appears in its log (bounded); yields the log, then stops it
    with `stop`, which must end it with 0 (it is killed when the test failed first)."""
    log = cwd / "out.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while seen not in log.read_text() and proc.poll() is None:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert proc.poll() is None, log.read_text()
        yield log
        proc.send_signal(stop)
        assert proc.wait(timeout=30) == 0, log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "Traceback" not in log.read_text()


def test_the_installed_bot_starts_from_another_folder(
    install: Path, site: Path, tmp_path: Path
) -> None:
    """Settings only, no POLICY_FILE: it migrates, seeds and goes on to reach the Bot API;
    SIGTERM stops it."""
    env = environment(
        install,
        site,
        **SETTINGS,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'qamqor.db'}",
        BOT_API_URL="http://127.0.0.1:9",  # nothing listens: it retries until stopped
    )
    with started([str(site / "bin" / "qamqor")], tmp_path, env, "Bot API unreachable") as log:
        assert "seeded privacy policy version" in log.read_text()


def test_the_installed_sandbox_serves_its_page_from_another_folder(
    install: Path, site: Path, tmp_path: Path
) -> None:
    """`qamqor sandbox`: the page, its script and style ship as package data; Ctrl-C (SIGINT)
    stops it."""
    from sandbox.telegram.server import free_port

    port = free_port()
    command = [str(site / "bin" / "qamqor"), "sandbox", "--port", str(port)]
    env = environment(install, site, PYTHONUNBUFFERED="1")
    with started(command, tmp_path, env, f"http://127.0.0.1:{port}", signal.SIGINT):
        assert "/static/js/main.js" in PAGE_MODULES
        for path in ("/", "/static/app.css", *PAGE_MODULES, "/api/state"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
                assert answer.status == 200, path
    assert (tmp_path / "data" / "sandbox.db").exists()
    assert json.loads((tmp_path / "data" / "sandbox.json").read_text())["users"] == []


@pytest.mark.parametrize(
    ("removed", "named"),
    [
        ("locales/kk", "broken installation: cannot read"),
        ("storage/migrations/versions", "broken installation: no migrations in"),
        ("policy", "POLICY_FILE: the packaged policy/policy.toml is not installed"),
    ],
)
def test_a_broken_installation_is_one_line_and_exit_2(
    install: Path, site: Path, tmp_path: Path, removed: str, named: str
) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site, broken, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(broken / removed)
    env = environment(
        install,
        broken,
        **SETTINGS,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'qamqor.db'}",
        BOT_API_URL="http://127.0.0.1:9",
    )
    done = run_bot([sys.executable, "-m", "bot"], tmp_path, env)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"qamqor: {named}"), lines[0]
    assert "Traceback" not in done.stderr
