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
        # Harcèlement and pesten are one idea: each finds both questions.
        ("harcelement", {"fr", "nl"}),
        ("HARCÈLEMENT", {"fr", "nl"}),
        ("pesten", {"fr", "nl"}),
        ("ils se moquent de moi", {"fr", "nl"}),
        ("captures", {"fr"}),
        ("klasgroep", {"nl"}),
        ("berichten", {"nl"}),
        ("groupe classe", {"fr"}),
        ("introuvable", set()),
        ("de la", set()),
    ],
)
def test_search_finds_in_both_languages(bilingual_topics, member, query, expected):
    fr, nl = bilingual_topics
    found = set(search_topics(query, user=member))
    assert found == {fr if language == "fr" else nl for language in expected}


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
    # French stemming: "demande" matches "demander"; Dutch: "bericht" matches "berichten".
    assert list(search_topics("demande", user=member)) == [fr]
    assert list(search_topics("bericht", user=member)) == [nl]
    # Accents do not matter, in the text or in the query.
    assert list(search_topics("ecran", user=member)) == [fr]


@pytest.fixture
def photo_topics(member, theme):
    apostrophe = services.topic_create(
        member,
        theme=theme,
        title="Iemand deelt mijn foto's",
        body="Wat kan ik doen?",
        language="nl",
    )
    plain = services.topic_create(
        member,
        theme=theme,
        title="Betere fotos maken met mijn gsm",
        body="Welke app gebruiken jullie?",
        language="nl",
    )
    return {apostrophe, plain}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["foto's", "foto’s", "fotos", "foto", "FOTO'S"])
def test_apostrophes_and_plurals_find_the_same_questions(photo_topics, member, query):
    assert set(search_topics(query, user=member)) == photo_topics


@pytest.mark.django_db
def test_postgres_apostrophes_and_plurals(postgres, photo_topics, member):
    for query in ("foto's", "foto’s", "fotos", "foto"):
        assert set(search_topics(query, user=member)) == photo_topics, query


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "query", "title"),
    [
        ("fr", "historique", "Tu partages un téléphone ? Efface tes traces"),
        ("nl", "geschiedenis", "Deel je een gsm? Wis je sporen"),
    ],
)
def test_one_page_shows_help_pages_themes_and_questions(visitor, theme, lang, query, title):
    page = visitor.get(f"/{lang}/search/", {"q": query}).content.decode()
    assert title in page
    assert f'href="/{lang}/help/shared-phone/"' in page


@pytest.mark.django_db
def test_themes_are_found_by_their_name(visitor, theme):
    page = visitor.get("/fr/search/", {"q": theme.name_fr}).content.decode()
    assert f'href="{theme.get_absolute_url()}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Rien trouvé pour", "Parler à un conseiller", "Appeler le 116\xa0000"]),
        ("nl", ["Niets gevonden voor", "Praten met een hulpverlener", "116\xa0000"]),
    ],
)
def test_an_empty_result_offers_help_the_chat_and_the_helpline(visitor, lang, words):
    page = visitor.get(f"/{lang}/search/", {"q": "zzxqv"}).content.decode()
    for word in words:
        assert word in page, word
    assert 'href="tel:116000"' in page
    assert "/help/shared-phone/" in page  # a help page to start from


@pytest.fixture
def help_articles(db):
    """The help articles as the demo ships them (forum/demo/)."""
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())


YOUNG_WORDS = [
    # French, as young people type them: each finds the help page about it.
    ("harcèlement", "bullied-online"),
    ("on se moque de moi", "bullied-online"),
    ("insultes", "bullied-online"),
    ("sextorsion", "threatened-to-publish-pictures"),
    ("chantage", "threatened-to-publish-pictures"),
    ("nudes", "nude-photo-shared"),
    ("photo intime", "nude-photo-shared"),
    ("arnaque", "online-scams"),
    ("piraté", "protecting-my-privacy"),
    ("grooming", "adult-asks-strange-things"),
    ("vie privee", "protecting-my-privacy"),
    # Dutch.
    ("pesten", "bullied-online"),
    ("cyberpesten", "bullied-online"),
    ("uitgelachen", "bullied-online"),
    ("scheldwoorden", "bullied-online"),
    ("afpersing", "threatened-to-publish-pictures"),
    ("sextortion", "threatened-to-publish-pictures"),
    ("naaktfoto's", "nude-photo-shared"),
    ("naaktfotos", "nude-photo-shared"),
    ("oplichting", "online-scams"),
    ("gehackt", "protecting-my-privacy"),
    ("rare vragen", "adult-asks-strange-things"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "slug"), YOUNG_WORDS)
def test_young_peoples_words_find_the_help_page(help_articles, query, slug):
    from forum.search import search

    assert slug in [article.slug for article in search(query, user=None).articles]
