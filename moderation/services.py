"""Moderation work: applying screening verdicts, the queue, decisions, reports, appeals,
escalations and the audit trail. Every action is idempotent and returns whether it changed
anything; every decision about a member carries a statement of reasons in their language."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext

from cybersquad.broadcast import send_on_commit
from cybersquad.groups import MODERATION_QUEUE, user_group
from cybersquad.models import User
from forum.models import Notification, Post, PostStatus, Topic
from forum.services import notification_create, reply_published, topic_touch
from moderation.labels import label_record
from moderation.models import (
    MISUSE_RULE_PREFIX,
    URGENT_CATEGORIES,
    Action,
    Appeal,
    AuditRecord,
    Category,
    Decision,
    Escalation,
    Priority,
    QueueItem,
    Report,
    ShadowVerdict,
)
from moderation.permissions import check_can_decide
from moderation.policy import Verdict

# --- Audit -------------------------------------------------------------------------------


def audit(actor: User | None, action: str, target: object, reason: str = "") -> AuditRecord:
    """Record who did what to what, and why. Never pass content as the reason."""
    return AuditRecord.objects.create(
        actor_id=getattr(actor, "pk", None),
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        target_type=type(target).__name__.lower(),
        target_id=str(getattr(target, "pk", target)),
        reason=reason[:300],
    )


def _queue_changed(item: QueueItem, change: str) -> None:
    send_on_commit(
        MODERATION_QUEUE,
        {"type": "queue.changed", "change": change, "item": item.pk, "priority": item.priority},
    )


# --- Screening verdicts ------------------------------------------------------------------


def post_apply_verdict(post: Post, verdict: Verdict, *, item: QueueItem | None = None) -> None:
    """After a post is stored with the verdict's status: queue it, escalate it, restrict.

    ``item``: the open queue item of a held post that its author edited; it takes the new
    verdict instead of a second item being opened. Call inside the transaction that stored
    the post.
    """
    author = post.author
    signals = [s.as_dict() for s in verdict.signals]
    if verdict.action == "escalate":
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
        _queue_changed(item, "added")
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
    fields = {"signals": signals + earlier}
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
    _queue_changed(item, "changed")


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
        _queue_changed(item, "claimed")
    return bool(claimed)


def queue_release(item: QueueItem, *, by: User) -> bool:
    released = QueueItem.objects.filter(pk=item.pk, claimed_by=by, closed_at__isnull=True).update(
        claimed_by=None, claimed_at=None
    )
    if released:
        item.claimed_by = item.claimed_at = None
        audit(by, "queue.release", item)
        _queue_changed(item, "released")
    return bool(released)


def _close(item: QueueItem | None, *, by: User, report_status: str) -> None:
    if item is None or item.closed_at is not None:
        return
    now = timezone.now()
    QueueItem.objects.filter(pk=item.pk).update(closed_at=now, closed_by=by)
    item.closed_at, item.closed_by = now, by
    Report.objects.filter(queue_item=item).update(status=report_status, status_changed_at=now)
    label_record(item, harmful=report_status == Report.Status.ACTION_TAKEN)
    _queue_changed(item, "closed")


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


def _decide(
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
            subject = gettext("A moderator made a decision about your Cybersquad account")
            body = gettext(
                "Hello %(name)s,\n\nA moderator made a decision about your message or your "
                "account. You can read the reasons, and how to appeal, after signing in: "
                "%(link)s\n\nCybersquad"
            ) % {"name": member.username, "link": settings.CYBERSQUAD_SITE_URL + link}
            transaction.on_commit(
                lambda: send_mail(subject, body, None, [member.email], fail_silently=True)
            )


def _rule_of(item: QueueItem | None) -> str:
    if item and item.signals:
        return ", ".join(sorted({s["rule"] for s in item.signals}))[:80]
    return ""


def _make_public(post: Post) -> bool:
    """Publish a held or hidden post: the topic, counters and followers follow."""
    if post.status == PostStatus.PUBLISHED:
        return False
    was_held = post.status == PostStatus.HELD
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PUBLISHED)
    post.status = PostStatus.PUBLISHED
    if post.is_opening:
        Topic.objects.filter(pk=post.topic_id).update(status=PostStatus.PUBLISHED)
    elif was_held:
        reply_published(post)
    topic_touch(post.topic_id)
    return True


@transaction.atomic
def post_publish(post: Post, *, by: User, reason: str, item: QueueItem | None = None) -> bool:
    """Publish a held or hidden post (a false alarm)."""
    check_can_decide(by, item=item, member=post.author, action=Action.PUBLISH)
    changed = _make_public(post)
    if changed:
        _decide(
            Action.PUBLISH,
            member=post.author,
            by=by,
            reason=reason,
            post=post,
            item=item,
            category=item.category if item else Category.OTHER,
            rule=_rule_of(item),
        )
    _close(item, by=by, report_status=Report.Status.NO_ACTION)
    return changed


@transaction.atomic
def post_hide(post: Post, *, by: User, reason: str, item: QueueItem | None = None) -> bool:
    """Hide a post from everyone but its author (held posts stay hidden for good)."""
    check_can_decide(by, item=item, member=post.author, action=Action.HIDE)
    if post.status in (PostStatus.HIDDEN, PostStatus.REMOVED):
        _close(item, by=by, report_status=Report.Status.ACTION_TAKEN)
        return False
    Post.objects.filter(pk=post.pk).update(status=PostStatus.HIDDEN)
    post.status = PostStatus.HIDDEN
    if post.is_opening:
        Topic.objects.filter(pk=post.topic_id).update(status=PostStatus.HIDDEN)
    topic_touch(post.topic_id)
    _decide(
        Action.HIDE,
        member=post.author,
        by=by,
        reason=reason,
        post=post,
        item=item,
        category=item.category if item else Category.OTHER,
        rule=_rule_of(item),
    )
    _close(item, by=by, report_status=Report.Status.ACTION_TAKEN)
    return True


def _room_reason(action: str, member: User | None) -> str:
    """What a member reads when a moderator acted in the room itself, without writing why."""
    if member is None:
        return ""
    with translation.override(member.language):
        if action == Action.PUBLISH:
            return gettext("A moderator checked your message in the chat room and let it through.")
        return gettext(
            "A moderator hid your message in the chat room: it did not follow the rules of "
            "Cybersquad."
        )


@transaction.atomic
def chat_message_decide(
    message, *, action: str, by: User, reason: str = "", item: QueueItem | None = None
) -> bool:
    """Publish or hide a room message, from the moderation queue or the room itself, with a
    statement of reasons; an open queue item about the message is closed with it."""
    from chat import services as chat

    if item is None:
        item = QueueItem.objects.open().filter(message=message).order_by("pk").first()
    check_can_decide(by, item=item, member=message.author, action=action)
    if action == Action.PUBLISH:
        changed = chat.message_publish(message, by=by, reason=reason)
    else:
        changed = chat.message_hide(message, by=by, reason=reason)
    if changed and (action == Action.HIDE or message.author_id):
        _decide(
            action,
            member=message.author,
            by=by,
            reason=reason or _room_reason(action, message.author),
            message=message,
            item=item,
            category=item.category if item else Category.OTHER,
            rule=_rule_of(item),
        )
    status = Report.Status.NO_ACTION if action == Action.PUBLISH else Report.Status.ACTION_TAKEN
    _close(item, by=by, report_status=status)
    return changed


@transaction.atomic
def post_mask(post: Post, *, by: User, reason: str, item: QueueItem | None = None) -> bool:
    """Hide the personal information in a post and publish the rest."""
    from moderation.screening import get_engine

    check_can_decide(by, item=item, member=post.author, action=Action.MASK)

    spans = [
        list(s.span)
        for s in get_engine().screen(post.body, post.topic.language).signals
        if s.category == "personal_info"
    ]
    if not spans or spans == post.masked_spans:
        changed = False
    else:
        post.masked_spans = spans
        post.save(update_fields=["masked_spans", "search_body"])  # search shows what is shown
        changed = True
    published = _make_public(post) if post.status == PostStatus.HELD else False
    if changed:
        topic_touch(post.topic_id)
    if changed or published:
        _decide(
            Action.MASK,
            member=post.author,
            by=by,
            reason=reason,
            post=post,
            item=item,
            category=Category.PERSONAL_INFO,
            rule=_rule_of(item),
        )
    _close(item, by=by, report_status=Report.Status.ACTION_TAKEN)
    return changed or published


@transaction.atomic
def post_escalate(
    post: Post,
    *,
    by: User,
    category: str,
    reason: str,
    item: QueueItem | None = None,
    kind: str = Escalation.Kind.DISCLOSURE,
) -> bool:
    """Give the case to counsellors. The post stays out of public view.

    A disclosure (the writer is at risk) invites the writer into a conversation and tells
    them so. Behaviour (the writer puts others at risk) gives counsellors a case the writer
    never hears of: they get only the statement of reasons for hiding their message.

    When counsellors already have the post, its case changes category; behaviour turns a
    disclosure or a concern into a risk case, which the writer leaves without a trace
    (`chat.services.conversation_withdraw_writer`). A risk case stays one: only a counsellor
    who read it invites its writer.
    """
    from chat.services import conversation_withdraw_writer

    check_can_decide(by, item=item, member=post.author, action=Action.ESCALATE)
    active = list(
        Escalation.objects.filter(post=post)
        .exclude(conversation__status="closed")
        .select_related("conversation")
    )
    if active:
        Escalation.objects.filter(pk__in=[e.pk for e in active]).exclude(category=category).update(
            category=category
        )
        changed = False
        if any(e.kind == Escalation.Kind.BEHAVIOUR for e in active):
            kind = Escalation.Kind.BEHAVIOUR
        for escalation in active:
            conversation = getattr(escalation, "conversation", None)
            if kind == Escalation.Kind.BEHAVIOUR and conversation is not None:
                if conversation_withdraw_writer(conversation, by=by):
                    audit(by, "escalation.to_behaviour", escalation, reason=category)
                    changed = True
    else:
        escalation_create(
            kind=kind,
            member=post.author,
            post=post,
            category=category,
            priority=Priority.URGENT if category in URGENT_CATEGORIES else Priority.HIGH,
            signals=item.signals if item else [],
            content=post.body,
            language=post.topic.language,
            escalated_by=by,
        )
        changed = True
    if kind == Escalation.Kind.BEHAVIOUR:
        return post_hide(post, by=by, reason=reason, item=item) or changed
    if post.status == PostStatus.PUBLISHED:
        Post.objects.filter(pk=post.pk).update(status=PostStatus.HELD)
        if post.is_opening:
            Topic.objects.filter(pk=post.topic_id).update(status=PostStatus.HELD)
        topic_touch(post.topic_id)
        post.status = PostStatus.HELD
        changed = True
    already_told = Decision.objects.filter(post=post, action=Action.ESCALATE).exists()
    if not already_told:
        _decide(
            Action.ESCALATE,
            member=post.author,
            by=by,
            reason=reason,
            post=post,
            item=item,
            category=category,
            rule=_rule_of(item),
        )
        changed = True
    _close(item, by=by, report_status=Report.Status.ACTION_TAKEN)
    return changed


def _member_sanction(
    action: str,
    member: User,
    *,
    by: User,
    reason: str,
    until: datetime.datetime | None,
    item: QueueItem | None,
    category: str,
) -> bool:
    fields: dict = {}
    if action == Action.WARN:
        pass
    elif action == Action.MUTE:
        if member.muted_until and until and member.muted_until >= until:
            _close(item, by=by, report_status=Report.Status.ACTION_TAKEN)
            return False
        fields["muted_until"] = until
    elif action == Action.SUSPEND:
        if member.suspended_until and until and member.suspended_until >= until:
            _close(item, by=by, report_status=Report.Status.ACTION_TAKEN)
            return False
        fields["suspended_until"] = until
    elif action == Action.BAN:
        if member.banned_at is not None:
            _close(item, by=by, report_status=Report.Status.ACTION_TAKEN)
            return False
        fields["banned_at"] = timezone.now()
    if fields:
        User.objects.filter(pk=member.pk).update(**fields)
        for name, value in fields.items():
            setattr(member, name, value)
    _decide(
        action,
        member=member,
        by=by,
        reason=reason,
        item=item,
        category=category,
        rule=_rule_of(item),
        ends_at=until,
    )
    if action in (Action.SUSPEND, Action.BAN):
        send_on_commit(user_group(member.pk), {"type": "session.end"})
    _close(item, by=by, report_status=Report.Status.ACTION_TAKEN)
    return True


@transaction.atomic
def member_warn(
    member: User,
    *,
    by: User,
    reason: str,
    item: QueueItem | None = None,
    category: str = Category.OTHER,
) -> bool:
    check_can_decide(by, item=item, member=member, action=Action.WARN)
    if item is not None and Decision.objects.filter(queue_item=item, action=Action.WARN).exists():
        return False
    return _member_sanction(
        Action.WARN, member, by=by, reason=reason, until=None, item=item, category=category
    )


@transaction.atomic
def member_mute(
    member: User,
    *,
    by: User,
    until: datetime.datetime,
    reason: str,
    item: QueueItem | None = None,
    category: str = Category.OTHER,
) -> bool:
    check_can_decide(by, item=item, member=member, action=Action.MUTE)
    return _member_sanction(
        Action.MUTE, member, by=by, reason=reason, until=until, item=item, category=category
    )


@transaction.atomic
def member_suspend(
    member: User,
    *,
    by: User,
    until: datetime.datetime,
    reason: str,
    item: QueueItem | None = None,
    category: str = Category.OTHER,
) -> bool:
    check_can_decide(by, item=item, member=member, action=Action.SUSPEND)
    return _member_sanction(
        Action.SUSPEND, member, by=by, reason=reason, until=until, item=item, category=category
    )


@transaction.atomic
def member_ban(
    member: User,
    *,
    by: User,
    reason: str,
    item: QueueItem | None = None,
    category: str = Category.OTHER,
) -> bool:
    check_can_decide(by, item=item, member=member, action=Action.BAN)
    return _member_sanction(
        Action.BAN, member, by=by, reason=reason, until=None, item=item, category=category
    )


@transaction.atomic
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
    (reversing it lets them back in: `REVERSALS`)."""
    from chat import services as chat

    check_can_decide(by, member=member, action=Action.ROOM_REMOVE)
    if member.is_professional:
        return False
    until = timezone.now() + datetime.timedelta(hours=hours)
    exclusion = chat.room_exclude(room, member, by=by, until=until)
    if exclusion is None:
        return False
    exclusion.decision = _decide(
        Action.ROOM_REMOVE,
        member=member,
        by=by,
        reason=reason,
        category=category,
        ends_at=until,
    )
    exclusion.save(update_fields=["decision"])
    return True


@transaction.atomic
def member_restore(member: User, *, by: User, reason: str, item: QueueItem | None = None) -> bool:
    """Lift the hold-for-review restriction that screening set."""
    check_can_decide(by, item=item, member=member, action=Action.RESTORE)
    if not member.held_for_review:
        return False
    User.objects.filter(pk=member.pk).update(held_for_review=False)
    member.held_for_review = False
    _decide(Action.RESTORE, member=member, by=by, reason=reason, item=item)
    return True


@transaction.atomic
def item_dismiss(item: QueueItem, *, by: User, reason: str) -> bool:
    """Close a report or flag that needs no action. A held post is published by `post_publish`."""
    check_can_decide(by, item=item, action=Action.DISMISS)
    if item.closed_at is not None:
        return False
    audit(by, "queue.dismiss", item, reason=item.category)
    _close(item, by=by, report_status=Report.Status.NO_ACTION)
    return True


# --- Reports -----------------------------------------------------------------------------

REPORT_PRIORITY = {
    Report.Reason.ABUSE_IMAGES: Priority.URGENT,
    Report.Reason.SEXTORTION: Priority.URGENT,
    Report.Reason.SELF_HARM: Priority.URGENT,
    Report.Reason.GROOMING: Priority.HIGH,
    Report.Reason.SEXUAL: Priority.HIGH,
    Report.Reason.BULLYING: Priority.MEDIUM,
    Report.Reason.PERSONAL_INFO: Priority.MEDIUM,
}
REPORT_CATEGORY = {
    Report.Reason.ABUSE_IMAGES: Category.ABUSE_IMAGES,
    Report.Reason.SEXTORTION: Category.SEXTORTION,
    Report.Reason.SELF_HARM: Category.SELF_HARM,
    Report.Reason.GROOMING: Category.GROOMING,
    Report.Reason.SEXUAL: Category.SEXTING,
    Report.Reason.BULLYING: Category.BULLYING,
    Report.Reason.PERSONAL_INFO: Category.PERSONAL_INFO,
    Report.Reason.SPAM: Category.SPAM,
}


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
    priority = REPORT_PRIORITY.get(reason, Priority.LOW)
    if not may_be_urgent:
        priority = max(priority, Priority.HIGH)
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
            category=REPORT_CATEGORY.get(reason, Category.OTHER),
            priority=priority,
            post=post,
            message=message,
            member=member,
        )
        _queue_changed(item, "added")
    elif priority < item.priority:
        QueueItem.objects.filter(pk=item.pk).update(priority=priority)
        _queue_changed(item, "raised")
    report.queue_item = item
    report.save(update_fields=["queue_item"])
    audit(
        reporter if reporter and reporter.is_authenticated else None,
        "report.create",
        report,
        reason=reason,
    )
    return report


@transaction.atomic
def report_misuse(report: Report, *, by: User) -> bool:
    """A report made in bad faith: close it without action and warn the reporter."""
    check_can_decide(by, report=report, action=Action.WARN)
    rule = f"{MISUSE_RULE_PREFIX}{report.code}"
    if (
        report.status == Report.Status.NO_ACTION
        and Decision.objects.filter(member=report.reporter, rule=rule).exists()
    ):
        return False
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.NO_ACTION, status_changed_at=timezone.now()
    )
    with translation.override(report.reporter.language):
        reason = gettext(
            "You reported content that breaks no rule, in a way that looks deliberate. "
            "Reporting is there to protect people: misusing it can lead to a mute or a suspension."
        )
    _decide(
        Action.WARN,
        member=report.reporter,
        by=by,
        reason=reason,
        category=Category.OTHER,
        rule=rule,
    )
    return True


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
        send_on_commit(MODERATION_QUEUE, {"type": "queue.changed", "change": "appeal"})
    return appeal


@transaction.atomic
def appeal_decide(appeal: Appeal, *, by: User, reverse: bool, outcome: str) -> bool:
    """Confirm or reverse the decision appealed. Reversing applies exactly its inverse
    (`REVERSALS`) and marks the decision reversed, so it no longer counts."""
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
        REVERSALS[decision.action](decision, by=by)
    tell_member_of_decision(decision.member, decision)
    return True


# --- Reversals ---------------------------------------------------------------------------
# What reversing each decision undoes: its own effect, never what a newer decision still
# imposes. Each inverse sits apart, so it can move next to its verb.


def _newer_standing(decision: Decision, **target) -> bool:
    return (
        Decision.objects.filter(action=decision.action, reversed_at=None, pk__gt=decision.pk)
        .filter(**target)
        .exists()
    )


def _unhide(decision: Decision, *, by: User) -> None:
    """The hidden post or room message is public again, unless a newer decision hid it again
    or it is no longer hidden (deleted by its author, or escalated since)."""
    if decision.post_id and not _newer_standing(decision, post_id=decision.post_id):
        post = Post.objects.select_for_update().get(pk=decision.post_id)
        if post.status == PostStatus.HIDDEN and _make_public(post):
            audit(by, "post.publish", post, reason="appeal")
    elif decision.message_id and not _newer_standing(decision, message_id=decision.message_id):
        from chat import services as chat

        # Broadcast to the room like any message a moderator lets through.
        chat.message_publish(decision.message, by=by, reason="appeal")


def _nothing_to_undo(decision: Decision, *, by: User) -> None:
    """A warning changed nothing but the record, which now says it was reversed. A masking is
    not undone: a young person's personal details stay out of public view."""


def _restricted_until(decision: Decision, field: str, *, by: User) -> None:
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


def _unmute(decision: Decision, *, by: User) -> None:
    _restricted_until(decision, "muted_until", by=by)


def _unsuspend(decision: Decision, *, by: User) -> None:
    _restricted_until(decision, "suspended_until", by=by)


def _unban(decision: Decision, *, by: User) -> None:
    standing = Decision.objects.filter(
        member_id=decision.member_id, action=Action.BAN, reversed_at=None
    )
    if standing.exists():
        return
    if User.objects.filter(pk=decision.member_id, banned_at__isnull=False).update(banned_at=None):
        audit(by, "member.ban.lift", decision.member, reason="appeal")


def _readmit(decision: Decision, *, by: User) -> None:
    """The member may come back into the room at once; a removal from another decision still
    running keeps them out until its own end."""
    from chat import services as chat
    from chat.models import RoomExclusion

    exclusion = RoomExclusion.objects.filter(decision=decision).first()
    if exclusion is not None:
        chat.room_readmit(exclusion, by=by)


REVERSALS: dict[str, Callable[..., None]] = {
    Action.HIDE: _unhide,
    Action.MASK: _nothing_to_undo,
    Action.WARN: _nothing_to_undo,
    Action.MUTE: _unmute,
    Action.SUSPEND: _unsuspend,
    Action.BAN: _unban,
    Action.ROOM_REMOVE: _readmit,
}


# --- Escalations -------------------------------------------------------------------------


def escalation_create(
    *,
    kind: str = Escalation.Kind.DISCLOSURE,
    member: User | None,
    post: Post | None,
    category: str,
    priority: int,
    signals: list[dict],
    content: str,
    language: str,
    escalated_by: User | None = None,
) -> Escalation:
    """Record why a case goes to counsellors and open the conversation that carries it.

    Call inside a transaction.
    """
    from chat.services import conversation_for_escalation

    escalation = Escalation.objects.create(
        kind=kind,
        member=member,
        post=post,
        category=category,
        priority=priority,
        signals=signals,
        content=content,
        language=language,
        escalated_by=escalated_by,
    )
    audit(escalated_by, "escalation.create", escalation, reason=category)
    conversation_for_escalation(escalation)
    return escalation
