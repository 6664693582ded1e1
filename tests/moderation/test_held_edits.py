"""A held post that its author edits is screened again like a new post, and a moderator's
decision applies to the version they read, or to nothing (review of issue 8, finding 1)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from forum.models import Post, PostStatus
from moderation.models import (
    AuditRecord,
    Category,
    Decision,
    Escalation,
    Evidence,
    Priority,
    QueueItem,
)
from moderation.policy import post_verdict
from tests import texts
from tests.conftest import client_for, make_user
from tests.moderation.test_policy import SELF_HARM_FR

pytestmark = pytest.mark.django_db

HARMLESS = "coucou tout le monde, je suis nouveau ici"
GROOMER_FR = texts.GROOMING_FR


@pytest.fixture
def held_first_post(theme, settings):
    """A new member's harmless first question, held for a moderator."""
    settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS = 1
    author = make_user("leo")
    response = client_for(author).post(
        reverse("forum:topic_new"),
        {"theme": theme.pk, "language": "fr", "title": "Salut", "body": HARMLESS},
    )
    assert response.status_code == 302
    post = Post.objects.get(author=author)
    assert post.status == PostStatus.HELD
    item = QueueItem.objects.get(post=post)
    assert (item.source, item.priority, item.signals) == (
        QueueItem.Source.FIRST_POSTS,
        Priority.LOW,
        [],
    )
    return post


def edit(post: Post, body: str):
    return client_for(post.author).post(
        reverse("forum:post_edit", args=[post.pk]), {"title": "Salut", "body": body}, follow=True
    )


def seen_on(page: str) -> str:
    return re.search(r'name="seen" value="([^"]+)"', page)[1]


def test_editing_a_held_post_into_grooming_is_screened_like_a_new_post(held_first_post):
    post = held_first_post
    response = edit(post, GROOMER_FR)
    assert "Un modérateur vérifie ton message" in response.content.decode()
    post.refresh_from_db()
    post.author.refresh_from_db()
    assert post.body == GROOMER_FR
    assert post.status == PostStatus.HELD
    item = QueueItem.objects.get(post=post)  # the same item, not a second one
    assert item.is_open
    assert item.source == QueueItem.Source.SCREENING
    as_new = post_verdict(post.author, title="Salut", body=GROOMER_FR, language="fr")
    assert (item.category, item.priority) == (as_new.category, as_new.priority)
    assert item.priority <= Priority.HIGH
    assert {s["rule"] for s in item.signals} == {s.rule for s in as_new.signals}
    assert post.author.held_for_review  # solicits: their posts wait for a moderator
    assert Evidence.objects.get(queue_item=item).body == HARMLESS


def test_an_edit_that_leaves_a_held_post_harmless_says_it_still_waits(held_first_post):
    post = held_first_post
    response = edit(post, "coucou tout le monde, je suis nouvelle ici")
    page = response.content.decode()
    assert "Un modérateur vérifie ton message" in page
    assert "Ton message est en ligne" not in page
    post.refresh_from_db()
    assert post.status == PostStatus.HELD
    assert QueueItem.objects.get(post=post).is_open


def test_editing_a_held_post_into_a_disclosure_escalates_it(held_first_post):
    post = held_first_post
    response = edit(post, SELF_HARM_FR)
    escalation = Escalation.objects.get(post=post)
    assert escalation.category == Category.SELF_HARM
    assert escalation.kind == Escalation.Kind.DISCLOSURE
    assert response.redirect_chain[-1][0] == reverse(
        "chat:support", args=[escalation.conversation.pk]
    )
    item = QueueItem.objects.get(post=post)
    assert (item.category, item.priority) == (Category.SELF_HARM, Priority.URGENT)
    post.refresh_from_db()
    assert post.status == PostStatus.HELD


def test_a_decision_on_a_version_the_author_changed_since_is_refused(held_first_post, moderator):
    post = held_first_post
    item = QueueItem.objects.get(post=post)
    moderator_client = client_for(moderator)
    seen = seen_on(moderator_client.get(item.get_absolute_url()).content.decode())
    edit(post, GROOMER_FR)
    decided_before = AuditRecord.objects.filter(action="post.publish").count()

    response = moderator_client.post(
        reverse("moderation:item_decide", args=[item.pk]),
        {"action": "publish", "reason": "Rien de grave.", "category": "other", "seen": seen},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Le message a changé depuis que tu as ouvert cette page" in page
    assert "sous-vêtements" in page  # the page shows what is there now
    post.refresh_from_db()
    item.refresh_from_db()
    assert post.status == PostStatus.HELD
    assert item.is_open
    assert item.claimed_by is None
    assert not Decision.objects.filter(post=post).exists()
    assert AuditRecord.objects.filter(action="post.publish").count() == decided_before

    # Having read it again, the moderator decides on this version.
    response = moderator_client.post(
        reverse("moderation:item_decide", args=[item.pk]),
        {"action": "hide", "reason": "Grooming.", "category": "grooming", "seen": seen_on(page)},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert Decision.objects.get(post=post).action == "hide"


def test_the_refusal_is_in_dutch_for_a_dutch_page(held_first_post, moderator):
    post = held_first_post
    item = QueueItem.objects.get(post=post)
    client = client_for(moderator)
    url = item.get_absolute_url().replace("/fr/", "/nl/")
    token = seen_on(client.get(url).content.decode())
    edit(post, "coucou tout le monde, je suis nouvelle ici")
    decide_url = reverse("moderation:item_decide", args=[item.pk]).replace("/fr/", "/nl/")
    response = client.post(
        decide_url, {"action": "publish", "reason": "Ok.", "category": "other", "seen": token}
    )
    assert response.status_code == 409
    assert "Het bericht is veranderd sinds je deze pagina opende" in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.HELD


def test_a_decision_without_the_version_seen_is_refused(held_first_post, moderator):
    item = QueueItem.objects.get(post=held_first_post)
    response = client_for(moderator).post(
        reverse("moderation:item_decide", args=[item.pk]),
        {"action": "publish", "reason": "Ok.", "category": "other"},
    )
    assert response.status_code == 409
    held_first_post.refresh_from_db()
    assert held_first_post.status == PostStatus.HELD
    assert not Decision.objects.exists()
