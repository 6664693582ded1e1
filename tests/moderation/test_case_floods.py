"""One open case per member and path (audit finding 1): moderation's escalation_create adds a
further disclosure to the member's open case, keeps a risk to others apart from a young
person's own need, caps what screening opens but never a moderator's call."""

from __future__ import annotations

import pytest

from chat import services as chat_services
from chat.models import Conversation
from forum import services as forum_services
from forum.models import Post
from moderation import services
from moderation.escalations import escalation_create
from moderation.models import AuditRecord, Escalation, Priority
from tests import texts

pytestmark = pytest.mark.django_db


def disclose(
    member, *, kind=Escalation.Kind.DISCLOSURE, by=None, text="aide", priority=1, category=""
):
    return escalation_create(
        kind=kind,
        member=member,
        post=None,
        category=category or ("self_harm" if kind != Escalation.Kind.BEHAVIOUR else "grooming"),
        priority=priority,
        signals=[],
        content=text,
        language="fr",
        escalated_by=by,
    )


def test_a_further_disclosure_joins_the_open_case_and_raises_its_priority(other_member):
    first = disclose(other_member, priority=Priority.HIGH)
    second = disclose(other_member, text="encore", priority=Priority.URGENT)
    case = Conversation.objects.get()
    assert second.case_id == first.pk and second.carrier == first
    assert case.escalation_id == first.pk
    assert case.priority == Priority.URGENT
    assert AuditRecord.objects.filter(action="conversation.disclosure_added").count() == 1


def test_a_more_urgent_disclosure_gives_the_case_its_category(other_member):
    disclose(other_member, priority=Priority.HIGH, category="grooming")
    disclose(other_member, priority=Priority.URGENT, category="sextortion")
    disclose(other_member, priority=Priority.MEDIUM, category="bullying")
    case = Conversation.objects.get()
    assert (case.category, case.priority) == ("sextortion", Priority.URGENT)


def test_a_concern_joins_the_writers_own_case(other_member):
    first = disclose(other_member)
    concern = disclose(other_member, kind=Escalation.Kind.CONCERN)
    assert concern.case_id == first.pk
    assert Conversation.objects.count() == 1


def test_a_risk_to_others_stays_apart_from_the_writers_own_case(other_member, moderator):
    own = disclose(other_member)
    risk = disclose(other_member, kind=Escalation.Kind.BEHAVIOUR, by=moderator)
    again = disclose(other_member, kind=Escalation.Kind.BEHAVIOUR, by=moderator)
    assert risk.case_id is None and again.case_id == risk.pk
    assert Conversation.objects.get(escalation=own).member == other_member
    assert Conversation.objects.get(escalation=risk).source == Conversation.Source.RISK
    assert Conversation.objects.count() == 2


def test_another_members_disclosure_opens_its_own_case(member, other_member):
    disclose(other_member)
    theirs = disclose(member)
    assert theirs.case_id is None
    assert Conversation.objects.filter(status="waiting").count() == 2


def test_past_the_cap_screening_opens_no_case_but_a_moderator_still_can(
    settings, other_member, moderator, counsellor
):
    settings.CYBERSQUAD_RATE_LIMITS = {**settings.CYBERSQUAD_RATE_LIMITS, "crisis": (2, 3600)}
    disclose(other_member)
    disclose(other_member)
    case = Conversation.objects.get()
    assert chat_services.conversation_claim(case, by=counsellor)
    case.refresh_from_db()
    chat_services.conversation_close(case, by=counsellor, outcome="listened", referral="none")

    assert disclose(other_member) is None
    assert Conversation.objects.count() == 1
    assert AuditRecord.objects.filter(action="escalation.capped").count() == 1
    by_hand = disclose(other_member, by=moderator)
    assert by_hand is not None and by_hand.case_id is None
    assert Conversation.objects.filter(status="waiting").count() == 1


def test_a_joined_post_escalated_as_behaviour_leaves_the_writers_case(
    topic, other_member, moderator
):
    forum_services.reply_create(topic, author=other_member, body=texts.SELF_HARM_FR)
    forum_services.reply_create(topic, author=other_member, body=texts.SELF_HARM_FR + " bis")
    own = Conversation.objects.get(member=other_member)
    joined = Post.objects.get(body__endswith=" bis")

    services.post_escalate(
        joined, by=moderator, category="grooming", reason="il cite un adulte", kind="behaviour"
    )

    # The writer keeps their own case; the judged message is a risk case of its own.
    own.refresh_from_db()
    assert own.member == other_member and own.source == Conversation.Source.ESCALATION
    escalation = Escalation.objects.get(post=joined)
    assert escalation.case_id is None and escalation.kind == Escalation.Kind.BEHAVIOUR
    risk = Conversation.objects.get(escalation=escalation)
    assert risk.source == Conversation.Source.RISK and risk.member is None
