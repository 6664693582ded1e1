"""Retention: one daily run erases what the platform no longer needs, in every app.

`manage.py retention` (and its old name `manage.py chat_retention`) calls `retention_run`.
Each period is a setting: CHAT_RETENTION_DAYS (conversations closed, or waiting unanswered,
that long), CHAT_ROOM_RETENTION_DAYS (room messages) and MODERATION_RETENTION_DAYS (what a
closed case kept). Counts, dates and categories stay for the figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from chat.services import (
    conversations_anonymise,
    conversations_expire_unanswered,
    conversations_requeue_stale,
    room_messages_expire,
)
from moderation.retention import cases_expire


@dataclass(frozen=True)
class RetentionDone:
    conversations: int
    unanswered: int
    room_messages: int
    cases: int
    requeued: int


def retention_run(now: datetime.datetime | None = None) -> RetentionDone:
    now = now or timezone.now()
    return RetentionDone(
        conversations=conversations_anonymise(now),
        unanswered=conversations_expire_unanswered(now),
        room_messages=room_messages_expire(now),
        cases=cases_expire(now),
        requeued=conversations_requeue_stale(now),
    )
