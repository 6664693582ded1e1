"""Moderation work: applying screening verdicts, the queue, decisions, reports, appeals,
escalations and the audit trail. Every action is idempotent and returns whether it changed
anything; every decision about a member carries a statement of reasons in their language."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cybersquad.broadcast import send_on_commit
from cybersquad.groups import MODERATION_QUEUE
from cybersquad.models import User
from forum.models import Post
from moderation.actions import REVERSALS, decision_apply, decision_reverse
from moderation.actions.base import queue_changed, tell_member_of_decision
from moderation.audit import audit
from moderation.escalations import escalation_create, escalation_edited, open_case_of_post
from moderation.models import (
    Action,
    Appeal,
    Category,
    Decision,
    Escalation,
    QueueItem,
    Report,
    ShadowVerdict,
)
from moderation.permissions import check_can_decide
from moderation.policy import Verdict
from moderation.triage import REPORT_PRIORITY, report_rank

# Kept importable from here: callers across the apps write to the trail and open cases.
__all__ = ["REPORT_PRIORITY", "REVERSALS", "audit", "escalation_create", "tell_member_of_decision"]


# --- Screening verdicts ------------------------------------------------------------------


def post_apply_verdict(post: Post, verdict: Verdict, *, item: QueueItem | None = None) -> None:
    """After a post is stored with the verdict's status: queue it, escalate it, restrict.

    ``item``: the open queue item of a held post that its author edited; it takes the new
    verdict instead of a second item being opened. Call inside the transaction that stored
    the post.
    """
    author = post.author
    signals = [s.as_dict() for s in verdict.signals]
    # Only an edit finds the post already escalated: its new version reaches the open case
    # (whatever screening says of it now) and never opens another one.
    escalated = open_case_of_post(post) if post.edited_at is not None else None
    if escalated is not None:
        escalation_edited(
            escalated,
            content=post.body,
            priority=verdict.priority if verdict.action == "escalate" else escalated.priority,
        )
    elif verdict.action == "escalate":
        escalation_create(
            kind=verdict.escalation_kind,
            member=author,
            post=post,
            category=verdict.category,
            priority=verdict.priority,
            signals=signals,
            content=post.body,
            language=post.topic.language,
        )
    if verdict.shadow is not None:
        ShadowVerdict.objects.create(post=post, **verdict.shadow)
    if item is not None:
        _item_rescreened(item, verdict, signals)
    elif verdict.action in ("hold", "escalate", "flag"):
        item = QueueItem.objects.create(
            source=verdict.source,
            category=verdict.category,
            priority=verdict.priority,
            post=post,
            member=author,
            signals=signals,
        )
        queue_changed(item, "added")
    if verdict.restricts_author and author is not None and not author.held_for_review:
        User.objects.filter(pk=author.pk).update(held_for_review=True)
        audit(None, "member.hold_for_review", author, reason=verdict.category)


def screening_item_of(post: Post) -> QueueItem | None:
    """The open item that holds a post for a moderator (screening or a new member's first
    posts), if any. Reports have items of their own."""
    return (
        QueueItem.objects.open()
        .filter(post=post, source__in=[QueueItem.Source.SCREENING, QueueItem.Source.FIRST_POSTS])
        .order_by("pk")
        .first()
    )


def _item_rescreened(item: QueueItem, verdict: Verdict, signals: list[dict]) -> None:
    """The author of a held post changed it: its item now lists what screening found in the
    new version first, then what it found in earlier ones (their text stays on the item as
    evidence, so an edit never hides why the post was held). It keeps its most urgent
    priority and takes the category of the more serious verdict."""
    new = {(s["rule"], s.get("matched", "")) for s in signals}
    earlier = [s for s in item.signals if (s.get("rule"), s.get("matched", "")) not in new]
    fields: dict[str, Any] = {"signals": signals + earlier}
    if verdict.priority < item.priority:
        fields["priority"] = verdict.priority
    if verdict.category != Category.OTHER and (
        verdict.priority < item.priority or item.category == Category.OTHER
    ):
        fields["category"] = verdict.category
    if verdict.action in ("hold", "escalate", "flag") and verdict.signals:
        fields["source"] = verdict.source
    QueueItem.objects.filter(pk=item.pk).update(**fields)
    for name, value in fields.items():
        setattr(item, name, value)
    audit(None, "queue.rescreen", item, reason=item.category)
    queue_changed(item, "changed")


# --- The queue ---------------------------------------------------------------------------


def queue_claim(item: QueueItem, *, by: User) -> bool:
    """Take an item. Atomic: of two moderators claiming at once, exactly one gets it."""
    now = timezone.now()
    claimed = QueueItem.objects.filter(
        pk=item.pk, claimed_by__isnull=True, closed_at__isnull=True
    ).update(claimed_by=by, claimed_at=now)
    if claimed:
        item.claimed_by, item.claimed_at = by, now
        audit(by, "queue.claim", item)
        queue_changed(item, "claimed")
    return bool(claimed)


def queue_release(item: QueueItem, *, by: User) -> bool:
    released = QueueItem.objects.filter(pk=item.pk, claimed_by=by, closed_at__isnull=True).update(
        claimed_by=None, claimed_at=None
    )
    if released:
        item.claimed_by = item.claimed_at = None
        audit(by, "queue.release", item)
        queue_changed(item, "released")
    return bool(released)


class ContentChanged(Exception):
    """The author changed the message after the moderator opened it: nothing is decided."""


def post_version(post: Post) -> str:
    """What tells one version of a post from the next: when its author wrote it or last
    changed it (an edit or a deletion). The item page sends it with the decision."""
    return (post.edited_at or post.created_at).isoformat()


def item_check_seen(item: QueueItem, *, seen: str) -> None:
    """Refuse a decision on a post taken on another version than the one there now (an
    author can edit a held post while a moderator reads it). Raises ContentChanged.

    Call inside the transaction that applies the decision: the post stays locked until it
    ends, so an edit made meanwhile waits and is then screened as an edit of what was decided.
    """
    if item.post_id is None:
        return
    locked = Post.objects.select_for_update(of=("self",)).select_related("topic", "author")
    post = locked.get(pk=item.post_id)
    if post_version(post) != seen:
        raise ContentChanged
    item.post = post


def item_view_audited(item: QueueItem, *, by: User) -> None:
    audit(by, "queue.view", item)


# --- Decisions ---------------------------------------------------------------------------
# Every decision goes through `moderation.actions.decision_apply`; these name its verbs for
# the callers that know which one they take.


def post_publish(post: Post, *, by: User, reason: str, item: QueueItem | None = None) -> bool:
    """Publish a held or hidden post (a false alarm)."""
    return decision_apply(post, Action.PUBLISH, by=by, reason=reason, item=item)


def post_hide(post: Post, *, by: User, reason: str, item: QueueItem | None = None) -> bool:
    """Hide a post from everyone but its author (held posts stay hidden for good)."""
    return decision_apply(post, Action.HIDE, by=by, reason=reason, item=item)


def chat_message_decide(
    message, *, action: str, by: User, reason: str = "", item: QueueItem | None = None
) -> bool:
    """Publish or hide a room message, from the moderation queue or the room itself, with a
    statement of reasons; an open queue item about the message is closed with it."""
    return decision_apply(message, action, by=by, reason=reason, item=item)


def post_mask(post: Post, *, by: User, reason: str, item: QueueItem | None = None) -> bool:
    """Hide the personal information in a post and publish the rest."""
    return decision_apply(post, Action.MASK, by=by, reason=reason, item=item)


def post_escalate(
    post: Post,
    *,
    by: User,
    category: str,
    reason: str,
    item: QueueItem | None = None,
    kind: str = Escalation.Kind.DISCLOSURE,
) -> bool:
    """Give the case to counsellors (`moderation.actions.escalate`)."""
    return decision_apply(
        post, Action.ESCALATE, by=by, reason=reason, item=item, category=category, kind=kind
    )


def member_warn(
    member: User,
    *,
    by: User,
    reason: str,
    item: QueueItem | None = None,
    category: str = Category.OTHER,
) -> bool:
    return decision_apply(member, Action.WARN, by=by, reason=reason, item=item, category=category)


def member_mute(
    member: User,
    *,
    by: User,
    until: datetime.datetime,
    reason: str,
    item: QueueItem | None = None,
    category: str = Category.OTHER,
) -> bool:
    return decision_apply(
        member, Action.MUTE, by=by, until=until, reason=reason, item=item, category=category
    )


def member_suspend(
    member: User,
    *,
    by: User,
    until: datetime.datetime,
    reason: str,
    item: QueueItem | None = None,
    category: str = Category.OTHER,
) -> bool:
    return decision_apply(
        member, Action.SUSPEND, by=by, until=until, reason=reason, item=item, category=category
    )


def member_ban(
    member: User,
    *,
    by: User,
    reason: str,
    item: QueueItem | None = None,
    category: str = Category.OTHER,
) -> bool:
    return decision_apply(member, Action.BAN, by=by, reason=reason, item=item, category=category)


def member_room_remove(
    member: User,
    *,
    room,
    by: User,
    hours: int,
    reason: str,
    category: str = Category.OTHER,
) -> bool:
    """Take a member out of a chat room for ``hours``, as any other decision: the rules of
    `check_can_decide`, then a statement of reasons in their language that they can appeal
    (reversing it lets them back in)."""
    until = timezone.now() + datetime.timedelta(hours=hours)
    return decision_apply(
        member,
        Action.ROOM_REMOVE,
        by=by,
        room=room,
        until=until,
        reason=reason,
        category=category,
    )


def member_restore(member: User, *, by: User, reason: str, item: QueueItem | None = None) -> bool:
    """Lift the hold-for-review restriction that screening set."""
    return decision_apply(
        member, Action.RESTORE, by=by, reason=reason, item=item, category=Category.OTHER
    )


def item_dismiss(item: QueueItem, *, by: User, reason: str) -> bool:
    """Close a report or flag that needs no action. A held post is published by `post_publish`."""
    return decision_apply(item, Action.DISMISS, by=by, reason=reason)


# --- Reports -----------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *,
    reporter: User | None,
    reason: str,
    description: str,
    language: str,
    post: Post | None = None,
    message=None,
    member: User | None = None,
    url: str = "",
    contact: str = "",
    may_be_urgent: bool = True,
) -> Report:
    """A report on a post, a chat message, a member or a URL (exactly one).

    Reports on one target share one open queue item, raised to the most urgent reason.
    ``may_be_urgent=False`` (the client already sent many urgent reports) queues it as high
    instead, so one client cannot fill the urgent part of the queue.
    """
    author = post.author if post else (message.author if message else None)
    member = member or author
    report = Report.objects.create(
        reporter=reporter if reporter and reporter.is_authenticated else None,
        reason=reason,
        description=description,
        language=language,
        post=post,
        message=message,
        member=member,
        url=url,
        contact=contact,
    )
    category, priority = report_rank(reason, may_be_urgent=may_be_urgent)
    target: dict[str, Any] | None
    if post:
        target = {"post": post}
    elif message:
        target = {"message": message}
    elif member:
        target = {"member": member, "post": None, "message": None}
    elif url:
        target = {"reports__url": url, "member": None, "post": None, "message": None}
    else:
        target = None
    item = None
    if target is not None:
        item = QueueItem.objects.open().filter(**target).order_by("pk").first()
    if item is None:
        item = QueueItem.objects.create(
            source=QueueItem.Source.REPORT,
            category=category,
            priority=priority,
            post=post,
            message=message,
            member=member,
        )
        queue_changed(item, "added")
    elif priority < item.priority:
        QueueItem.objects.filter(pk=item.pk).update(priority=priority)
        queue_changed(item, "raised")
    report.queue_item = item
    report.save(update_fields=["queue_item"])
    audit(
        reporter if reporter and reporter.is_authenticated else None,
        "report.create",
        report,
        reason=reason,
    )
    return report


def report_misuse(report: Report, *, by: User) -> bool:
    """A report made in bad faith: close it without action and warn the reporter."""
    return decision_apply(report.reporter, Action.WARN, by=by, report=report)


def report_mark_in_review(item: QueueItem) -> None:
    Report.objects.filter(queue_item=item, status=Report.Status.RECEIVED).update(
        status=Report.Status.IN_REVIEW, status_changed_at=timezone.now()
    )


# --- Appeals -----------------------------------------------------------------------------


@transaction.atomic
def appeal_create(decision: Decision, *, by: User, text: str) -> Appeal:
    if decision.member_id != by.pk or not decision.appealable:
        raise PermissionDenied
    appeal, created = Appeal.objects.get_or_create(decision=decision, defaults={"text": text})
    if created:
        audit(by, "appeal.create", appeal)
        send_on_commit(
            MODERATION_QUEUE, {"type": "queue.changed", "change": "appeal", "appeal": appeal.pk}
        )
    return appeal


@transaction.atomic
def appeal_decide(appeal: Appeal, *, by: User, reverse: bool, outcome: str) -> bool:
    """Confirm or reverse the decision appealed. Reversing applies exactly its inverse
    (`moderation.actions.decision_reverse`) and marks the decision reversed, so it no longer
    counts."""
    decision = appeal.decision
    check_can_decide(by, decision=decision)
    now = timezone.now()
    status = Appeal.Status.REVERSED if reverse else Appeal.Status.UPHELD
    # Of two moderators deciding at once, one decides.
    decided = Appeal.objects.filter(pk=appeal.pk, status=Appeal.Status.OPEN).update(
        status=status, decided_by=by, decided_at=now, outcome=outcome
    )
    if not decided:
        return False
    appeal.status, appeal.decided_by, appeal.decided_at, appeal.outcome = status, by, now, outcome
    audit(by, f"appeal.{status}", appeal)
    if reverse:
        Decision.objects.filter(pk=decision.pk).update(reversed_at=now, reversed_by=by)
        decision.reversed_at, decision.reversed_by = now, by
        audit(by, "decision.reverse", decision, reason=decision.action)
        decision_reverse(decision, by=by)
    if decision.member is not None:  # erased since the appeal: nobody left to tell
        tell_member_of_decision(decision.member, decision)
    return True
