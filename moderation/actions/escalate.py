"""Escalate: counsellors get the case, and the post stays out of public view.

A disclosure (the writer is at risk) invites the writer into a conversation and tells them
so. Behaviour (the writer puts others at risk) gives counsellors a case the writer never
hears of: they get only the statement of reasons for hiding their message.

When counsellors already have the post, its case changes category; behaviour turns a
disclosure or a concern into a risk case, which the writer leaves without a trace (the
chat's `conversation_withdraw_writer`, through moderation/ports.py). Their own disclosures
that had joined that case stay theirs, in a case of their own (`escalation_joined_apart`).
A risk case stays one: only a counsellor who read it invites its writer. Not appealable, so
without an inverse.
"""

from __future__ import annotations

from forum.models import PostStatus
from forum.services import post_set_status
from moderation.actions import hide
from moderation.actions.base import ACTION_TAKEN, Result, Target
from moderation.audit import audit
from moderation.escalations import (
    case_open,
    escalation_create,
    escalation_joined_apart,
    escalation_to_behaviour_apart,
)
from moderation.models import Action, Category, Decision, Escalation
from moderation.ports import chat
from moderation.triage import escalation_priority

ACTION = Action.ESCALATE
TARGETS = ("post",)
reverse = None


def apply(target: Target) -> Result:
    post, item, category = target.post, target.item, target.category
    kind = target.kind or Escalation.Kind.DISCLOSURE
    # A disclosure that joined its writer's open case is in that case (its carrier's).
    active = [
        escalation
        for escalation in Escalation.objects.filter(post=post).select_related("case")
        if case_open(escalation)
    ]
    if active:
        Escalation.objects.filter(pk__in=[e.pk for e in active]).exclude(category=category).update(
            category=category
        )
        changed = False
        if any(e.kind == Escalation.Kind.BEHAVIOUR for e in active):
            kind = Escalation.Kind.BEHAVIOUR
        for escalation in active:
            if kind != Escalation.Kind.BEHAVIOUR:
                continue
            if escalation.case_id is not None and escalation.kind != Escalation.Kind.BEHAVIOUR:
                # It joined the writer's own case: it leaves that case for a risk case, and
                # the writer keeps the conversation about their other messages.
                escalation_to_behaviour_apart(escalation)
                audit(target.by, "escalation.to_behaviour", escalation, reason=category)
                changed = True
                continue
            conversation = getattr(escalation.carrier, "conversation", None)
            if conversation is not None:
                if escalation.case_id is None and escalation.kind != Escalation.Kind.BEHAVIOUR:
                    # The writer's other disclosures that joined it stay theirs, apart.
                    escalation_joined_apart(escalation)
                if chat().conversation_withdraw_writer(conversation, by=target.by):
                    audit(target.by, "escalation.to_behaviour", escalation, reason=category)
                    changed = True
    else:
        escalation_create(
            kind=kind,
            member=post.author,
            post=post,
            category=category,
            priority=escalation_priority(category),
            signals=item.signals if item else [],
            content=post.body,
            language=post.topic.language,
            escalated_by=target.by,
        )
        changed = True
    if kind == Escalation.Kind.BEHAVIOUR:
        # The writer is told only that their message was hidden.
        hidden = hide.apply(target)
        return Result(
            hidden.changed or changed,
            decide=hidden.decide,
            close=hidden.close,
            action=Action.HIDE,
            category=item.category if item else Category.OTHER,
        )
    if post.status == PostStatus.PUBLISHED:
        post_set_status(post, PostStatus.HELD)
        changed = True
    first = not Decision.objects.filter(post=post, action=Action.ESCALATE).exists()
    return Result(changed or first, decide=first, close=ACTION_TAKEN)
