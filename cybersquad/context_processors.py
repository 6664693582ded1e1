from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def unread_notifications(request: HttpRequest) -> int:
    """How many notifications the signed-in member has not read, counted once per request (a
    view that marks some read sets ``request.unread_notifications`` to what is left)."""
    unread = getattr(request, "unread_notifications", None)
    if unread is None:
        unread = request.user.notifications.filter(read_at__isnull=True).count()
        request.unread_notifications = unread
    return unread


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = unread_notifications(request)
    return {
        # A no-break space keeps "116 000" on one line.
        "HELPLINE": settings.CYBERSQUAD_HELPLINE.replace(" ", "\u00a0"),
        "HELPLINE_TEL": settings.CYBERSQUAD_HELPLINE.replace(" ", ""),
        "QUICK_EXIT_URL": settings.CYBERSQUAD_QUICK_EXIT_URL,
        "unread_notifications": unread,
    }
