"""One clock per update (docs/ARCHITECTURE.md, "One update"), read from the source with `ast`:
below the composition root nothing reads the wall clock. Handlers take the update's `now`,
the domain and the repositories take `now` as an argument, performers the send's `now`; only
`bot/` reads a clock (`bot.clock.wall_clock`) and hands it on."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BELOW_THE_ROOT = ("storage", "care", "handlers")
READS_THE_CLOCK = {
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "datetime.datetime.today",
    "datetime.date.today",
    "time.time",
    "time.time_ns",
}
CLOCKS = {"utcnow", "wall_clock"}  # the names a clock went by
CLOCK_MODULES = {"bot.clock", "care.common.clock"}


def below_the_root() -> list[Path]:
    return sorted(
        path
        for layer in BELOW_THE_ROOT
        for path in (ROOT / layer).rglob("*.py")
        if "migrations" not in path.parts
    )


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of names, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def clock_reads(source: str) -> list[str]:
    """Where `source` reads a clock: a call of `datetime.now()` and the like (however the name
    was imported), or an import or a call of a clock function."""
    tree = ast.parse(source)
    origin: dict[str, str] = {}  # local name -> what it was imported as
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                origin[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
                if alias.name in CLOCK_MODULES:
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                origin[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                if alias.name in CLOCKS or node.module in CLOCK_MODULES:
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or (name := dotted(node.func)) is None:
            continue
        head, _, rest = name.partition(".")
        qualified = ".".join(filter(None, (origin.get(head, head), rest)))
        if qualified in READS_THE_CLOCK or name.split(".")[-1] in CLOCKS:
            found.append(f"line {node.lineno}: {name}()")
    return found


@pytest.mark.parametrize("path", below_the_root(), ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_below_the_composition_root_reads_the_clock(path: Path) -> None:
    assert clock_reads(path.read_text()) == [], "take `now` as an argument instead"


@pytest.mark.parametrize(
    "source",
    [
        "from datetime import datetime\ndatetime.now()",
        "from datetime import UTC, datetime as dt\ndt.now(UTC)",
        "import datetime\ndatetime.datetime.utcnow()",
        "from datetime import date\ndate.today()",
        "import time\ntime.time()",
        "from time import time\ntime()",
        "from care.common.clock import utcnow\n",
        "from bot.clock import wall_clock\n",
        "import bot.clock\n",
        "clock.utcnow()",
        "wall_clock()",
    ],
)
def test_each_way_of_reading_the_clock_is_caught(source: str) -> None:
    assert clock_reads(source)


@pytest.mark.parametrize(
    "source",
    [
        "from datetime import datetime\ndatetime.fromisoformat(text)",
        "now.astimezone(tz).date()",
        "self.clock()",
        "asyncio.get_running_loop().time()",
    ],
)
def test_what_takes_the_time_it_is_given_passes(source: str) -> None:
    assert clock_reads(source) == []
