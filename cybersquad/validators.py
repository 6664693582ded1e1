"""Validators for pseudonyms (allauth's ACCOUNT_USERNAME_VALIDATORS points here)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from cybersquad.pseudonyms import refusal, skeleton
from moderation.contact import contact_kinds

pseudonym_charset = RegexValidator(
    r"^[^\W][\w.-]*\Z",
    _(
        "A pseudonym may contain letters, digits, dots, dashes and underscores, "
        "and must start with a letter or a digit."
    ),
    code="invalid_characters",
)


def no_contact_details(value: str) -> None:
    if contact_kinds(value):
        raise ValidationError(
            _(
                "Choose a pseudonym without contact details: no phone number, email address, "
                "website or social media name. It keeps strangers from finding you elsewhere."
            ),
            code="contact_details",
        )


def no_staff_title_or_offensive_word(value: str) -> None:
    reason = refusal(value)
    if reason == "reserved":
        raise ValidationError(
            _(
                "Choose a pseudonym that does not look like someone from the Cybersquad or "
                "Child Focus team: words like moderator, admin, counsellor or 116 000 are for "
                "the team only, so everyone knows who really works here."
            ),
            code="reserved",
        )
    if reason == "offensive":
        raise ValidationError(
            _(
                "This pseudonym contains a sexual or insulting word. Choose another one: "
                "everyone on Cybersquad can see it."
            ),
            code="offensive",
        )


def not_like_another_pseudonym(value: str) -> None:
    """Refuse a pseudonym that reads like an existing one ("Iotte" for "lotte", "ｌｏｔｔｅ")."""
    from cybersquad.models import User

    if User.objects.filter(pseudonym_skeleton=skeleton(value)).exists():
        raise ValidationError(
            _(
                "This pseudonym looks too much like someone else's. Choose another one, so "
                "nobody can be mistaken for someone they are not."
            ),
            code="lookalike",
        )


# Contact details first: its message says why, which helps more than the charset rule.
pseudonym_validators = [
    no_contact_details,
    no_staff_title_or_offensive_word,
    pseudonym_charset,
    not_like_another_pseudonym,
]
