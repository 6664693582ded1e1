"""A moderator who signs out, or loses the role or the account (in the admin), is no longer
present: the rooms they opened close."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from chat.services import rooms_leave
from cybersquad.signals import moderation_role_lost


@receiver(user_logged_out)
def close_rooms_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None and user.is_moderator:
        rooms_leave(user)


@receiver(moderation_role_lost)
def close_rooms_on_role_lost(sender, user, **kwargs) -> None:
    rooms_leave(user)
