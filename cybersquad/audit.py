"""The audit trail as the core sees it: who did what to what, and why.

The trail itself (AuditRecord, append-only) is moderation's (moderation/audit.py); the core's
own actions (the admin, staff sign-in factors, email changes) write to it through this port,
which moderation fills in its AppConfig.ready(), so the core imports no app (README,
"Layers").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cybersquad.models import User

Writer = Callable[["User | None", str, object, str], Any]

_writer: Writer | None = None


def register(writer: Writer) -> None:
    """Called once, by moderation's AppConfig.ready()."""
    global _writer
    _writer = writer


def audit(actor: User | None, action: str, target: object, reason: str = "") -> Any:
    """Record who did what to what, and why (the AuditRecord). Never pass content as the
    reason."""
    if _writer is None:
        raise RuntimeError("cybersquad.audit: moderation has not registered its audit trail")
    return _writer(actor, action, target, reason)
