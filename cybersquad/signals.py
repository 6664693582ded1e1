"""Signing out ends the person's open WebSockets too (notifications, staff lists)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from cybersquad.broadcast import send_now
from cybersquad.groups import user_group


@receiver(user_logged_out)
def close_sockets_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        send_now(user_group(user.pk), {"type": "session.end"})
