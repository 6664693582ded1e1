"""Validators for pseudonyms (allauth's ACCOUNT_USERNAME_VALIDATORS points here) and for
staff passwords (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cybersquad.contact import contact_kinds
from cybersquad.models import STAFF_ROLES, User
from cybersquad.pseudonyms import mixes_scripts, refusal, skeleton

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


def one_alphabet(value: str) -> None:
    """Refuse Latin letters mixed with look-alikes from another script ("ADMIΝ" with a Greek
    "Ν", "Ꮯhildfocus" with a Cherokee "Ꮯ")."""
    if mixes_scripts(value):
        raise ValidationError(
            _(
                "Write your pseudonym in one alphabet. Letters from other alphabets that look "
                "like ours (Greek, Cyrillic…) can be used to pretend to be someone else."
            ),
            code="mixed_scripts",
        )


def not_like_another_pseudonym(value: str) -> None:
    """Refuse a pseudonym that reads like an existing one ("Iotte" for "lotte", "ｌｏｔｔｅ").
    A name without letters or digits has an empty skeleton and is compared with nobody."""
    shape = skeleton(value)
    if shape and User.objects.filter(pseudonym_skeleton=shape).exists():
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
    one_alphabet,
]


def is_staff_account(user: object) -> bool:
    """Moderators, counsellors, coordinators and anyone who reaches the admin."""
    return bool(
        getattr(user, "role", None) in STAFF_ROLES
        or getattr(user, "is_staff", False)
        or getattr(user, "is_superuser", False)
    )


class StaffPasswordValidator:
    """Staff accounts see what young people confide: their passwords are longer, and never
    built on their pseudonym or email address. Members keep the ordinary rules.

    Registered in AUTH_PASSWORD_VALIDATORS, so it runs wherever a password is set: the admin
    (creating a staff account, a coordinator setting a password), changing it and resetting
    it. Django's similarity and common-password validators run for everyone as well.
    """

    def __init__(self, min_length: int = 12) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: object = None) -> None:
        if user is not None and is_staff_account(user):
            self.validate_as_staff(password, user)

    def validate_as_staff(self, password: str, user: object) -> None:
        """The staff rules, whatever the account's role is today."""
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    ngettext(
                        "A team account needs a password of at least %(min_length)d character.",
                        "A team account needs a password of at least %(min_length)d characters.",
                        self.min_length,
                    ),
                    code="staff_password_too_short",
                    params={"min_length": self.min_length},
                )
            )
        folded = _folded(password)
        names = [getattr(user, "username", "") or ""]
        email = getattr(user, "email", "") or ""
        names.append(email.partition("@")[0])
        if any(len(name) >= 3 and name in folded for name in map(_folded, names)):
            errors.append(
                ValidationError(
                    _("A team account’s password may not contain its pseudonym or email."),
                    code="staff_password_contains_name",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return ngettext(
            "Team accounts (moderators, counsellors, coordinators) need at least "
            "%(min_length)d character, without their pseudonym.",
            "Team accounts (moderators, counsellors, coordinators) need at least "
            "%(min_length)d characters, without their pseudonym.",
            self.min_length,
        ) % {"min_length": self.min_length}


def _folded(text: str) -> str:
    """Letters and digits only, case-folded: 'Mod_Anna' is in 'modanna2026!'."""
    return "".join(char for char in text.casefold() if char.isalnum())


def staff_password_problems(password: str, user: object) -> list[str]:
    """Why this password would be refused for a staff account (empty if it would not).

    Every configured validator runs, the staff rules whatever the account's role: the
    sign-in check uses it, as a password is only ever seen in clear when it is typed.
    """
    problems: list[str] = []
    for validator in get_default_password_validators():
        check = getattr(validator, "validate_as_staff", validator.validate)
        try:
            check(password, user)
        except ValidationError as error:
            problems.extend(error.messages)
    return problems
