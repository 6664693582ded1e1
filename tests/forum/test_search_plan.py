"""How search finds the newest matching titles on PostgreSQL: through the titles' GIN index,
unless so many titles match that walking the questions newest first is cheaper (estimated
from PostgreSQL's statistics); both ways give the same questions in the same order. The
search page reads only its own questions: its queries do not grow with the results."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import search, services
from forum.search import _TitleStats, title_share, walk_is_cheaper


def stats(**shares: float) -> _TitleStats:
    return _TitleStats(read_at=0.0, rows=20_000, shares=shares, unlisted=0.0005)


def test_the_share_of_matching_titles_is_estimated_from_each_lexeme():
    known = stats(harcel=0.05, pest=0.03, photo=0.2, se=0.1, moqu=0.1)
    # One term, either analysis: 1 - (1 - 0.05)(1 - 0.03).
    assert title_share((("'harcel'", "'pest'"),), known) == pytest.approx(0.0785)
    # A phrase needs all its lexemes; a lexeme not listed is rare.
    assert title_share((("'se' & 'moqu'",),), known) == pytest.approx(0.01)
    assert title_share((("'zzz'",),), known) == pytest.approx(0.0005)
    # Every term: each must match.
    assert title_share((("'photo'",), ("'harcel'",)), known) == pytest.approx(0.01)


def test_the_walk_is_kept_for_words_in_many_titles():
    # 20,000 questions, 251 wanted: the walk pays off above a share of about 16 %.
    assert not walk_is_cheaper(0.07, 20_000, 251)
    assert walk_is_cheaper(0.3, 20_000, 251)
    assert not walk_is_cheaper(0.3, 20_000, None)  # everything is wanted: no early stop
    assert not walk_is_cheaper(0.9, 0, 251)  # never analysed: statistics unknown


def questions(member, theme, titles):
    return [
        services.topic_create(member, theme=theme, title=t, body="Bonjour.", language="fr")
        for t in titles
    ]


@pytest.mark.django_db
def test_postgres_sorts_matching_titles_unless_it_walks_and_both_ways_agree(
    postgres, member, theme, monkeypatch
):
    questions(member, theme, [f"Une question sur autre chose {i}" for i in range(60)])
    made = questions(
        member,
        theme,
        ["Harcèlement en classe", "Une question", "On se moque de moi", "Pesten op school"] * 2,
    )
    services.reply_create(made[1], author=member, body="C'est du harcèlement.")
    wanted = search.terms("harcèlement")
    found = {}
    for walk in (False, True):
        monkeypatch.setattr(search, "_walk_titles", lambda *_a, walk=walk: walk)
        with CaptureQueriesContext(connection) as captured:
            found[walk] = search._topic_ids(wanted, user=None, limit=5)
        titles = next(q["sql"] for q in captured.captured_queries if '"forum_topic"' in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {titles}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # What matched is sorted (found through whichever index the planner likes: the GIN
        # one at scale), not met in the order of the recent-topics index.
        assert ("Sort Key: ((last_post_at + " in plan) != walk, plan
    assert found[False] == found[True]
    assert len(found[False]) == 5
    # Title matches first, newest first.
    assert found[False][0] == made[-1].pk


@pytest.mark.django_db
def test_postgres_reads_its_statistics_of_titles(postgres, member, theme):
    questions(member, theme, ["Harcèlement en classe"] * 3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forum_topic")
    search._title_stats = None
    known = search._stats()
    assert known.rows >= 3
    assert known.shares.get("harcel") == pytest.approx(1.0)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_search_page_reads_only_its_own_questions(
    count, visitor, member, theme, django_assert_max_num_queries
):
    questions(member, theme, [f"Mes photos partout {i}" for i in range(count)])
    visitor.get("/fr/search/", {"q": "photos"})  # the query's analysis is asked once
    # Help pages, themes, the titles, the replies (fewer titles than wanted), the page.
    with django_assert_max_num_queries(5):
        response = visitor.get("/fr/search/", {"q": "photos"})
    assert len(response.context["page"].object_list) == min(count, 25)
