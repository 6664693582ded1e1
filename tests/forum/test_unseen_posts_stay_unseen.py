"""What others may not see stays unseen everywhere: a hidden topic's title in its followers'
notifications, a held reply behind a post link or a report form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import Notification, PostStatus
from moderation import services as moderation
from moderation.models import QueueItem, Report
from tests.conftest import client_for, make_user
from tests.texts import GROOMING_FR

pytestmark = pytest.mark.django_db

TITLE = "Mon frère QX7TITLE harcelé au collège Sainte-Marie"


@pytest.fixture
def titled(member, theme):
    return services.topic_create(
        member, theme=theme, title=TITLE, body="Que faire pour l'aider ?", language="fr"
    )


def test_a_hidden_topics_title_leaves_its_followers_notifications(
    titled, member, other_member, moderator
):
    services.reply_create(titled, author=other_member, body="Courage, parles-en à un prof.")
    services.reply_create(titled, author=make_user("third_kid"), body="Moi aussi j'ai eu ça.")
    follower = client_for(other_member)
    page = follower.get(reverse("forum:notifications")).content.decode()
    assert "QX7TITLE" in page

    moderation.post_hide(titled.posts.get(is_opening=True), by=moderator, reason="Infos perso.")

    page = follower.get(reverse("forum:notifications")).content.decode()
    assert "QX7TITLE" not in page
    assert "Nouvelle réponse dans une question qui n’est plus affichée" in page
    assert reverse("forum:post", args=[titled.posts.last().pk]) not in page
    # The asker still sees their own question's title.
    assert "QX7TITLE" in client_for(member).get(reverse("forum:notifications")).content.decode()


def test_a_reply_in_a_deleted_question_is_announced_without_a_title(titled, member, other_member):
    services.reply_create(titled, author=other_member, body="Courage !")
    services.post_remove(titled.posts.get(is_opening=True))
    services.reply_create(titled, author=make_user("third_kid"), body="Moi aussi.")
    page = client_for(other_member).get(reverse("forum:notifications")).content.decode()
    assert "Nouvelle réponse dans une question supprimée par son auteur" in page
    assert "“”" not in page


def test_a_held_reply_published_inside_a_hidden_topic_notifies_nobody(
    titled, member, other_member, moderator
):
    services.reply_create(titled, author=other_member, body="Courage !")
    held = services.reply_create(titled, author=make_user("third_kid"), body=GROOMING_FR)
    assert held.status == PostStatus.HELD
    moderation.post_hide(titled.posts.get(is_opening=True), by=moderator, reason="Infos perso.")
    before = Notification.objects.filter(kind=Notification.Kind.REPLY).count()

    moderation.post_publish(
        held, by=moderator, reason="Rien de grave.", item=QueueItem.objects.get(post=held)
    )

    held.refresh_from_db()
    assert held.status == PostStatus.PUBLISHED
    assert Notification.objects.filter(kind=Notification.Kind.REPLY).count() == before
    titled.refresh_from_db()
    assert titled.reply_count == 2  # counted for when the question is shown again


def test_a_held_reply_answers_a_post_link_as_a_missing_one(titled, member, other_member):
    held = services.reply_create(titled, author=other_member, body=GROOMING_FR)
    assert held.status == PostStatus.HELD
    missing = reverse("forum:post", args=[held.pk + 1000])
    for reader in (Client(), client_for(member), client_for(make_user("curious"))):
        assert reader.get(missing).status_code == 404
        assert reader.get(reverse("forum:post", args=[held.pk])).status_code == 404
    # Its author is taken to it.
    response = client_for(other_member).get(reverse("forum:post", args=[held.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{held.pk}")


def test_nobody_reports_or_probes_a_held_reply_they_cannot_see(titled, member, other_member):
    held = services.reply_create(titled, author=other_member, body=GROOMING_FR)
    published = services.reply_create(titled, author=other_member, body="Courage !")
    reports = Report.objects.count()
    for reader in (Client(), client_for(member)):
        url = reverse("moderation:report_post", args=[held.pk])
        assert reader.get(url).status_code == 404
        response = reader.post(url, {"reason": "bullying", "description": "Il m'insulte."})
        assert response.status_code == 404
        assert reader.get(reverse("moderation:report_post", args=[held.pk + 1000])).status_code == (
            404
        )
        assert reader.get(reverse("moderation:report_post", args=[published.pk])).status_code == 200
    assert Report.objects.count() == reports
