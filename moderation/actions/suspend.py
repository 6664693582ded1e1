"""Suspend: the member cannot sign in until ``until``; their open sockets close. Reversing
it leaves them suspended only as long as another suspension still standing says."""

from __future__ import annotations

from functools import partial

from cybersquad.broadcast import send_on_commit
from cybersquad.groups import user_group
from moderation.actions.base import Result, Target, restrict_until, restricted_until
from moderation.models import Action

ACTION = Action.SUSPEND
TARGETS = ("member",)
FIELD = "suspended_until"
reverse = partial(restricted_until, field=FIELD)


def apply(target: Target) -> Result:
    result = restrict_until(target, FIELD)
    if result.changed:
        send_on_commit(user_group(target.member.pk), {"type": "session.end"})
    return result
