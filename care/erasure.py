"""Deletion under Law 94-V: depersonalize a user everywhere the desk keeps them."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from care.desk import Desk
from storage.models import User


async def erase_user(session: AsyncSession, desk: Desk, user: User, now: datetime) -> None:
    """Depersonalize `user` in the update's transaction (the topic is deleted after the commit);
    their requests stay as depersonalized records, linked by the keyed hash."""
    raise NotImplementedError("being built in this issue")
