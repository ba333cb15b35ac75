"""The data report as one HTML page that reads well on a phone: inline CSS, every value
escaped (names and texts come from users)."""

from datetime import date, datetime
from html import escape
from typing import Any

from care.common.desk import Desk
from care.common.statement import SECTIONS
from care.common.texts import Translator, format_day, format_moment

PROFILE = (
    "user_number",
    "first_name",
    "last_name",
    "username",
    "phone",
    "language",
    "telegram_id",
    "registered_at",
    "phone_verified_at",
    "processing_blocked_at",
    "marketing_opt_in_at",
    "blocked_the_bot_at",
    "banned_at",
)
STYLE = (
    "body{font-family:-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:16px;"
    "line-height:1.45;color:#1b1b1b;background:#fafafa;max-width:760px}"
    "h1{font-size:1.35em}h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #ddd}"
    "dl{display:grid;grid-template-columns:minmax(8em,40%) 1fr;gap:4px 12px}"
    "dt{color:#666}dd{margin:0;word-break:break-word}"
    ".card{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:10px;"
    "margin:8px 0}ul{padding-left:1.2em}small{color:#666}"
)
# History steps that leave the status as it was (care.rights.intake's INFORM, a correction, an
# unblocking): named by what happened, never as "in progress → in progress".
STEPS = ("inform", "correct", "unblock")


def _moment(desk: Desk, value: str, locale: str) -> str:
    """A stored moment as local wall time; a stored day as every text writes a day."""
    parsed = datetime.fromisoformat(value)
    if isinstance(parsed, datetime) and parsed.tzinfo is not None:
        return format_moment(parsed, desk.tz)
    return format_day(date.fromisoformat(value[:10]), locale)


def _value(desk: Desk, t: Translator, key: str, value: Any) -> str:
    if value is None or value == "":
        return escape(t("report-empty"))
    if isinstance(value, str) and (key.endswith("_at") or key in ("due_on", "policy_effective")):
        return escape(_moment(desk, value, t.locale))
    return escape(str(value))


def _pairs(rows: list[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return f"<dl>{items}</dl>"


def _request(desk: Desk, t: Translator, item: dict[str, Any]) -> str:
    rows = [
        (t("report-request-status"), escape(t(f"request-state-{item['status']}"))),
        (t("report-request-created"), _value(desk, t, "created_at", item["created_at"])),
        (t("report-request-due"), _value(desk, t, "due_on", item["due_on"])),
        (t("report-request-closed"), _value(desk, t, "closed_at", item["closed_at"])),
        (t("report-request-details"), _value(desk, t, "details", item["details"])),
        (t("report-request-outcome"), _value(desk, t, "outcome", item["outcome"])),
        (t("report-request-attachments"), escape(str(item["attachments"]))),
    ]
    steps = [f"<li>{_step(desk, t, event)}</li>" for event in item["history"]]
    kind = t("request-kind-" + item["kind"])
    title = f"{escape(item['reference'])} — {escape(kind)}"
    return (
        f'<div class="card"><b>{title}</b>{_pairs(rows)}'
        f"<small>{escape(t('report-request-history'))}</small><ul>{''.join(steps)}</ul></div>"
    )


def _step(desk: Desk, t: Translator, event: dict[str, Any]) -> str:
    """One line of a request's history: local time, who, what happened (and why)."""
    after = t("request-state-" + event["to"])
    if event["from"] == event["to"]:
        what = t(f"report-step-{event['action']}") if event["action"] in STEPS else after
    else:
        before = t(f"request-state-{event['from']}") if event["from"] else "—"
        what = f"{before} → {after}"
    actor = t("report-actor-" + event["by"])
    line = f"{escape(_moment(desk, event['at'], t.locale))} · {escape(actor)}: {escape(what)}"
    if event["reason"]:
        line += f"<br><small>{escape(event['reason'])}</small>"
    return line


def render_html(desk: Desk, locale: str, data: dict[str, Any], now: datetime) -> str:
    t = desk.catalog.translator(locale)
    profile = data["profile"]
    parts = [
        f"<h1>{escape(t('report-title'))}</h1>",
        "<p>"
        + escape(
            t("report-intro", reference=data["report"]["request"], at=format_moment(now, desk.tz))
        )
        + "</p>",
        f"<h2>{escape(t('report-section-profile'))}</h2>",
        _pairs([(t(f"report-field-{key}"), _value(desk, t, key, profile[key])) for key in PROFILE]),
        f"<h2>{escape(t('report-section-consents'))}</h2>",
    ]
    consents = [
        escape(
            t(
                "report-consent-line",
                version=item["policy_version"],
                effective=_moment(desk, item["policy_effective"], t.locale),
                accepted=_moment(desk, item["accepted_at"], t.locale),
            )
        )
        + (
            " · "
            + escape(
                t("report-consent-withdrawn", at=_moment(desk, item["withdrawn_at"], t.locale))
            )
            if item["withdrawn_at"]
            else ""
        )
        for item in data["consents"]
    ]
    parts.append(_list(t, consents))
    parts.append(f"<h2>{escape(t('report-section-requests'))}</h2>")
    parts.extend(_request(desk, t, item) for item in data["requests"])
    if not data["requests"]:
        parts.append(f"<p>{escape(t('report-empty'))}</p>")
    parts.append(f"<h2>{escape(t('report-section-care-log'))}</h2>")
    log_lines = [
        escape(
            t(
                "report-log-line",
                who=t(f"report-log-{line['direction']}"),
                count=line["messages"],
                first=_moment(desk, line["first"], t.locale),
                last=_moment(desk, line["last"], t.locale),
            )
        )
        for line in data["care_log"]
    ]
    parts.append(_list(t, log_lines))
    parts.append(f"<h2>{escape(t('report-section-other'))}</h2>")
    parts.append(_list(t, [escape(line) for line in _other(desk, t, data)]))
    parts.append(f"<h2>{escape(t('report-section-statement'))}</h2>")
    parts.append(
        _pairs(
            [(t(f"report-statement-{name}"), escape(data["statement"][name])) for name in SECTIONS]
        )
    )
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(locale)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t('report-title'))}</title><style>{STYLE}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def _other(desk: Desk, t: Translator, data: dict[str, Any]) -> list[str]:
    """The conversation's dates, attempts on phone numbers, notices addressed to the user and
    what named them in the care team's chat, one line each."""
    lines = []

    def when(value: str) -> str:
        return _moment(desk, value, t.locale)

    if (talk := data["conversation"]) is not None:
        opened = when(talk["opened_at"])
        if talk["closed_at"]:
            closed = when(talk["closed_at"])
            lines.append(t("report-conversation-closed", opened=opened, closed=closed))
        else:
            lines.append(t("report-conversation-open", opened=opened))
    for item in data["phone_attempts"]:
        lines.append(t("report-attempt-line", at=when(item["at"]), phone=item["phone"]))
    for item in data["attempts_on_your_number"]:
        lines.append(t("report-attempt-on-yours", at=when(item["at"])))
    for item in data["notices"]:
        at = when(item["at"])
        lines.append(t("report-notice-line", at=at, kind=item["kind"], status=item["status"]))
    for item in data["mentions"]:
        lines.append(t("report-mention-line", at=when(item["at"]), what=item["what"]))
    return lines


def _list(t: Translator, items: list[str]) -> str:
    if not items:
        return f"<p>{escape(t('report-empty'))}</p>"
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
