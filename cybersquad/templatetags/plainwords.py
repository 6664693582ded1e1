"""Times said the way people say them: "just now" rather than "0 minutes"."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()


def _recent(value: datetime.datetime) -> bool:
    return timezone.now() - value < datetime.timedelta(minutes=1)


@register.filter
def since(value: datetime.datetime | None) -> str:
    """How long something has been waiting: "just now", "5 minutes", "2 hours"."""
    if not value:
        return ""
    return _("just now") if _recent(value) else timesince(value)


@register.filter
def ago(value: datetime.datetime | None) -> str:
    """When something happened: "just now", "5 minutes ago"."""
    if not value:
        return ""
    return _("just now") if _recent(value) else _("%(time)s ago") % {"time": timesince(value)}
