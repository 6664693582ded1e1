"""A common word on a big site: the ranked list of questions stops at a cap, and the page says
there are more and asks for another word, in French and Dutch."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services, views
from forum.search import search_topics


@pytest.fixture
def cap_of_three(monkeypatch):
    monkeypatch.setattr(views, "SEARCH_RESULTS_CAP", 3)


def questions(n: int, member, theme) -> None:
    for i in range(n):
        services.topic_create(
            member,
            theme=theme,
            title=f"Question numéro {i}",
            body="Mon copain partage mes photos.",
            language="fr",
        )


CAPPED = {
    "fr": "Plus de 3 questions correspondent : seules les 3 premières sont affichées.",
    "nl": "Meer dan 3 vragen komen overeen: alleen de eerste 3 worden getoond.",
}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_more_results_than_the_cap_are_cut_and_the_page_says_so(
    cap_of_three, visitor, member, theme, lang
):
    questions(4, member, theme)
    response = visitor.get(f"/{lang}/search/", {"q": "photos"})
    assert CAPPED[lang] in response.content.decode()


@pytest.mark.django_db
def test_the_capped_list_shows_the_cap_and_no_more(cap_of_three, visitor, member, theme):
    questions(4, member, theme)
    response = visitor.get("/fr/search/", {"q": "photos"})
    assert response.context["page"].paginator.count == 3


@pytest.mark.django_db
def test_exactly_the_cap_is_not_said_to_be_more(cap_of_three, visitor, member, theme):
    questions(3, member, theme)
    response = visitor.get("/fr/search/", {"q": "photos"})
    assert "Plus de 3 questions" not in response.content.decode()


@pytest.fixture
def photo_questions(member, theme):
    """Oldest first: one about photos in its title, two in their text only, one not at all."""
    made = []
    for title, body in [
        ("Mes photos partout", "Que faire ?"),
        ("Une question", "Mon copain partage mes photos."),
        ("Encore une question", "Il a mis mes photos en ligne."),
        ("Rien à voir", "Mon chat est malade."),
    ]:
        made.append(
            services.topic_create(member, theme=theme, title=title, body=body, language="fr")
        )
    return made


@pytest.mark.django_db
def test_questions_with_the_word_in_their_title_come_first_then_the_newest(photo_questions):
    titled, first, second, _other = photo_questions
    assert list(search_topics("photos", user=None)) == [titled, second, first]


@pytest.mark.django_db
def test_a_limit_keeps_the_first_questions_in_the_order_shown(photo_questions):
    titled, _first, second, _other = photo_questions
    assert list(search_topics("photos", user=None, limit=2)) == [titled, second]


@pytest.mark.django_db
def test_the_page_counts_one_past_the_cap_only_to_say_there_are_more(
    cap_of_three, visitor, member, theme
):
    questions(5, member, theme)
    response = visitor.get("/nl/search/", {"q": "photos"})
    assert [t.title for t in response.context["page"].object_list] == [
        "Question numéro 4",
        "Question numéro 3",
        "Question numéro 2",
    ]


@pytest.mark.django_db
def test_postgres_search_reads_posts_only_through_an_index(postgres, member, theme):
    """Every statement of a search can reach the posts by an index (the posts' search index or
    their topic), so no search has to read every post."""
    questions(3, member, theme)
    with CaptureQueriesContext(connection) as captured:
        assert len(search_topics("photos", user=None, limit=251)) == 3
    on_posts = [q["sql"] for q in captured.captured_queries if '"forum_post"' in q["sql"]]
    assert on_posts
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in on_posts:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan on forum_post" not in plan, plan
