"""Help conversations with counsellors, moderated rooms, and the messages of both.

The database is the source of truth: a message is stored before it is broadcast, and a
client that missed broadcasts asks for what came after the last id it saw.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cybersquad.models import STAFF_ROLES
from moderation.models import Category, Priority

RETURN_CODE_SALT = "cybersquad.chat.return-code"


def code_sha256(code: str) -> str:
    """The code as typed in any case or spacing, hashed (what was stored before migration 0005).

    Never stored on its own: a code has about 60 bits, and a plain hash of it can be tested
    offline by anyone who gets a copy of the database."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def digest_of_sha256(sha256_hex: str, *, secret: str | None = None) -> str:
    return salted_hmac(RETURN_CODE_SALT, sha256_hex, secret=secret, algorithm="sha256").hexdigest()


def code_digest(code: str, *, secret: str | None = None) -> str:
    """What is stored for a return code: an HMAC keyed with the server's secret (and a salt of
    its own), so the database alone does not let anyone test codes. It is taken over the code's
    SHA-256, which let migration 0005 convert the digests stored before without the codes."""
    return digest_of_sha256(code_sha256(code), secret=secret)


def code_digests(code: str) -> list[str]:
    """The code's digest under the current key, then under each SECRET_KEY_FALLBACKS key."""
    return [code_digest(code)] + [
        code_digest(code, secret=key) for key in settings.SECRET_KEY_FALLBACKS
    ]


# Whom a case is about, as paths from the conversation: the young person in it, and the member
# its escalation is about (a behaviour case has nobody in it). `chat.permissions.case_subjects`
# follows them on one case; `ConversationQuerySet.for_counsellor` finds the cases in SQL.
CASE_SUBJECT_PATHS = ("member", "escalation__member")


class ConversationQuerySet(models.QuerySet):
    def waiting(self) -> ConversationQuerySet:
        return self.filter(status=Conversation.Status.WAITING)

    def for_counsellor(self, user) -> ConversationQuerySet:
        """Without the cases `chat.permissions.may_counsel` keeps from this counsellor: those
        about them, and, unless they are a coordinator, those about a member of staff."""
        hidden = Q()
        for path in CASE_SUBJECT_PATHS:
            hidden |= Q(**{f"{path}_id": user.pk})
            if not user.can_coordinate:
                hidden |= Q(**{f"{path}__role__in": STAFF_ROLES})
        # Found with a plain filter and left out by id, as QueueItemQuerySet.without_stake_of.
        return self.exclude(pk__in=self.filter(hidden).values("pk"))

    def in_queue_order(self) -> ConversationQuerySet:
        """Most urgent first, then the longest waiting."""
        return self.waiting().order_by("priority", "waiting_since", "pk")

    def active_for(self, counsellor_id: int) -> ConversationQuerySet:
        return self.filter(status=Conversation.Status.ACTIVE, counsellor_id=counsellor_id)


class Conversation(models.Model):
    """A young person (a member, or a visitor known only by their browser) and a counsellor."""

    class Source(models.TextChoices):
        HELP = "help", _("Asked for help")
        ESCALATION = "escalation", _("Escalated from the forum")
        # A member's behaviour (e.g. grooming) given to counsellors: no young person in it.
        RISK = "risk", _("A member's behaviour, reported to counsellors")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a counsellor")
        ACTIVE = "active", _("With a counsellor")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        LISTENED = "listened", _("Listened and supported")
        INFORMED = "informed", _("Information and advice given")
        SAFETY_PLAN = "safety_plan", _("Safety plan made together")
        REFERRED = "referred", _("Referred to another service")
        LEFT = "left", _("The young person left before an answer")
        NOT_RELEVANT = "not_relevant", _("Not a request for help")

    class Referral(models.TextChoices):
        NONE = "none", pgettext_lazy("referral", "None")
        POLICE = "police", _("Police")
        FOLLOW_UP_116000 = "116000", _("Follow-up by 116 000 Child Focus")
        CIVIL_HOTLINE = "hotline", _("Civil hotline for abuse images")
        OTHER = "other", _("Other service")

    source = models.CharField(max_length=12, choices=Source.choices, default=Source.HELP)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_conversations",
    )
    # Visitors get a code to come back with; only its digest is kept.
    code_digest = models.CharField(max_length=64, blank=True, db_index=True)
    about = models.TextField(_("what it is about"), max_length=500, blank=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="fr")
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    signals = models.JSONField(default=list, blank=True)
    # Asked while nobody was on shift: a message to answer later, not a live chat.
    after_hours = models.BooleanField(default=False)
    escalation = models.OneToOneField(
        "moderation.Escalation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversation",
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counselled_conversations",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the young person started waiting. Kept when a counsellor returns the conversation
    # to the queue (`conversation_release`): they have waited all along and keep their place.
    waiting_since = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    first_claimed_at = models.DateTimeField(null=True, blank=True)
    # When a counsellor first opened the case: until then nobody says "a counsellor read it".
    opened_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    last_counsellor_reply_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    referral = models.CharField(_("referral"), max_length=10, choices=Referral.choices, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # When the young person deleted their account while the case was open: the case stays,
    # with what they wrote and the notes, for a counsellor to read and close (nobody can be
    # written to any more), until retention erases it (chat.services.conversations_anonymise).
    member_left_at = models.DateTimeField(null=True, blank=True)
    # The sequence number of its newest published message (see Message.seq).
    last_seq = models.PositiveBigIntegerField(default=0)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["status", "priority", "waiting_since"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"conversation {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("chat:conversation", args=[self.pk])

    def get_workspace_url(self) -> str:
        return reverse("chat:case", args=[self.pk])


class Room(models.Model):
    """A group chat for one theme, open at set hours while a moderator is present."""

    theme = models.OneToOneField("forum.Theme", on_delete=models.CASCADE, related_name="room")
    # ISO weekdays (1 = Monday) on which the room opens, and its hours (Brussels time).
    days = models.CharField(_("days"), max_length=7, default="1234567")
    opens_at = models.TimeField(_("opens at"), default=datetime.time(16, 0))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(21, 0))
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_since = models.DateTimeField(null=True, blank=True)
    # Refreshed by the moderator's open room page (its socket heartbeat): a moderator who
    # closed the tab without leaving is no longer "present" after a few beats.
    moderator_seen_at = models.DateTimeField(null=True, blank=True)
    # The sequence number of its newest published message (see Message.seq).
    last_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["theme__position", "theme__slug"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return str(self.theme)

    def get_absolute_url(self) -> str:
        return reverse("chat:room", args=[self.theme.slug])

    def in_hours(self, now: datetime.datetime | None = None) -> bool:
        local = timezone.localtime(now or timezone.now())
        return (
            str(local.isoweekday()) in self.days and self.opens_at <= local.time() < self.closes_at
        )

    def moderator_present(self, now: datetime.datetime | None = None) -> bool:
        if self.moderator_id is None or self.moderator_seen_at is None:
            return False
        window = datetime.timedelta(seconds=max(90, 3 * settings.CHAT_HEARTBEAT_SECONDS))
        return self.moderator_seen_at > (now or timezone.now()) - window

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        return self.moderator_present(now) and self.in_hours(now)


class RoomExclusion(models.Model):
    """A member removed from a room by a moderator, until a given time."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="exclusions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    until = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    # The moderation decision behind it: its statement of reasons, and what an appeal undoes.
    decision = models.OneToOneField(
        "moderation.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="room_exclusion",
    )

    def __str__(self) -> str:
        return f"{self.member_id} out of room {self.room_id}"


class MessageStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HELD = "held", _("Held for a moderator")
    HIDDEN = "hidden", _("Hidden by a moderator")


class MessageQuerySet(models.QuerySet):
    def visible(self) -> MessageQuerySet:
        return self.filter(status=MessageStatus.VISIBLE)


class Message(models.Model):
    """One message in a help conversation or in a room (exactly one of the two)."""

    class Role(models.TextChoices):
        YOUNG = "young", _("Young person")
        COUNSELLOR = "counsellor", _("Counsellor")
        MEMBER = "member", _("Member")
        MODERATOR = "moderator", _("Moderator")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who sent it, for idempotency: "u<user id>", or "v" for the visitor of a conversation.
    sender_key = models.CharField(max_length=24)
    role = models.CharField(max_length=12, choices=Role.choices)
    client_id = models.CharField(max_length=64)
    body = models.TextField(max_length=4000)
    masked_spans = models.JSONField(default=list, blank=True)
    signals = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.VISIBLE
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When it became visible: at once, or when a moderator let a held message through. A
    # client that reconnects gets the messages published since it left, old ids included.
    published_at = models.DateTimeField(null=True, blank=True)
    # Its place in the order of publication of its conversation or room: 1, 2, 3... given
    # under the row lock of the conversation's or room's counter, in the transaction that
    # publishes it, so a number is never seen before every smaller one has been committed.
    # Replay works by it; a gap tells a client it missed one. None while held.
    seq = models.PositiveBigIntegerField(null=True, blank=True)
    # When it was broadcast to the open sockets (the outbox marker): a visible message
    # without it is broadcast again by whichever process sees it next.
    broadcast_at = models.DateTimeField(null=True, blank=True)
    # Broadcasts that failed (a Redis error), and when the next one is due: 1 s after the
    # first failure, then twice as long each time, up to CHAT_BROADCAST_RETRY_MAX_SECONDS.
    broadcast_attempts = models.PositiveSmallIntegerField(default=0)
    broadcast_retry_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(conversation__isnull=False, room__isnull=True)
                | Q(conversation__isnull=True, room__isnull=False),
                name="message_in_one_place",
            ),
            models.UniqueConstraint(
                fields=["conversation", "sender_key", "client_id"],
                condition=Q(conversation__isnull=False),
                name="message_once_per_conversation",
            ),
            models.UniqueConstraint(
                fields=["room", "sender_key", "client_id"],
                condition=Q(room__isnull=False),
                name="message_once_per_room",
            ),
            models.UniqueConstraint(
                fields=["conversation", "seq"],
                condition=Q(conversation__isnull=False, seq__isnull=False),
                name="message_seq_per_conversation",
            ),
            models.UniqueConstraint(
                fields=["room", "seq"],
                condition=Q(room__isnull=False, seq__isnull=False),
                name="message_seq_per_room",
            ),
        ]
        indexes = [
            models.Index(fields=["conversation", "id"]),
            models.Index(fields=["room", "id"]),
            models.Index(
                fields=["published_at"],
                condition=Q(broadcast_at__isnull=True, status="visible"),
                name="message_not_broadcast",
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"


class Note(models.Model):
    """A counsellor's internal note on a conversation; the young person never sees it."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class CannedReply(models.Model):
    """A ready answer for counsellors, written by coordinators in French and Dutch."""

    title = models.CharField(_("title"), max_length=80)
    body = models.TextField(_("text"), max_length=2000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")

    def __str__(self) -> str:
        return self.title


class Shift(models.Model):
    """A counsellor available for live chats, from start until end (or until they stop)."""

    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shifts"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["ends_at"])]

    def __str__(self) -> str:
        return f"shift of {self.counsellor_id}"


class CheckIn(models.Model):
    """How a young person felt before and after a conversation, if they chose to say.

    Answers are counted on the figures page, never shown one by one: no words, no person."""

    class Moment(models.TextChoices):
        BEFORE = "before", _("Before the conversation")
        AFTER = "after", _("After the conversation")

    class Heard(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("A bit")
        NO = "no", _("No")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="check_ins"
    )
    moment = models.CharField(max_length=6, choices=Moment.choices)
    # 1 (very bad) to 5 (very good); empty when skipped.
    feeling = models.PositiveSmallIntegerField(null=True, blank=True)
    # Asked after the conversation only.
    heard = models.CharField(max_length=6, choices=Heard.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "moment"], name="check_in_once"),
            models.CheckConstraint(
                condition=Q(feeling__isnull=True) | Q(feeling__gte=1, feeling__lte=5),
                name="check_in_feeling_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"check-in {self.moment} of conversation {self.conversation_id}"
