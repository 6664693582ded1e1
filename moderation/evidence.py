"""Evidence: the versions of reported or held content that its author changed or took away.

A moderator must judge what was reported, and whoever decides an appeal must see what was
decided on, even after the author edits or deletes it or deletes their account. So before
such a change, the content as it is is copied to every live case about it (open, or closed
within MODERATION_RETENTION_DAYS). Nothing is copied for content that no case needs.
"""

from __future__ import annotations

import datetime

from moderation.models import Evidence, QueueItem


def post_keep_evidence(post, *, reason: str) -> int:
    """Copy a post (and its topic's title, for a question) to its live cases.

    Call before changing or erasing it, inside the same transaction. Returns how many copies
    were made.
    """
    items = list(QueueItem.objects.filter(post=post).live())
    if not items:
        return 0
    topic = post.topic
    return _keep(
        items,
        title=topic.title if post.is_opening else "",
        body=post.body,
        masked_spans=post.masked_spans,
        language=topic.language,
        written_at=post.edited_at or post.created_at,
        reason=reason,
    )


def message_keep_evidence(message, *, reason: str, language: str = "fr") -> int:
    """Copy a room message to its live cases before it is deleted."""
    items = list(QueueItem.objects.filter(message=message).live())
    if not items:
        return 0
    return _keep(
        items,
        title="",
        body=message.body,
        masked_spans=message.masked_spans,
        language=language,
        written_at=message.created_at,
        reason=reason,
    )


def _keep(items: list[QueueItem], *, written_at: datetime.datetime, **version) -> int:
    kept = 0
    for item in items:
        last = item.evidence.order_by("-created_at", "-pk").first()
        if last and (last.title, last.body) == (version["title"], version["body"]):
            continue  # this version is already on the case (a deletion right after a copy)
        Evidence.objects.create(queue_item=item, written_at=written_at, **version)
        kept += 1
    return kept
