"""The whole first visit, in a real browser: sign up in French, ask, get help, switch to Dutch."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from forum.models import Post, Reaction, Topic
from tests.browser.conftest import EXIT_URL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str, password: str) -> None:
    page.goto("/fr/accounts/login/")
    page.get_by_label("Pseudonyme").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/(fr|nl)/$"))


def sign_up_in_french(page, username: str, password: str, *, age: int, month: int) -> None:
    """Fill in the French sign-up form that ``page`` shows, and land on the welcome page."""
    page.get_by_label("Pseudonyme").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_label("Mot de passe (confirmation)").fill(password)
    page.get_by_label("Mois de naissance").select_option(str(month))
    page.get_by_label("Année de naissance").select_option(str(timezone.localdate().year - age))
    page.get_by_label("Langue", exact=True).select_option("fr")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url(re.compile(r"/fr/welcome/$"))


@pytest.mark.long
def test_first_visit_in_french_then_dutch(open_session, demo):
    asker = open_session(locale="fr-BE", quick_exit=True)
    page = asker.page
    page.goto("/")
    assert page.url.endswith("/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"

    # Sign up in French.
    page.get_by_role("link", name="S’inscrire").first.click()
    sign_up_in_french(page, "zonnetje_be", "Lente-in-Gent-2026", age=14, month=3)
    assert page.get_by_text("zonnetje_be").count() > 0

    # The welcome page leads to the themes; ask a question under one.
    page.get_by_role("link", name="Voir les thèmes").click()
    page.get_by_role("link", name="Vie privée").first.click()
    page.get_by_role("link", name="Poser une question dans ce thème").click()
    page.get_by_label("Ta question en quelques mots").fill("Comment protéger mes photos ?")
    page.get_by_label("Dis-nous-en plus").fill(
        "Je ne sais pas quoi faire, est-ce que je dois payer ?"
    )
    page.get_by_role("button", name="Publier ma question").click()
    page.get_by_role("heading", name="Comment protéger mes photos ?").wait_for()
    topic = Topic.objects.get(title="Comment protéger mes photos ?")
    assert topic.theme.slug == "privacy"
    assert topic.language == "fr"

    # A second member replies and marks support.
    helper = open_session(locale="nl-BE")
    sign_in(helper.page, "demo_member2", "demo-member2-2026")
    helper.page.goto(topic.get_absolute_url())
    helper.page.get_by_label("Ta réponse").fill("Va dans les paramètres, puis Confidentialité.")
    helper.page.get_by_role("button", name="Publier ma réponse").click()
    helper.page.get_by_text("Va dans les paramètres").wait_for()
    opening = topic.posts.get(is_opening=True)
    helper.page.locator(f"#post-{opening.pk}").get_by_role("button", name="Soutien").click()
    helper.page.locator(f"#post-{opening.pk}").get_by_role(
        "button", name="Soutien", pressed=True
    ).wait_for()
    assert Reaction.objects.filter(post=opening, kind="support").count() == 1

    # The asker sees the reply and marks it helpful.
    reply = Post.objects.get(topic=topic, is_opening=False)
    page.goto(topic.get_absolute_url())
    page.locator(f"#post-{reply.pk}").get_by_role("button", name="Ça m’a été utile").click()
    page.locator(f"#post-{reply.pk}").get_by_text("Réponse utile").wait_for()
    topic.refresh_from_db()
    assert topic.helpful_post_id == reply.pk

    # Switch to Dutch: same page, Dutch interface and theme name.
    page.get_by_role("button", name="Deze pagina in het Nederlands tonen").click()
    page.wait_for_url(re.compile(rf"/nl/topics/{topic.pk}/"))
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("button", name="Snel weg").count() == 1
    assert page.locator(".breadcrumb").get_by_text(topic.theme.name_nl).count() == 1
    exited_from = page.url

    # Quick exit by keyboard: Shift three times.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    page.go_back()
    assert page.url != exited_from


def test_quick_exit_button_replaces_the_page(open_session, demo):
    session = open_session(quick_exit=True)
    page = session.page
    page.goto("/fr/help/")
    page.get_by_role("button", name="Sortie rapide").click()
    page.wait_for_url(EXIT_URL)
    page.go_back()
    assert "/fr/help/" not in page.url


def test_injected_inline_script_does_not_run(open_session, demo):
    session = open_session()
    page = session.page

    def inject(route):
        response = route.fetch()
        body = response.text().replace("</body>", "<script>window.__pwned = 1;</script></body>")
        route.fulfill(response=response, body=body)

    page.route("**/fr/help/", inject)
    page.goto("/fr/help/")
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_a_new_members_first_post_with_contacts_is_masked_before_it_is_stored(open_session, demo):
    """A first post is warned about, stored with its details masked and shown masked."""
    secrets = ["0471 23 45 67", "0472 98 76 54", "@lotte.secret", "lotte.b@example.com"]
    body = (
        "Salut, je suis nouvelle. Écris-moi au 0471 23 45 67 ou au 0472 98 76 54, "
        "sur insta @lotte.secret ou à lotte.b@example.com"
    )
    page = open_session(locale="fr-BE").page
    page.goto("/fr/accounts/signup/")
    sign_up_in_french(page, "lotte_nouvelle", "Zomer-aan-zee-2026", age=13, month=5)

    page.goto("/fr/topics/new/?theme=privacy")
    page.get_by_label("Ta question en quelques mots").fill("Qui veut parler avec moi ?")
    page.get_by_label("Dis-nous-en plus").fill(body)
    page.get_by_role("button", name="Publier ma question").click()

    # Warned before anything is stored, with the masked version to read.
    warning = page.get_by_role("alert").filter(has_text="Attention : infos personnelles")
    warning.wait_for()
    assert "•••" in warning.inner_text()
    assert not Topic.objects.filter(title="Qui veut parler avec moi ?").exists()

    page.get_by_label("Publier quand même, avec les infos personnelles cachées (•••)").check()
    page.get_by_role("button", name="Publier ma question").click()
    page.get_by_role("heading", name="Qui veut parler avec moi ?").wait_for()
    shown = page.locator("main").inner_text()
    stored = Post.objects.get(topic__title="Qui veut parler avec moi ?")
    # Stored with every detail marked as masked (moderators alone see the original for
    # evidence); what is shown and what search indexes never hold them.
    assert len(stored.masked_spans) >= len(secrets)
    for secret in secrets:
        assert secret not in shown, secret
        assert secret not in stored.search_body, secret
    assert "•••" in shown
