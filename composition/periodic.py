"""Scheduled work in one place: `manage.py tick` runs `tick()` once, or every N seconds with
``--every`` (the small loop process `make run` starts, and one per deployment at scale).
Nothing periodic runs from a page view.

Each tick returns unanswered claimed chats to the queue (CHAT_CLAIM_TIMEOUT_SECONDS), closes
the rooms nobody moderates any more or whose hours are over, and about once an hour runs the
retention (composition/retention.py). Every step is idempotent, so two ticks at once, or a
counsellors' workspace sweeping too, do no harm.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from chat.services import conversations_requeue_stale, rooms_close_unattended
from composition.retention import RetentionDone, retention_run
from cybersquad import ratelimit

RETENTION_EVERY_SECONDS = 3600


@dataclass(frozen=True)
class TickDone:
    requeued: int
    rooms_closed: int
    retention: RetentionDone | None


def tick(now: datetime.datetime | None = None, *, retention: bool | None = None) -> TickDone:
    """One round of the scheduled work. ``retention``: force it on or off; by default it runs
    at the first tick of each hour (counted in the shared cache, so across processes)."""
    now = now or timezone.now()
    requeued = conversations_requeue_stale(now)
    rooms_closed = rooms_close_unattended(now)
    if retention is None:
        retention = ratelimit.first_within("periodic", "retention", RETENTION_EVERY_SECONDS)
    return TickDone(
        requeued=requeued,
        rooms_closed=rooms_closed,
        retention=retention_run(now) if retention else None,
    )
