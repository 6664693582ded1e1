"""One open case per member and path (audit finding 1): moderation's escalation_create adds a
further disclosure to the member's open case, keeps a risk to others apart from a young
person's own need, caps what screening opens but never a moderator's call."""

from __future__ import annotations

import pytest
from django.utils import translation

from chat import services as chat_services
from chat.models import Conversation
from forum import services as forum_services
from forum.models import Notification, Post
from moderation import services
from moderation.escalations import escalation_create, escalation_edited
from moderation.models import AuditRecord, Escalation, Priority
from tests import texts
from tests.conftest import client_for

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
    # The cap counts cases opened: two, each closed by a counsellor.
    for _ in range(2):
        disclose(other_member)
        case = Conversation.objects.get(status="waiting")
        assert chat_services.conversation_claim(case, by=counsellor)
        case.refresh_from_db()
        chat_services.conversation_close(case, by=counsellor, outcome="listened", referral="none")

    assert disclose(other_member) is None
    assert Conversation.objects.count() == 2
    assert AuditRecord.objects.filter(action="escalation.capped").count() == 1
    by_hand = disclose(other_member, by=moderator)
    assert by_hand is not None and by_hand.case_id is None
    assert Conversation.objects.filter(status="waiting").count() == 1


def test_messages_that_join_a_case_do_not_use_up_the_cap(settings, other_member, counsellor):
    settings.CYBERSQUAD_RATE_LIMITS = {**settings.CYBERSQUAD_RATE_LIMITS, "crisis": (2, 3600)}
    first = disclose(other_member)
    for n in range(10):  # many short messages, one case
        assert disclose(other_member, text=f"encore {n}").case_id == first.pk
    case = Conversation.objects.get()
    assert chat_services.conversation_claim(case, by=counsellor)
    case.refresh_from_db()
    chat_services.conversation_close(case, by=counsellor, outcome="listened", referral="none")

    # Later in the same hour: "ce soir je le fais" opens a case a counsellor sees.
    later = disclose(other_member, text="je vais me tuer ce soir")
    assert later is not None and later.case_id is None
    new = Conversation.objects.get(status="waiting")
    assert new.member == other_member and new.about == "je vais me tuer ce soir"
    assert not AuditRecord.objects.filter(action="escalation.capped").exists()


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


def test_the_first_post_escalated_as_behaviour_leaves_the_writer_their_own_disclosures(
    topic, other_member, moderator, counsellor
):
    forum_services.reply_create(topic, author=other_member, body=texts.SELF_HARM_FR)
    forum_services.reply_create(topic, author=other_member, body=texts.SELF_HARM_FR + " bis")
    forum_services.reply_create(topic, author=other_member, body=texts.SELF_HARM_FR + " ter")
    old = Conversation.objects.get()
    first = Post.objects.get(body=texts.SELF_HARM_FR)

    services.post_escalate(first, by=moderator, category="grooming", reason="x", kind="behaviour")

    # The judged message is a risk case the writer is not in...
    old.refresh_from_db()
    assert old.source == Conversation.Source.RISK and old.member is None
    assert old.escalation.post == first and old.escalation.kind == Escalation.Kind.BEHAVIOUR
    # ...and what they wrote about themselves is an open case of their own, invited to it.
    own = Conversation.objects.get(member=other_member)
    assert own.source == Conversation.Source.ESCALATION and own.status == "waiting"
    assert own.escalation.content.endswith(" bis") and own.escalation.case_id is None
    ter = Escalation.objects.get(post__body__endswith=" ter")
    assert ter.case_id == own.escalation_id and ter.kind == Escalation.Kind.DISCLOSURE
    with translation.override(other_member.language):
        own_link, old_link = own.get_absolute_url(), old.get_absolute_url()
    assert Notification.objects.filter(
        recipient=other_member, kind=Notification.Kind.HELP_INVITE, link=own_link
    ).exists()
    assert not Notification.objects.filter(recipient=other_member, link=old_link).exists()
    page = client_for(counsellor).get(own.get_workspace_url()).content.decode()
    assert " bis" in page and " ter" in page
    # A further disclosure joins that case.
    again = disclose(other_member, text="toujours")
    assert again.case_id == own.escalation_id


def test_a_stale_case_never_lowers_the_priority(other_member):
    first = disclose(other_member, priority=Priority.LOW)
    stale = Escalation.objects.get(pk=first.pk)
    assert stale.carrier.conversation.priority == Priority.LOW  # loaded before the next one
    disclose(other_member, text="ce soir", priority=Priority.URGENT, category="sextortion")
    # Its writer's edit reaches the case from the copy loaded earlier, less urgent.
    escalation_edited(stale, content="aide moi", priority=Priority.HIGH)
    case = Conversation.objects.get()
    assert (case.priority, case.category) == (Priority.URGENT, "sextortion")
