"""The append-only audit trail: who did what to what, and why (never content)."""

from __future__ import annotations

from cybersquad.models import User
from moderation.models import AuditRecord


def audit(actor: User | None, action: str, target: object, reason: str = "") -> AuditRecord:
    """Record who did what to what, and why. Never pass content as the reason."""
    return AuditRecord.objects.create(
        actor_id=getattr(actor, "pk", None),
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        target_type=type(target).__name__.lower(),
        target_id=str(getattr(target, "pk", target)),
        reason=reason[:300],
    )
