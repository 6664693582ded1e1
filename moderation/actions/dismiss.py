"""Close a report or flag that needs no action. Closing never publishes: a held post is
published by `publish`, so a held disclosure cannot become public by accident."""

from __future__ import annotations

from moderation.actions.base import NO_ACTION, Result, Target
from moderation.audit import audit
from moderation.models import Action

ACTION = Action.DISMISS
TARGETS = ("item",)
reverse = None


def apply(target: Target) -> Result:
    item = target.item
    if item.closed_at is not None:
        return Result(False)
    audit(target.by, "queue.dismiss", item, reason=item.category)
    return Result(True, close=NO_ACTION)
