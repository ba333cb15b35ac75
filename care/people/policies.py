"""Privacy-policy versions: the operator's seed file and the version in force."""

import logging
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.texts import LOCALES
from storage.models import PolicyVersion
from storage.people import policies

log = logging.getLogger(__name__)


class PolicyFileError(Exception):
    """The operator's policy file is unreadable or incomplete; the message says where."""


@dataclass(frozen=True)
class PolicySeed:
    version: str
    effective_date: date
    texts: dict[str, tuple[str, str]]  # locale -> (summary, body)


def load_policy_file(path: Path) -> PolicySeed:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PolicyFileError(f"{path}: {exc}") from None
    version = raw.get("version")
    effective = raw.get("effective_date")
    if not isinstance(version, str) or not version.strip():
        raise PolicyFileError(f"{path}: 'version' must be a non-empty string")
    if not isinstance(effective, date):
        raise PolicyFileError(f"{path}: 'effective_date' must be a date like 2026-11-01")
    texts: dict[str, tuple[str, str]] = {}
    for locale in LOCALES:
        section = raw.get(locale)
        if not isinstance(section, dict):
            raise PolicyFileError(f"{path}: section [{locale}] is missing")
        summary, body = section.get("summary"), section.get("body")
        if not (isinstance(summary, str) and summary.strip()):
            raise PolicyFileError(f"{path}: [{locale}] summary is missing")
        if not (isinstance(body, str) and body.strip()):
            raise PolicyFileError(f"{path}: [{locale}] body is missing")
        texts[locale] = (summary.strip(), body.strip())
    return PolicySeed(version.strip(), effective, texts)


async def seed_first_policy(session: AsyncSession, seed: PolicySeed, now: datetime) -> bool:
    """Store the seed as the first version when there is none yet; True when stored."""
    if await policies.any_policy(session):
        return False
    await policies.add_policy(session, seed.version, seed.effective_date, seed.texts, now)
    log.info("seeded privacy policy version %s", seed.version)
    return True


def today_in(tz: ZoneInfo, now: datetime) -> date:
    return now.astimezone(tz).date()


async def policy_in_force(session: AsyncSession, tz: ZoneInfo, now: datetime) -> PolicyVersion:
    policy = await policies.current_policy(session, today_in(tz, now))
    if policy is None:  # the root seeds one at start; reaching here is a broken deployment
        raise LookupError("no privacy policy version is stored")
    return policy


async def policy_id_in_force(session: AsyncSession, tz: ZoneInfo, now: datetime) -> int | None:
    """The id of the version in force; None only when no version is stored at all."""
    return await policies.current_policy_id(session, today_in(tz, now))


async def announced_ids(
    session: AsyncSession, tz: ZoneInfo, in_force_id: int | None, now: datetime
) -> set[int]:
    """Versions published after the one in force, not in force yet: their notices may be
    accepted ahead of the effective date."""
    return await policies.announced_after(session, today_in(tz, now), in_force_id)


async def policy_to_read(
    session: AsyncSession, tz: ZoneInfo, shown_id: int, now: datetime
) -> PolicyVersion:
    """The version a Read button carries (every version's text is public), else the one in
    force."""
    return await policies.get_policy(session, shown_id) or await policy_in_force(session, tz, now)
