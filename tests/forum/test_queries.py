"""Query counts on the hot pages do not grow with the number of replies or topics."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import Post, PostStatus, Reaction, ReactionKind, Topic
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
    add_replies(topic, 100, authors)
    with_200 = count_queries(client, url)
    # A topic that fits on one page is not counted apart (its rows tell how many there are).
    assert with_10 == with_100 - 1
    assert with_100 == with_200
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


def bulk_replies(topic, n: int, authors) -> None:
    """``n`` more replies by these authors, each with a reaction, in a few statements."""
    last = topic.posts.order_by("-created_at").first().created_at
    posts = Post.objects.bulk_create(
        Post(
            topic=topic,
            author=authors[i % len(authors)],
            body=f"Réponse {i} : " + "du texte. " * 20,
            created_at=last + datetime.timedelta(seconds=i + 1),
        )
        for i in range(n)
    )
    Reaction.objects.bulk_create(
        Reaction(post=post, user=authors[(i + 1) % len(authors)], kind=ReactionKind.SUPPORT)
        for i, post in enumerate(posts)
    )
    Topic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count") + n)


def topic_page_queries(topic, member) -> dict[str, int]:
    """Queries of the topic's first and last page, for a member and a visitor, with the posts'
    cache empty and then filled."""
    counts = {}
    first = topic.get_absolute_url()
    last = first + "?page=last"
    for who, client in (("member", client_for(member)), ("visitor", Client())):
        for name, url in (("first", first), ("last", last)):
            cache.clear()
            counts[f"{who}, {name} page, cache empty"] = count_queries(client, url)
            counts[f"{who}, {name} page, cached"] = count_queries(client, url)
    return counts


@pytest.mark.django_db
def test_topic_page_queries_stay_flat_from_10_to_1000_replies(topic, member, other_member):
    """A member's page: session, account, topic (and whether they follow it), how many posts,
    the page's posts with their authors, the page's reactions, counting the unread
    notifications and marking the page's read. At most eight, whether the posts' HTML is cached
    or not; a first page that holds the whole topic needs no count of its own."""
    authors = [other_member, member, make_user("third")]
    bulk_replies(topic, 10, authors)
    with_10 = topic_page_queries(topic, member)
    bulk_replies(topic, 990, authors)
    with_1000 = topic_page_queries(topic, member)
    for name, count in with_1000.items():
        skipped_count = name.endswith("page, cache empty") or name.startswith("member, first")
        assert with_10[name] in ((count - 1, count) if skipped_count else (count,)), name
    assert max(with_1000.values()) <= TOPIC_PAGE_QUERIES
    assert with_1000["visitor, first page, cached"] == 1  # the topic: the page is kept whole


@pytest.mark.django_db
@pytest.mark.parametrize("replies", [10, 1000])
def test_topic_page_stays_within_eight_queries_for_members(
    replies, topic, member, other_member, django_assert_max_num_queries
):
    bulk_replies(topic, replies, [other_member, member, make_user("third")])
    client = client_for(member)
    with django_assert_max_num_queries(TOPIC_PAGE_QUERIES):
        response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    assert f"Réponse {min(replies, 19) - 1} :" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("replies", [10, 1000])
def test_topic_page_stays_within_eight_queries_for_visitors_uncached(
    replies, topic, member, other_member, django_assert_max_num_queries
):
    bulk_replies(topic, replies, [other_member, member, make_user("third")])
    cache.clear()
    with django_assert_max_num_queries(TOPIC_PAGE_QUERIES):
        response = Client().get(topic.get_absolute_url())
    assert response.status_code == 200


def rows_read(plan: dict, tables: set[str]) -> int:
    """Rows a plan (EXPLAIN ANALYZE, JSON) read from these tables: returned or filtered out."""
    read = 0
    if plan.get("Relation Name") in tables:
        loops = plan.get("Actual Loops", 1)
        read += (plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)) * loops
    for child in plan.get("Plans", []):
        read += rows_read(child, tables)
    return read


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_reads_only_the_pages_posts_and_reactions(postgres, topic, member, other_member):
    """With 1,000 replies, the member's page reads its own posts and their reactions, not the
    topic's (before: every post of the topic was grouped with its reactions to be counted).
    Only the paginator's count goes through the topic's posts."""
    bulk_replies(topic, 1000, [other_member, member, make_user("third")])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forum_post, forum_reaction, cybersquad_user")
    with CaptureQueriesContext(connection) as ctx:
        response = client_for(member).get(topic.get_absolute_url())
    assert response.status_code == 200
    tables = {"forum_post", "forum_reaction"}
    checked = 0
    for query in ctx.captured_queries:
        sql = query["sql"]
        if not sql.startswith("SELECT") or not any(f'"{t}"' in sql for t in tables):
            continue
        with connection.cursor() as cursor:
            # 1,000 rows are few enough for a scan of the whole table to look cheaper: ask
            # for the plan that a table of a national forum gets.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0][0]["Plan"]
        if sql.startswith("SELECT COUNT(*)"):
            continue  # the paginator's: it counts the topic's posts (an index-only scan at most)
        assert rows_read(plan, tables) <= 2 * settings.CYBERSQUAD_POSTS_PER_PAGE, sql
        checked += 1
    # The topic (with whether the member has posts only they see), the page's posts, their
    # reactions counted for the page everyone sees, and for the member's pressed buttons.
    assert checked == 4
