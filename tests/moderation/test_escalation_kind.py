"""Who is at risk when a moderator escalates (review of issue 8, finding 4): the choice is
suggested from screening and from what people reported, never taken for granted, and a
member reported as a risk to others is never invited into counselling by default."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from chat.models import Conversation
from forum import services as forum_services
from forum.models import Notification
from moderation import services
from moderation.models import AuditRecord, Decision, Escalation, Report
from moderation.views import escalation_kind_of
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(theme, member, other_member):
    """An ordinary-looking question by other_member, and a way to report it."""
    topic = forum_services.topic_create(
        other_member, theme=theme, title="Salut", body="coucou ça va tout le monde", language="fr"
    )
    post = topic.posts.get()

    def report(reason: str):
        return services.report_create(
            reporter=member, reason=reason, description="", language="fr", post=post
        ).queue_item

    return report


def seen_version(page: str) -> str:
    """The version of the message the item page showed (its hidden "seen" field)."""
    tag = re.search(r"<input[^>]*name=\"seen\"[^>]*>", page).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def chosen_kind(page: str) -> str | None:
    """The value of the escalation_kind radio button that is checked on the page, if any."""
    for tag in re.findall(r"<input[^>]*name=\"escalation_kind\"[^>]*>", page):
        if " checked" in tag:
            return re.search(r'value="([a-z]+)"', tag).group(1)
    return None


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        (Report.Reason.GROOMING, Escalation.Kind.BEHAVIOUR),
        (Report.Reason.SEXUAL, Escalation.Kind.BEHAVIOUR),
        (Report.Reason.SEXTORTION, Escalation.Kind.BEHAVIOUR),
        (Report.Reason.SELF_HARM, Escalation.Kind.DISCLOSURE),
        (Report.Reason.BULLYING, None),
        (Report.Reason.SPAM, None),
    ],
)
def test_the_suggestion_comes_from_the_reports(reported, moderator, reason, kind):
    item = reported(reason)
    assert escalation_kind_of(item) == kind
    page = client_for(moderator).get(item.get_absolute_url()).content.decode()
    assert chosen_kind(page) == kind


def test_a_grooming_report_outweighs_an_earlier_self_harm_one(reported):
    reported(Report.Reason.SELF_HARM)
    assert escalation_kind_of(reported(Report.Reason.GROOMING)) == Escalation.Kind.BEHAVIOUR


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Indique qui est en danger", "vient du filtrage automatique"]),
        ("nl", ["Geef aan wie gevaar loopt", "komt van de automatische controle"]),
    ],
)
def test_escalating_needs_an_answer_to_who_is_at_risk(
    reported, moderator, other_member, lang, words
):
    item = reported(Report.Reason.BULLYING)
    response = client_for(moderator).post(
        f"/{lang}/moderation/items/{item.pk}/decide/",
        {"action": "escalate", "category": "bullying", "reason": "Tu sembles en difficulté."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert all(w in page for w in words)
    item.refresh_from_db()
    assert item.closed_at is None
    assert not Escalation.objects.exists()
    assert not Conversation.objects.exists()
    assert not Decision.objects.exists()
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_escalating_a_reported_groomer_from_the_suggestion_invites_nobody(
    reported, moderator, other_member
):
    """The review's path: the moderator keeps what the page suggests and escalates."""
    item = reported(Report.Reason.GROOMING)
    client = client_for(moderator)
    page = client.get(item.get_absolute_url()).content.decode()
    response = client.post(
        reverse("moderation:item_decide", args=[item.pk]),
        {
            "action": "escalate",
            "escalation_kind": chosen_kind(page),
            "seen": seen_version(page),
            "category": "grooming",
            "reason": "Ce message ne respecte pas les règles.",
        },
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.kind == Escalation.Kind.BEHAVIOUR
    assert escalation.member == other_member
    assert escalation.conversation.source == Conversation.Source.RISK
    assert escalation.conversation.member is None
    assert not Notification.objects.filter(
        recipient=other_member, kind__in=["help_invite", "help_opened"]
    ).exists()
    assert list(Decision.objects.values_list("action", flat=True)) == ["hide"]
    assert AuditRecord.objects.filter(action="escalation.create").count() == 1
