"""Escalations: a case given to counsellors, carried by a conversation in their queue."""

from __future__ import annotations

from cybersquad.models import User
from forum.models import Post
from moderation.audit import audit
from moderation.models import Escalation
from moderation.ports import chat


def escalation_create(
    *,
    kind: str = Escalation.Kind.DISCLOSURE,
    member: User | None,
    post: Post | None,
    category: str,
    priority: int,
    signals: list[dict],
    content: str,
    language: str,
    escalated_by: User | None = None,
) -> Escalation:
    """Record why a case goes to counsellors and open the conversation that carries it.

    Call inside a transaction.
    """
    escalation = Escalation.objects.create(
        kind=kind,
        member=member,
        post=post,
        category=category,
        priority=priority,
        signals=signals,
        content=content,
        language=language,
        escalated_by=escalated_by,
    )
    audit(escalated_by, "escalation.create", escalation, reason=category)
    # The conversation is the chat's to open (moderation/ports.py).
    chat().conversation_for_escalation(escalation)
    return escalation
