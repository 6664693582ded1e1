"""Moderation: the queue, reports, decisions with their statements of reasons, appeals,
escalations to counsellors, and the audit trail."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Priority(models.IntegerChoices):
    URGENT = 0, pgettext_lazy("priority", "Urgent")
    HIGH = 1, pgettext_lazy("priority", "High")
    MEDIUM = 2, pgettext_lazy("priority", "Medium")
    LOW = 3, pgettext_lazy("priority", "Low")

    @classmethod
    def for_severity(cls, severity: str | None) -> Priority:
        return {"urgent": cls.URGENT, "high": cls.HIGH, "medium": cls.MEDIUM}.get(
            severity or "", cls.LOW
        )


class Category(models.TextChoices):
    """What content is about, for queue items, escalations, reports and figures."""

    GROOMING = "grooming", _("Grooming")
    SEXTING = "sexting", _("Non-consensual sexting or sexual requests")
    SEXTORTION = "sextortion", _("Sextortion")
    SELF_HARM = "self_harm", _("Self-harm")
    ABUSE_IMAGES = "abuse_images", _("Child-abuse images")
    BULLYING = "bullying", _("Bullying")
    PERSONAL_INFO = "personal_info", _("Personal information")
    SPAM = "spam", _("Spam or scam")
    OTHER = "other", _("Other")


URGENT_CATEGORIES = frozenset({Category.SEXTORTION, Category.SELF_HARM, Category.ABUSE_IMAGES})


def moderation_retention_limit(now: datetime.datetime | None = None) -> datetime.datetime:
    """Cases closed before this moment are past MODERATION_RETENTION_DAYS."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.MODERATION_RETENTION_DAYS)


# The people a queue item (or a report) is about, as paths from it: its member, and the authors
# of its post and of its room message. `moderation.permissions.item_subjects` follows them on
# one item; `QueueItemQuerySet.without_stake_of` finds the items that name someone, in SQL.
SUBJECT_PATHS = ("member", "post__author", "message__author")


def names(user, prefix: str = "") -> models.Q:
    """What is about ``user`` (`SUBJECT_PATHS`), from a query that reaches an item or a report
    through ``prefix`` ("" for one, "decision__queue_item__" from an appeal)."""
    about = models.Q()
    for path in SUBJECT_PATHS:
        about |= models.Q(**{f"{prefix}{path}_id": user.pk})
    return about


class QueueItemQuerySet(models.QuerySet):
    def open(self) -> QueueItemQuerySet:
        return self.filter(closed_at__isnull=True)

    def without_stake_of(self, user) -> QueueItemQuerySet:
        """Without the items this person has a stake in: about them (`SUBJECT_PATHS`), or
        reported by them. The list form of the stake `moderation.permissions._parties` gives
        an item (`check_can_view_item` refuses them the same items, one at a time)."""
        reported = Report.objects.filter(queue_item=models.OuterRef("pk"), reporter_id=user.pk)
        # Found with a plain filter and left out by id: a NOT over the nullable joins would
        # have to get SQL's NULLs right for items without a post or a message.
        staked = self.filter(names(user) | models.Q(models.Exists(reported))).values("pk")
        return self.exclude(pk__in=staked)

    def _expired_q(self, now: datetime.datetime | None) -> models.Q:
        # A decision under appeal, or one that can still be appealed, keeps its case alive.
        appealed = models.Exists(
            Decision.objects.open_to_appeal(now).filter(queue_item=models.OuterRef("pk"))
        )
        return models.Q(closed_at__lt=moderation_retention_limit(now)) & ~models.Q(appealed)

    def expired(self, now: datetime.datetime | None = None) -> QueueItemQuerySet:
        """Closed longer ago than the retention period, and no decision of the case under
        appeal or still open to one."""
        return self.filter(self._expired_q(now))

    def live(self, now: datetime.datetime | None = None) -> QueueItemQuerySet:
        """Open, or closed recently enough that the case may still be looked at again."""
        return self.exclude(self._expired_q(now))

    def in_order(self) -> QueueItemQuerySet:
        """Most urgent first. Within a priority, what screening raised (a young person's
        disclosure, a held message) comes before reports, and reports by members before those
        only visitors made; each oldest first. However many reports come in, they never push
        screening's items back."""
        signed = Report.objects.filter(queue_item=models.OuterRef("pk"), reporter__isnull=False)
        source_rank = models.Case(
            models.When(~models.Q(source=QueueItem.Source.REPORT), then=models.Value(0)),
            models.When(models.Exists(signed), then=models.Value(1)),
            default=models.Value(2),
            output_field=models.IntegerField(),
        )
        return self.annotate(source_rank=source_rank).order_by(
            "priority", "source_rank", "created_at", "pk"
        )


class QueueItem(models.Model):
    """One thing a moderator must look at: a held or flagged post, or a report."""

    class Source(models.TextChoices):
        SCREENING = "screening", _("Automatic screening")
        FIRST_POSTS = "first_posts", _("First posts of a new member")
        REPORT = "report", pgettext_lazy("noun", "Report")

    source = models.CharField(max_length=20, choices=Source.choices)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.LOW)
    # SET_NULL everywhere: a case outlives the post, message or account it is about; what
    # the moderator needs of them is kept in Evidence and member_name until retention.
    post = models.ForeignKey(
        "forum.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="queue_items"
    )
    message = models.ForeignKey(
        "chat.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_items",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_items",
        help_text=_("The member the item is about."),
    )
    # The pseudonym of a member who deleted their account while the case was live.
    member_name = models.CharField(max_length=150, blank=True)
    # The signals that put it here: category, kind, severity, rule, span and matched text.
    signals = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = QueueItemQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["closed_at", "priority", "created_at"]),
            # The queue: open items only, a few thousand among hundreds of thousands.
            models.Index(
                fields=["priority", "created_at"],
                condition=models.Q(closed_at__isnull=True),
                name="queueitem_open",
            ),
        ]

    def __str__(self) -> str:
        return f"queue item {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("moderation:item", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Evidence(models.Model):
    """A version of the content of a case, kept when its author edits or deletes it.

    Only taken while the case is live (open, or closed within MODERATION_RETENTION_DAYS), so
    the moderator, or the one deciding an appeal, sees what was reported or decided on.
    Retention erases it with the case.
    """

    class Reason(models.TextChoices):
        EDITED = "edited", _("Edited by its author")
        DELETED = "deleted", _("Deleted by its author")

    queue_item = models.ForeignKey(QueueItem, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=140, blank=True)
    body = models.TextField(blank=True)
    masked_spans = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="fr")
    # When this version was written (posted, or last edited), and when it was replaced.
    written_at = models.DateTimeField()
    reason = models.CharField(max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"evidence {self.pk} of item {self.queue_item_id}"


class Report(models.Model):
    """A report by anyone, signed in or not (DSA Art. 16)."""

    class Reason(models.TextChoices):
        ABUSE_IMAGES = "abuse_images", _("Child-abuse images")
        GROOMING = "grooming", _("An adult approaching young people sexually (grooming)")
        SEXUAL = "sexual", _("Sexual messages or pictures")
        SEXTORTION = "sextortion", _("Threats to publish pictures (sextortion)")
        SELF_HARM = "self_harm", _("Someone may hurt themselves")
        BULLYING = "bullying", _("Bullying, insults or threats")
        PERSONAL_INFO = "personal_info", _("Personal information shared")
        SPAM = "spam", _("Spam or scam")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("Being reviewed")
        ACTION_TAKEN = "action_taken", _("Action taken")
        NO_ACTION = "no_action", _("Reviewed: no action needed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_made",
    )
    code = models.CharField(max_length=16, unique=True, editable=False)
    post = models.ForeignKey(
        "forum.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    message = models.ForeignKey(
        "chat.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_received",
    )
    # Stored as text and never rendered as a link or preview.
    url = models.CharField(_("web address"), max_length=2000, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    description = models.TextField(_("what is wrong"), max_length=2000, blank=True)
    contact = models.CharField(_("how we can reach you (optional)"), max_length=200, blank=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="fr")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_changed_at = models.DateTimeField(default=timezone.now)
    queue_item = models.ForeignKey(
        QueueItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="report_created")]

    def __str__(self) -> str:
        return f"report {self.code}"

    def save(self, *args, **kwargs) -> None:
        if not self.code:
            self.code = secrets.token_hex(6).upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("moderation:report_status", args=[self.code])


# A report not reviewed yet: while it is open, whoever it is about has a stake in what is
# decided on its reporter (`moderation.permissions.has_stake`).
REPORT_OPEN_STATUSES = (Report.Status.RECEIVED, Report.Status.IN_REVIEW)


class Action(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    HIDE = "hide", _("Hide")
    MASK = "mask", _("Mask personal information")
    ESCALATE = "escalate", _("Escalate to a counsellor")
    WARN = "warn", _("Warn")
    MUTE = "mute", _("Mute")
    SUSPEND = "suspend", _("Suspend")
    BAN = "ban", _("Ban")
    DISMISS = "dismiss", _("Close without action")
    RESTORE = "restore", _("Lift restrictions")
    # Taken in a chat room (chat/views.py room_sanction), not from the queue.
    ROOM_REMOVE = "room_remove", _("Remove from a chat room")


# A decision a member can appeal; reversing it applies its verb's inverse (moderation/actions/).
APPEALABLE = frozenset(
    {Action.HIDE, Action.WARN, Action.MUTE, Action.SUSPEND, Action.BAN, Action.ROOM_REMOVE}
)
# The rule of the warning a reporter gets for misusing reporting, followed by the report's code.
MISUSE_RULE_PREFIX = "report-misuse:"


class DecisionQuerySet(models.QuerySet):
    def open_to_appeal(self, now: datetime.datetime | None = None) -> DecisionQuerySet:
        """Decisions whose content must stay: an appeal waits, or the member can still make
        one (an appealable decision, neither appealed nor reversed, within the appeal
        window)."""
        waiting = models.Q(appeal__status=Appeal.Status.OPEN)
        possible = models.Q(
            action__in=APPEALABLE,
            appeal__isnull=True,
            reversed_at__isnull=True,
            created_at__gte=moderation_retention_limit(now),
        )
        return self.filter(waiting | possible)


class Decision(models.Model):
    """A moderation decision about a member's content or account, with its statement of reasons
    (DSA Art. 17): what was decided, on which facts, under which rule, whether it was automated,
    and how to appeal. It is shown to the member in their own language."""

    action = models.CharField(max_length=20, choices=Action.choices)
    # A decision stays on record when its member deletes their account (DSA Art. 24 counts).
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_made",
    )
    automated = models.BooleanField(default=False)
    post = models.ForeignKey(
        "forum.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    queue_item = models.ForeignKey(
        QueueItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    rule = models.CharField(max_length=80, blank=True)
    reason = models.TextField(_("reason"), max_length=1000)
    ends_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)
    # A room message hidden or published, as ``post`` is for the forum.
    message = models.ForeignKey(
        "chat.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    # Set when an appeal reversed it: it no longer counts for what the member may do.
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="decision_created")]

    def __str__(self) -> str:
        return f"{self.action} for {self.member_id}"

    def get_absolute_url(self) -> str:
        return reverse("moderation:decision", args=[self.pk])

    @property
    def appealable(self) -> bool:
        """Hiding, warnings and restrictions, within the appeal window. Not masking: a young
        person's personal details stay hidden from the public whatever an appeal says (they
        can edit their message)."""
        return self.action in APPEALABLE and not self.appeal_window_passed

    @property
    def appeal_window_passed(self) -> bool:
        """An appeal can be made for MODERATION_RETENTION_DAYS (the DSA asks for at least six
        months), as long as what the decision was taken on is kept (see open_to_appeal)."""
        return self.created_at < moderation_retention_limit()

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None


class AppealQuerySet(models.QuerySet):
    def without_stake_of(self, user) -> AppealQuerySet:
        """Without the appeals about a decision this person has a stake in: the list form, in
        one query whatever the number of appeals, of `moderation.permissions.has_stake`
        (`check_can_view_appeal` refuses them the same appeals, one at a time). They took
        the decision; it falls on them; its case is about them or they reported it; it is a
        misuse warning for a report about them; or its member has an open report about them.
        """
        about = (
            models.Q(decision__moderator_id=user.pk)
            | models.Q(decision__member_id=user.pk)
            | names(user, "decision__queue_item__")
        )
        reported_case = Report.objects.filter(
            queue_item=models.OuterRef("decision__queue_item"), reporter_id=user.pk
        )
        # A misuse warning's rule is the prefix followed by the code of the report misused.
        misused = (
            Report.objects.filter(names(user))
            .annotate(
                misuse_rule=Concat(
                    models.Value(MISUSE_RULE_PREFIX), "code", output_field=models.CharField()
                )
            )
            .filter(misuse_rule=models.OuterRef("decision__rule"))
        )
        reported_them = Report.objects.filter(
            status__in=REPORT_OPEN_STATUSES,
            reporter_id=models.OuterRef("decision__member_id"),
            member_id=user.pk,
        )
        # Found with a plain filter and left out by id, as in `QueueItemQuerySet`: a NOT over
        # the nullable joins would have to get SQL's NULLs right.
        staked = self.filter(
            about
            | models.Q(models.Exists(reported_case))
            | models.Q(models.Exists(misused))
            | models.Q(models.Exists(reported_them))
        ).values("pk")
        return self.exclude(pk__in=staked)


class Appeal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        UPHELD = "upheld", _("Decision confirmed")
        REVERSED = "reversed", _("Decision reversed")
        WITHDRAWN = "withdrawn", _("Withdrawn: the account was deleted")

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField(_("why you disagree"), max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, max_length=1000)

    objects = AppealQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="appeal_created")]

    def __str__(self) -> str:
        return f"appeal {self.pk}"


class Escalation(models.Model):
    """Why a case went to counsellors: a disclosure found by screening, or a moderator's call.

    Two paths: a *disclosure* (the writer is at risk) or a *concern* (the writer is worried
    about someone else) opens a conversation the young person is invited into; *behaviour*
    (the writer puts others at risk, e.g. grooming) opens a case for counsellors only: the
    writer is never invited, never told. ``chat.Conversation`` carries the case from here.
    """

    class Kind(models.TextChoices):
        DISCLOSURE = "disclosure", _("The writer is at risk")
        BEHAVIOUR = "behaviour", _("The writer puts others at risk")
        # Worried about someone else (a friend, a sister): the writer is invited like a
        # disclosure, and told how to help.
        CONCERN = "concern", _("The writer is worried about someone else")

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DISCLOSURE)
    category = models.CharField(max_length=20, choices=Category.choices)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.HIGH)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
    )
    # A behaviour case keeps the pseudonym of the member it is about when they delete their
    # account (moderation.retention.member_forget); retention erases it with the case.
    member_name = models.CharField(max_length=150, blank=True)
    post = models.ForeignKey(
        "forum.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="escalations"
    )
    # What the young person wrote, kept for the counsellor even if the post is later deleted.
    content = models.TextField(blank=True)
    signals = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="fr")
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A further disclosure by a member whose case was still open joins that case (the
    # escalation that carries its conversation) instead of opening another one: one member
    # never fills the counsellors' queue (moderation.escalations.escalation_create).
    case = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="joined"
    )
    # The versions its writer made of the post after it was escalated, oldest first
    # ({"at": ISO time, "content": text}): an edit reaches the open case, never opens one.
    edits = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["priority", "created_at"]
        indexes = [models.Index(fields=["created_at"], name="escalation_created")]

    def __str__(self) -> str:
        return f"escalation {self.pk}"

    @property
    def carrier(self) -> Escalation:
        """The escalation whose conversation carries this one's case: itself, or the open
        case it joined."""
        return self.case if self.case_id is not None else self


# About the writer's own need (a disclosure, a worry about someone else): the writer is
# invited to the case and gets help at once. Behaviour (a risk to others) is never told.
CRISIS_KINDS = (Escalation.Kind.DISCLOSURE, Escalation.Kind.CONCERN)


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit records cannot be changed")

    def delete(self):
        raise PermissionError("audit records cannot be deleted")

    def forget_person(self, person_id: int) -> int:
        """Make the records a young person caused stop naming them (erasure and retention).

        The one change the application makes to the trail: what was done, to what and when
        stays; who did it becomes nobody. Narrow it first (``filter(target_type=...)``) to
        forget only some records. Never call it for staff: their actions stay attributable.
        Returns how many records changed.
        """
        # QuerySet.update itself: this class refuses every other update.
        return models.QuerySet.update(self.filter(actor_id=person_id), actor_id=None, actor_name="")


class AuditRecord(models.Model):
    """Who did what, to what, when and why: never the content itself. Append-only."""

    # Plain values, not a foreign key: deleting an account must not touch its audit trail.
    actor_id = models.PositiveBigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    target_type = models.CharField(max_length=40)
    target_id = models.CharField(max_length=40)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("audit records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit records cannot be deleted")


class ScreeningLabel(models.Model):
    """A moderator's decision on a case, kept as a label for the screening models: did the
    content do harm (hide, escalate, mask) or was it a false alarm (publish, dismiss)? Raised
    tells whether screening had flagged it (else it came from a report: a miss). The text is
    kept only as long as retention allows (moderation/retention.py erases it)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    harmful = models.BooleanField()
    raised = models.BooleanField(help_text="Screening had flagged it (not only a report).")
    language = models.CharField(max_length=5, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"screening label {self.pk}"


class ShadowVerdict(models.Model):
    """What screening models running in shadow (SCREENING_SHADOW_MODELS) would have done to a
    post or room message, beside what was done: recorded, never applied. Signals keep which
    rule or model fired and where, never the words."""

    post = models.ForeignKey(
        "forum.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        "chat.Message", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    applied_action = models.CharField(max_length=10)
    shadow_action = models.CharField(max_length=10)
    category = models.CharField(max_length=20, blank=True)
    signals = models.JSONField(default=list, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"shadow verdict {self.pk}"
