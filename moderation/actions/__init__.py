"""One path for every moderation decision (modelled on Misago's one module per verb).

``decision_apply(target, action, *, by, ...)`` is how the queue, the room page and its socket,
report misuse and appeals take a decision: it finds the open queue item about the content,
checks that this moderator may decide (`moderation.permissions.check_can_decide`), lets the
verb change what it acts on, then records the Decision with its statement of reasons in the
member's language, tells them, audits, and closes the item with its reports. Each verb lives
in its own module with its inverse (``reverse``), which `decision_reverse` applies when an
appeal succeeds: it undoes that decision's own effect, never what a newer one still imposes.

A verb module has ``ACTION``; ``TARGETS``, the kinds of target it takes ("post", "message",
"member", "item"); ``apply(target: Target) -> Result``; and ``reverse(decision, *, by)`` or
``reverse = None`` when the decision cannot be appealed.
"""

from __future__ import annotations

import datetime
from types import ModuleType

from django.db import transaction

from cybersquad.models import User
from forum.models import Post
from moderation.actions import (
    ban,
    dismiss,
    escalate,
    hide,
    mask,
    mute,
    publish,
    restore,
    room_remove,
    suspend,
    warn,
)
from moderation.actions.base import Target, decision_record, item_close, rule_of
from moderation.models import Category, Decision, QueueItem, Report
from moderation.permissions import check_can_decide

VERBS: dict[str, ModuleType] = {
    verb.ACTION: verb
    for verb in (
        publish,
        hide,
        mask,
        escalate,
        warn,
        mute,
        suspend,
        ban,
        dismiss,
        restore,
        room_remove,
    )
}

# What reversing each appealable decision undoes.
REVERSALS = {action: verb.reverse for action, verb in VERBS.items() if verb.reverse is not None}


class NotApplicable(ValueError):
    """The verb does not apply to this kind of target (a member cannot be masked)."""


def target_kind(target: object) -> str:
    if isinstance(target, Post):
        return "post"
    if isinstance(target, QueueItem):
        return "item"
    if isinstance(target, User):
        return "member"
    if type(target).__name__ == "Message":  # chat.models.Message: chat builds on moderation
        return "message"
    raise NotApplicable(type(target).__name__)


def _open_item(**about) -> QueueItem | None:
    return QueueItem.objects.open().filter(**about).order_by("pk").first()


def _target(
    target: object, action: str, *, item: QueueItem | None, category: str | None, **rest
) -> Target:
    kind = target_kind(target)
    found = Target(action=action, category=category or Category.OTHER, item=item, **rest)
    if kind == "post":
        found.post, found.member = target, target.author
        found.item = item or _open_item(post=target)
    elif kind == "message":
        found.message, found.member = target, target.author
        found.item = item or _open_item(message=target)
    elif kind == "member":
        found.member = target
    else:
        found.item = target
    if category is None and found.item is not None:
        found.category = found.item.category
    return found


def accepts(action: str, target: object) -> bool:
    """Whether the verb applies to this target."""
    return target_kind(target) in VERBS[action].TARGETS


def decision_apply(
    target: Post | object | User | QueueItem,
    action: str,
    *,
    by: User,
    reason: str = "",
    category: str | None = None,
    until: datetime.datetime | None = None,
    item: QueueItem | None = None,
    kind: str | None = None,
    room: object | None = None,
    report: Report | None = None,
) -> bool:
    """Take a moderation decision; returns whether it changed anything (idempotent).

    ``target``: a post, a room message, a member, or the queue item itself (to close it
    without action). ``item``: the queue item decided; by default the open one about the post
    or message. ``category``: what the statement of reasons files it under (by default the
    item's); a hiding or publication is filed under what the item was raised for.
    ``until``: the end of a mute, suspension or room removal (in ``room``); ``kind``: who is
    at risk in an escalation; ``report``: the report misused, for a misuse warning.
    Raises PermissionDenied (with the reason) when ``by`` may not decide, NotApplicable when
    the verb does not take this target.
    """
    if not accepts(action, target):
        raise NotApplicable(f"{action} on {target_kind(target)}")
    verb = VERBS[action]
    with transaction.atomic():
        found = _target(
            target,
            action,
            item=item,
            category=category,
            by=by,
            reason=reason,
            until=until,
            kind=kind,
            room=room,
            report=report,
        )
        check_can_decide(by, item=found.item, member=found.member, action=action, report=report)
        result = verb.apply(found)
        decision = None
        if result.decide:
            decision = decision_record(
                result.action or action,
                member=found.member,
                by=by,
                reason=found.reason,
                post=found.post,
                message=found.message,
                item=found.item,
                category=result.category or found.category,
                rule=found.rule or rule_of(found.item),
                ends_at=found.until,
            )
        if result.then is not None:
            result.then(decision)
        if result.close is not None:
            item_close(found.item, by=by, report_status=result.close)
    return result.changed


def decision_reverse(decision: Decision, *, by: User) -> None:
    """Undo exactly this decision's effect (call when an appeal reverses it, inside the
    transaction that marks it reversed)."""
    REVERSALS[decision.action](decision, by=by)
