"""Every column that holds something of a person is shown by the data report or left out on
purpose (care.rights.report_scope), so a new personal column cannot slip past the report."""

from care.rights.erasure import ERASED
from care.rights.report_scope import NOT_SHOWN, SHOWN
from storage.models import Base


def personal_columns() -> set[str]:
    """Every column of the tables a deletion erases: the tables that hold a person's data."""
    return {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        if table.name in ERASED
        for column in table.columns
    }


def test_every_personal_column_is_shown_or_left_out_on_purpose() -> None:
    def covered(column: str) -> bool:
        return column in SHOWN or column in NOT_SHOWN or column.split(".")[0] in NOT_SHOWN

    forgotten = sorted(column for column in personal_columns() if not covered(column))
    assert not forgotten, (
        f"columns the data report neither shows nor leaves out: {forgotten}; say in "
        "care/rights/report_scope.py where the report shows them (SHOWN) or why not (NOT_SHOWN)"
    )


def test_the_scope_names_only_real_columns_once() -> None:
    columns = personal_columns()
    tables = {column.split(".")[0] for column in columns}
    assert not SHOWN.keys() & NOT_SHOWN.keys()
    assert SHOWN.keys() <= columns
    assert all(name in columns or name in tables for name in NOT_SHOWN)
    assert all(paths and all(paths) for paths in SHOWN.values())
    assert all(reason.strip() for reason in NOT_SHOWN.values())
