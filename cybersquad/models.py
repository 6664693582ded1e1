"""The user model: a pseudonymous member or a staff member with one role."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cybersquad.pseudonyms import skeleton


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")
    COUNSELLOR = "counsellor", _("Counsellor")
    COORDINATOR = "coordinator", _("Coordinator")


STAFF_ROLES = frozenset({Role.MODERATOR, Role.COUNSELLOR, Role.COORDINATOR})


class Avatar(models.TextChoices):
    """A fixed set of pictures: members never upload one."""

    FOX = "fox", _("Fox")
    OWL = "owl", _("Owl")
    CAT = "cat", _("Cat")
    PANDA = "panda", _("Panda")
    ROBOT = "robot", _("Robot")
    STAR = "star", _("Star")
    WAVE = "wave", _("Wave")
    LEAF = "leaf", _("Leaf")


def age_on(birth_year: int, birth_month: int, today: datetime.date) -> int:
    """Age in whole years, counting a birthday as reached on the first of the birth month."""
    age = today.year - birth_year
    if today.month < birth_month:
        age -= 1
    return age


class User(AbstractUser):
    # The username is the member's pseudonym; no real names are ever asked for.
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    REQUIRED_FIELDS: list[str] = []

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("birth month"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    avatar = models.CharField(
        _("avatar"), max_length=10, choices=Avatar.choices, default=Avatar.FOX
    )
    # Sanctions and restrictions, set only by moderation services.
    muted_until = models.DateTimeField(_("muted until"), null=True, blank=True)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    banned_at = models.DateTimeField(_("banned on"), null=True, blank=True)
    held_for_review = models.BooleanField(
        _("posts held until a moderator decides"),
        default=False,
        help_text=_("Set when screening found grooming or sexual solicitation."),
    )

    # The pseudonym as a reader sees it (look-alike letters folded): two members may not share
    # one, so nobody can pass for someone else with a Cyrillic "а" or a full-width "ｌ".
    pseudonym_skeleton = models.CharField(max_length=150, blank=True, db_index=True, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.username

    @property
    def is_professional(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.MODERATOR, Role.COORDINATOR)

    @property
    def is_counsellor(self) -> bool:
        return self.role in (Role.COUNSELLOR, Role.COORDINATOR)

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR or self.is_superuser

    # What a person may do now: the role, on an account that is active and neither suspended
    # nor banned. Every permission check asks these, never the role alone.

    @property
    def in_good_standing(self) -> bool:
        return self.is_active and not self.is_suspended()

    @property
    def can_moderate(self) -> bool:
        return self.is_moderator and self.in_good_standing

    @property
    def can_counsel(self) -> bool:
        return self.is_counsellor and self.in_good_standing

    @property
    def can_coordinate(self) -> bool:
        return self.is_coordinator and self.in_good_standing

    def is_suspended(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.banned_at is not None or (
            self.suspended_until is not None and self.suspended_until > now
        )

    def is_muted(self, now: datetime.datetime | None = None) -> bool:
        return self.muted_until is not None and self.muted_until > (now or timezone.now())

    def age(self, today: datetime.date | None = None) -> int | None:
        if self.birth_year is None or self.birth_month is None:
            return None
        return age_on(self.birth_year, self.birth_month, today or timezone.localdate())

    def save(self, *args, **kwargs) -> None:
        # Only coordinators reach the admin; the flag follows the role.
        self.is_staff = self.role == Role.COORDINATOR or self.is_superuser
        self.pseudonym_skeleton = skeleton(self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "pseudonym_skeleton"}
        super().save(*args, **kwargs)
        if update_fields is None or "email" in update_fields:
            self._forget_other_addresses()

    def _forget_other_addresses(self) -> None:
        """allauth finds accounts for a password reset by its own address rows too: however
        the address changes or goes, no row keeps an old one that could still get a link."""
        from allauth.account.models import EmailAddress

        stale = EmailAddress.objects.filter(user_id=self.pk)
        if self.email:
            stale = stale.exclude(email__iexact=self.email)
        stale.delete()
