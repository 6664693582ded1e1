"""What every moderation decision shares, whichever verb it is: what it is taken on, what the
verb reports back, the statement of reasons it leaves, and the queue item it closes.

The verbs (one module each in this package) only change what they act on;
`moderation.actions.decision_apply` does the rest the same way for all of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext

from cybersquad.broadcast import send_on_commit
from cybersquad.groups import MODERATION_QUEUE
from cybersquad.models import User
from forum.models import Notification, Post
from forum.services import notification_create
from moderation.audit import audit
from moderation.labels import label_record
from moderation.models import Action, Category, Decision, QueueItem, Report


@dataclass
class Target:
    """What a decision is taken on and by whom. ``post``/``message`` for a decision on
    content, ``member`` for the person it falls on (the author of that content, or the
    member sanctioned), ``item`` for the queue item it settles."""

    action: str
    by: User
    reason: str
    category: str
    item: QueueItem | None = None
    post: Post | None = None
    message: object | None = None  # chat.models.Message (chat depends on moderation)
    member: User | None = None
    until: datetime.datetime | None = None
    # Verb-specific: an escalation's kind, the room of a removal, the report misused.
    kind: str | None = None
    room: object | None = None
    hours: int | None = None
    report: Report | None = None
    rule: str = ""


@dataclass
class Result:
    """What a verb did. ``decide``: a Decision (statement of reasons) is recorded and the
    member told; ``close``: the report status the open queue item is closed with (None leaves
    it open); ``action``/``category``: what the Decision records when it is not the verb and
    category asked for (a behaviour escalation records a hiding); ``then``: called with the
    Decision once recorded."""

    changed: bool
    decide: bool = False
    close: str | None = None
    action: str | None = None
    category: str | None = None
    then: Callable[[Decision | None], None] | None = field(default=None)


ACTION_TAKEN = Report.Status.ACTION_TAKEN
NO_ACTION = Report.Status.NO_ACTION


def queue_changed(item: QueueItem, change: str) -> None:
    send_on_commit(
        MODERATION_QUEUE,
        {"type": "queue.changed", "change": change, "item": item.pk, "priority": item.priority},
    )


def item_close(item: QueueItem | None, *, by: User, report_status: str) -> None:
    """Close the item, settle its reports and keep the outcome as a screening label."""
    if item is None or item.closed_at is not None:
        return
    now = timezone.now()
    QueueItem.objects.filter(pk=item.pk).update(closed_at=now, closed_by=by)
    item.closed_at, item.closed_by = now, by
    Report.objects.filter(queue_item=item).update(status=report_status, status_changed_at=now)
    label_record(item, harmful=report_status == Report.Status.ACTION_TAKEN)
    queue_changed(item, "closed")


def rule_of(item: QueueItem | None) -> str:
    """The screening rules that put the item in the queue, for the statement of reasons."""
    if item and item.signals:
        return ", ".join(sorted({s["rule"] for s in item.signals}))[:80]
    return ""


def decision_record(
    action: str,
    *,
    member: User | None,
    by: User | None,
    reason: str,
    post: Post | None = None,
    message=None,
    item: QueueItem | None = None,
    category: str = Category.OTHER,
    rule: str = "",
    ends_at: datetime.datetime | None = None,
    automated: bool = False,
) -> Decision | None:
    """Audit the decision and, when it falls on a member, record it with its statement of
    reasons and tell them. Returns the Decision (None without a member)."""
    audit(by, f"{'post' if post else 'member'}.{action}", post or member, reason=rule or category)
    if member is None:
        return None
    decision = Decision.objects.create(
        action=action,
        member=member,
        moderator=by,
        automated=automated,
        post=post,
        message=message,
        queue_item=item,
        category=category,
        rule=rule,
        reason=reason,
        ends_at=ends_at,
    )
    tell_member_of_decision(member, decision)
    return decision


def tell_member_of_decision(member: User, decision: Decision) -> None:
    """In-app notice (and an email if they gave one), in the member's own language.

    Neither says what the message was: a notification can show up on a locked screen.
    """
    with translation.override(member.language):
        link = decision.get_absolute_url()
        notification_create(member.pk, kind=Notification.Kind.DECISION, link=link)
        if member.email:
            subject, body = _decision_email(decision)
            body = body % {"name": member.username, "link": settings.CYBERSQUAD_SITE_URL + link}
            transaction.on_commit(
                lambda: send_mail(subject, body, None, [member.email], fail_silently=True)
            )


def _decision_email(decision: Decision) -> tuple[str, str]:
    """Subject and body (with %(name)s and %(link)s) in the active language: a message put
    online is said as the good news it is, anything else invites to read the reasons."""
    if decision.action == Action.PUBLISH:
        if decision.post is not None and decision.post.is_opening:
            return gettext("Your question is online on Cybersquad"), gettext(
                "Hello %(name)s,\n\nA moderator checked your question: it is online now. "
                "See it, and the answers it gets, after signing in: %(link)s\n\nCybersquad"
            )
        if decision.post is not None:
            return gettext("Your reply is online on Cybersquad"), gettext(
                "Hello %(name)s,\n\nA moderator checked your reply: it is online now. "
                "See it after signing in: %(link)s\n\nCybersquad"
            )
        return gettext("Your message is online on Cybersquad"), gettext(
            "Hello %(name)s,\n\nA moderator checked your message in the chat room: it is "
            "online now. See it after signing in: %(link)s\n\nCybersquad"
        )
    return gettext("A moderator made a decision about your Cybersquad account"), gettext(
        "Hello %(name)s,\n\nA moderator made a decision about your message or your "
        "account. You can read the reasons, and how to appeal, after signing in: "
        "%(link)s\n\nCybersquad"
    )


def newer_standing(decision: Decision, **target) -> bool:
    """Whether a newer decision of the same verb on the same target still stands."""
    return (
        Decision.objects.filter(action=decision.action, reversed_at=None, pk__gt=decision.pk)
        .filter(**target)
        .exists()
    )


def restrict_until(target: Target, field: str) -> Result:
    """Mute or suspend until ``target.until``; a restriction that already lasts as long or
    longer stands, and the item is closed all the same."""
    member, until = target.member, target.until
    current = getattr(member, field)
    if current and until and current >= until:
        return Result(False, close=ACTION_TAKEN)
    User.objects.filter(pk=member.pk).update(**{field: until})
    setattr(member, field, until)
    return Result(True, decide=True, close=ACTION_TAKEN)


def restricted_until(decision: Decision, field: str, *, by: User) -> None:
    """After a mute or suspension is reversed, the member stays restricted until the latest end
    among the decisions of that verb still standing; never longer than before."""
    member = User.objects.select_for_update().get(pk=decision.member_id)
    current = getattr(member, field)
    standing = Decision.objects.filter(
        member=member, action=decision.action, reversed_at=None, ends_at__gt=timezone.now()
    ).aggregate(end=Max("ends_at"))["end"]
    until = min(current, standing) if current and standing else None
    if until != current:
        User.objects.filter(pk=member.pk).update(**{field: until})
        audit(by, f"member.{decision.action}.lift", member, reason="appeal")


def item_category(target: Target) -> str:
    """A decision on content is filed under what screening or the reports found."""
    return target.item.category if target.item is not None else target.category


def nothing_to_undo(decision: Decision, *, by: User) -> None:
    """Reversing changes nothing but the record, which now says it was reversed."""
