"""Escalations: a case given to counsellors, carried by a conversation in their queue.

One member has at most one open case per path (their own need: a disclosure or a concern;
the risk they are to others: behaviour). A further disclosure while it is open joins it: the
counsellor reads every new text in that case, and nobody can fill the queue with cases of
their own and push another young person's out of sight. Disclosures that screening finds
open cases, counted per member ("crisis" in CYBERSQUAD_RATE_LIMITS; a message that joins an
open case is not counted): past that generous cap, a member without an open case gets none
opened (their message is held for a moderator, who can still escalate it by hand). Nothing
here ever refuses the young person: the caller still stores what they wrote and shows them
the help.
"""

from __future__ import annotations

from django.utils import timezone

from cybersquad import ratelimit
from cybersquad.models import User
from forum.models import Post
from moderation.audit import audit
from moderation.models import CRISIS_KINDS, Escalation
from moderation.ports import chat


def _path(kind: str) -> tuple[str, ...]:
    return CRISIS_KINDS if kind in CRISIS_KINDS else (Escalation.Kind.BEHAVIOUR,)


def open_case_of(member: User, *, kind: str) -> Escalation | None:
    """The escalation carrying the member's open case on the path of ``kind``, if any. Its
    conversation is locked until the caller's transaction ends (a counsellor closing it waits,
    then sees the new text) and found still open; one closed meanwhile is no open case."""
    carrier = (
        Escalation.objects.filter(
            member=member,
            case=None,
            kind__in=_path(kind),
            conversation__isnull=False,
            conversation__closed_at=None,
            conversation__anonymised_at=None,
        )
        .exclude(conversation__status="closed")
        .order_by("pk")
        .first()
    )
    if carrier is not None and not chat().conversation_lock_open(carrier):
        return None
    return carrier


def case_open(escalation: Escalation) -> bool:
    """Whether the case this escalation is in (its own, or the one it joined) is still open:
    the one-row form of `open_case_of`'s filter."""
    conversation = getattr(escalation.carrier, "conversation", None)
    return (
        conversation is not None
        and conversation.status != "closed"
        and conversation.closed_at is None
        and conversation.anonymised_at is None
    )


def open_case_of_post(post: Post) -> Escalation | None:
    """The newest escalation of this post whose case is still open, if any."""
    escalations = Escalation.objects.filter(post=post).select_related("case").order_by("-pk")
    return next((escalation for escalation in escalations if case_open(escalation)), None)


def _into_case(escalation: Escalation) -> None:
    """Give the chat its part: open the conversation of an escalation that carries its own
    case, or add one that joined (``escalation.case``) to its case."""
    if escalation.case_id is None:
        chat().conversation_for_escalation(escalation)
    else:
        chat().conversation_add_disclosure(escalation)


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
) -> Escalation | None:
    """Record why a case goes to counsellors: open the conversation that carries it, or add it
    to the member's open case. Returns None only when screening found a disclosure past the
    member's cap and they have no open case (see the module's docstring).

    Call inside a transaction.
    """
    carrier = None
    if member is not None:
        # One at a time per member: two disclosures sent at once must not both open a case.
        User.objects.select_for_update().filter(pk=member.pk).first()
        carrier = open_case_of(member, kind=kind)
        # A moderator's call is never capped; screening is counted for each case it opens
        # (ten short messages joining one case must not use up a later crisis's case).
        within_cap = (
            carrier is not None
            or escalated_by is not None
            or ratelimit.hit(ratelimit.limit_for("crisis"), f"u{member.pk}")
        )
        if not within_cap:
            audit(None, "escalation.capped", member, reason=category)
            return None
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
        case=carrier,
    )
    audit(escalated_by, "escalation.create", escalation, reason=category)
    # The conversation is the chat's (moderation/ports.py).
    _into_case(escalation)
    return escalation


def escalation_edited(escalation: Escalation, *, content: str, priority: int) -> None:
    """The writer changed a post whose case is open: the new text reaches that case (after
    the earlier ones), which takes the more urgent priority. No case is opened.

    Call inside the transaction that stored the edit, with the post locked.
    """
    edits = [*escalation.edits, {"at": timezone.now().isoformat(), "content": content}]
    Escalation.objects.filter(pk=escalation.pk).update(edits=edits)
    escalation.edits = edits
    audit(None, "escalation.edited", escalation)
    chat().conversation_add_disclosure(escalation, priority=priority)


def escalation_to_behaviour_apart(escalation: Escalation) -> None:
    """A moderator judged that a message which joined its writer's own case (a disclosure,
    a concern) puts others at risk: it leaves that case for the writer's open risk case, or
    opens one. The writer's case about their other messages stays theirs. Call inside the
    decision's transaction."""
    member = escalation.member
    carrier = open_case_of(member, kind=Escalation.Kind.BEHAVIOUR) if member is not None else None
    Escalation.objects.filter(pk=escalation.pk).update(kind=Escalation.Kind.BEHAVIOUR, case=carrier)
    escalation.kind, escalation.case = Escalation.Kind.BEHAVIOUR, carrier
    _into_case(escalation)


def escalation_joined_apart(carrier: Escalation) -> Escalation | None:
    """The message that carries its writer's own case (a disclosure, a concern) is about to
    become a risk case they leave: what joined it (their other disclosures and concerns) stays
    theirs, in an open case of its own. The earliest opens it, as it would have alone (its
    writer is invited, its time in the queue kept); the others join it. Returns the new
    carrier, or None when nothing had joined. Call inside the decision's transaction, before
    the writer is withdrawn from the old case."""
    joined = list(
        Escalation.objects.filter(case=carrier, kind__in=CRISIS_KINDS).order_by("created_at", "pk")
    )
    if not joined:
        return None
    first, *others = joined
    audit(None, "escalation.own_case_kept", first, reason=first.category)
    for escalation, case in [(first, None), *((other, first) for other in others)]:
        Escalation.objects.filter(pk=escalation.pk).update(case=case)
        escalation.case = case
        _into_case(escalation)
    return first
