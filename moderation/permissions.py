"""Who may see and do what in moderation. Default deny; denied attempts on sensitive things
are written to the audit trail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from moderation.models import Appeal, AuditRecord, Decision, Escalation, QueueItem


def denied(user, what: str, target) -> None:
    AuditRecord.objects.create(
        actor_id=user.pk if user.is_authenticated else None,
        actor_name=user.username if user.is_authenticated else "visitor",
        action="access.denied",
        target_type=what,
        target_id=str(getattr(target, "pk", target)),
    )


def check_is_moderator(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_moderator):
        raise PermissionDenied


def check_can_view_item(user, item: QueueItem) -> None:
    if not (user.is_authenticated and user.is_active and user.is_moderator):
        denied(user, "queueitem", item)
        raise PermissionDenied


def check_is_counsellor(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_counsellor):
        raise PermissionDenied


def check_can_view_escalation(user, escalation: Escalation) -> None:
    """Counsellors, and the young person it is about. For anyone else it does not exist."""
    if user.is_authenticated and (user.is_counsellor or escalation.member_id == user.pk):
        return
    denied(user, "escalation", escalation)
    raise Http404


def check_can_view_decision(user, decision: Decision) -> None:
    if user.is_authenticated and (user.is_moderator or decision.member_id == user.pk):
        return
    raise Http404


def check_can_appeal(user, decision: Decision) -> None:
    if not (user.is_authenticated and decision.member_id == user.pk and decision.appealable):
        raise PermissionDenied
    if Appeal.objects.filter(decision=decision).exists():
        raise PermissionDenied
