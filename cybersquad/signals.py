"""Sockets end with what opened them: signing out, a changed password, a deleted session.

Sockets also check their session at every heartbeat and before acting on a frame
(``cybersquad/sockets.py``); these events close them at once instead.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.contrib.sessions.models import Session
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver
from django.utils import timezone

from cybersquad.broadcast import send_now, send_on_commit
from cybersquad.groups import session_group, user_group
from cybersquad.models import User

# Sent (with ``user``) when a coordinator takes away someone's moderation role or account in
# the admin. The apps above the core react to it (the chat closes the rooms they keep open),
# so the core imports none of them.
moderation_role_lost = Signal()


@receiver(user_logged_out)
def close_sockets_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        send_now(user_group(user.pk), {"type": "session.end"})


@receiver(pre_save, sender=User)
def _notice_password_change(
    sender, instance: User, raw: bool = False, update_fields=None, **kwargs
) -> None:
    """However the password changes (the member's own change or reset, a coordinator in the
    admin, ``set_password`` anywhere), every session made with the old one ends."""
    instance._password_replaced = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_replaced = stored is not None and stored != instance.password


@receiver(post_save, sender=User)
def close_sockets_on_password_change(sender, instance: User, **kwargs) -> None:
    if getattr(instance, "_password_replaced", False):
        instance._password_replaced = False
        # The browser that made the change keeps a fresh session (update_session_auth_hash)
        # and opens its sockets again with it; every other socket is refused from now on.
        send_on_commit(user_group(instance.pk), {"type": "session.end"})


@receiver(post_delete, sender=Session)
def close_sockets_of_deleted_session(sender, instance: Session, **kwargs) -> None:
    """Signing out, a new session key (signing in, a return code) or a flushed session. An
    expired one needs nothing: its sockets close by themselves when it expires."""
    if instance.expire_date > timezone.now():
        send_on_commit(session_group(instance.session_key), {"type": "session.end"})
