"""Words every layer shares, defined once at the bottom so storage, the domain and the
handlers all import the same ones."""

from typing import Annotated

from pydantic import Field

# A row id as callback data may carry it: crafted data beyond it never reaches the database
# (PostgreSQL's integer would refuse it with an error, not an answer).
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]
