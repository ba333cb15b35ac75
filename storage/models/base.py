"""The declarative base: naming convention and column types shared by every table."""

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Date, MetaData
from sqlalchemy.orm import DeclarativeBase

from storage.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        date: Date(),
        dict[str, Any]: JSON(),
    }
