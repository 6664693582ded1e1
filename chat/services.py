"""Help conversations, the counsellors' queue, rooms and message delivery.

A message is stored first; the broadcast goes out after the transaction commits. Resending
the same client id gives back the stored message instead of a second one.
"""

from __future__ import annotations

import datetime
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation

from chat import availability, elements
from chat.models import (
    CASE_SUBJECT_PATHS,
    CheckIn,
    Conversation,
    Message,
    MessageStatus,
    Note,
    Room,
    RoomExclusion,
    Shift,
    code_digest,
    code_digests,
)
from chat.permissions import (
    ChatRefused,
    check_can_counsel,
    check_can_handle,
    check_can_moderate_room,
    check_can_write_conversation,
    check_can_write_room,
    check_is_counsellor,
    conversation_role,
    is_excluded,
    may_counsel,
    room_role,
)
from cybersquad import broadcast, ratelimit
from cybersquad.broadcast import send_on_commit
from cybersquad.groups import (
    COUNSELLORS,
    HELP_QUEUE,
    conversation_group,
    room_group,
    room_moderators_group,
    user_group,
)
from cybersquad.models import STAFF_ROLES, User
from cybersquad.rendering import render_user_text
from forum.models import Notification
from forum.services import notification_create, notifications_withdraw
from moderation.models import (
    AuditRecord,
    Decision,
    Escalation,
    QueueItem,
    ShadowVerdict,
)
from moderation.permissions import check_is_moderator
from moderation.policy import help_request_signals, message_verdict
from moderation.services import audit, escalation_create
from moderation.triage import help_request_rank as _rank

logger = logging.getLogger(__name__)

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or copied by hand


def _queue_changed() -> None:
    send_on_commit(COUNSELLORS, {"type": "queue.changed", "change": "conversations"})
    send_on_commit(HELP_QUEUE, {"type": "chat.queue_moved"})


def _status_changed(conversation: Conversation) -> None:
    send_on_commit(
        conversation_group(conversation.pk),
        {"type": "chat.status", "status": conversation.status},
    )
    _queue_changed()


# --- Opening a conversation ----------------------------------------------------------------


def new_return_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@transaction.atomic
def conversation_open(
    *, member: User | None, about: str, category: str, language: str, after_hours: bool
) -> tuple[Conversation, str]:
    """Open a help conversation. Returns it and, for a visitor, the code to come back with."""
    signals = [s.as_dict() for s in help_request_signals(about, language)]
    category, priority = _rank(category, signals)
    code = "" if member is not None else new_return_code()
    conversation = Conversation.objects.create(
        member=member,
        code_digest=code_digest(code) if code else "",
        about=about,
        language=language,
        category=category,
        priority=priority,
        signals=signals,
        after_hours=after_hours,
    )
    audit(member, "conversation.open", conversation, reason=category)
    _queue_changed()
    return conversation, code


def conversation_for_escalation(escalation) -> Conversation:
    """An escalation from moderation becomes a waiting case in the counsellors' queue.

    A disclosure is a conversation with the young person, who is invited to it. Behaviour
    (the writer may be a danger to others) is a case without anyone to talk to: the writer is
    not in it and is never told. Call inside the transaction that created the escalation.
    """
    risk = escalation.kind == Escalation.Kind.BEHAVIOUR
    conversation = Conversation.objects.create(
        source=Conversation.Source.RISK if risk else Conversation.Source.ESCALATION,
        member=None if risk else escalation.member,
        about=escalation.content,
        language=escalation.language,
        category=escalation.category,
        priority=escalation.priority,
        signals=escalation.signals,
        escalation=escalation,
        created_at=escalation.created_at,
        waiting_since=escalation.created_at,
    )
    if conversation.member_id:
        _invite(conversation)
    _queue_changed()
    return conversation


def conversation_add_disclosure(escalation, *, priority: int | None = None) -> Conversation:
    """A further disclosure of a member whose case is open, or a new version of a post in it
    (``escalation.edits``), joined that case: no conversation is opened. The case page shows
    every text in it; the case takes the more urgent priority, and the counsellor who has it
    (or the queue) hears that it changed. Call inside the transaction that recorded it."""
    conversation = escalation.carrier.conversation
    priority = escalation.priority if priority is None else priority
    # More urgent (a lower number): the queue says why (a sextortion threat joining a grooming
    # case, say). Compared in the UPDATE itself: a copy loaded earlier never lowers it.
    category = escalation.category or conversation.category
    if _raise_priority(conversation, priority=priority, category=category):
        conversation.priority, conversation.category = priority, category
    audit(None, "conversation.disclosure_added", conversation, reason=escalation.category)
    if conversation.status == Conversation.Status.ACTIVE and conversation.counsellor_id:
        send_on_commit(user_group(conversation.counsellor_id), {"type": "chat.case_activity"})
    _queue_changed()
    return conversation


def _raise_priority(conversation: Conversation, *, priority: int, **also) -> bool:
    """Make the case more urgent (a lower number), never less: the comparison is in the
    UPDATE, so two changes at once end on the more urgent one. Whether it changed."""
    raised = Conversation.objects.filter(pk=conversation.pk, priority__gt=priority)
    return bool(raised.update(priority=priority, **also))


def _invite(conversation: Conversation) -> None:
    """Tell the young person their message went to the counsellors (never what it said)."""
    with translation.override(conversation.member.language):
        link = conversation.get_absolute_url()
    notification_create(conversation.member_id, kind=Notification.Kind.HELP_INVITE, link=link)


@transaction.atomic
def conversation_invite_writer(conversation: Conversation, *, by: User) -> bool:
    """A counsellor read a behaviour case and judged the writer to be at risk after all (a
    victim quoting their groomer, say): the case becomes a conversation they are invited to."""
    check_can_counsel(by, conversation)
    escalation = conversation.escalation
    if (
        conversation.source != Conversation.Source.RISK
        or escalation is None
        or escalation.member_id is None
        or conversation.status == Conversation.Status.CLOSED
    ):
        return False
    Escalation.objects.filter(pk=escalation.pk).update(kind=Escalation.Kind.DISCLOSURE)
    Conversation.objects.filter(pk=conversation.pk).update(
        source=Conversation.Source.ESCALATION, member=escalation.member_id
    )
    conversation.refresh_from_db()
    audit(by, "conversation.invite_writer", conversation)
    _invite(conversation)
    _status_changed(conversation)
    return True


@transaction.atomic
def conversation_withdraw_writer(conversation: Conversation, *, by: User) -> bool:
    """The inverse of `conversation_invite_writer`: a moderator judged that the writer of a
    disclosure or a concern puts others at risk (a message reported for grooming, say), so
    the case becomes a behaviour case. The writer leaves it without a trace: they are no
    longer its member, the notifications that led there are deleted and their open sockets on
    it close. Counsellors keep everything it holds. Call from moderation's escalate verb
    (`moderation.actions.escalate`), after its decision rules."""
    check_is_moderator(by)
    escalation = conversation.escalation
    if conversation.source != Conversation.Source.ESCALATION or escalation is None:
        return False
    writer_id = conversation.member_id
    Escalation.objects.filter(pk=escalation.pk).update(kind=Escalation.Kind.BEHAVIOUR)
    escalation.kind = Escalation.Kind.BEHAVIOUR
    Conversation.objects.filter(pk=conversation.pk).update(
        source=Conversation.Source.RISK, member=None
    )
    conversation.refresh_from_db()
    if writer_id is not None:
        notifications_withdraw(writer_id, links=_links_to(conversation.pk))
        # Before the status: their page must not fetch anything more from it.
        send_on_commit(
            conversation_group(conversation.pk), {"type": "chat.access", "revoke": writer_id}
        )
    audit(by, "conversation.withdraw_writer", conversation)
    _status_changed(conversation)
    return True


def _links_to(conversation_id: int) -> set[str]:
    """Every address of a young person's conversation pages, in every language."""
    links = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            links.add(reverse("chat:conversation", args=[conversation_id]))
            links.add(reverse("chat:support", args=[conversation_id]))
    return links


def conversation_mark_opened(conversation: Conversation, *, by: User) -> bool:
    """A counsellor opened the case for the first time: from now on the young person may be
    told that a counsellor read what they wrote, and they are told at once."""
    check_can_counsel(by, conversation)
    if conversation.opened_at is not None:
        return False
    with transaction.atomic():
        if not _mark_opened(conversation):
            return False
        send_on_commit(
            conversation_group(conversation.pk),
            {"type": "chat.status", "status": conversation.status},
        )
        return True


def _mark_opened(conversation: Conversation) -> bool:
    """The one way a case becomes "opened" (from its page or by picking it up from the
    queue): set once, and the young person waiting for an answer gets the notification the
    support page promised. The caller tells the conversation's sockets."""
    now = timezone.now()
    opened = Conversation.objects.filter(pk=conversation.pk, opened_at=None).update(opened_at=now)
    if not opened:
        return False
    conversation.opened_at = now
    waiting_for_answer = conversation.source == Conversation.Source.ESCALATION or (
        conversation.after_hours
    )
    if conversation.member_id and waiting_for_answer:
        with translation.override(conversation.member.language):
            link = conversation.get_absolute_url()
        notification_create(conversation.member_id, kind=Notification.Kind.HELP_OPENED, link=link)
    return True


def conversation_find_by_code(code: str) -> Conversation | None:
    if not code.strip():
        return None
    digests = code_digests(code)
    found = (
        Conversation.objects.filter(
            code_digest__in=digests, member__isnull=True, anonymised_at=None
        )
        .order_by("-pk")
        .first()
    )
    if found is not None and found.code_digest != digests[0]:
        # Stored under a previous SECRET_KEY: keep it under the current one from now on.
        found.code_digest = digests[0]
        Conversation.objects.filter(pk=found.pk).update(code_digest=digests[0])
    return found


# --- The counsellors' queue ----------------------------------------------------------------


@transaction.atomic
def conversation_claim(conversation: Conversation, *, by: User) -> bool:
    """Pick up a waiting conversation. Exactly one of several concurrent claims wins.

    Raises ChatRefused("cap") when the counsellor already has the maximum, and Http404 for a
    case kept from them (`may_counsel`: about them, or about staff for a non-coordinator).
    """
    check_can_counsel(by, conversation)
    # One counsellor's claims are serialised on their own row, so the cap holds under races.
    User.objects.select_for_update().filter(pk=by.pk).first()
    if Conversation.objects.active_for(by.pk).count() >= settings.CHAT_MAX_ACTIVE_PER_COUNSELLOR:
        raise ChatRefused("cap")
    now = timezone.now()
    won = Conversation.objects.filter(
        pk=conversation.pk, status=Conversation.Status.WAITING
    ).update(
        status=Conversation.Status.ACTIVE,
        counsellor=by,
        claimed_at=now,
        first_claimed_at=Coalesce(F("first_claimed_at"), Value(now)),
    )
    if not won:
        return False
    conversation.refresh_from_db()
    # The case page opens next: picking it up is opening it (and says so to the young person).
    _mark_opened(conversation)
    audit(by, "conversation.claim", conversation)
    _status_changed(conversation)
    return True


@transaction.atomic
def conversation_release(
    conversation: Conversation,
    *,
    by: User | None,
    now: datetime.datetime | None = None,
    kept: bool = False,
) -> bool:
    """Back to the queue, keeping the young person's place (they have waited all along).

    ``by`` None: the sweep returns it, unanswered in time, or ``kept`` from its counsellor
    (see `conversations_requeue_stale`)."""
    if by is not None:
        check_can_handle(by, conversation)
    current = Conversation.objects.filter(
        pk=conversation.pk,
        status=Conversation.Status.ACTIVE,
        counsellor_id=conversation.counsellor_id,
    )
    if by is None and not kept:
        # The sweep read the chat a moment ago: release it only if it is still unanswered.
        current = current.filter(_unanswered(now or timezone.now()))
    returned = current.update(status=Conversation.Status.WAITING, counsellor=None, claimed_at=None)
    if not returned:
        return False
    previous = conversation.counsellor_id
    conversation.refresh_from_db()
    why = "" if by else ("kept from its counsellor" if kept else "no reply in time")
    audit(by, "conversation.release", conversation, reason=why)
    if previous:
        send_on_commit(
            conversation_group(conversation.pk), {"type": "chat.access", "revoke": previous}
        )
    _status_changed(conversation)
    return True


@transaction.atomic
def conversation_transfer(conversation: Conversation, *, by: User, to: User) -> bool:
    check_can_handle(by, conversation)
    check_is_counsellor(to)
    if not may_counsel(to, conversation):
        raise PermissionDenied  # a case about them, or about staff for a non-coordinator
    if to.pk == conversation.counsellor_id:
        return False
    User.objects.select_for_update().filter(pk=to.pk).first()
    # Only to someone who is there to answer, and has room for one more.
    if to.pk not in availability.counsellors_on_shift():
        raise ChatRefused("not_on_shift")
    if Conversation.objects.active_for(to.pk).count() >= settings.CHAT_MAX_ACTIVE_PER_COUNSELLOR:
        raise ChatRefused("colleague_full")
    previous = conversation.counsellor_id
    moved = Conversation.objects.filter(
        pk=conversation.pk, status=Conversation.Status.ACTIVE, counsellor_id=previous
    ).update(counsellor=to, claimed_at=timezone.now())
    if not moved:
        return False
    conversation.refresh_from_db()
    audit(by, "conversation.transfer", conversation, reason=f"to {to.pk}")
    send_on_commit(conversation_group(conversation.pk), {"type": "chat.access", "revoke": previous})
    _status_changed(conversation)
    return True


def case_seen(conversation: Conversation) -> str:
    """What the case holds that the young person wrote after it opened (the newest message
    that joined it, how many new versions of its messages): a counsellor's page carries it,
    so that a close can tell whether something arrived since they read it."""
    carrier = conversation.escalation_id
    if carrier is None:
        return ""
    texts = Escalation.objects.filter(Q(pk=carrier) | Q(case_id=carrier)).values_list("pk", "edits")
    newest_joined, edits = 0, 0
    for pk, versions in texts:
        edits += len(versions)
        if pk != carrier:
            newest_joined = max(newest_joined, pk)
    return f"{newest_joined}.{edits}"


def conversation_lock_open(escalation) -> bool:
    """Lock the conversation that carries this case and say whether it is still open: a text
    joining it and a counsellor closing it wait for each other (see `conversation_close`).
    Call inside the transaction that adds the text."""
    locked = list(
        Conversation.objects.select_for_update()
        .filter(escalation=escalation, closed_at=None, anonymised_at=None)
        .exclude(status=Conversation.Status.CLOSED)
        .values_list("pk", flat=True)
    )
    return bool(locked)


@transaction.atomic
def conversation_close(
    conversation: Conversation,
    *,
    by: User,
    outcome: str,
    referral: str,
    seen: str | None = None,
) -> bool:
    """Close with an outcome. ``seen``: what the counsellor's page showed (`case_seen`); if a
    text joined the case since, nothing closes (ChatRefused("unseen_text")) and the case page
    shows it."""
    check_can_handle(by, conversation)
    # Locked first: a disclosure joining now waits, then opens a case of its own.
    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
    if seen is not None and seen != case_seen(conversation):
        raise ChatRefused("unseen_text")
    closed = Conversation.objects.filter(
        pk=conversation.pk,
        status=Conversation.Status.ACTIVE,
        counsellor_id=conversation.counsellor_id,
    ).update(
        status=Conversation.Status.CLOSED,
        closed_at=timezone.now(),
        outcome=outcome,
        referral=referral,
    )
    if not closed:
        return False
    conversation.refresh_from_db()
    audit(by, "conversation.close", conversation, reason=f"{outcome}/{referral}")
    _status_changed(conversation)
    return True


def conversations_requeue_stale(now: datetime.datetime | None = None) -> int:
    """Claimed chats with no counsellor reply since the claim go back to the queue; so do
    claimed cases their counsellor may not counsel (`may_counsel`: about them, or about staff
    and they do not coordinate; taken before that was so), where coordinators find them."""
    now = now or timezone.now()
    # Behaviour cases have nobody to answer: they stay with the counsellor who took them.
    stale = (
        Conversation.objects.filter(status=Conversation.Status.ACTIVE)
        .exclude(source=Conversation.Source.RISK)
        .filter(_unanswered(now))
    )
    count = 0
    for conversation in stale:
        count += conversation_release(conversation, by=None, now=now)
    for conversation in _kept_from_their_counsellor():
        count += conversation_release(conversation, by=None, kept=True)
    return count


def _kept_from_their_counsellor() -> list[Conversation]:
    """Claimed cases that `may_counsel` keeps from the counsellor who has them: among those
    about them or about staff (few), found in SQL, then asked one by one."""
    maybe = Q()
    for path in CASE_SUBJECT_PATHS:
        maybe |= Q(**{f"{path}__role__in": STAFF_ROLES}) | Q(**{path: F("counsellor")})
    claimed = (
        Conversation.objects.filter(status=Conversation.Status.ACTIVE)
        .filter(maybe)
        .select_related("counsellor", "member", "escalation__member")
    )
    return [c for c in claimed if c.counsellor is not None and not may_counsel(c.counsellor, c)]


def _unanswered(now: datetime.datetime) -> Q:
    """Claimed longer ago than the timeout, and no counsellor reply since the claim."""
    limit = now - datetime.timedelta(seconds=settings.CHAT_CLAIM_TIMEOUT_SECONDS)
    return Q(claimed_at__lt=limit) & (
        Q(last_counsellor_reply_at__isnull=True) | Q(last_counsellor_reply_at__lt=F("claimed_at"))
    )


def check_in_record(
    conversation: Conversation, *, moment: str, feeling: int | None, heard: str = ""
) -> bool:
    """Keeps a young person's check-in, once per moment: the first answer stands.

    "after" only once the conversation is closed; nothing is stored when every question was
    skipped. Returns whether it stored anything."""
    if moment == CheckIn.Moment.AFTER and conversation.status != Conversation.Status.CLOSED:
        return False
    if moment == CheckIn.Moment.BEFORE:
        heard = ""
    if feeling is None and not heard:
        return False
    _check_in, created = CheckIn.objects.get_or_create(
        conversation=conversation, moment=moment, defaults={"feeling": feeling, "heard": heard}
    )
    return created


def note_add(conversation: Conversation, *, by: User, body: str) -> Note:
    check_can_counsel(by, conversation)
    note = Note.objects.create(conversation=conversation, author=by, body=body.strip())
    audit(by, "conversation.note", conversation)
    return note


def shift_start(counsellor: User) -> Shift:
    check_is_counsellor(counsellor)
    now = timezone.now()
    current = Shift.objects.filter(counsellor=counsellor, ends_at__gt=now).first()
    if current:
        return current
    shift = Shift.objects.create(
        counsellor=counsellor,
        started_at=now,
        ends_at=now + datetime.timedelta(hours=settings.CHAT_SHIFT_HOURS),
    )
    _queue_changed()
    return shift


def shift_end(counsellor: User) -> bool:
    now = timezone.now()
    ended = Shift.objects.filter(counsellor=counsellor, ends_at__gt=now).update(ends_at=now)
    if ended:
        _queue_changed()
    return bool(ended)


# --- Messages ------------------------------------------------------------------------------


@dataclass
class Sent:
    message: Message
    created: bool
    # A room disclosure went to counsellors: where the young person follows it.
    help_url: str = ""
    # A room disclosure past the member's cap, without an open case: held for a moderator;
    # the young person is told so, with the help line (moderation.escalations).
    help_line: bool = False


def message_payload(message: Message) -> dict:
    """What clients receive for one message. The text is rendered by the one rendering module."""
    author = message.author
    if message.role == Message.Role.YOUNG:
        name = ""
    else:
        name = author.username if author else ""
    return {
        "id": message.pk,
        "client_id": message.client_id,
        "role": message.role,
        "author": name,
        "avatar": author.avatar if author and message.role == Message.Role.MEMBER else "",
        "html": str(
            render_user_text(
                message.body, message.masked_spans, links=message.conversation_id is None
            )
        ),
        "created_at": message.created_at.isoformat(),
        "seq": message.seq,
        "sender": message.sender_key,
    }


# --- Delivery: order and outbox -------------------------------------------------------------


def next_seq(place: Conversation | Room) -> int:
    """Take the next sequence number of a conversation or room. The UPDATE locks the row until
    the transaction ends, so numbers are committed in the order they are given: whoever sees
    number n can replay every published message below it."""
    table = connection.ops.quote_name(type(place)._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # The table name is our model's, never input.
            f"UPDATE {table} SET last_seq = last_seq + 1 WHERE id = %s RETURNING last_seq",  # noqa: S608
            [place.pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise type(place).DoesNotExist
    return row[0]


def message_group(message: Message) -> str:
    if message.room_id:
        return room_group(message.room_id)
    return conversation_group(message.conversation_id)


# Told (from any thread) how many seconds until a failed broadcast is due again, so that the
# outbox sweep of this process wakes up for it (``chat.consumers.Outbox``).
broadcast_retry_listeners: list[Callable[[float], None]] = []


def broadcast_retry_delay(attempts: int) -> float:
    """Seconds between the ``attempts``-th failed broadcast of a message and the next try."""
    base = float(settings.CHAT_BROADCAST_RETRY_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), float(settings.CHAT_BROADCAST_RETRY_MAX_SECONDS))


def message_broadcast(message: Message, *, now: datetime.datetime | None = None) -> bool:
    """Send a published message to its open sockets and mark it sent (the outbox marker).
    Called after the commit (the HTML is rendered here, outside the transaction and its lock),
    by a resend that finds it unmarked, and by the sweep. False when the layer failed: the
    message stays unmarked, with its next try due after a back-off (1 s, 2, 4... up to
    CHAT_BROADCAST_RETRY_MAX_SECONDS), which the sweep respects."""
    event = {
        "type": "chat.message",
        "message": message_payload(message),
        # Each socket sends its browser the variant for its viewer (chat/elements.py).
        "elements": elements.message_elements(message),
    }
    if not broadcast.send_now(message_group(message), event):
        _broadcast_failed(message, now or timezone.now())
        return False
    Message.objects.filter(pk=message.pk, broadcast_at=None).update(broadcast_at=timezone.now())
    return True


def _broadcast_failed(message: Message, now: datetime.datetime) -> None:
    message.broadcast_attempts += 1
    delay = broadcast_retry_delay(message.broadcast_attempts)
    message.broadcast_retry_at = now + datetime.timedelta(seconds=delay)
    try:
        Message.objects.filter(pk=message.pk, broadcast_at=None).update(
            broadcast_attempts=F("broadcast_attempts") + 1,
            broadcast_retry_at=message.broadcast_retry_at,
        )
    except DatabaseError:
        # Unmarked all the same: the sweep sends it once it is older than a sweep.
        logger.warning("a failed broadcast could not be scheduled again")
        return
    for listener in broadcast_retry_listeners:
        listener(delay)


def broadcast_on_commit(message: Message) -> None:
    transaction.on_commit(lambda: message_broadcast(message))


def _broadcast_if_lost(message: Message) -> None:
    """A resend found its message stored: if it was never broadcast (the process that stored
    it died, or Redis failed), broadcast it now."""
    if message.status == MessageStatus.VISIBLE and message.broadcast_at is None:
        message_broadcast(message)


def messages_broadcast_pending(
    *, older_than: float | None = None, now: datetime.datetime | None = None
) -> tuple[int, int]:
    """The outbox sweep: broadcast visible messages published more than ``older_than`` seconds
    ago (CHAT_OUTBOX_SWEEP_SECONDS) and never marked as broadcast. Returns (sent, failed). Two
    processes sweeping at once may both send one: clients drop duplicates by id."""
    if older_than is None:
        older_than = settings.CHAT_OUTBOX_SWEEP_SECONDS
    now = now or timezone.now()
    limit = now - datetime.timedelta(seconds=older_than)
    pending = (
        Message.objects.filter(status=MessageStatus.VISIBLE, broadcast_at=None)
        .filter(
            # Never tried (the process died before its broadcast), or its back-off is over.
            Q(broadcast_retry_at=None, published_at__lte=limit) | Q(broadcast_retry_at__lte=now)
        )
        # The room and its theme too: a room message's elements link to the room.
        .select_related("author", "room__theme")
        .order_by("published_at", "pk")[:200]
    )
    sent = failed = 0
    for message in pending:
        if message_broadcast(message, now=now):
            sent += 1
        else:
            # The layer is down: the others wait for the next sweep rather than each fail.
            failed += 1
            break
    return sent, failed


def _clean(body: object, client_id: object) -> str:
    if (
        not isinstance(body, str)
        or not isinstance(client_id, str)
        or not CLIENT_ID.match(client_id)
    ):
        raise ChatRefused("bad_request")
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise ChatRefused("empty")
    if len(text) > settings.CHAT_MESSAGE_MAX_CHARS:
        raise ChatRefused("too_long", limit=settings.CHAT_MESSAGE_MAX_CHARS)
    return text


def _rate_check(sender: str) -> None:
    """At most CHAT_RATE_MESSAGES per CHAT_RATE_SECONDS per sender, across processes."""
    limit = ratelimit.Limit("chat_message", settings.CHAT_RATE_MESSAGES, settings.CHAT_RATE_SECONDS)
    if not ratelimit.hit(limit, sender):
        raise ChatRefused("rate_limited")


def _store(place: dict, *, sender: str, **fields) -> Sent:
    """Create the message, or return the one this sender already stored with this client id.
    A visible message takes its sequence number here (inside the savepoint: a duplicate
    leaves no gap); the caller's transaction holds the counter's lock until it commits."""
    visible = fields.get("status", MessageStatus.VISIBLE) == MessageStatus.VISIBLE
    try:
        with transaction.atomic():
            if visible:
                fields["seq"] = next_seq(next(iter(place.values())))
                fields["published_at"] = timezone.now()
            return Sent(Message.objects.create(**place, sender_key=sender, **fields), True)
    except IntegrityError:
        existing = Message.objects.get(**place, sender_key=sender, client_id=fields["client_id"])
        return Sent(existing, False)


def sender_key(user: User | None) -> str:
    return f"u{user.pk}" if user is not None and user.is_authenticated else "v"


def _fresh(user: User | None) -> User | None:
    """The person as stored now: a role, mute or suspension may have changed since connect."""
    if user is None or not user.is_authenticated:
        return None
    return User.objects.filter(pk=user.pk).first()


def conversation_send(
    conversation_id: int,
    *,
    user: User | None,
    visitor_ids: set[int],
    client_id: object,
    body: object,
) -> Sent:
    """Store a message in a help conversation, then broadcast it. Authorised on every call."""
    text = _clean(body, client_id)
    sender = sender_key(user)
    author = _fresh(user)
    if user is not None and user.is_authenticated and author is None:
        raise ChatRefused("not_allowed")
    existing = (
        Message.objects.filter(
            conversation_id=conversation_id, sender_key=sender, client_id=client_id
        )
        .select_related("author")
        .first()
    )
    if existing:
        _broadcast_if_lost(existing)
        return Sent(existing, False)
    _rate_check(f"{sender}:c{conversation_id}" if sender == "v" else sender)
    with transaction.atomic():
        # The young person comes with it (their language, for the notification of an answer);
        # only the conversation's row is locked.
        conversation = (
            Conversation.objects.select_for_update(of=("self",))
            .select_related("member")
            .get(pk=conversation_id)
        )
        role = conversation_role(author or AnonymousUser(), conversation, visitor_ids)
        if role is None:
            raise ChatRefused("not_allowed")
        check_can_write_conversation(author, conversation, role)
        sent = _store(
            {"conversation": conversation},
            sender=sender,
            author=author,
            role=role,
            client_id=client_id,
            body=text,
        )
        if sent.created:
            _after_conversation_message(conversation, sent.message)
            broadcast_on_commit(sent.message)
    return sent


def _after_conversation_message(conversation: Conversation, message: Message) -> None:
    now = message.created_at
    if message.role == Message.Role.COUNSELLOR:
        Conversation.objects.filter(pk=conversation.pk).update(
            last_counsellor_reply_at=now,
            first_response_at=Coalesce(F("first_response_at"), Value(now)),
        )
        if conversation.member_id:
            _tell_member_of_answer(conversation)
        return
    # What the young person says while waiting can raise their place in the queue.
    if conversation.status == Conversation.Status.WAITING:
        found = [s.as_dict() for s in help_request_signals(message.body, conversation.language)]
        if found:
            category, priority = _rank(conversation.category, [*conversation.signals, *found])
            if _raise_priority(
                conversation,
                priority=priority,
                category=category,
                signals=[*conversation.signals, *found],
            ):
                _queue_changed()  # the order changed: counsellors and the waiting hear it
    elif conversation.counsellor_id:
        send_on_commit(user_group(conversation.counsellor_id), {"type": "chat.case_activity"})


def _tell_member_of_answer(conversation: Conversation) -> None:
    """One unread notice per conversation is enough; it never says what was written."""
    member = conversation.member
    with translation.override(member.language):
        link = conversation.get_absolute_url()
    unread = Notification.objects.filter(
        recipient_id=member.pk, kind=Notification.Kind.HELP_REPLY, link=link, read_at=None
    )
    if not unread.exists():
        notification_create(member.pk, kind=Notification.Kind.HELP_REPLY, link=link)


def room_send(room_id: int, *, user: User, client_id: object, body: object, language: str) -> Sent:
    """Screen, store, then broadcast a room message; held messages go to moderators only."""
    text = _clean(body, client_id)
    sender = sender_key(user)
    user = _fresh(user)
    existing = Message.objects.filter(room_id=room_id, sender_key=sender, client_id=client_id)
    if found := existing.select_related("author").first():
        _broadcast_if_lost(found)
        return Sent(found, False)
    _rate_check(sender)
    room = Room.objects.select_related("theme").get(pk=room_id)
    role = room_role(user, room) if user is not None else None
    if role is None:
        raise ChatRefused(
            "removed" if user is not None and is_excluded(user, room) else "not_allowed"
        )
    check_can_write_room(user, room, role)
    recent = list(
        Message.objects.filter(room__isnull=False, author=user)
        .order_by("-pk")
        .values_list("body", flat=True)[:20]
    )
    verdict = (
        message_verdict(user, body=text, language=language, recent=recent[::-1])
        if role == Message.Role.MEMBER
        else None
    )
    public = verdict is None or verdict.is_public
    with transaction.atomic():
        sent = _store(
            {"room": room},
            sender=sender,
            author=user,
            role=role,
            client_id=client_id,
            body=text,
            masked_spans=verdict.mask_spans if verdict else [],
            signals=[s.as_dict() for s in verdict.signals] if verdict else [],
            status=MessageStatus.VISIBLE if public else MessageStatus.HELD,
        )
        if not sent.created:
            return sent
        if verdict is not None:
            sent.help_url = _room_verdict_follow_up(room, sent.message, verdict, language)
            # The writer of a behaviour case is never told about counsellors or the line; a
            # message held on a self-harm signal gets the line as an escalated one does.
            crisis = verdict.escalates_crisis or verdict.held_self_harm
            sent.help_line = crisis and not sent.help_url
        if public:
            broadcast_on_commit(sent.message)
    return sent


def _room_verdict_follow_up(room: Room, message: Message, verdict, language: str) -> str:
    """Queue, escalate and hold as the verdict says. Returns the address of the young person's
    conversation with counsellors when a disclosure was escalated, else ""."""
    help_url = ""
    if verdict.shadow is not None:
        ShadowVerdict.objects.create(message=message, **verdict.shadow)
    if verdict.action == "escalate":
        # Like a post's: it joins the member's open case, or opens one within their cap.
        escalation = escalation_create(
            kind=verdict.escalation_kind,
            member=message.author,
            post=None,
            category=verdict.category,
            priority=verdict.priority,
            signals=[s.as_dict() for s in verdict.signals],
            content=message.body,
            language=language,
        )
        case = escalation.carrier.conversation if escalation is not None else None
        if case is not None and case.member_id:
            with translation.override(message.author.language):
                help_url = case.get_absolute_url()
    if verdict.action in ("hold", "escalate", "flag"):
        item = QueueItem.objects.create(
            source=QueueItem.Source.SCREENING,
            category=verdict.category,
            priority=verdict.priority,
            message=message,
            member=message.author,
            signals=[s.as_dict() for s in verdict.signals],
        )
        send_on_commit(
            "moderation.queue",
            {"type": "queue.changed", "change": "added", "item": item.pk},
        )
    if verdict.action in ("hold", "escalate"):
        send_on_commit(room_moderators_group(room.pk), {"type": "chat.held", "id": message.pk})
    return help_url


def seq_of_id(*, conversation_id: int | None = None, room_id: int | None = None, after: int):
    """The sequence number standing for an old-style cursor (``after=<message id>``, still
    accepted): that message's number, or the highest number among messages up to that id."""
    place = {"conversation_id": conversation_id} if conversation_id else {"room_id": room_id}
    found = Message.objects.filter(**place, pk__lte=after, seq__isnull=False).order_by("-pk")
    return found.values_list("seq", flat=True).first() or 0


def replay(
    *, conversation_id: int | None = None, room_id: int | None = None, after: int
) -> list[dict] | None:
    """Visible messages published after the message ``after`` (an id, the old cursor), in
    order of publication; None when more were missed than we send."""
    place = {"conversation_id": conversation_id, "room_id": room_id}
    after_seq = seq_of_id(**place, after=after)
    found = replay_by_seq(**place, after_seq=after_seq)
    return None if found is None else found[0]


def replay_by_seq(
    *,
    conversation_id: int | None = None,
    room_id: int | None = None,
    after_seq: int,
    viewer: elements.Viewer | None = None,
) -> tuple[list[dict], int] | None:
    """Visible messages numbered after ``after_seq``, in order, and the place's newest number
    (every message up to it is included or not visible); None when more were missed than we
    send. The counter is read first: every number up to it is committed. With a ``viewer``,
    each payload also has the message's ``element`` as that viewer's page shows it."""
    if conversation_id:
        place, counter = {"conversation_id": conversation_id}, Conversation.objects
        key = conversation_id
    else:
        place, counter = {"room_id": room_id}, Room.objects
        key = room_id
    last_seq = counter.filter(pk=key).values_list("last_seq", flat=True).first() or 0
    missed = (
        Message.objects.visible()
        .filter(**place, seq__gt=after_seq, seq__lte=last_seq)
        .select_related("author")
    )
    messages = list(missed.order_by("seq")[: settings.CHAT_REPLAY_LIMIT + 1])
    if len(messages) > settings.CHAT_REPLAY_LIMIT:
        return None
    payloads = [message_payload(m) for m in messages]
    if viewer is not None and messages:
        room = elements.message_room(messages[0])
        for payload, message in zip(payloads, messages, strict=True):
            payload["element"] = viewer.element(message, room)
    return payloads, max(last_seq, after_seq)


# --- Moderating rooms ----------------------------------------------------------------------


@transaction.atomic
def message_hide(message: Message, *, by: User, reason: str = "") -> bool:
    """Hide a message; it disappears for everyone who has it on screen."""
    check_can_moderate_room(by)
    hidden = (
        Message.objects.filter(pk=message.pk)
        .exclude(status=MessageStatus.HIDDEN)
        .update(status=MessageStatus.HIDDEN)
    )
    if not hidden:
        return False
    message.status = MessageStatus.HIDDEN
    audit(by, "message.hide", message, reason=reason)
    group = (
        room_group(message.room_id)
        if message.room_id
        else conversation_group(message.conversation_id)
    )
    send_on_commit(group, {"type": "chat.hidden", "id": message.pk})
    if message.room_id:
        send_on_commit(room_moderators_group(message.room_id), {"type": "chat.held", "id": 0})
    return True


@transaction.atomic
def message_publish(message: Message, *, by: User, reason: str = "") -> bool:
    """A moderator lets a held room message through, or shows a hidden one again (a reversed
    decision); it is broadcast now, and replayed to those who were away."""
    check_can_moderate_room(by)
    now = timezone.now()
    publishable = Message.objects.filter(
        pk=message.pk,
        status__in=[MessageStatus.HELD, MessageStatus.HIDDEN],
        room__isnull=False,
    )
    if not publishable.exists():
        return False
    # Published now: it takes the room's next number, so clients replay it after what they had.
    seq = next_seq(Room(pk=message.room_id))
    published = publishable.update(
        status=MessageStatus.VISIBLE,
        published_at=now,
        seq=seq,
        broadcast_at=None,
        broadcast_attempts=0,
        broadcast_retry_at=None,
    )
    if not published:
        transaction.set_rollback(True)
        return False
    message.status, message.published_at, message.seq = MessageStatus.VISIBLE, now, seq
    message.broadcast_at, message.broadcast_attempts, message.broadcast_retry_at = None, 0, None
    audit(by, "message.publish", message, reason=reason)
    broadcast_on_commit(message)
    send_on_commit(room_moderators_group(message.room_id), {"type": "chat.held", "id": 0})
    return True


@transaction.atomic
def room_open(room: Room, *, by: User) -> bool:
    """A moderator is present: within its hours the room is open."""
    check_can_moderate_room(by)
    now = timezone.now()
    Room.objects.filter(pk=room.pk, moderator=by).update(moderator_seen_at=now)
    changed = (
        Room.objects.filter(pk=room.pk)
        .exclude(moderator=by)
        .update(moderator=by, moderated_since=now, moderator_seen_at=now)
    )
    if changed:
        room.refresh_from_db()
        audit(by, "room.open", room)
        send_on_commit(room_group(room.pk), {"type": "chat.room_state"})
    return bool(changed)


@transaction.atomic
def room_close(room: Room, *, by: User) -> bool:
    check_can_moderate_room(by)
    changed = Room.objects.filter(pk=room.pk, moderator__isnull=False).update(
        moderator=None, moderated_since=None
    )
    if changed:
        room.refresh_from_db()
        audit(by, "room.close", room)
        send_on_commit(room_group(room.pk), {"type": "chat.room_state"})
    return bool(changed)


def room_moderator_seen(room_id: int, moderator: User) -> bool:
    """The room's moderator still has it open; returns whether they are its moderator."""
    return bool(
        Room.objects.filter(pk=room_id, moderator=moderator).update(
            moderator_seen_at=timezone.now()
        )
    )


@transaction.atomic
def rooms_leave(moderator: User) -> int:
    """Close every room this moderator keeps open (they signed out or lost the role)."""
    count = 0
    for room in Room.objects.filter(moderator=moderator):
        Room.objects.filter(pk=room.pk, moderator=moderator).update(
            moderator=None, moderated_since=None
        )
        audit(moderator, "room.close", room, reason="moderator left")
        send_on_commit(room_group(room.pk), {"type": "chat.room_state"})
        count += 1
    return count


@transaction.atomic
def rooms_close_unattended(now: datetime.datetime | None = None) -> int:
    """Close the rooms nobody moderates any more: their moderator's page stopped answering
    (closed without leaving), or the room's hours are over. Members are told the room is
    closed; a moderator opens it again from its page. Run by `manage.py tick`."""
    now = now or timezone.now()
    count = 0
    for room in Room.objects.filter(moderator__isnull=False).select_for_update():
        if room.moderator_present(now) and room.in_hours(now):
            continue
        reason = "past its hours" if not room.in_hours(now) else "moderator gone"
        Room.objects.filter(pk=room.pk).update(moderator=None, moderated_since=None)
        audit(None, "room.close", room, reason=reason)
        send_on_commit(room_group(room.pk), {"type": "chat.room_state"})
        count += 1
    return count


def room_exclude(
    room: Room, member: User, *, by: User, until: datetime.datetime
) -> RoomExclusion | None:
    """Take a member out of a room until ``until``; their open room sockets close. Returns the
    exclusion, or None when one already runs that long.

    Only through moderation's `room_remove` verb (`moderation.actions.decision_apply`), which
    applies the decision rules and gives the member the statement of reasons. Call inside its
    transaction.
    """
    check_can_moderate_room(by)
    if RoomExclusion.objects.filter(room=room, member=member, until__gte=until).exists():
        return None
    exclusion = RoomExclusion.objects.create(room=room, member=member, by=by, until=until)
    audit(by, "room.remove", member, reason=f"room {room.pk}")
    send_on_commit(room_group(room.pk), {"type": "chat.access", "revoke": member.pk})
    return exclusion


def room_readmit(exclusion: RoomExclusion, *, by: User) -> bool:
    """End an exclusion now (its decision was reversed on appeal). Other exclusions of the same
    member, from other decisions, keep running."""
    now = timezone.now()
    ended = RoomExclusion.objects.filter(pk=exclusion.pk, until__gt=now).update(until=now)
    if ended:
        audit(by, "room.readmit", exclusion.member, reason=f"room {exclusion.room_id}")
    return bool(ended)


# --- Retention -----------------------------------------------------------------------------


def conversations_anonymise(now: datetime.datetime | None = None) -> int:
    """Erase what was said in conversations closed longer ago than CHAT_RETENTION_DAYS, and in
    cases whose young person deleted their account that long ago (closed as "left" if nobody
    closed them).

    The counts, times, categories and outcomes stay for the figures.
    """
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.CHAT_RETENTION_DAYS)
    return conversations_erase(
        Conversation.objects.filter(
            Q(status=Conversation.Status.CLOSED, closed_at__lt=limit) | Q(member_left_at__lt=limit)
        ),
        now=now,
    )


@transaction.atomic
def conversations_member_left(member: User, *, now: datetime.datetime | None = None) -> int:
    """A young person deletes their account: their closed conversations are erased now; an
    open case (waiting or with a counsellor) stays as it is, with what they wrote, the notes
    and the content that raised it, marked as left, so that a counsellor reads it and closes
    it; retention erases it later. Returns how many open cases were kept.

    Call before the account row goes (it detaches them from it)."""
    now = now or timezone.now()
    theirs = Conversation.objects.filter(member=member, anonymised_at=None)
    conversations_erase(theirs.filter(status=Conversation.Status.CLOSED), now=now)
    kept = list(theirs.exclude(status=Conversation.Status.CLOSED))
    # Nobody can come back into them: not the account (it goes), not a return code.
    Conversation.objects.filter(pk__in=[c.pk for c in kept]).update(
        member=None, code_digest="", member_left_at=now
    )
    for conversation in kept:
        audit(None, "conversation.member_left", conversation, reason="account deleted")
        _status_changed(conversation)
    return len(kept)


@transaction.atomic
def conversations_erase(conversations, *, now: datetime.datetime | None = None) -> int:
    """Delete the words of these conversations, keep what the figures count.

    Used by retention and when a young person deletes their account; an open conversation
    is closed as "left".
    """
    now = now or timezone.now()
    ids = list(conversations.filter(anonymised_at=None).values_list("pk", flat=True))
    if not ids:
        return 0
    _forget_who_talked(ids)
    Message.objects.filter(conversation_id__in=ids).delete()
    Note.objects.filter(conversation_id__in=ids).delete()
    # The escalation behind a case kept the young person's words and who they are.
    Escalation.objects.filter(
        Q(conversation__pk__in=ids) | Q(case__conversation__pk__in=ids)
    ).update(content="", signals=[], edits=[], member=None, member_name="", post=None)
    targets = Conversation.objects.filter(pk__in=ids)
    targets.exclude(status=Conversation.Status.CLOSED).update(
        status=Conversation.Status.CLOSED, closed_at=now, outcome=Conversation.Outcome.LEFT
    )
    targets.update(about="", signals=[], member=None, code_digest="", anonymised_at=now)
    _queue_changed()
    return len(ids)


def _forget_who_talked(ids: list[int]) -> None:
    """Nothing may tie a young person to an erased conversation any more: not the audit
    records of what they did in it, not the notifications that link to it."""
    people = Conversation.objects.filter(pk__in=ids, member__isnull=False).values_list(
        "pk", "member_id"
    )
    for pk, member_id in people:
        targets = AuditRecord.objects.filter(target_type="conversation", target_id=str(pk))
        targets.forget_person(member_id)
    links = set().union(*(_links_to(pk) for pk in ids))
    Notification.objects.filter(link__in=links).delete()


def conversations_expire_unanswered(now: datetime.datetime | None = None) -> int:
    """Erase requests that waited longer than CHAT_RETENTION_DAYS without a counsellor (an
    after-hours message nobody answered, a visitor who never came back)."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.CHAT_RETENTION_DAYS)
    return conversations_erase(
        Conversation.objects.waiting().filter(waiting_since__lt=limit), now=now
    )


def room_messages_expire(now: datetime.datetime | None = None) -> int:
    """Delete room messages older than CHAT_ROOM_RETENTION_DAYS, except those a moderation case
    still needs and those a decision under appeal, or still open to one, was taken on (a
    message hidden live in the room has no case): they go when that ends."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.CHAT_ROOM_RETENTION_DAYS)
    needed = QueueItem.objects.live(now).filter(message=OuterRef("pk"))
    decided = Decision.objects.open_to_appeal(now).filter(message=OuterRef("pk"))
    old = (
        Message.objects.filter(room__isnull=False, created_at__lt=limit)
        .exclude(Exists(needed))
        .exclude(Exists(decided))
    )
    _, deleted = old.delete()
    return deleted.get(Message._meta.label, 0)
