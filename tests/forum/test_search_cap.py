"""A common word on a big site: the ranked list of questions stops at a cap, and the page says
there are more and asks for another word, in French and Dutch."""

from __future__ import annotations

import pytest
from django.db import connection

from forum import services, views
from forum.models import Post, PostStatus
from forum.search import _tsquery, terms


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


@pytest.mark.django_db
def test_postgres_search_uses_the_posts_search_index(postgres, member, theme):
    questions(3, member, theme)
    posts = Post.objects.filter(
        status=PostStatus.PUBLISHED, search_document=_tsquery(terms("photos"))
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = posts.explain()
    assert "search_document" in plan
    assert "Bitmap Index Scan" in plan or "Index Scan" in plan
