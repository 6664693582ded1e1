"""Query counts on the hot pages do not grow with the number of replies or topics."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import PostStatus, Reaction, ReactionKind
from tests.conftest import client_for, make_user


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_replies(topic, n: int, authors) -> None:
    for i in range(n):
        post = services.reply_create(topic, author=authors[i % len(authors)], body=f"Réponse {i}")
        Reaction.objects.create(
            post=post, user=authors[(i + 1) % len(authors)], kind=ReactionKind.SUPPORT
        )


@pytest.mark.django_db
def test_topic_page_queries_do_not_grow_with_replies(
    topic, member, other_member, django_assert_max_num_queries
):
    authors = [other_member, member, make_user("third")]
    url = topic.get_absolute_url()
    client = client_for(member)
    add_replies(topic, 10, authors)
    with_10 = count_queries(client, url)
    add_replies(topic, 90, authors)
    with_100 = count_queries(client, url)
    assert with_10 == with_100
    with django_assert_max_num_queries(12):
        client.get(url)
    visitor = Client()
    assert count_queries(visitor, url) == count_queries(visitor, url + "?page=3")


@pytest.mark.django_db
def test_theme_pages_queries_do_not_grow_with_topics(theme, member, other_member, visitor):
    def add_topics(n):
        for i in range(n):
            t = services.topic_create(
                member, theme=theme, title=f"Question {i}", body="Texte", language="fr"
            )
            services.reply_create(t, author=other_member, body="ok")

    def counts():
        """Each page with the themes' question counts to be made (the slower case)."""
        found = []
        for name, args in [("forum:themes", []), ("forum:theme", [theme.slug]), ("home", [])]:
            cache.delete(services.THEME_COUNTS_KEY)
            found.append(count_queries(visitor, reverse(name, args=args)))
        return found

    add_topics(10)
    counts_10 = counts()
    add_topics(90)
    counts_100 = counts()
    assert counts_10 == counts_100
    assert max(counts_100) <= 5


COUNTS = {"fr": "{} questions", "nl": "{} vragen"}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_themes_question_counts_come_from_the_cache_and_change_at_once(
    theme, member, visitor, lang, django_capture_on_commit_callbacks
):
    def ask(title):
        with django_capture_on_commit_callbacks(execute=True):
            return services.topic_create(
                member, theme=theme, title=title, body="Texte", language=lang
            )

    ask("Une question")
    ask("Une autre")
    visitor.get(f"/{lang}/themes/")  # counted, then kept
    assert count_queries(visitor, f"/{lang}/themes/") == 1  # the themes only
    asked = ask("Encore une")
    assert COUNTS[lang].format(3) in visitor.get(f"/{lang}/themes/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_set_status(asked.posts.get(is_opening=True), PostStatus.HIDDEN)
    assert COUNTS[lang].format(2) in visitor.get(f"/{lang}/themes/").content.decode()


@pytest.mark.django_db
def test_page_numbers_that_do_not_exist_never_fill_the_cache(topic, visitor, settings):
    """?page=90000 or ?page=abc shows the last or first page from that page's cache entry."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    for page in ("1", "90000", "99999", "abc", "-1", "1" * 40):
        response = visitor.get(topic.get_absolute_url(), {"page": page})
        assert response.status_code == 200
    keys = list(cache._cache)  # locmem: the entries themselves
    assert len([k for k in keys if "topic-posts" in k]) == 1


TOPIC_PAGE_QUERIES = 8


@pytest.mark.django_db
@pytest.mark.parametrize("replies", [10, 200])
def test_topic_page_stays_within_eight_queries_for_members(
    replies, topic, member, other_member, django_assert_max_num_queries
):
    add_replies(topic, replies, [other_member, member, make_user("third")])
    client = client_for(member)
    with django_assert_max_num_queries(TOPIC_PAGE_QUERIES):
        response = client.get(topic.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("replies", [10, 200])
def test_topic_page_stays_within_eight_queries_for_visitors_uncached(
    replies, topic, member, other_member, django_assert_max_num_queries
):
    add_replies(topic, replies, [other_member, member, make_user("third")])
    cache.clear()
    with django_assert_max_num_queries(TOPIC_PAGE_QUERIES):
        response = Client().get(topic.get_absolute_url())
    assert response.status_code == 200
