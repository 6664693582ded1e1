"""Validators for pseudonyms (allauth's ACCOUNT_USERNAME_VALIDATORS points here)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

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


# Contact details first: its message says why, which helps more than the charset rule.
pseudonym_validators = [no_contact_details, pseudonym_charset]
