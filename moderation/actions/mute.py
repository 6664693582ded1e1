"""Mute: the member reads but cannot write until ``until``. Reversing it leaves them muted
only as long as another mute still standing says."""

from __future__ import annotations

from functools import partial

from moderation.actions.base import Result, Target, restrict_until, restricted_until
from moderation.models import Action

ACTION = Action.MUTE
TARGETS = ("member",)
FIELD = "muted_until"
reverse = partial(restricted_until, field=FIELD)


def apply(target: Target) -> Result:
    return restrict_until(target, FIELD)
