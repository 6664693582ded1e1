"""What the device remembers for its reader: new questions and replies marked in lists and on
a topic, and a draft that survives a reload until it is posted; signing out forgets both."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from forum import services
from forum.models import Topic
from tests.browser.test_forum_flow import sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def later(topic: Topic, seconds: int) -> None:
    """Date the topic's newest activity after the reader's first visit (no waiting)."""
    at = timezone.now() + datetime.timedelta(seconds=seconds)
    topic.posts.filter(is_opening=False).update(created_at=at)
    Topic.objects.filter(pk=topic.pk).update(last_post_at=at)


def test_new_questions_and_replies_are_marked_until_read(open_session, theme, member):
    make_user("lezer_an", language="nl")
    old = services.topic_create(
        member,
        theme=theme,
        title="Oude vraag over foto's",
        body="Hoe bescherm ik ze?",
        language="nl",
    )
    page = open_session(locale="nl-BE").page
    sign_in(page, "lezer_an", PASSWORD)
    page.goto("/nl/")
    # On a first visit nothing written before counts as new.
    item = page.locator(f"[data-topic-item='{old.pk}']")
    item.wait_for()
    assert not item.get_by_text("Nieuw", exact=True).is_visible()

    fresh = services.topic_create(
        member,
        theme=theme,
        title="Nieuwe vraag over pesten",
        body="Wat moet ik doen?",
        language="nl",
    )
    later(fresh, 5)
    page.reload()
    new_item = page.locator(f"[data-topic-item='{fresh.pk}']")
    new_item.get_by_text("Nieuw", exact=True).wait_for()
    assert new_item.get_by_text("gevraagd door lotte").is_visible()

    new_item.get_by_role("link", name="Nieuwe vraag over pesten").click()
    page.get_by_role("heading", name="Nieuwe vraag over pesten").wait_for()
    assert not page.get_by_text("Er zijn nieuwe antwoorden sinds je laatste bezoek.").is_visible()
    page.goto("/nl/")
    page.locator(f"[data-topic-item='{fresh.pk}']").wait_for()
    assert not page.locator(f"[data-topic-item='{fresh.pk}'] [data-unread]").first.is_visible()

    counsellor = make_user("hulp_ines", role="counsellor", language="nl")
    reply = services.reply_create(fresh, author=counsellor, body="Praat erover met iemand.")
    later(fresh, 10)
    page.reload()
    listed = page.locator(f"[data-topic-item='{fresh.pk}']")
    listed.get_by_text("Nieuwe antwoorden", exact=True).wait_for()
    assert listed.get_by_text("Antwoord van een hulpverlener").is_visible()

    listed.get_by_role("link", name="Nieuwe vraag over pesten").click()
    notice = page.get_by_text("Er zijn nieuwe antwoorden sinds je laatste bezoek.")
    notice.wait_for()
    page.get_by_role("link", name="Naar het eerste nieuwe antwoord").click()
    page.wait_for_url(f"**#post-{reply.pk}")


def test_a_draft_comes_back_after_a_reload_and_goes_once_posted(open_session, topic):
    writer = make_user("schrijver_bo", language="fr")
    page = open_session(locale="fr-BE").page
    sign_in(page, writer.username, PASSWORD)
    page.goto(topic.get_absolute_url())
    page.get_by_label("Ta réponse").fill("Moi aussi j'ai eu ce problème, voici ce que j'ai fait")
    page.wait_for_function(
        "() => Object.keys(localStorage).some((k) => k.startsWith('cybersquad:draft:'))"
    )
    page.reload()
    box = page.get_by_label("Ta réponse")
    assert box.input_value() == "Moi aussi j'ai eu ce problème, voici ce que j'ai fait"
    assert page.get_by_text("On a remis ce que tu étais en train d’écrire").is_visible()

    page.get_by_role("button", name="Publier ma réponse").click()
    page.get_by_text("Ton message est en ligne.").wait_for()
    # The page's module scripts run once it is parsed: wait for them before reading storage.
    page.wait_for_load_state("load")
    assert page.get_by_label("Ta réponse").input_value() == ""
    drafts = page.evaluate(
        "Object.keys(localStorage).filter((k) => k.startsWith('cybersquad:draft:'))"
    )
    assert drafts == []
    assert topic.posts.filter(author=writer).count() == 1

    # Another draft, then signing out: the next person on this phone finds nothing.
    page.get_by_label("Ta réponse").fill("Un brouillon privé")
    page.wait_for_function(
        "() => Object.keys(localStorage).some((k) => k.startsWith('cybersquad:draft:'))"
    )
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    kept = page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('cybersquad:'))")
    assert [key for key in kept if key.endswith(f":{writer.pk}") or f":{writer.pk}:" in key] == []
