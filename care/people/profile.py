"""What Telegram tells about a person, kept only while they consent."""

from dataclasses import dataclass

from storage.models import User


@dataclass(frozen=True)
class Profile:
    first_name: str | None
    last_name: str | None
    username: str | None


def remember_profile(user: User, profile: Profile) -> None:
    user.first_name = (profile.first_name or "")[:64] or None
    user.last_name = (profile.last_name or "")[:64] or None
    user.username = (profile.username or "")[:32] or None


def forget_profile(user: User) -> None:
    user.first_name = user.last_name = user.username = None
