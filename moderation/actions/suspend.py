"""Suspend: the member cannot sign in until ``until``; their open sockets close. Reversing
it leaves them suspended only as long as another suspension still standing says."""

from __future__ import annotations

from functools import partial

from cybersquad.broadcast import send_on_commit
from cybersquad.groups import user_group
from cybersquad.models import User
from moderation.actions.base import ACTION_TAKEN, Result, Target, restricted_until
from moderation.models import Action

ACTION = Action.SUSPEND
TARGETS = ("member",)
FIELD = "suspended_until"
reverse = partial(restricted_until, field=FIELD)


def apply(target: Target) -> Result:
    member, until = target.member, target.until
    current = getattr(member, FIELD)
    if current and until and current >= until:
        return Result(False, close=ACTION_TAKEN)
    User.objects.filter(pk=member.pk).update(**{FIELD: until})
    setattr(member, FIELD, until)
    send_on_commit(user_group(member.pk), {"type": "session.end"})
    return Result(True, decide=True, close=ACTION_TAKEN)
