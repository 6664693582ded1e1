"""Lift the hold-for-review restriction that screening set on a member. Not appealable."""

from __future__ import annotations

from cybersquad.models import User
from moderation.actions.base import Result, Target
from moderation.models import Action

ACTION = Action.RESTORE
TARGETS = ("member",)
reverse = None


def apply(target: Target) -> Result:
    member = target.member
    if not member.held_for_review:
        return Result(False)
    User.objects.filter(pk=member.pk).update(held_for_review=False)
    member.held_for_review = False
    return Result(True, decide=True)
