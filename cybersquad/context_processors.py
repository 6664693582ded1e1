from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {
        # A no-break space keeps "116 000" on one line.
        "HELPLINE": settings.CYBERSQUAD_HELPLINE.replace(" ", "\u00a0"),
        "HELPLINE_TEL": settings.CYBERSQUAD_HELPLINE.replace(" ", ""),
        "QUICK_EXIT_URL": settings.CYBERSQUAD_QUICK_EXIT_URL,
        "unread_notifications": unread,
    }
