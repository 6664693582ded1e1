"""The language of the current request."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    """ "fr" or "nl": the active language, or the site default outside a request."""
    return (get_language() or settings.LANGUAGE_CODE)[:2]
