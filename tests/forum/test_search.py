from __future__ import annotations

import pytest
from django.urls import reverse

from forum import services
from forum.models import Topic
from forum.search import search_topics


@pytest.fixture
def bilingual_topics(member, other_member, theme):
    fr = services.topic_create(
        member,
        theme=theme,
        title="Harcèlement dans le groupe de classe",
        body="Ils publient des photos de moi sans demander.",
        language="fr",
    )
    nl = services.topic_create(
        other_member,
        theme=theme,
        title="Gepest in de klasgroep",
        body="Ze delen berichten over mij en lachen me uit.",
        language="nl",
    )
    services.reply_create(fr, author=other_member, body="Garde des captures d'écran.")
    return fr, nl


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harcelement", "fr"),
        ("HARCÈLEMENT", "fr"),
        ("captures", "fr"),
        ("klasgroep", "nl"),
        ("berichten", "nl"),
        ("groupe classe", "fr"),
        ("introuvable", None),
    ],
)
def test_search_finds_in_both_languages(bilingual_topics, member, query, expected):
    fr, nl = bilingual_topics
    found = list(search_topics(query, user=member))
    assert found == ([] if expected is None else [fr if expected == "fr" else nl])


@pytest.mark.django_db
def test_search_never_shows_held_topics(bilingual_topics, other_member, visitor):
    fr, _ = bilingual_topics
    Topic.objects.filter(pk=fr.pk).update(status="held")
    response = visitor.get(reverse("forum:search"), {"q": "harcèlement"})
    assert response.status_code == 200
    assert "Harcèlement dans le groupe" not in response.content.decode()


@pytest.mark.django_db
def test_postgres_search_understands_word_forms(postgres, bilingual_topics, member):
    fr, nl = bilingual_topics
    # French stemming: "harcelée" matches "Harcèlement"; Dutch: "bericht" matches "berichten".
    assert list(search_topics("harcelée", user=member)) == [fr]
    assert list(search_topics("bericht", user=member)) == [nl]
