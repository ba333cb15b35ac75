"""What a bulk statement did."""

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE, DELETE or INSERT matched. `AsyncSession.execute` is typed to
    return a `Result`; for these statements it is a `CursorResult`, which alone has the count."""
    return cast(CursorResult[Any], result).rowcount
