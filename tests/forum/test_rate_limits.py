"""Floods (issue 8, item 11): topics, replies, edits and searches are rate-limited per client
through cybersquad/ratelimit.py; a refusal says so in the page's language, stores nothing and
keeps what was typed."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from cybersquad import ratelimit
from forum.models import Post, Topic
from tests import texts
from tests.conftest import client_for


@pytest.fixture
def limits(settings, monkeypatch):
    settings.CYBERSQUAD_RATE_LIMITS = {
        **settings.CYBERSQUAD_RATE_LIMITS,
        "post": (2, 600),
        "search": (2, 60),
    }
    # The limiter's clock stands still in the middle of a window: its sliding window weighs
    # the window before by how much of it still overlaps, so hits on either side of a window's
    # edge would count a little less than their number and a test could pass a third one.
    start = time.time() // 600 * 600 + 300
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: start))


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "words"), [("fr", "Tu publies beaucoup"), ("nl", "Je post veel")])
def test_replies_are_limited_per_account(limits, topic, other_member, lang, words):
    client = client_for(other_member)
    url = f"/{lang}/topics/{topic.pk}/reply/"
    for n in range(2):
        assert client.post(url, {"body": f"Courage, ça va aller ({n})."}).status_code == 302
    refused = client.post(url, {"body": "Mon troisième message, gardé."})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert words in page
    assert "Mon troisième message, gardé." in page
    assert topic.posts.count() == 3  # the question and two replies


@pytest.mark.django_db
def test_topics_and_edits_count_as_posts(limits, theme, member):
    client = client_for(member)
    data = {"theme": theme.pk, "language": "fr", "body": "Comment bloquer quelqu’un sur Insta ?"}
    for n in range(2):
        response = client.post(reverse("forum:topic_new"), {**data, "title": f"Question {n}"})
        assert response.status_code == 302
    refused = client.post(reverse("forum:topic_new"), {**data, "title": "Question gardée"})
    assert refused.status_code == 429
    assert "Question gardée" in refused.content.decode()
    assert Topic.objects.count() == 2
    post = Post.objects.filter(author=member).first()
    edit = client.post(
        reverse("forum:post_edit", args=[post.pk]), {"title": "Question 0", "body": "Texte modifié"}
    )
    assert edit.status_code == 429
    assert "Texte modifié" in edit.content.decode()
    post.refresh_from_db()
    assert post.body == data["body"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "words"), [("fr", "Tu as cherché souvent"), ("nl", "Je hebt vaak gezocht")]
)
def test_searches_are_limited_per_address_for_visitors(limits, visitor, topic, lang, words):
    url = f"/{lang}/search/"
    for _ in range(2):
        assert visitor.get(url, {"q": "compte"}, REMOTE_ADDR="203.0.113.9").status_code == 200
    refused = visitor.get(url, {"q": "compte privé"}, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert words in page
    assert 'value="compte privé"' in page
    assert topic.title not in page
    assert visitor.get(url, {"q": "compte"}, REMOTE_ADDR="198.51.100.4").status_code == 200
    # The empty search page is not counted.
    assert visitor.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200


SELF_HARM_FR = "je veux plus vivre, j'ai envie de mourir, personne le remarquerait"
CONCERN_NL = "mijn beste vriendin wordt gechanteerd met haar naaktfoto's, wat moet ik doen?"
GROOMER_FR = texts.GROOMING_FR


@pytest.mark.django_db
def test_a_young_person_in_crisis_is_never_turned_away_by_the_post_limit(
    limits, theme, topic, member
):
    """Review of issue 8, finding 15: past the post limit, a message that screening sends to
    counsellors (a disclosure, or a worry about a friend) is stored and the writer gets the
    help page at once; their ordinary posts stay limited."""
    from chat.models import Conversation
    from moderation.models import Escalation

    client = client_for(member)
    data = {"theme": theme.pk, "language": "fr", "body": "Comment bloquer quelqu’un sur Insta ?"}
    for n in range(2):
        assert (
            client.post(reverse("forum:topic_new"), {**data, "title": f"Question {n}"}).status_code
            == 302
        )
    crisis = client.post(
        reverse("forum:topic_new"), {**data, "title": "Besoin d’aide", "body": SELF_HARM_FR}
    )
    assert crisis.status_code == 302
    conversation = Conversation.objects.get(member=member)
    assert crisis.url == reverse("chat:support", args=[conversation.pk])
    assert "0800 32 123" in client.get(crisis.url).content.decode()  # crisis contacts
    assert Post.objects.get(author=member, body=SELF_HARM_FR).status == "held"
    # A reply in a topic, in Dutch, about a friend: also through, also helped.
    concern = client.post(f"/nl/topics/{topic.pk}/reply/", {"body": CONCERN_NL})
    assert concern.status_code == 302
    assert "/support/" in concern.url
    assert Escalation.objects.filter(member=member).count() == 2
    # Everything else is still limited (the crisis posts counted too).
    refused = client.post(reverse("forum:topic_new"), {**data, "title": "Encore une"})
    assert refused.status_code == 429
    assert not Topic.objects.filter(title="Encore une").exists()


@pytest.mark.django_db
def test_the_post_limit_still_stops_someone_who_puts_others_at_risk(limits, topic, other_member):
    client = client_for(other_member)
    url = reverse("forum:reply", args=[topic.pk])
    for n in range(2):
        assert client.post(url, {"body": f"Courage ({n})."}).status_code == 302
    refused = client.post(url, {"body": GROOMER_FR})
    assert refused.status_code == 429
    assert not Post.objects.filter(body=GROOMER_FR).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "words"),
    [("fr", "Tu as cliqué beaucoup de fois"), ("nl", "Je hebt veel keer geklikt")],
)
def test_reactions_and_follows_are_limited_per_member(
    limits, settings, topic, other_member, lang, words
):
    """A script clicking a reaction on and off empties the question's cached pages each time:
    past the limit nothing changes, and the page says why in the member's language."""
    settings.CYBERSQUAD_RATE_LIMITS = {**settings.CYBERSQUAD_RATE_LIMITS, "toggle": (3, 600)}
    client = client_for(other_member)
    opening = topic.posts.get()
    react = f"/{lang}/posts/{opening.pk}/react/"
    for _ in range(3):
        client.post(react, {"kind": "support"})
    assert opening.reactions.count() == 1  # on, off, on
    refused = client.post(react, {"kind": "support"}, follow=True)
    assert opening.reactions.count() == 1
    assert words in refused.content.decode()
    client.post(f"/{lang}/topics/{topic.pk}/subscribe/", {"subscribed": "1"})
    assert not topic.subscriptions.filter(user=other_member).exists()
