"""A new policy version as a supervisor drafts it in the admin chat: each answer checked,
the draft kept in the supervisor's dialog state, then published.

Every check returns the value to keep or a `Refused` naming the Fluent message (and its
arguments) the supervisor reads; a refused answer changes nothing.
"""

import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import LOCALES, Translator, format_day
from care.notices import campaigns
from storage.models import PolicyVersion
from storage.people import policies
from storage.vocabulary import Audience, CampaignKind

log = logging.getLogger(__name__)

MAX_VERSION = 32  # the column's width
MAX_SUMMARY = 800  # the summary goes into every notice, with its header, in one message
MAX_BODY = 60_000  # read in parts by the Read button
MAX_FILE = 64 * 1024  # bytes of a .txt/.md document with a whole text
TEXT_FILES = (".txt", ".md")
PREVIEW_LINES = 3
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Refused:
    message: str  # a Fluent id in policy_admin.ftl
    args: dict[str, Any] = field(default_factory=dict)

    def text(self, t: Translator) -> str:
        return t(self.message, **self.args)


def first_allowed(desk: Desk, now: datetime) -> date:
    """The earliest effective date: today, local time, plus the notice period."""
    return now.astimezone(desk.tz).date() + timedelta(days=desk.policy_notice_days)


async def check_version(session: AsyncSession, text: str | None) -> str | Refused:
    version = (text or "").strip()
    if not version or "\n" in version:
        return Refused("policy-admin-version-empty")
    if len(version) > MAX_VERSION:
        return Refused("policy-admin-version-long", {"max": MAX_VERSION})
    if await policies.version_taken(session, version):
        return Refused("policy-admin-version-taken", {"version": version})
    return version


def check_date(desk: Desk, text: str | None, now: datetime) -> date | Refused:
    first = first_allowed(desk, now)
    answer = (text or "").strip()
    try:
        effective = date.fromisoformat(answer) if ISO_DATE.fullmatch(answer) else None
    except ValueError:
        effective = None
    if effective is None:
        return Refused("policy-admin-date-format", {"first": first.isoformat()})
    if effective < first:
        days = desk.policy_notice_days
        return Refused("policy-admin-date-early", {"first": first.isoformat(), "days": days})
    return effective


def check_text(text: str | None) -> str | Refused:
    body = (text or "").strip()
    if not body:
        return Refused("policy-admin-text-empty")
    if len(body) > MAX_BODY:
        return Refused("policy-admin-text-long", {"max": MAX_BODY})
    return body


def check_summary(text: str | None) -> str | Refused:
    summary = (text or "").strip()
    if not summary:
        return Refused("policy-admin-summary-empty")
    if len(summary) > MAX_SUMMARY:
        return Refused("policy-admin-summary-long", {"max": MAX_SUMMARY})
    return summary


def check_file(name: str | None, size: int | None) -> Refused | None:
    """Whether a document may hold a text, before anything is downloaded."""
    if not (name or "").lower().endswith(TEXT_FILES):
        return Refused("policy-admin-file-type")
    if size is not None and size > MAX_FILE:
        return Refused("policy-admin-file-big", {"max": MAX_FILE // 1024})
    return None


def decode_file(content: bytes) -> str | Refused:
    if len(content) > MAX_FILE:
        return Refused("policy-admin-file-big", {"max": MAX_FILE // 1024})
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Refused("policy-admin-file-not-text")


@dataclass
class Draft:
    """What the supervisor answered so far; kept as plain JSON in the dialog state."""

    version: str = ""
    effective: str = ""  # ISO date
    texts: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Draft":
        names = ("version", "effective", "texts", "summaries")
        return cls(**{name: data[name] for name in names if name in data})

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def effective_date(self) -> date:
        return date.fromisoformat(self.effective)

    def next_text(self) -> str | None:
        """The language whose text is asked next, or None when all are in."""
        return next((loc for loc in LOCALES if loc not in self.texts), None)

    def next_summary(self) -> str | None:
        return next((loc for loc in LOCALES if loc not in self.summaries), None)


def first_lines(body: str, lines: int = PREVIEW_LINES, limit: int = 300) -> str:
    head = "\n".join(line for line in body.splitlines() if line.strip())
    head = "\n".join(head.splitlines()[:lines])
    return head if len(head) <= limit else head[: limit - 1].rstrip() + "…"


def preview(draft: Draft, t: Translator) -> str:
    """The draft as the supervisor confirms it: each language's summary and first lines."""
    parts = [
        t(
            "policy-admin-preview",
            version=draft.version,
            date=format_day(draft.effective_date, t.locale),
        )
    ]
    for locale in LOCALES:
        parts.append(
            "\n".join(
                (
                    t("policy-admin-preview-language", language=t(f"policy-admin-lang-{locale}")),
                    draft.summaries[locale],
                    "",
                    first_lines(draft.texts[locale]),
                )
            )
        )
    parts.append(t("policy-admin-preview-confirm"))
    return "\n\n".join(parts)


async def publish(
    session: AsyncSession, desk: Desk, draft: Draft, created_by: int, now: datetime
) -> PolicyVersion | Refused:
    """Store the version, checking the name and the date again (the dialog may have taken
    long enough for another version to take the name, or for a day to pass)."""
    version = await check_version(session, draft.version)
    if isinstance(version, Refused):
        return version
    effective = check_date(desk, draft.effective, now)
    if isinstance(effective, Refused):
        return effective
    texts = {loc: (draft.summaries[loc], draft.texts[loc]) for loc in LOCALES}
    policy = await policies.add_policy(session, version, effective, texts, now)
    await on_published(session, desk, policy, created_by, now)
    return policy


async def on_published(
    session: AsyncSession, desk: Desk, policy: PolicyVersion, created_by: int, now: datetime
) -> None:
    """Called in the transaction that stored `policy`: the notice goes to everyone verified,
    reachable, not erased and not blocking processing, through the delivery engine (a
    campaign, so it commits or rolls back with the version; care.notices.broadcasts renders each
    notice in the user's language)."""
    await campaigns.start(
        session,
        desk,
        kind=CampaignKind.POLICY,
        audience=Audience.ALL,
        source={"policy": policy.id, "version": policy.version},
        created_by=created_by,
        now=now,
    )
    # Ids only: a supervisor's Telegram id is not personal data of a user, names stay out.
    log.info(
        "policy version %s published by %s, effective %s",
        policy.id,
        created_by,
        policy.effective_date.isoformat(),
    )
