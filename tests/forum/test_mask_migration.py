"""Posts held or hidden before masking happened at posting time had no masked spans; the
migration forum 0009 finds their personal details, so publishing them later shows none
(review of issue 8, finding 3)."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from cybersquad.rendering import apply_mask
from forum import services
from forum.models import Post, PostStatus
from forum.search import search_topics
from moderation import services as moderation
from moderation.models import QueueItem
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("forum.migrations.0009_mask_posts_held_unmasked")
CONTACT = "Salut, appelle moi au 0471 12 34 56 ou ajoute moi sur snap jade.du.13"


def migrate() -> None:
    """Run the migration's function with the models as they were at that migration."""
    state = MigrationLoader(connection).project_state(("forum", "0009_mask_posts_held_unmasked"))
    MIGRATION.mask_unmasked(state.apps, None)


def stored_as_before(post: Post) -> Post:
    """The row as the code before masking at posting time stored a held post."""
    Post.objects.filter(pk=post.pk).update(masked_spans=[], search_body=post.body)
    post.refresh_from_db()
    return post


@pytest.fixture
def held(member, theme, settings) -> Post:
    settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS = 1
    topic = services.topic_create(
        member, theme=theme, title="Je cherche des amis", body=CONTACT, language="fr"
    )
    post = topic.posts.get()
    assert post.status == PostStatus.HELD
    return stored_as_before(post)


def test_a_held_post_stored_unmasked_is_masked_then_published_without_its_details(
    held, moderator, visitor
):
    migrate()
    held.refresh_from_db()
    shown = apply_mask(held.body, held.masked_spans)
    assert "0471 12 34 56" not in shown
    assert "jade.du.13" not in shown
    assert held.search_body == shown

    item = QueueItem.objects.filter(post=held).first()
    moderation.post_publish(held, by=moderator, reason="Ok", item=item)
    page = visitor.get(held.topic.get_absolute_url()).content.decode()
    assert "Je cherche des amis" in page
    assert "0471 12 34 56" not in page
    assert "jade.du.13" not in page
    assert list(search_topics("0471", user=None)) == []


def test_a_hidden_post_stored_unmasked_is_masked(topic, theme, other_member, moderator):
    post = services.reply_create(topic, author=other_member, body="Bel me op 0499 12 34 56")
    moderation.post_hide(post, by=moderator, reason="Gsm-nummer")
    post = stored_as_before(post)
    assert post.status == PostStatus.HIDDEN
    migrate()
    post.refresh_from_db()
    assert "0499 12 34 56" not in apply_mask(post.body, post.masked_spans)


def test_posts_already_masked_or_without_details_are_left_as_they_are(held, topic):
    Post.objects.filter(pk=held.pk).update(masked_spans=[[0, 5]])  # masked since: kept
    services.reply_create(topic, author=make_user("noor"), body="Courage à toi, ça va aller !")
    before = list(Post.objects.order_by("pk").values_list("pk", "masked_spans", "search_body"))
    migrate()
    after = list(Post.objects.order_by("pk").values_list("pk", "masked_spans", "search_body"))
    assert after == before
