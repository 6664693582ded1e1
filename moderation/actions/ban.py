"""Ban: the member cannot sign in any more; their open sockets close. Reversing it lets them
back unless another ban still stands."""

from __future__ import annotations

from django.utils import timezone

from cybersquad.broadcast import send_on_commit
from cybersquad.groups import user_group
from cybersquad.models import User
from moderation.actions.base import ACTION_TAKEN, Result, Target
from moderation.audit import audit
from moderation.models import Action, Decision

ACTION = Action.BAN
TARGETS = ("member",)


def apply(target: Target) -> Result:
    member = target.member
    if member.banned_at is not None:
        return Result(False, close=ACTION_TAKEN)
    member.banned_at = timezone.now()
    User.objects.filter(pk=member.pk).update(banned_at=member.banned_at)
    send_on_commit(user_group(member.pk), {"type": "session.end"})
    return Result(True, decide=True, close=ACTION_TAKEN)


def reverse(decision: Decision, *, by: User) -> None:
    standing = Decision.objects.filter(
        member_id=decision.member_id, action=Action.BAN, reversed_at=None
    )
    if standing.exists():
        return
    if User.objects.filter(pk=decision.member_id, banned_at__isnull=False).update(banned_at=None):
        audit(by, "member.ban.lift", decision.member, reason="appeal")
