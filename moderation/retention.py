"""How long moderation keeps what people wrote, and what it keeps when an account goes.

A case (a queue item) keeps what it needs while it is live: open, or closed less than
MODERATION_RETENTION_DAYS ago, or with a decision under appeal or still open to one. Held and
hidden posts keep their text, and room messages stay, while a decision on them is under appeal
or still open to one. After that, retention erases the copies of edited or deleted content,
the excerpts screening quoted, the descriptions, contacts and addresses of reports, the appeal
texts, a deleted member's pseudonym and the text of posts that never became public. Counts,
categories, decisions and the audit trail stay.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cybersquad.broadcast import send_on_commit
from cybersquad.groups import MODERATION_QUEUE
from cybersquad.models import User
from forum.models import Post, PostStatus, Topic
from forum.services import topic_touch
from moderation.models import (
    Appeal,
    AuditRecord,
    Decision,
    Escalation,
    Evidence,
    QueueItem,
    Report,
    ScreeningLabel,
    moderation_retention_limit,
)
from moderation.services import audit

FINAL_REPORT_STATUSES = (Report.Status.ACTION_TAKEN, Report.Status.NO_ACTION)


def _strip_quotes(items: QuerySet[QueueItem]) -> set[int]:
    """Keep which rules and models fired and where; drop the words they quoted (a model's
    signal quotes the words that weighed most)."""
    stripped_ids = set()
    for pk, signals in items.exclude(signals=[]).values_list("pk", "signals").iterator():
        if any(signal.get("matched") or signal.get("words") for signal in signals):
            stripped = [{**signal, "matched": "", "words": []} for signal in signals]
            QueueItem.objects.filter(pk=pk).update(signals=stripped)
            stripped_ids.add(pk)
    return stripped_ids


def _cases_forget(items: QuerySet[QueueItem]) -> int:
    """Erase what these cases kept; returns how many of them held anything."""
    copies = Evidence.objects.filter(queue_item__in=items)
    changed = set(copies.values_list("queue_item_id", flat=True))
    copies.delete()
    changed |= _strip_quotes(items)
    named = items.exclude(member_name="")
    changed |= set(named.values_list("pk", flat=True))
    named.update(member_name="")
    return len(changed)


@transaction.atomic
def cases_expire(now: datetime.datetime | None = None) -> int:
    """Erase what cases past the retention period kept. Returns how many cases it touched."""
    now = now or timezone.now()
    limit = moderation_retention_limit(now)
    expired = QueueItem.objects.expired(now)
    touched = _cases_forget(expired)
    Report.objects.filter(
        Q(queue_item__isnull=True) | Q(queue_item__in=expired),
        status__in=FINAL_REPORT_STATUSES,
        status_changed_at__lt=limit,
    ).exclude(description="", contact="", url="").update(description="", contact="", url="")
    Appeal.objects.exclude(status=Appeal.Status.OPEN).filter(decided_at__lt=limit).exclude(
        text=""
    ).update(text="")
    _unpublished_posts_erase(limit, now)
    # Moderators' decisions stay as labels for screening, without the words after the period.
    ScreeningLabel.objects.filter(created_at__lt=limit).exclude(text="").update(text="")
    return touched


def _unpublished_posts_erase(limit: datetime.datetime, now: datetime.datetime) -> None:
    """Held and hidden posts were kept only for their cases and for appeals: once those ended,
    the text goes (a disclosure that was never published, a post a moderator hid)."""
    live = QueueItem.objects.live(now).filter(post=OuterRef("pk"))
    decided = Decision.objects.open_to_appeal(now).filter(post=OuterRef("pk"))
    posts = (
        Post.objects.filter(status__in=[PostStatus.HELD, PostStatus.HIDDEN])
        .exclude(body="")
        .filter(Q(edited_at__lt=limit) | Q(edited_at__isnull=True, created_at__lt=limit))
        .exclude(Exists(live))
        .exclude(Exists(decided))
    )
    rows = list(posts.values_list("pk", "topic_id", "is_opening"))
    if not rows:
        return
    Post.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(
        body="", search_body="", masked_spans=[]
    )
    Topic.objects.filter(pk__in=[topic for _, topic, opening in rows if opening]).update(
        title="", search_title=""
    )
    for topic_id in {topic for _, topic, _ in rows}:
        topic_touch(topic_id)


def _needed_after_the_account(item: QueueItem) -> bool:
    """Whether a case still needs the content of a member who deleted their account: someone
    reported it, or screening saw behaviour towards others (grooming, bullying, solicitation).
    A young person's own disclosure or personal details are theirs to take away."""
    if item.source == QueueItem.Source.REPORT or item.reports.exists():
        return True
    return any(signal.get("kind") == "behaviour" for signal in item.signals)


@transaction.atomic
def member_forget(user: User, now: datetime.datetime | None = None) -> None:
    """What moderation keeps when a member deletes their account.

    Call after their posts and room messages were erased (live cases then hold copies) and
    before the account row goes. Cases that need the content keep it, with the pseudonym,
    until retention; the others lose it now and close, as nothing is left to decide.
    """
    now = now or timezone.now()
    about_them = QueueItem.objects.filter(member=user)
    _cases_forget(about_them.expired(now))
    kept, dropped = [], []
    for item in about_them.live(now):
        (kept if _needed_after_the_account(item) else dropped).append(item.pk)
    QueueItem.objects.filter(pk__in=kept).update(member_name=user.username)
    # Counsellors' cases about the risk they are to others keep who it is about, until
    # retention erases the case's words (chat.services.conversations_erase).
    Escalation.objects.filter(
        member=user, kind=Escalation.Kind.BEHAVIOUR, conversation__anonymised_at=None
    ).update(member_name=user.username)
    _cases_forget(QueueItem.objects.filter(pk__in=dropped))
    for item in QueueItem.objects.filter(pk__in=dropped, closed_at__isnull=True):
        QueueItem.objects.filter(pk=item.pk).update(closed_at=now)
        audit(None, "queue.close", item, reason="account deleted")
        send_on_commit(MODERATION_QUEUE, {"type": "queue.changed", "change": "closed"})
    # Labels from decisions about them keep the category and the outcome, not their words.
    ScreeningLabel.objects.filter(decision__member=user).exclude(text="").update(text="")
    # Their reports stay for the cases, without their words or a way to reach them.
    Report.objects.filter(reporter=user).update(description="", contact="")
    appeals = Appeal.objects.filter(decision__member=user)
    for appeal in appeals.filter(status=Appeal.Status.OPEN):
        audit(None, "appeal.withdrawn", appeal, reason="account deleted")
    appeals.filter(status=Appeal.Status.OPEN).update(status=Appeal.Status.WITHDRAWN, decided_at=now)
    appeals.update(text="")
    if not user.is_professional:
        AuditRecord.objects.forget_person(user.pk)
