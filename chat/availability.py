"""When counsellors can chat, and an honest estimate of the wait.

Opening hours come from ``CHAT_OPENING_HOURS`` ("mon-fri 10:00-22:00; sat,sun 14:00-22:00",
Brussels time); who is on shift comes from the counsellors themselves (``Shift``).
"""

from __future__ import annotations

import datetime
import math
import re
import statistics
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone

from chat.models import Conversation, Shift

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_PART = re.compile(r"^\s*([a-z,\-]+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
RECENT_DAYS = 30
MIN_SAMPLES = 5


@lru_cache(maxsize=8)
def parse_hours(spec: str) -> dict[int, list[tuple[int, int]]]:
    """Map ISO weekday (1-7) to open intervals in minutes since midnight. Fails loudly."""
    hours: dict[int, list[tuple[int, int]]] = {day: [] for day in range(1, 8)}
    for part in filter(None, (p.strip() for p in spec.lower().split(";"))):
        match = _PART.match(part)
        if not match:
            raise ImproperlyConfigured(f"CHAT_OPENING_HOURS: cannot read {part!r}")
        days, h1, m1, h2, m2 = match.groups()
        start, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
        if not (0 <= start < end <= 24 * 60):
            raise ImproperlyConfigured(f"CHAT_OPENING_HOURS: bad hours in {part!r}")
        for day in _days(days, part):
            hours[day].append((start, end))
    return hours


def _days(text: str, part: str) -> list[int]:
    found: list[int] = []
    for piece in text.split(","):
        first, _, last = piece.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ImproperlyConfigured(f"CHAT_OPENING_HOURS: unknown day in {part!r}")
        a = DAYS.index(first)
        b = DAYS.index(last) if last else a
        found.extend(d + 1 for d in (range(a, b + 1) if a <= b else [*range(a, 7), *range(b + 1)]))
    return found


def in_opening_hours(now: datetime.datetime | None = None) -> bool:
    local = timezone.localtime(now or timezone.now())
    minute = local.hour * 60 + local.minute
    intervals = parse_hours(settings.CHAT_OPENING_HOURS)[local.isoweekday()]
    return any(start <= minute < end for start, end in intervals)


def opening_hours_text() -> list[tuple[int, list[tuple[str, str]]]]:
    """The hours per ISO weekday, for the page that says when the chat is open."""
    hours = parse_hours(settings.CHAT_OPENING_HOURS)
    return [
        (day, [(f"{s // 60:02d}:{s % 60:02d}", f"{e // 60:02d}:{e % 60:02d}") for s, e in spans])
        for day, spans in hours.items()
    ]


def counsellors_on_shift(now: datetime.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Shift.objects.filter(started_at__lte=now, ends_at__gt=now, counsellor__is_active=True)
        .values_list("counsellor_id", flat=True)
        .distinct()
    )


def is_available(now: datetime.datetime | None = None) -> bool:
    """A live chat is possible: within opening hours and someone is on shift."""
    return in_opening_hours(now) and bool(counsellors_on_shift(now))


@dataclass(frozen=True)
class Wait:
    position: int  # 1 = next to be picked up
    minutes: int  # honest estimate, rounded up to 5 minutes; 0 = someone is free now
    measured: bool  # False while there are too few recent conversations to measure


def handling_minutes(now: datetime.datetime | None = None) -> tuple[float, bool]:
    """Median length of recent conversations with a counsellor, and whether it is measured."""
    since = (now or timezone.now()) - datetime.timedelta(days=RECENT_DAYS)
    # Live chats only: escalations and messages left after hours can stay open for days.
    recent = Conversation.objects.filter(
        closed_at__gte=since,
        claimed_at__isnull=False,
        source=Conversation.Source.HELP,
        after_hours=False,
    ).order_by("-closed_at")
    spans = [
        (closed - claimed).total_seconds() / 60
        for claimed, closed in recent.values_list("claimed_at", "closed_at")[:500]
    ]
    if len(spans) < MIN_SAMPLES:
        return float(settings.CHAT_DEFAULT_HANDLING_MINUTES), False
    return statistics.median(spans), True


def wait_for(conversation: Conversation, now: datetime.datetime | None = None) -> Wait | None:
    """Place in the queue and the estimated wait, or None when the conversation is not waiting."""
    if conversation.status != Conversation.Status.WAITING:
        return None
    # Same order as the counsellors' queue: priority first, then waiting time.
    ahead = Q(priority__lt=conversation.priority) | Q(
        priority=conversation.priority, waiting_since__lt=conversation.waiting_since
    )
    position = Conversation.objects.waiting().filter(ahead).count() + 1
    on_shift = counsellors_on_shift(now)
    if not on_shift:
        return Wait(position=position, minutes=0, measured=False)
    cap = settings.CHAT_MAX_ACTIVE_PER_COUNSELLOR
    busy = Conversation.objects.filter(
        status=Conversation.Status.ACTIVE, counsellor_id__in=on_shift
    ).count()
    free = len(on_shift) * cap - busy
    if position <= free:
        return Wait(position=position, minutes=0, measured=True)
    minutes, measured = handling_minutes(now)
    # Each freed place takes one person from the queue; places free up at the rate of
    # (counsellors × cap) per conversation length.
    rounds = (position - max(free, 0)) / (len(on_shift) * cap)
    estimate = max(5, math.ceil(rounds * minutes / 5) * 5)
    return Wait(position=position, minutes=estimate, measured=measured)
