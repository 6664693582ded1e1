"""Worried about someone else (concern) and being bullied (victim): what the writer gets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forum.models import Notification, Post, PostStatus
from moderation.models import Escalation, Priority, QueueItem
from moderation.screening import get_engine
from tests.conftest import client_for

CONCERN_FR = "ma meilleure amie se coupe les bras depuis des semaines, je sais pas quoi faire"
CONCERN_NL = "mijn beste vriendin wordt gechanteerd met haar naaktfoto's, wat moet ik doen?"
VICTIM_FR = "tout le monde se moque de moi dans le groupe de classe, j'ose plus aller à l'école"


def ask(client, theme, *, body, language="fr"):
    url = reverse("forum:topic_new")
    if language == "nl":
        url = url.replace("/fr/", "/nl/")
    return client.post(
        url, {"theme": theme.pk, "language": language, "title": "Besoin d'aide", "body": body}
    )


@pytest.mark.parametrize(
    ("text", "lang", "category"),
    [
        (CONCERN_FR, "fr", "self_harm"),
        (CONCERN_NL, "nl", "sextortion"),
        ("my 13 year old cousin texts a 25 year old guy who wants to meet her", "en", "grooming"),
        ("une fille de ma classe a sa photo nue qui circule sur snap", "fr", "sexting"),
    ],
)
def test_a_concern_keeps_the_harms_category_and_escalates(text, lang, category):
    result = get_engine().screen(text, lang)
    concern = [s for s in result.signals if s.kind == "concern"]
    assert concern
    assert concern[0].category == category
    assert concern[0].severity == "high"
    assert result.action == "escalate"


@pytest.mark.django_db
def test_a_concern_goes_to_counsellors_and_the_writer_learns_how_to_help(member, theme, visitor):
    client = client_for(member)
    response = ask(client, theme, body=CONCERN_FR)
    assert response.status_code == 302
    assert "/support/" in response.url
    page = client.get(response.url).content.decode()
    assert "Comment tu peux aider ton ami ou ton amie" in page
    assert "Ne promets pas de garder le secret." in page
    assert "0800 32 123" in page
    post = Post.objects.get()
    assert post.status == PostStatus.HELD
    escalation = Escalation.objects.get()
    assert escalation.kind == Escalation.Kind.CONCERN
    assert escalation.category == "self_harm"
    assert escalation.priority == Priority.URGENT
    assert escalation.conversation.member == member  # invited, like a disclosure
    assert Notification.objects.filter(
        recipient=member, kind=Notification.Kind.HELP_INVITE
    ).exists()
    assert QueueItem.objects.get().category == "self_harm"
    assert visitor.get(post.topic.get_absolute_url()).status_code == 404
    assert visitor.get(response.url).status_code in (302, 403, 404)


@pytest.mark.django_db
def test_a_concern_in_dutch_gets_advice_in_dutch(other_member, theme):
    client = client_for(other_member)
    response = ask(client, theme, body=CONCERN_NL, language="nl")
    assert response.status_code == 302
    page = client.get(response.url.replace("/fr/", "/nl/")).content.decode()
    assert "Hoe je je vriend of vriendin kunt helpen" in page
    assert "niet zijn of haar schuld" in page
    assert Escalation.objects.get().kind == Escalation.Kind.CONCERN


@pytest.mark.django_db
def test_the_support_page_of_a_concern_is_the_writers_only(member, other_member, theme):
    response = ask(client_for(member), theme, body=CONCERN_FR)
    assert client_for(other_member).get(response.url).status_code == 404


@pytest.mark.django_db
def test_a_bullied_writer_is_published_seen_by_a_moderator_and_offered_a_counsellor(
    member, theme, settings
):
    settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS = 0
    client = client_for(member)
    response = ask(client, theme, body=VICTIM_FR)
    assert response.status_code == 302
    page = client.get(response.url, follow=True).content.decode()
    assert "ce n’est pas ta faute" in page
    assert reverse("get_help") in page
    post = Post.objects.get()
    assert post.status == PostStatus.PUBLISHED
    item = QueueItem.objects.get(post=post)
    assert item.category == "bullying"
    assert {s["kind"] for s in item.signals} == {"victim"}
    assert not Escalation.objects.exists()
    member.refresh_from_db()
    assert not member.held_for_review


@pytest.mark.django_db
def test_a_moderator_can_escalate_a_post_as_a_concern(moderator, other_member, topic):
    from forum import services as forum_services

    reply = forum_services.reply_create(
        topic, author=other_member, body="mijn vriendin eet niet meer en zegt dat ze moe is"
    )
    item = QueueItem.objects.create(
        source=QueueItem.Source.REPORT, category="self_harm", post=reply, member=other_member
    )
    client = client_for(moderator)
    shown = client.get(item.get_absolute_url())
    page = shown.content.decode()
    assert "s’inquiète pour quelqu’un d’autre" in page
    response = client.post(
        reverse("moderation:item_decide", args=[item.pk]),
        {
            "action": "escalate",
            "escalation_kind": "concern",
            "category": "self_harm",
            "reason": "Inquiétude pour une amie.",
            "seen": shown.context["form"].initial["seen"],
        },
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.kind == Escalation.Kind.CONCERN
    assert escalation.conversation.member == other_member  # invited, like a disclosure


def test_only_sure_signals_suggest_who_is_at_risk():
    from moderation.views import escalation_kind_of

    def kind(*signals):
        return escalation_kind_of(QueueItem(signals=list(signals)))

    model_guess = {"kind": "behaviour", "source": "model", "context": "weak"}
    disclosure = {"kind": "disclosure", "source": "model"}
    concern = {"kind": "concern", "source": "rule"}
    groomer = {"kind": "behaviour", "source": "rule"}
    assert kind(disclosure, model_guess) == Escalation.Kind.DISCLOSURE
    assert kind({"kind": "behaviour", "source": "model"}) == Escalation.Kind.DISCLOSURE
    assert kind(concern, model_guess) == Escalation.Kind.CONCERN
    assert kind(concern, groomer) == Escalation.Kind.BEHAVIOUR
