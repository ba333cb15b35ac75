"""Every table says what a deletion does to it, so a new table cannot forget deletion."""

from care.rights.erasure import ERASED, EXEMPT
from storage.models import Base


def test_every_table_is_erased_or_exempt() -> None:
    tables = {table.name for table in Base.metadata.sorted_tables}
    forgotten = tables - ERASED.keys() - EXEMPT.keys()
    assert not forgotten, (
        f"tables neither erased nor exempt: {sorted(forgotten)}; say in care/rights/erasure.py "
        "what a deletion does to them (ERASED) or why they hold nothing of a user (EXEMPT)"
    )


def test_the_registry_names_only_real_tables_once() -> None:
    tables = {table.name for table in Base.metadata.sorted_tables}
    assert not ERASED.keys() & EXEMPT.keys()
    assert ERASED.keys() | EXEMPT.keys() <= tables
    assert all(reason.strip() for reason in [*ERASED.values(), *EXEMPT.values()])
