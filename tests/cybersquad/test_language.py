from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cybersquad.models import User
from tests.conftest import client_for

PLACEHOLDER = re.compile(r"%\(\w+\)s")
LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.django_db
@pytest.mark.parametrize(("accept", "expected"), [("nl-BE,nl;q=0.9", "/nl/"), ("fr-BE", "/fr/")])
def test_first_choice_comes_from_the_browser(visitor, accept, expected):
    response = visitor.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_member_saved_preference_wins_over_the_browser(other_member):
    assert other_member.language == "nl"
    response = client_for(other_member).get("/", HTTP_ACCEPT_LANGUAGE="fr-BE")
    assert response["Location"] == "/nl/"


@pytest.mark.django_db
def test_switcher_keeps_the_page_and_saves_the_choice(member, theme):
    client = client_for(member)
    response = client.post(
        reverse("language_switch"),
        {"language": "nl", "next": f"/fr/themes/{theme.slug}/?lang=fr"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/nl/themes/{theme.slug}/?lang=fr"
    member.refresh_from_db()
    assert member.language == "nl"
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="nl">' in page
    assert theme.name_nl in page


@pytest.mark.django_db
def test_switcher_refuses_foreign_redirects(visitor):
    response = visitor.post(
        reverse("language_switch"), {"language": "nl", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/nl/"
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Sortie rapide", "Thèmes", "Poser une question"]),
        ("nl", ["Snel weg", "Thema’s", "Een vraag stellen"]),
    ],
)
def test_interface_is_in_the_page_language(visitor, theme, lang, words):
    page = visitor.get(f"/{lang}/").content.decode()
    for word in words:
        assert word in page, word
    assert "Quick exit" not in page
    assert "Ask a question" not in page


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_every_message_is_translated(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    for entry in po:
        placeholders = set(re.findall(r"%\(\w+\)s", entry.msgid))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                assert set(re.findall(r"%\(\w+\)s", text)) <= placeholders | {"%(counter)s"}, (
                    entry.msgid
                )


SWITCH_CASES = [
    (browser, saved, page)
    for browser in ("fr", "nl")
    for saved in (None, "fr", "nl")
    for page in ("fr", "nl")
]


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
@pytest.mark.parametrize(("browser", "saved", "page"), SWITCH_CASES)
def test_switch_always_switches_and_keeps_the_page(theme, signed_in, browser, saved, page):
    """Whatever the browser asks and whatever was saved, the other language's button shows
    the same page in that language (it used to do nothing when they differed from the page's)."""
    if signed_in:
        user = make_user_with_language(saved or browser)
        client = client_for(user)
    else:
        client = Client()
        if saved:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = saved
    other = "nl" if page == "fr" else "fr"
    page_url = f"/{page}/themes/{theme.slug}/"
    shown = client.get(page_url, HTTP_ACCEPT_LANGUAGE=f"{browser}-BE").content.decode()
    assert f'<html lang="{page}">' in shown
    assert f'name="language" value="{other}"' in shown

    response = client.post(
        reverse("language_switch"),
        {"language": other, "next": page_url},
        HTTP_ACCEPT_LANGUAGE=f"{browser}-BE",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{other}/themes/{theme.slug}/"
    after = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=f"{browser}-BE")
    assert f'<html lang="{other}">' in after.content.decode()
    # The next visit without a language in the address follows the choice.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE=f"{browser}-BE")["Location"] == f"/{other}/"
    if signed_in:
        user.refresh_from_db()
        assert user.language == other


def make_user_with_language(language: str) -> User:
    from tests.conftest import make_user

    return make_user("saskia", language=language)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["fr", "nl"])
def test_switch_buttons_name_starts_with_what_it_shows(visitor, page):
    """Label in name (WCAG 2.5.3): the button reads "NL" and its name begins with "NL"."""
    other = "nl" if page == "fr" else "fr"
    html = visitor.get(f"/{page}/").content.decode()
    button = re.search(
        rf'<button type="submit" name="language" value="{other}"[^>]*>(.*?)</button>', html, re.S
    )
    assert button is not None
    assert "aria-label" not in button.group(0)
    name = re.sub(r"<[^>]+>", "", button.group(1)).strip()
    assert name.startswith(other.upper() + " ")
