"""Mute: the member reads but cannot write until ``until``. Reversing it leaves them muted
only as long as another mute still standing says."""

from __future__ import annotations

from functools import partial

from cybersquad.models import User
from moderation.actions.base import ACTION_TAKEN, Result, Target, restricted_until
from moderation.models import Action

ACTION = Action.MUTE
TARGETS = ("member",)
FIELD = "muted_until"
reverse = partial(restricted_until, field=FIELD)


def apply(target: Target) -> Result:
    member, until = target.member, target.until
    current = getattr(member, FIELD)
    if current and until and current >= until:
        return Result(False, close=ACTION_TAKEN)
    User.objects.filter(pk=member.pk).update(**{FIELD: until})
    setattr(member, FIELD, until)
    return Result(True, decide=True, close=ACTION_TAKEN)
