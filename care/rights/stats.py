"""Statistics for the operator: the figures a regulator asks about requests, for a period,
and the list of what is overdue now. The database counts; this module only adds up."""

import calendar
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal, format_percent
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import Translator, format_day
from care.rights.requests import local_day, running, working_days_left
from storage.rights import requests, stats
from storage.rights.stats import KindCounts, Window
from storage.vocabulary import RequestKind

MAX_DAYS = 3660  # `/stats 3660d` is ten years: enough for any question
OVERDUE_SHOWN = 100


@dataclass(frozen=True)
class Period:
    """Local dates, both included."""

    first: date
    last: date

    def window(self, tz: ZoneInfo) -> Window:
        def start_of(day: date) -> datetime:
            return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)

        return Window(self.first, self.last, start_of(self.first), start_of(self.last + ONE_DAY))


ONE_DAY = timedelta(days=1)
ISO_DAY = r"\d{4}-\d{2}-\d{2}"


def parse_period(argument: str | None, today: date) -> Period | None:
    """`` (this month to date), `7d`, `2026-11`, `2026`, `2026-01-01..2026-03-31`; None
    for anything else."""
    text = (argument or "").strip().lower()
    try:
        if not text:
            return Period(today.replace(day=1), today)
        if match := re.fullmatch(r"(\d{1,4})d", text):
            days = int(match[1])
            return Period(today - timedelta(days=days - 1), today) if 0 < days <= MAX_DAYS else None
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            days_in_month = calendar.monthrange(year, month)[1]
            return Period(date(year, month, 1), date(year, month, days_in_month))
        if re.fullmatch(r"\d{4}", text):
            return Period(date(int(text), 1, 1), date(int(text), 12, 31))
        if match := re.fullmatch(rf"({ISO_DAY})\s*\.\.\s*({ISO_DAY})", text):
            first, last = date.fromisoformat(match[1]), date.fromisoformat(match[2])
            return Period(first, last) if first <= last else None
    except (ValueError, calendar.IllegalMonthError):
        return None  # month 13, day 31 of February, year 0
    return None


def percentile(histogram: dict[int, int], share: float) -> float | None:
    """The `share` quantile of values given as {value: how many}, interpolated between the
    two nearest values (as `statistics.quantiles(..., method="inclusive")`)."""
    total = sum(histogram.values())
    if not total:
        return None
    position = share * (total - 1)
    below = math.floor(position)
    low, high = _nth(histogram, below), _nth(histogram, min(below + 1, total - 1))
    return low + (high - low) * (position - below)


def _nth(histogram: dict[int, int], index: int) -> int:
    """The value at 0-based `index` of the sorted values."""
    for value, count in sorted(histogram.items()):
        if index < count:
            return value
        index -= count
    raise IndexError(index)


@dataclass(frozen=True)
class Figures:
    counts: KindCounts
    histogram: dict[int, int]

    @property
    def median(self) -> float | None:
        return percentile(self.histogram, 0.5)

    @property
    def p90(self) -> float | None:
        return percentile(self.histogram, 0.9)

    @property
    def answered(self) -> int:
        return self.counts.answered_on_time + self.counts.answered_late

    @property
    def empty(self) -> bool:
        return not any(asdict(self.counts).values())


async def figures(
    session: AsyncSession, desk: Desk, period: Period, now: datetime
) -> dict[str, Figures]:
    """{kind: Figures} for every kind with anything to show, and "total"."""
    window = period.window(desk.tz)
    counts = await stats.counts(session, window, local_day(desk, now), running(desk))
    histograms = await stats.days_to_answer(session, window)
    result: dict[str, Figures] = {}
    total, total_histogram = KindCounts(), Counter[int]()
    for kind in RequestKind:
        item = Figures(counts.get(kind, KindCounts()), histograms.get(kind, {}))
        for name, value in asdict(item.counts).items():
            setattr(total, name, getattr(total, name) + value)
        total_histogram.update(item.histogram)
        if not item.empty:
            result[kind] = item
    result["total"] = Figures(total, dict(total_histogram))
    return result


async def report(session: AsyncSession, desk: Desk, argument: str | None, now: datetime) -> str:
    """`/stats [period]` as the text agents read; the usage line for a malformed period."""
    t, locale = desk.admin_t, desk.admin_locale
    period = parse_period(argument, local_day(desk, now))
    if period is None:
        return t("stats-usage")
    by_kind = await figures(session, desk, period, now)
    total = by_kind.pop("total")
    header = t(
        "stats-header",
        first=format_day(period.first, locale),
        last=format_day(period.last, locale),
        today=format_day(local_day(desk, now), locale),
    )
    if total.empty:
        return "\n\n".join([header, t("stats-nothing")])
    blocks = [header, _block(t, locale, t("stats-total"), total)]
    blocks += [_block(t, locale, t(f"request-kind-{kind}"), item) for kind, item in by_kind.items()]
    blocks.append(t("stats-explained"))
    return "\n\n".join(blocks)


def _block(t: Translator, locale: str, title: str, item: Figures) -> str:
    counts = item.counts
    lines = [
        t("stats-counts", title=title, **asdict(counts)),
        t("stats-overdue", **asdict(counts)),
    ]
    if item.answered:
        lines.append(
            t(
                "stats-timing",
                median=_number(item.median, locale),
                p90=_number(item.p90, locale),
                share=format_percent(counts.answered_on_time / item.answered, locale=locale),
                on_time=counts.answered_on_time,
                answered=item.answered,
            )
        )
    else:
        lines.append(t("stats-timing-none"))
    return "\n".join(lines)


def _number(value: float | None, locale: str) -> str:
    if value is None:
        return "—"
    return format_decimal(round(value, 1), format="#,##0.#", locale=locale)


async def overdue_list(session: AsyncSession, desk: Desk, now: datetime) -> str:
    """`/overdue`: open requests past due, the oldest due first, with links to their topics."""
    t, locale, today = desk.admin_t, desk.admin_locale, local_day(desk, now)
    found = await requests.overdue(session, today, running(desk), limit=OVERDUE_SHOWN + 1)
    if not found:
        return t("overdue-none")
    shown = found[:OVERDUE_SHOWN]
    threads = await stats.threads_of(session, {request.user_id for request in shown})
    lines = [t("overdue-header", count=len(shown))]
    for request in shown:
        link = desk.topic_link(threads.get(request.user_id))
        lines.append(
            t(
                "overdue-line",
                reference=request.reference,
                kind=t(f"request-kind-{request.kind}"),
                due=format_day(request.due_on, locale),
                days=max(-working_days_left(desk, request, now), 0),
                assignee=request.assignee_name or t("overdue-unassigned"),
                link=link or t("overdue-no-topic"),
            )
        )
    if len(found) > OVERDUE_SHOWN:
        lines.append(t("overdue-more", shown=OVERDUE_SHOWN))
    return "\n".join(lines)
