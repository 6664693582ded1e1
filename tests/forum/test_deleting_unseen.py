"""Deleting never shows more than before: a question or a reply that others could not see (held,
hidden by a moderator) stays out of their view once its author deletes it, thread and all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from composition.accounts import account_delete
from forum import services
from forum.models import Post, PostStatus, Topic
from moderation import services as moderation
from moderation.models import QueueItem
from tests.conftest import client_for
from tests.texts import GROOMING_FR

pytestmark = pytest.mark.django_db

REPLY = "REPLYMARK tu es au collège Saint-Jean non ?"


def hidden_thread(topic: Topic, *, replier, moderator) -> Post:
    """The topic with another member's reply, then its question hidden by a moderator."""
    services.reply_create(topic, author=replier, body=REPLY)
    opening = topic.posts.get(is_opening=True)
    moderation.post_hide(opening, by=moderator, reason="Hors sujet.")
    topic.refresh_from_db()
    assert topic.status == PostStatus.HIDDEN
    return Post.objects.get(pk=opening.pk)


def assert_out_of_view(topic: Topic, *readers: Client) -> None:
    for reader in readers:
        assert reader.get(topic.get_absolute_url()).status_code == 404
        theme_page = reader.get(topic.theme.get_absolute_url()).content.decode()
        assert topic.get_absolute_url() not in theme_page
        found = reader.get(reverse("forum:search"), {"q": "REPLYMARK"}).content.decode()
        assert topic.get_absolute_url() not in found
    assert topic.pk not in set(Topic.objects.visible_to(None).values_list("pk", flat=True))


def test_deleting_a_hidden_question_keeps_its_thread_out_of_view(
    topic, member, other_member, moderator
):
    opening = hidden_thread(topic, replier=other_member, moderator=moderator)
    visitor = Client()
    assert_out_of_view(topic, visitor, client_for(other_member))

    response = client_for(member).post(reverse("forum:post_delete", args=[opening.pk]))

    assert response.status_code == 302
    topic.refresh_from_db()
    opening.refresh_from_db()
    assert topic.status == PostStatus.WITHDRAWN
    assert (topic.title, opening.body, opening.status) == ("", "", PostStatus.WITHDRAWN)
    assert_out_of_view(topic, visitor, client_for(other_member))
    # The author still sees their own page, as deleted.
    page = client_for(member).get(topic.get_absolute_url()).content.decode()
    assert "(question supprimée par son auteur)" in page
    # Deleting again changes nothing.
    assert not services.post_remove(Post.objects.get(pk=opening.pk))


def test_deleting_a_held_question_keeps_it_out_of_view_even_if_a_moderator_publishes_it(
    member, theme, moderator
):
    topic = services.topic_create(
        member, theme=theme, title="Une question", body=GROOMING_FR, language="fr"
    )
    opening = topic.posts.get()
    assert opening.status == PostStatus.HELD
    services.post_remove(opening)
    topic.refresh_from_db()
    assert topic.status == PostStatus.WITHDRAWN
    assert Client().get(topic.get_absolute_url()).status_code == 404
    # A moderator who then lets it through publishes nothing: the deletion stands.
    moderation.post_publish(
        Post.objects.get(pk=opening.pk),
        by=moderator,
        reason="Rien de grave.",
        item=QueueItem.objects.get(post=opening),
    )
    topic.refresh_from_db()
    opening.refresh_from_db()
    assert (topic.status, opening.status) == (PostStatus.WITHDRAWN, PostStatus.WITHDRAWN)
    assert Client().get(topic.get_absolute_url()).status_code == 404


def test_deleting_a_public_question_still_shows_the_thread(topic, member, other_member):
    services.reply_create(topic, author=other_member, body=REPLY)
    services.post_remove(topic.posts.get(is_opening=True))
    topic.refresh_from_db()
    assert topic.status == PostStatus.REMOVED
    page = Client().get(topic.get_absolute_url()).content.decode()
    assert "REPLYMARK" in page
    assert "(question supprimée par son auteur)" in page


def test_deleting_a_hidden_reply_leaves_no_trace_for_others(topic, member, other_member, moderator):
    reply = services.reply_create(topic, author=other_member, body=REPLY)
    moderation.post_hide(reply, by=moderator, reason="Infos perso.")
    client_for(other_member).post(reverse("forum:post_delete", args=[reply.pk]))
    reply.refresh_from_db()
    assert (reply.status, reply.body) == (PostStatus.WITHDRAWN, "")
    for reader in (Client(), client_for(member)):
        page = reader.get(topic.get_absolute_url()).content.decode()
        assert f'id="post-{reply.pk}"' not in page
        assert "Ce message a été supprimé par son auteur." not in page
    own = client_for(other_member).get(topic.get_absolute_url()).content.decode()
    assert f'id="post-{reply.pk}"' in own
    assert "Ce message a été supprimé par son auteur." in own


def test_deleting_the_account_of_a_hidden_questions_author_keeps_the_thread_out_of_view(
    topic, member, other_member, moderator
):
    hidden_thread(topic, replier=other_member, moderator=moderator)
    account_delete(member)
    topic.refresh_from_db()
    assert topic.status == PostStatus.WITHDRAWN
    assert_out_of_view(topic, Client(), client_for(other_member))
