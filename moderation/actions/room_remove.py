"""Remove from a chat room: the member is out of ``target.room`` until ``target.until``, and
their sockets there close. Reversing it lets them back in at once; a removal from another
decision still running keeps them out until its own end."""

from __future__ import annotations

from cybersquad.models import User
from moderation.actions.base import Result, Target
from moderation.models import Action, Decision
from moderation.ports import chat

ACTION = Action.ROOM_REMOVE
TARGETS = ("member",)


def apply(target: Target) -> Result:
    if target.member.is_professional:
        return Result(False)
    exclusion = chat().room_exclude(target.room, target.member, by=target.by, until=target.until)
    if exclusion is None:
        return Result(False)

    def link(decision: Decision | None) -> None:
        exclusion.decision = decision
        exclusion.save(update_fields=["decision"])

    return Result(True, decide=True, then=link)


def reverse(decision: Decision, *, by: User) -> None:
    chat().room_readmit(decision, by=by)
