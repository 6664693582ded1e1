"""The help article on clearing one's history on a shared phone exists on every site."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from forum.builtin import help_articles_create_missing
from forum.models import HelpArticle

pytestmark = pytest.mark.django_db


def test_every_site_has_the_shared_phone_article(visitor):
    """Created by the data migration: no seed_demo here."""
    article = HelpArticle.objects.get(slug="shared-phone")
    for lang, words in {
        "fr": [
            "Efface tes traces",
            "Sortie rapide",
            "Chrome",
            "Safari",
            "Samsung Internet",
            "navigation privée",
            "Se déconnecter",
            "Ce qu’il ne fait pas",
        ],
        "nl": [
            "Wis je sporen",
            "Snel weg",
            "Chrome",
            "Safari",
            "Samsung Internet",
            "Privé surfen",
            "Afmelden",
            "Wat hij niet doet",
        ],
    }.items():
        with translation.override(lang):
            url = article.get_absolute_url()
        page = visitor.get(url).content.decode()
        for word in words:
            assert word in page, (lang, word)


def test_every_footer_links_it(visitor, member):
    from tests.conftest import client_for

    for client, url in [(visitor, "/fr/"), (visitor, "/nl/themes/"), (client_for(member), "/fr/")]:
        page = client.get(url).content.decode()
        link = reverse("forum:help_article", args=["shared-phone"])
        assert f'href="{link}"' in page, url
        assert client.get(link).status_code == 200


def test_a_coordinators_edit_is_never_overwritten():
    HelpArticle.objects.filter(slug="shared-phone").update(body_fr="Texte revu par Child Focus.")
    call_command("seed_demo", quiet_accounts=True)
    assert help_articles_create_missing(HelpArticle, base_fields=False) == 0
    assert HelpArticle.objects.get(slug="shared-phone").body_fr == "Texte revu par Child Focus."


def test_seed_demo_brings_it_back_after_a_flush():
    HelpArticle.objects.filter(slug="shared-phone").delete()
    call_command("seed_demo", quiet_accounts=True)
    article = HelpArticle.objects.get(slug="shared-phone")
    assert article.title_nl == "Deel je een gsm? Wis je sporen"
    assert "Snel weg" in article.body_nl
