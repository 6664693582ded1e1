"""The coordinators' figures: a year of help conversations, escalations and moderation, counted
the way Child Focus publishes its numbers, for the whole year and for each month.

Everything counts in the month it began, in Brussels time: a conversation when the young
person asked (or was escalated), an escalation when it was made, a decision when it was taken,
a report or an appeal when it was received. Outcomes, referrals and report or appeal statuses
are the current ones of those records. Anonymised conversations still count: only their words
are erased.
"""

from __future__ import annotations

import csv
import datetime
import io
import statistics
import uuid
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import ExtractMonth
from django.utils import formats, timezone
from django.utils.dates import MONTHS
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from chat.models import CheckIn, Conversation
from cybersquad.permissions import can_coordinate
from moderation.models import (
    Action,
    Appeal,
    Category,
    Decision,
    Escalation,
    Priority,
    Report,
    ScreeningLabel,
)

# Months and years are Brussels months and years, whatever the database stores (UTC).
LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
# Cases that moderation gave to counsellors: a disclosure, or a member's behaviour.
ESCALATED = frozenset({Conversation.Source.ESCALATION, Conversation.Source.RISK})
FIRST_YEAR = 2000
MONTH_NUMBERS = range(1, 13)

# The categories Child Focus publishes; personal information, spam and anything else are "other".
CATEGORIES: dict[str, str | Promise] = {
    Category.GROOMING: Category.GROOMING.label,
    Category.SEXTING: _("Non-consensual sexting"),
    Category.SEXTORTION: Category.SEXTORTION.label,
    Category.ABUSE_IMAGES: Category.ABUSE_IMAGES.label,
    Category.SELF_HARM: Category.SELF_HARM.label,
    Category.BULLYING: Category.BULLYING.label,
    Category.OTHER: Category.OTHER.label,
}
TOTAL = "total"
# Check-in shares are shown only when at least this many young people answered in the period
# (the year or the month): with fewer, a share could tell what one young person said.
CHECK_IN_MIN_ANSWERS = 5
URGENT = "urgent"
NOT_CLOSED = "not_closed"

Kind = Literal["count", "percent", "duration"]
Value = int | float | datetime.timedelta | None


def check_can_view_figures(user) -> None:
    """Coordinators only, and only while their account is active and not suspended."""
    if not can_coordinate(user):
        raise PermissionDenied


def current_year() -> int:
    return timezone.localdate(timezone=LOCAL).year


def figure_category(category: str) -> str:
    return category if category in CATEGORIES else Category.OTHER


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """From 1 January 00:00 to the next 1 January 00:00, Brussels time."""
    return (
        datetime.datetime(year, 1, 1, tzinfo=LOCAL),
        datetime.datetime(year + 1, 1, 1, tzinfo=LOCAL),
    )


# --- Showing one value ---------------------------------------------------------------------


def duration_text(value: datetime.timedelta) -> str:
    """A duration as people say it: seconds, minutes, hours and minutes, or days and hours."""
    seconds = max(0, round(value.total_seconds()))
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = round(seconds / 60)
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return gettext("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    days, hours = divmod(hours, 24)
    return ngettext("%(days)d day %(hours)d h", "%(days)d days %(hours)d h", days) % {
        "days": days,
        "hours": hours,
    }


def display(kind: Kind, value: Value) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.timedelta):
        return duration_text(value)
    if kind == "percent":
        return gettext("%(percent)s %%") % {"percent": formats.number_format(value, 1)}
    return formats.number_format(value, force_grouping=True)


def csv_value(value: Value) -> str:
    """Whole numbers only, so that no spreadsheet misreads a decimal point: counts, shares in
    whole percent (half rounds up), durations in whole seconds."""
    if value is None:
        return ""
    if isinstance(value, datetime.timedelta):
        return str(round(value.total_seconds()))
    if isinstance(value, float):
        return str(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return str(value)


# --- Figures, rows and tables --------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure for the whole year and for each month (``months[0]`` is January)."""

    kind: Kind
    year: Value
    months: tuple[Value, ...]

    def value(self, month: int | None) -> Value:
        return self.year if month is None else self.months[month - 1]

    @property
    def year_display(self) -> str:
        return display(self.kind, self.year)

    def month_display(self, month: int) -> str:
        return display(self.kind, self.value(month))


def count_figure(by_month: Counter[int]) -> Figure:
    return Figure("count", sum(by_month.values()), tuple(by_month.get(m, 0) for m in MONTH_NUMBERS))


def median(durations: Sequence[datetime.timedelta]) -> datetime.timedelta | None:
    if not durations:
        return None
    return datetime.timedelta(seconds=statistics.median(d.total_seconds() for d in durations))


def median_figure(by_month: dict[int, list[datetime.timedelta]]) -> Figure:
    every = [d for durations in by_month.values() for d in durations]
    return Figure(
        "duration", median(every), tuple(median(by_month.get(m, [])) for m in MONTH_NUMBERS)
    )


def share_figure(part: Figure, whole: Figure) -> Figure:
    def percent(p: Value, w: Value) -> float | None:
        return 100 * p / w if isinstance(p, int) and isinstance(w, int) and w else None

    return Figure(
        "percent",
        percent(part.year, whole.year),
        tuple(percent(p, w) for p, w in zip(part.months, whole.months, strict=True)),
    )


@dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise


@dataclass(frozen=True)
class Row:
    key: str
    label: str | Promise
    figures: tuple[Figure, ...]  # one per measure of the table
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    caption: str | Promise
    item_label: str | Promise  # the heading of the first column
    measures: tuple[Measure, ...]
    rows: tuple[Row, ...]
    note: str | Promise = ""


@dataclass(frozen=True)
class MonthRow:
    label: str | Promise
    cells: tuple[str, ...]
    is_year: bool = False


@dataclass(frozen=True)
class MonthTable:
    """Some figures side by side, one row per month and one for the year."""

    columns: tuple[tuple[str | Promise, Figure], ...]

    @property
    def rows(self) -> list[MonthRow]:
        rows = [
            MonthRow(MONTHS[m], tuple(f.month_display(m) for _label, f in self.columns))
            for m in MONTH_NUMBERS
        ]
        year = tuple(f.year_display for _label, f in self.columns)
        return [*rows, MonthRow(pgettext_lazy("figures", "Whole year"), year, is_year=True)]


@dataclass(frozen=True)
class YearFigures:
    year: int
    headline: Table
    help_tables: tuple[Table, ...]
    moderation_tables: tuple[Table, ...]
    by_month: MonthTable

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.headline, *self.help_tables, *self.moderation_tables)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


class Tally:
    """Counts by key and month, turned into figures."""

    def __init__(self) -> None:
        self.counts: defaultdict[Hashable, Counter[int]] = defaultdict(Counter)

    def add(self, key: Hashable, month: int, n: int) -> None:
        self.counts[key][month] += n

    def figure(self, key: Hashable) -> Figure:
        return count_figure(self.counts.get(key, Counter()))

    def sum(self, *keys: Hashable) -> Figure:
        return count_figure(sum((self.counts.get(key, Counter()) for key in keys), Counter()))

    @classmethod
    def merged(cls, *tallies: Tally) -> Tally:
        merged = cls()
        for tally in tallies:
            for key, counts in tally.counts.items():
                merged.counts[key] += counts
        return merged


def _rows(
    tally: Tally,
    items: Iterable[tuple[str, str | Promise]],
    measures: Sequence[Hashable],
    *,
    total: bool = True,
) -> tuple[Row, ...]:
    """One row per item and, if asked, a total; the tally keys are ``(measure, item)``."""
    rows = [
        Row(str(key), label, tuple(tally.figure((m, str(key))) for m in measures))
        for key, label in items
    ]
    if total:
        figures = tuple(tally.figure((m, TOTAL)) for m in measures)
        rows.append(Row(TOTAL, pgettext_lazy("figures", "Total"), figures, is_total=True))
    return tuple(rows)


# --- Counting ------------------------------------------------------------------------------


def _in_year(year: int) -> Q:
    start, end = year_bounds(year)
    return Q(created_at__gte=start, created_at__lt=end)


def _month() -> ExtractMonth:
    return ExtractMonth("created_at", tzinfo=LOCAL)


@dataclass(frozen=True)
class _ConversationCounts:
    """Tally keys are (measure, item); the measure is "help_conversations" or "escalations"."""

    categories: Tally  # help conversations only: escalations are counted from Escalation
    outcomes: Tally
    referrals: Tally
    groups: Tally  # ("conversations", "live" or "after_hours" or "escalation")


def _count_conversations(year: int) -> _ConversationCounts:
    counts = _ConversationCounts(Tally(), Tally(), Tally(), Tally())
    rows = (
        Conversation.objects.filter(_in_year(year))
        .annotate(month=_month())
        .values("month", "source", "category", "after_hours", "outcome", "referral")
        .annotate(n=Count("pk"), urgent=Count("pk", filter=Q(priority=Priority.URGENT)))
        .order_by()
    )
    for row in rows:
        month, n = row["month"], row["n"]
        if row["source"] in ESCALATED:
            measure, group = "escalations", "escalation"
        else:
            measure, group = "help_conversations", "after_hours" if row["after_hours"] else "live"
            counts.categories.add((measure, figure_category(row["category"])), month, n)
            counts.categories.add((measure, TOTAL), month, n)
            counts.categories.add((measure, URGENT), month, row["urgent"])
        counts.groups.add(("conversations", group), month, n)
        counts.outcomes.add((measure, row["outcome"] or NOT_CLOSED), month, n)
        counts.outcomes.add((measure, TOTAL), month, n)
        if row["outcome"]:
            # Closed without a referral recorded (the young person left) is no referral.
            referral = row["referral"] or Conversation.Referral.NONE
            counts.referrals.add((measure, referral), month, n)
            counts.referrals.add((measure, TOTAL), month, n)
    return counts


@dataclass
class _Times:
    waits: defaultdict[int, list[datetime.timedelta]]
    first_responses: defaultdict[int, list[datetime.timedelta]]
    answered: Counter[int]


def _conversation_times(year: int) -> dict[str, _Times]:
    """Waits and first responses by group ("live", "after_hours", "escalation") and month.

    Subtracted in Python from the stored times, so SQLite and PostgreSQL agree.
    """
    times = {
        group: _Times(defaultdict(list), defaultdict(list), Counter())
        for group in ("live", "after_hours", "escalation")
    }
    rows = (
        Conversation.objects.filter(_in_year(year))
        .filter(Q(first_claimed_at__isnull=False) | Q(first_response_at__isnull=False))
        .values_list("source", "after_hours", "created_at", "first_claimed_at", "first_response_at")
        .order_by()
    )
    for source, after_hours, created_at, claimed_at, responded_at in rows:
        if source in ESCALATED:
            group = times["escalation"]
        else:
            group = times["after_hours" if after_hours else "live"]
        month = created_at.astimezone(LOCAL).month
        if claimed_at is not None:
            group.waits[month].append(claimed_at - created_at)
        if responded_at is not None:
            group.first_responses[month].append(responded_at - created_at)
            group.answered[month] += 1
    return times


def _count_escalations(year: int) -> Tally:
    """Keys: ("escalations", category or "total" or "urgent" or "screening" or "moderator")."""
    tally = Tally()
    rows = (
        Escalation.objects.filter(_in_year(year))
        .annotate(month=_month())
        .values("month", "category")
        .annotate(
            n=Count("pk"),
            urgent=Count("pk", filter=Q(priority=Priority.URGENT)),
            screening=Count("pk", filter=Q(escalated_by__isnull=True)),
        )
        .order_by()
    )
    for row in rows:
        month, n = row["month"], row["n"]
        tally.add(("escalations", figure_category(row["category"])), month, n)
        tally.add(("escalations", TOTAL), month, n)
        tally.add(("escalations", URGENT), month, row["urgent"])
        tally.add(("escalations", "screening"), month, row["screening"])
        tally.add(("escalations", "moderator"), month, n - row["screening"])
    return tally


REPORT_OUTCOMES = {Report.Status.ACTION_TAKEN: "action_taken", Report.Status.NO_ACTION: "no_action"}
REPORT_MEASURES = ("received", "action_taken", "no_action", "pending")


def _count_moderation(year: int) -> Tally:
    """Keys: ("decisions" or "automated", action), (report measure, reason), and
    ("appeals", "received" or status)."""
    tally = Tally()
    decisions = (
        Decision.objects.filter(_in_year(year))
        .annotate(month=_month())
        .values("month", "action")
        .annotate(n=Count("pk"), automated=Count("pk", filter=Q(automated=True)))
        .order_by()
    )
    for row in decisions:
        for measure, n in (("decisions", row["n"]), ("automated", row["automated"])):
            tally.add((measure, row["action"]), row["month"], n)
            tally.add((measure, TOTAL), row["month"], n)
    reports = (
        Report.objects.filter(_in_year(year))
        .annotate(month=_month())
        .values("month", "reason", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in reports:
        for measure in ("received", REPORT_OUTCOMES.get(row["status"], "pending")):
            tally.add((measure, row["reason"]), row["month"], row["n"])
            tally.add((measure, TOTAL), row["month"], row["n"])
    appeals = (
        Appeal.objects.filter(_in_year(year))
        .annotate(month=_month())
        .values("month", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in appeals:
        tally.add(("appeals", "received"), row["month"], row["n"])
        tally.add(("appeals", row["status"]), row["month"], row["n"])
    return tally


def _count_screening(year: int) -> Tally:
    """Keys ("screening", measure): what moderators decided about what screening raised
    (false alarms: published or dismissed), and the harmful content it had missed."""
    tally = Tally()
    labels = (
        ScreeningLabel.objects.filter(_in_year(year))
        .annotate(month=_month())
        .values("month")
        .annotate(
            n_raised=Count("pk", filter=Q(raised=True)),
            n_false_alarms=Count("pk", filter=Q(raised=True, harmful=False)),
            n_harmful=Count("pk", filter=Q(harmful=True)),
            n_missed=Count("pk", filter=Q(raised=False, harmful=True)),
        )
        .order_by()
    )
    for row in labels:
        for measure in ("raised", "false_alarms", "harmful", "missed"):
            tally.add(("screening", measure), row["month"], row[f"n_{measure}"])
    return tally


def _count_check_ins(year: int) -> Tally:
    """Keys ("check_ins", measure) by the month the conversation began: "both" answered how
    they felt before and after, "better" of them feel better after (a higher number), "heard"
    answered whether they felt heard, "felt_heard" of them said yes."""
    tally = Tally()
    rows = (
        CheckIn.objects.filter(
            conversation__created_at__gte=year_bounds(year)[0],
            conversation__created_at__lt=year_bounds(year)[1],
        )
        .values_list("conversation_id", "conversation__created_at", "moment", "feeling", "heard")
        .order_by()
    )
    answers: dict[int, dict[str, tuple[int | None, str]]] = defaultdict(dict)
    months: dict[int, int] = {}
    for conversation_id, created_at, moment, feeling, heard in rows:
        answers[conversation_id][moment] = (feeling, heard)
        months[conversation_id] = created_at.astimezone(LOCAL).month
    for conversation_id, by_moment in answers.items():
        month = months[conversation_id]
        before = by_moment.get(CheckIn.Moment.BEFORE, (None, ""))[0]
        after, heard = by_moment.get(CheckIn.Moment.AFTER, (None, ""))
        if before is not None and after is not None:
            tally.add(("check_ins", "both"), month, 1)
            tally.add(("check_ins", "better"), month, int(after > before))
        if heard:
            tally.add(("check_ins", "heard"), month, 1)
            tally.add(("check_ins", "felt_heard"), month, int(heard == CheckIn.Heard.YES))
    return tally


def private_share_figure(part: Figure, whole: Figure) -> Figure:
    """A share, left empty wherever fewer than CHECK_IN_MIN_ANSWERS answered."""

    def enough(value: Value) -> bool:
        return isinstance(value, int) and value >= CHECK_IN_MIN_ANSWERS

    share = share_figure(part, whole)
    return Figure(
        "percent",
        share.year if enough(whole.year) else None,
        tuple(s if enough(w) else None for s, w in zip(share.months, whole.months, strict=True)),
    )


def years_with_data() -> list[int]:
    """The years from the first thing counted to the last, newest first: each model's oldest
    and newest date (an index look-up each), never a pass over every row."""
    dates: list[datetime.datetime] = []
    for model in (Conversation, Escalation, Decision, Report, Appeal):
        bounds = model.objects.order_by().aggregate(first=Min("created_at"), last=Max("created_at"))
        dates.extend(value for value in bounds.values() if value is not None)
    if not dates:
        return []
    first = timezone.localtime(min(dates), LOCAL).year
    last = timezone.localtime(max(dates), LOCAL).year
    return list(range(last, first - 1, -1))


# --- The year ------------------------------------------------------------------------------

BOTH = ("help_conversations", "escalations")
HELP_AND_ESCALATIONS = (
    Measure("help_conversations", _("Help conversations")),
    Measure("escalations", _("Escalations")),
)


# How long the figures page may show figures already computed: this year's change all the
# time, a past year's only when retention or a late closing touches them.
CURRENT_YEAR_SECONDS = 5 * 60
PAST_YEAR_SECONDS = 24 * 3600


def years_with_data_cached() -> list[int]:
    """``years_with_data``, looked up again at most every few minutes."""
    years = cache.get("figures:years")
    if years is None:
        years = years_with_data()
        cache.set("figures:years", years, CURRENT_YEAR_SECONDS)
    return years


# This process's copy of each year's figures, with the stamp they had in the shared cache.
# Reading them back from the cache costs more than showing them: every translated label in
# them is a lazy string, and Django makes a new class for each one it unpickles.
_held: dict[int, tuple[str, YearFigures]] = {}


def year_figures_cached(year: int) -> YearFigures:
    """``year_figures``, computed at most every few minutes for this year and daily for past
    ones: at a national volume a year takes a good part of a second to compute. Every process
    shares what one computed (the cache) and keeps its own copy while the cache's stamp for
    that year stays the same."""
    key, stamp_key = f"figures:{year}", f"figures:{year}:stamp"
    stamp = cache.get(stamp_key)
    held = _held.get(year)
    if stamp is not None and held is not None and held[0] == stamp:
        return held[1]
    figures = cache.get(key) if stamp is not None else None
    if figures is None:
        figures = year_figures(year)
        stamp = uuid.uuid4().hex
        seconds = CURRENT_YEAR_SECONDS if year >= current_year() else PAST_YEAR_SECONDS
        cache.set_many({key: figures, stamp_key: stamp}, seconds)
    _held[year] = (stamp, figures)
    return figures


def year_figures(year: int) -> YearFigures:
    """Everything on the figures page for one year, in seven queries."""
    conversations = _count_conversations(year)
    times = _conversation_times(year)
    escalations = _count_escalations(year)
    moderation = _count_moderation(year)
    categories = Tally.merged(conversations.categories, escalations)

    help_total = categories.figure(("help_conversations", TOTAL))
    escalation_total = categories.figure(("escalations", TOTAL))
    urgent_share = share_figure(
        categories.sum(("help_conversations", URGENT), ("escalations", URGENT)),
        categories.sum(("help_conversations", TOTAL), ("escalations", TOTAL)),
    )
    check_ins = _count_check_ins(year)
    answered_both = check_ins.figure(("check_ins", "both"))
    feel_better = private_share_figure(check_ins.figure(("check_ins", "better")), answered_both)
    felt_heard = private_share_figure(
        check_ins.figure(("check_ins", "felt_heard")), check_ins.figure(("check_ins", "heard"))
    )
    live_wait = median_figure(times["live"].waits)
    live_first_response = median_figure(times["live"].first_responses)

    headline = Table(
        "headline",
        _("Key figures"),
        _("Figure"),
        (Measure("value", pgettext_lazy("figures", "Value")),),
        (
            Row("help_conversations", _("Help conversations"), (help_total,)),
            Row("escalations", _("Escalations to counsellors"), (escalation_total,)),
            Row("urgent_share", _("Urgent help conversations and escalations"), (urgent_share,)),
            Row("median_wait", _("Median wait for a counsellor (live chats)"), (live_wait,)),
            Row(
                "median_first_response",
                _("Median time to a first answer (live chats)"),
                (live_first_response,),
            ),
        ),
    )
    by_category = Table(
        "categories",
        _("Help conversations and escalations by category"),
        _("Category"),
        HELP_AND_ESCALATIONS,
        _rows(categories, CATEGORIES.items(), BOTH),
        _("Personal information and spam are counted under “Other”."),
    )
    groups = (
        ("live", _("Live chats")),
        ("after_hours", _("Messages left after hours")),
        ("escalation", _("Escalations to counsellors")),
    )
    response_times = Table(
        "response_times",
        _("Response times"),
        _("Conversations"),
        (
            Measure("conversations", _("Conversations")),
            Measure("answered", _("Answered")),
            Measure("median_wait", _("Median wait")),
            Measure("median_first_response", _("Median time to a first answer")),
        ),
        tuple(
            Row(
                key,
                label,
                (
                    conversations.groups.figure(("conversations", key)),
                    count_figure(times[key].answered),
                    median_figure(times[key].waits),
                    median_figure(times[key].first_responses),
                ),
            )
            for key, label in groups
        ),
        _(
            "The wait runs from the request, or the escalation, until a counsellor first takes "
            "the conversation; the first answer, until a counsellor's first message. Half of "
            "the conversations took less than the median, half took longer. Conversations no "
            "counsellor took are left out of the medians."
        ),
    )
    outcomes = Table(
        "outcomes",
        _("Outcomes"),
        _("Outcome"),
        HELP_AND_ESCALATIONS,
        _rows(
            conversations.outcomes,
            [*Conversation.Outcome.choices, (NOT_CLOSED, _("Not closed yet"))],
            BOTH,
        ),
    )
    referrals = Table(
        "referrals",
        _("Referrals"),
        _("Referred to"),
        HELP_AND_ESCALATIONS,
        _rows(conversations.referrals, Conversation.Referral.choices, BOTH),
        _("Closed conversations only."),
    )
    check_in_table = Table(
        "check_ins",
        _("How young people felt"),
        _("Check-in"),
        (Measure("check_ins", _("Young people")),),
        (
            Row(
                "answered_both",
                _("Said how they felt before and after the chat"),
                (answered_both,),
            ),
            Row("feel_better", _("Share who feel better after the chat"), (feel_better,)),
            Row(
                "heard",
                _("Said whether they felt heard"),
                (check_ins.figure(("check_ins", "heard")),),
            ),
            Row("felt_heard", _("Share who felt heard"), (felt_heard,)),
        ),
        # Lazy, like every label here: the figures are cached and shown in either language.
        format_lazy(
            _(
                "Before the chat and after it, young people may say how they feel (1 to 5) and "
                "whether they felt heard; they can skip it. Feeling better means a higher "
                "number after than before. A share is shown only when at least {count} young "
                "people answered."
            ),
            count=CHECK_IN_MIN_ANSWERS,
        ),
    )
    origins = Table(
        "escalation_origin",
        _("Who escalated"),
        _("Escalated by"),
        (Measure("escalations", _("Escalations")),),
        _rows(
            escalations,
            [("screening", _("Automatic screening")), ("moderator", _("A moderator"))],
            ("escalations",),
            total=False,
        ),
    )

    actions = Table(
        "moderation_actions",
        _("Moderation decisions"),
        _("Action"),
        (
            Measure("decisions", _("Decisions")),
            Measure("automated", _("Of which automated")),
        ),
        _rows(moderation, Action.choices, ("decisions", "automated")),
    )
    reports = Table(
        "reports",
        _("Reports by reason"),
        _("Reason"),
        (
            Measure("received", _("Received")),
            Measure("action_taken", _("Action taken")),
            Measure("no_action", _("No action needed")),
            Measure("pending", _("Still being handled")),
        ),
        _rows(moderation, Report.Reason.choices, REPORT_MEASURES),
    )
    appeals = Table(
        "appeals",
        _("Appeals"),
        _("Appeals"),
        (Measure("appeals", _("Appeals")),),
        _rows(
            moderation,
            [
                ("received", _("Received")),
                (Appeal.Status.UPHELD, _("Decision confirmed")),
                (Appeal.Status.REVERSED, _("Decision reversed")),
                (Appeal.Status.OPEN, _("Not decided yet")),
                (Appeal.Status.WITHDRAWN, _("Withdrawn: the account was deleted")),
            ],
            ("appeals",),
            total=False,
        ),
        _("Appeals received in the year, and what became of them."),
    )

    screened = _count_screening(year)
    raised, false_alarms = (
        screened.figure(("screening", "raised")),
        screened.figure(("screening", "false_alarms")),
    )
    harmful, missed = (
        screened.figure(("screening", "harmful")),
        screened.figure(("screening", "missed")),
    )
    screening = Table(
        "screening",
        _("Automatic screening as moderators saw it"),
        _("Cases"),
        (Measure("screening", _("Cases")),),
        (
            Row("raised", _("Raised by screening and decided"), (raised,)),
            Row(
                "false_alarms", _("Of which false alarms (published or dismissed)"), (false_alarms,)
            ),
            Row("false_alarm_rate", _("False-alarm rate"), (share_figure(false_alarms, raised),)),
            Row("harmful", _("Judged harmful by a moderator"), (harmful,)),
            Row("missed", _("Of which screening had missed (came from a report)"), (missed,)),
            Row("miss_rate", _("Miss rate"), (share_figure(missed, harmful),)),
        ),
        _("Decisions moderators took in the year on posts and room messages."),
    )

    by_month = MonthTable(
        (
            (_("Help conversations"), help_total),
            (_("Escalations"), escalation_total),
            (_("Share urgent"), urgent_share),
            (_("Median wait"), live_wait),
            (_("Median time to a first answer"), live_first_response),
            (_("Share who feel better"), feel_better),
            (_("Moderation decisions"), moderation.figure(("decisions", TOTAL))),
            (_("Reports"), moderation.figure(("received", TOTAL))),
            (_("Appeals"), moderation.figure(("appeals", "received"))),
        )
    )
    return YearFigures(
        year,
        headline,
        (by_category, response_times, outcomes, referrals, check_in_table, origins),
        (actions, reports, appeals, screening),
        by_month,
    )


# --- CSV -----------------------------------------------------------------------------------

CSV_HEADER = (
    "section",
    "measure",
    "item",
    "year",
    "month",
    "value",
    "section_label",
    "measure_label",
    "item_label",
)


def figures_csv(year: int, figures: YearFigures | None = None) -> str:
    """One tidy table: a row per section, measure, item and month (1–12, or "year").

    The first five columns are stable keys for programs; the labels are in the active
    language, for people. Durations are in seconds, shares in percent, empty when unknown.
    """
    figures = figures or year_figures_cached(year)
    out = io.StringIO()
    # Semicolons: the list separator of Excel in Belgium (French and Dutch), where the comma
    # is the decimal separator.
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_HEADER)
    for table in figures.tables:
        for row in table.rows:
            for measure, figure in zip(table.measures, row.figures, strict=True):
                for month in (None, *MONTH_NUMBERS):
                    writer.writerow(
                        (
                            table.key,
                            measure.key,
                            row.key,
                            year,
                            "year" if month is None else month,
                            csv_value(figure.value(month)),
                            str(table.caption),
                            str(measure.label),
                            str(row.label),
                        )
                    )
    return out.getvalue()
