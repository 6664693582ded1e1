"""A visitor's topic page is kept whole and their CSRF token and address are put in per request;
the page frame's fixed parts are rendered once per process (forum/views.py,
cybersquad/templatetags/fixed.py). A change shows at once, nothing one reader sees as theirs
reaches another, and what a visitor must not see never comes from a kept page."""

from __future__ import annotations

import pickle

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import Client, RequestFactory

from forum import services
from forum.models import PostStatus, ReactionKind
from tests.conftest import client_for, make_user


@pytest.fixture
def locmem(settings):
    """The cache in this process's memory, so a test can read what was stored in it."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def kept_pages() -> dict[str, list[str]]:
    return {
        key: pickle.loads(value)  # noqa: S301 - our own cache, this process
        for key, value in cache._cache.items()  # type: ignore[attr-defined]
        if ":topic-page:" in key
    }


def page(client: Client, topic, query: str = "", language: str = "fr") -> str:
    response = client.get(f"/{language}/topics/{topic.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def csrf_field(html: str) -> str:
    start = html.index('name="csrfmiddlewaretoken" value="') + len('name="csrfmiddlewaretoken" ')
    return html[start : html.index(">", start)]


@pytest.fixture
def reply(topic, other_member):
    return services.reply_create(topic, author=other_member, body="Parles-en à un adulte.")


@pytest.mark.django_db
def test_the_second_visitor_gets_the_kept_page_with_their_own_token(locmem, topic, reply):
    first, second = Client(), Client()
    first_html = page(first, topic)
    # Kept as the text around its slots, each slot by name.
    [(key, [before, csrf, between, address, after])] = kept_pages().items()
    assert "csrfmiddlewaretoken" in before and "Parles-en à un adulte." in after
    # The kept page holds no token and no address: only the slots they go in.
    assert before.endswith('name="csrfmiddlewaretoken" value="')
    assert between.endswith('name="next" value="')
    assert "csrfmiddlewaretoken" not in between + after
    kept = [before, csrf, between, address, after.replace("Parles-en", "KEPT")]
    cache.set(key.split(":", 2)[2], kept)
    second_html = page(second, topic)
    assert "KEPT à un adulte." in second_html
    assert csrf_field(first_html) != csrf_field(second_html)
    # Their token is good: the language switch in the page's header accepts it.
    token = csrf_field(second_html).removeprefix('value="').removesuffix('"')
    switch = Client(enforce_csrf_checks=True)
    switch.cookies = second.cookies
    response = switch.post(
        "/language/", {"language": "nl", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_language_switch_returns_to_each_visitors_own_address(topic, reply):
    plain = page(Client(), topic)
    odd = page(Client(), topic, '?from=<b>"x')
    assert f'name="next" value="/fr/topics/{topic.pk}/"' in plain
    assert f'name="next" value="/fr/topics/{topic.pk}/?from=%3Cb%3E%22x"' in odd
    assert plain.replace("?from=%3Cb%3E%22x", "").count("<b>") == odd.count("<b>")


@pytest.mark.django_db
def test_page_numbers_beyond_the_last_share_its_kept_page(locmem, topic, reply):
    for query in ("", "?page=1", "?page=99999999", "?page=abc"):
        page(Client(), topic, query)
    assert len(kept_pages()) == 1


@pytest.mark.django_db
def test_changes_show_at_once_on_a_kept_page(topic, reply, member, moderator):
    visitor = Client()
    assert "Parles-en à un adulte." in page(visitor, topic)
    services.post_edit(reply, body="Parles-en à tes parents.")
    assert "Parles-en à tes parents." in page(visitor, topic)
    services.reaction_toggle(reply, user=member, kind=ReactionKind.SUPPORT)
    assert "1 soutien" in page(visitor, topic)
    services.reply_create(topic, author=member, body="Moi aussi ça m’est arrivé.")
    html = page(visitor, topic)
    assert "Moi aussi ça m’est arrivé." in html
    assert "2 réponses" in html
    topic.theme.name_fr = "Un autre nom"
    topic.theme.save()
    assert "Un autre nom" in page(visitor, topic)


@pytest.mark.django_db
def test_a_hidden_or_held_post_leaves_a_kept_page_at_once(topic, reply, other_member):
    visitor = Client()
    assert "Parles-en à un adulte." in page(visitor, topic)
    services.post_set_status(reply, PostStatus.HIDDEN)
    assert "Parles-en à un adulte." not in page(visitor, topic)
    services.post_set_status(reply, PostStatus.PUBLISHED)
    assert "Parles-en à un adulte." in page(visitor, topic)
    services.post_set_status(reply, PostStatus.HELD)
    assert "Parles-en à un adulte." not in page(visitor, topic)


@pytest.mark.django_db
def test_a_held_topic_is_not_found_after_its_page_was_kept(topic, reply):
    visitor = Client()
    page(visitor, topic)
    topic.status = PostStatus.HELD
    topic.save()
    assert visitor.get(f"/fr/topics/{topic.pk}/").status_code == 404


@pytest.mark.django_db
def test_each_language_has_its_own_kept_page(locmem, topic, reply):
    french = page(Client(), topic)
    dutch = page(Client(), topic, language="nl")
    assert "Se connecter" in french and "Se connecter" not in dutch
    assert "Aanmelden" in dutch
    assert len(kept_pages()) == 2


@pytest.mark.django_db
def test_a_visitors_message_shows_on_their_page_only(topic, reply):
    page(Client(), topic)  # the page is kept
    with_message = Client()
    storage = CookieStorage(RequestFactory().get("/"))
    with_message.cookies["messages"] = storage._encode(
        [Message(constants.INFO, "Tu es déconnecté·e.")]
    )
    assert "Tu es déconnecté·e." in page(with_message, topic)
    assert "Tu es déconnecté·e." not in page(Client(), topic)


@pytest.mark.django_db
def test_the_fixed_frame_is_kept_per_role_and_language(topic, reply, member, moderator):
    assert "/fr/moderation/" in page(client_for(moderator), topic).split("<main")[0]
    members_frame = page(client_for(member), topic).split("<main")[0]
    assert "/fr/moderation/" not in members_frame
    assert f"({member.username})" in members_frame
    visitors_frame = page(Client(), topic).split("<main")[0]
    assert "/fr/moderation/" not in visitors_frame
    assert member.username not in visitors_frame
    dutch_frame = page(Client(), topic, language="nl").split("<main")[0]
    assert "Aanmelden" in dutch_frame and "/nl/help/" in dutch_frame
    assert "Se connecter" not in dutch_frame and "/fr/" not in dutch_frame


@pytest.mark.django_db
def test_a_members_page_is_never_the_kept_visitors_page(locmem, topic, reply, member):
    visitors = page(Client(), topic)
    assert 'name="body"' not in visitors
    html = page(client_for(member), topic)
    assert "data-sign-out" in html and 'name="body"' in html
    other = make_user("third")
    others = page(client_for(other), topic)
    assert f"({other.username})" in others
    assert f"({member.username})" not in others
