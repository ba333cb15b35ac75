"""Marketing messages: off by default; the user turns them on or off from the menu (and a
withdrawal of marketing consent turns them off: care.rights.intake)."""

from datetime import datetime

from storage.models import User


def set_offers(user: User, on: bool, now: datetime) -> bool:
    """Turn offers on or off; True when that changed anything."""
    if on == (user.marketing_opt_in_at is not None):
        return False
    user.marketing_opt_in_at = now if on else None
    return True
