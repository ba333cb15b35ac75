"""The data report of an access request (Law 94-V Art. 24): everything the desk holds about a
user, with the operator's statement, as HTML for a phone and the same data as JSON.

The report is compiled when it is sent, from the database as it stands then, so what the
agent previews and what the user receives are never older than the data (and no file is ever
stored in the outbox)."""

import enum
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from aiogram.types import BufferedInputFile
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.statement import SECTIONS
from care.desk import reachability
from care.desk.topics import in_topic, tell_agents
from care.outbound.channel import Result, SendContext
from care.outbound.faults import Fault
from care.outbound.outbox import Kind, Payload, user_of
from care.rights.report_html import render_html
from storage.desk import care
from storage.models import OutboxEntry, User
from storage.people import mentions, users
from storage.rights import requests
from storage.rights.reports import care_log_summary, notices, phone_attempts
from storage.vocabulary import Audience, CampaignKind


@dataclass(frozen=True)
class Report:
    reference: str
    locale: str
    data: dict[str, Any]
    html: str

    @property
    def json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2, default=_plain)

    def files(self) -> list[BufferedInputFile]:
        name = f"qamqor-data-{self.reference}"
        return [
            BufferedInputFile(self.html.encode(), filename=f"{name}.html"),
            BufferedInputFile(self.json.encode(), filename=f"{name}.json"),
        ]


def _plain(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


async def gather(session: AsyncSession, desk: Desk, user: User, locale: str) -> dict[str, Any]:
    """Everything held about `user`, as plain data; the statement in `locale`."""
    history = await requests.with_history(session, user.id)
    summary = await care_log_summary(session, user.id)
    conversation = await care.get_conversation(session, user.id)
    attempts, on_their_number = await phone_attempts(session, user.telegram_id, user.id)
    return {
        "profile": {
            "user_number": user.id,
            "telegram_id": user.telegram_id,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "username": user.username,
            "phone": user.phone,
            "language": user.language,
            "registered_at": _when(user.created_at),
            "phone_verified_at": _when(user.verified_at),
            "processing_blocked_at": _when(user.processing_blocked_at),
            "marketing_opt_in_at": _when(user.marketing_opt_in_at),
            "blocked_the_bot_at": _when(user.blocked_bot_at),
            "banned_at": _when(user.banned_at),
        },
        "consents": [
            {
                "policy_version": consent.policy_version.version,
                "policy_effective": _when(consent.policy_version.effective_date),
                "accepted_at": _when(consent.accepted_at),
                "withdrawn_at": _when(consent.withdrawn_at),
            }
            for consent in user.consents
        ],
        "requests": [
            {
                "reference": request.reference,
                "kind": request.kind,
                "status": request.status,
                "language": request.language,
                "created_at": _when(request.created_at),
                "due_on": _when(request.due_on),
                "closed_at": _when(request.closed_at),
                "details": request.details,
                "outcome": request.outcome,
                "attachments": len(request.attachments),
                "history": [
                    {
                        "at": _when(event.at),
                        "by": event.actor,
                        "action": event.action,
                        "from": event.from_status,
                        "to": event.to_status,
                        "reason": event.reason,
                    }
                    for event in request.events
                ],
            }
            for request in history
        ],
        "care_log": [
            {
                "direction": line.direction,
                "messages": line.count,
                "first": _when(line.first),
                "last": _when(line.last),
            }
            for line in summary
        ],
        "conversation": None
        if conversation is None
        else {
            "opened_at": _when(conversation.opened_at),
            "closed_at": _when(conversation.closed_at),
        },
        "phone_attempts": [{"phone": phone, "at": _when(at)} for phone, at in attempts],
        "attempts_on_your_number": [{"at": _when(at)} for at in on_their_number],
        "notices": [
            {"kind": _notice_kind(kind, audience), "status": status, "at": _when(at)}
            for kind, audience, status, at in await notices(session, user.id)
        ],
        "mentions": [
            {"what": mention.what, "at": _when(mention.posted_at)}
            for mention in await mentions.for_user(session, user.id)
        ],
        "statement": {name: desk.statement.section(locale, name) for name in SECTIONS},
    }


def _notice_kind(kind: CampaignKind, audience: Audience) -> str:
    """policy | marketing | service: what the user consented to decides which they get."""
    if kind == CampaignKind.POLICY:
        return "policy"
    return "marketing" if audience == Audience.MARKETING else "service"


async def compile_report(
    session: AsyncSession, desk: Desk, request_id: int, now: datetime
) -> tuple[Report, User] | None:
    """The report of an access request, in the language of the appeal; None when the request
    or its user is gone (erased meanwhile)."""
    request = await requests.get(session, request_id)
    user = await users.get_by_id(session, request.user_id) if request else None
    if request is None or user is None or user.erased_at is not None:
        return None
    data = await gather(session, desk, user, request.language)
    data["report"] = {"request": request.reference, "compiled_at": _when(now)}
    html = render_html(desk, request.language, data, now)
    return Report(request.reference, request.language, data, html), user


class ReportTo(enum.StrEnum):
    TOPIC = "topic"  # a preview for agents in the user's topic
    USER = "user"  # the report itself, to the user


class ReportPayload(Payload):
    """Access request `request`'s report, compiled when sent, for agents or for the user."""

    kind = Kind.REPORT

    request: int
    to: ReportTo


class SendReport:
    """Performer of `Kind.REPORT`: the report as two documents, a preview into the user's topic
    (`to: topic`) or to the user with `protect_content` (`to: user`)."""

    payload = ReportPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: ReportPayload, now: datetime
    ) -> Result:
        bot, desk = context.bot, context.desk
        async with context.read() as session:
            compiled = await compile_report(session, desk, payload.request, now)
            conversation = await care.get_conversation(session, user_of(entry))
        if compiled is None:
            return None
        report, user = compiled
        if payload.to is ReportTo.USER:
            for document in report.files():
                await bot.send_document(user.telegram_id, document, protect_content=True)
            return None
        if conversation is None:
            return None
        caption = desk.admin_t("report-preview-caption", reference=report.reference)

        async def preview(thread_id: int | None):
            for document in report.files():
                await bot.send_document(
                    desk.admin_chat_id, document, caption=caption, message_thread_id=thread_id
                )

        await in_topic(context, conversation, preview, now)
        return None

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """Agents learn the report did not go; a user who blocked the bot is marked so."""
        if payload.to is ReportTo.USER and fault is Fault.BLOCKED:
            user = await users.get_by_id(session, entry.user_id)
            if user is not None:
                reachability.mark_blocked(user, now)
        text = context.desk.admin_t("report-not-sent", reason=exc.message)
        await tell_agents(session, entry.user_id, text, now)
