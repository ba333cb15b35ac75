"""The SQL a piece of work issues, captured from the engine, and the plan of each statement.

`capture(engine)` records every statement the engine sends (a `before_cursor_execute`
listener) with its parameters and time; `explain` asks the database how it would run one
(SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN) with the parameters it ran with; `scans`
names the big tables a plan reads whole.
"""

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import Base

# The tables that grow with the users: a plan reading one of them whole does not scale.
BIG = ("users", "consents", "care_log", "requests", "conversations", "message_pairs", "deliveries")
MENTIONS_BIG = re.compile(r"\b(FROM|JOIN|UPDATE|INTO)\s+(" + "|".join(BIG) + r")\b")
# A walk along a partial index reads only its few rows.
PARTIAL = {
    index.name
    for table in Base.metadata.tables.values()
    for index in table.indexes
    if index.dialect_options["sqlite"]["where"] is not None
}
WRITE_ONLY = re.compile(r"^\s*(INSERT\s+INTO\s+\w+\s*(\([^)]*\))?\s*VALUES|SAVEPOINT|RELEASE)")
SQLITE_SCAN = re.compile(r"^SCAN (\w+)(?: AS \w+)?(?: USING (?:COVERING )?INDEX (\w+))?")
# An index on a status alone narrows little: every open request has one of three statuses.
SQLITE_BY_STATUS = re.compile(r"^SEARCH (\w+) USING (?:COVERING )?INDEX (\w+) \(status=\?\)$")
PG_NODE = re.compile(
    r"^(?:->\s+)?(?P<kind>Seq Scan|Index Scan|Index Only Scan|Bitmap Index Scan)"
    r"(?: using (?P<index>\w+))? on (?P<target>\w+)"
)
PG_BY_STATUS = re.compile(r"^Index Cond: \(\(status\)::text = [^()]*(\([^()]*\))?[^()]*\)$")


@dataclass
class Statement:
    sql: str
    parameters: Any
    runs: int = 0
    ms: float = 0.0


@dataclass
class Captured:
    """Distinct statements in the order first seen; `total` counts every execution."""

    statements: dict[str, Statement] = field(default_factory=dict)
    total: int = 0

    @property
    def ms(self) -> float:
        return sum(s.ms for s in self.statements.values())

    def readers(self) -> list[Statement]:
        """The statements worth a plan: those reading a big table (not plain inserts)."""
        return [
            s
            for s in self.statements.values()
            if not WRITE_ONLY.match(s.sql) and MENTIONS_BIG.search(s.sql)
        ]


@contextmanager
def capture(engine: AsyncEngine) -> Iterator[Captured]:
    captured = Captured()
    started: dict[int, float] = {}

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        started[id(cursor)] = time.perf_counter()
        found = captured.statements.setdefault(statement, Statement(statement, parameters))
        found.runs += 1
        captured.total += 1

    def after(conn, cursor, statement, parameters, context, executemany) -> None:
        begun = started.pop(id(cursor), None)
        if begun is not None:
            captured.statements[statement].ms += (time.perf_counter() - begun) * 1000

    target = engine.sync_engine
    event.listen(target, "before_cursor_execute", before)
    event.listen(target, "after_cursor_execute", after)
    try:
        yield captured
    finally:
        event.remove(target, "before_cursor_execute", before)
        event.remove(target, "after_cursor_execute", after)


async def explain(engine: AsyncEngine, statement: Statement) -> list[str]:
    """The plan, one line per step (SQLite's tree indented)."""
    async with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = await conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement.sql}", statement.parameters
            )
            depth: dict[int, int] = {0: 0}
            lines = []
            for node, parent, _, detail in rows:
                depth[node] = depth.get(parent, 0) + 1
                lines.append("  " * (depth[node] - 1) + detail)
            return lines
        rows = await conn.exec_driver_sql(f"EXPLAIN {statement.sql}", statement.parameters)
        return [row[0] for row in rows]


def scans(dialect: str, plan: list[str]) -> list[str]:
    """What in `plan` reads more of a big table than its due rows: `table` for a full scan,
    `table via index` for a walk along a whole index (it may stop early at a LIMIT), `index:
    by status alone` for every row of one status (unless a LIMIT stops the walk)."""
    return _sqlite_scans(plan) if dialect == "sqlite" else _pg_scans(plan)


def _sqlite_scans(plan: list[str]) -> list[str]:
    found = []
    for line in (line.strip() for line in plan):
        if (match := SQLITE_SCAN.match(line)) and match.group(1) in BIG:
            via = match.group(2)
            if via in PARTIAL:
                continue
            found.append(f"{match.group(1)} via {via}" if via else match.group(1))
        elif (match := SQLITE_BY_STATUS.match(line)) and match.group(1) in BIG:
            found.append(f"{match.group(2)}: by status alone")
    return found


def _pg_scans(plan: list[str]) -> list[str]:
    nodes: list[tuple[re.Match | None, list[str]]] = []  # each plan node with its detail lines
    for line in (line.strip() for line in plan):
        match = PG_NODE.match(line)
        if match or line.startswith("->") or not nodes:
            nodes.append((match, []))
        else:
            nodes[-1][1].append(line)
    found = []
    for match, details in nodes:
        if match is None:
            continue
        kind, index, target = match.group("kind", "index", "target")
        table = target if kind != "Bitmap Index Scan" else _table_of(target)
        if table not in BIG:
            continue
        conditions = [line for line in details if line.startswith("Index Cond:")]
        if kind == "Seq Scan":
            found.append(table)
        elif not conditions:
            if index not in PARTIAL:
                found.append(f"{table} via {index}")
        elif PG_BY_STATUS.match(conditions[0]):
            found.append(f"{index or target}: by status alone")
    return found


def _table_of(index: str) -> str | None:
    return next((table for table in BIG if index.startswith(f"ix_{table}_")), None)


def short(sql: str, width: int = 150) -> str:
    """The statement on one line, its select list elided."""
    text = " ".join(sql.split())
    text = re.sub(r"^SELECT .+? FROM ", "SELECT … FROM ", text)
    return clip(text, width)


def clip(text: str, width: int = 150) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
