"""Quick exit on a phone: afterwards neither Back nor a reload shows anything private.

These tests run in a Chromium that keeps its back/forward cache (Playwright turns it off by
default), since that cache is what a young person's Back button really meets.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import EXIT_URL, _sessions, launch, off_loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
VISITOR_SECRET = "Mon beau-père veut des photos de moi"
COUNSELLOR_SECRET = "Merci de me le dire, tu as bien fait"
MEMBER_SECRET = "Quelqu’un menace de publier mes photos"


@pytest.fixture(scope="module")
def bfcache_browser(browser) -> Iterator:
    second = launch(browser.browser_type, ignore_default_args=["--disable-back-forward-cache"])
    yield second
    second.close()


@pytest.fixture
def phone(bfcache_browser, live_server, settings, demo):
    settings.CYBERSQUAD_QUICK_EXIT_URL = EXIT_URL
    settings.CHAT_OPENING_HOURS = "mon-sun 00:00-24:00"
    yield from _sessions(bfcache_browser, live_server.url, quick_exit=True)


def counsellor_answers(about: str, text: str) -> None:
    from chat import services
    from chat.models import Conversation
    from cybersquad.models import User

    counsellor = User.objects.get(username="demo_counsellor")
    conversation = Conversation.objects.get(about=about)
    services.shift_start(counsellor)
    services.conversation_claim(conversation, by=counsellor)
    services.conversation_send(
        conversation.pk, user=counsellor, visitor_ids=set(), client_id="c1", body=text
    )


def start_chat(page, about: str) -> str:
    page.goto("/fr/chat/")
    page.locator('input[name="topic"][value="sexting"]').check()
    page.locator('textarea[name="about"]').fill(about)
    page.locator("form:has(textarea[name=about]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fr/chat/\d+/$"))
    return page.url


def quick_exit(page) -> None:
    """Tap the button, as a thumb would; wait for the neutral site and for the server to
    have ended the session (the beacon is not awaited by the page, a person is slower)."""
    from django.contrib.sessions.models import Session

    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    page.get_by_role("button", name="Sortie rapide").tap()
    page.wait_for_url(EXIT_URL)
    deadline = time.monotonic() + 10
    while off_loop(Session.objects.filter(session_key=key).exists):
        assert time.monotonic() < deadline, "the quick exit did not end the session"
        page.wait_for_timeout(20)


def shows_nothing_of(page, *secrets: str) -> None:
    page.wait_for_load_state()
    text = page.locator("body").inner_text()
    for secret in secrets:
        assert secret not in text, (page.url, secret)


def back_to(page, url: str) -> None:
    """Back, until the server has answered for ``url`` (a page restored from the back/forward
    cache reloads itself, so the server answers then too)."""
    with page.expect_response(lambda response: response.url == url):
        page.go_back()
    page.wait_for_load_state()


def sign_in(page, username: str, password: str) -> None:
    page.goto("/fr/accounts/login/")
    page.get_by_label("Pseudonyme").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/(fr|nl)/$"))


def test_visitor_quick_exit_then_back_and_reload_show_nothing(phone):
    session = phone(locale="fr-BE", **PHONE)
    page = session.page
    conversation_url = start_chat(page, VISITOR_SECRET)
    off_loop(counsellor_answers, VISITOR_SECRET, COUNSELLOR_SECRET)
    page.reload()
    expect(page.locator(".chat-log")).to_contain_text(COUNSELLOR_SECRET)
    # No keyboard on a phone: no "press Shift" anywhere.
    expect(page.locator("#quick-exit-hint")).to_be_hidden()
    expect(page.get_by_text("Appuie trois fois sur Maj")).to_be_hidden()

    # She reads a help page, then someone walks in.
    page.get_by_role("link", name="Pages d’aide").first.click()
    page.wait_for_url("**/fr/help/")
    quick_exit(page)

    back_to(page, conversation_url)
    shows_nothing_of(page, VISITOR_SECRET, COUNSELLOR_SECRET)
    page.reload()
    shows_nothing_of(page, VISITOR_SECRET, COUNSELLOR_SECRET)
    back_to(page, conversation_url.rsplit("/", 2)[0] + "/")  # the page she started from
    shows_nothing_of(page, "Tu as déjà une conversation ouverte")


def test_member_quick_exit_then_back_shows_nothing(phone):
    session = phone(locale="fr-BE", **PHONE)
    page = session.page
    sign_in(page, "demo_member", "demo-member-2026")
    conversation_url = start_chat(page, MEMBER_SECRET)
    page.goto("/fr/notifications/")
    expect(page.locator("body")).to_contain_text("demo_member")

    quick_exit(page)

    back_to(page, conversation_url)
    shows_nothing_of(page, MEMBER_SECRET, "demo_member")
    page.reload()
    shows_nothing_of(page, MEMBER_SECRET, "demo_member")
    page.goto("/fr/notifications/")
    shows_nothing_of(page, "demo_member")


def test_a_private_page_restored_from_the_back_forward_cache_reloads(phone):
    """Safari keeps even no-store pages in its back/forward cache, and not every browser
    knows Clear-Site-Data. Here the conversation page comes without its Cache-Control header
    and the quick exit's answer without Clear-Site-Data, so Chromium keeps the page too:
    restored after a quick exit, it hides at once and asks the server again."""
    session = phone(locale="fr-BE", **PHONE)
    page = session.page
    page.add_init_script(
        "addEventListener('pageshow', e => {"
        " if (e.persisted) sessionStorage.setItem('restored', document.body.hidden); });"
    )

    def without(header: str):
        def handler(route):
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items() if k.lower() != header}
            route.fulfill(response=response, headers=headers)

        return handler

    page.route(re.compile(r".*/fr/chat/\d+/$"), without("cache-control"))
    session.context.route("**/quick-exit/", without("clear-site-data"))
    # Whether Chromium keeps a page in its cache is its own choice (on a loaded machine it may
    # give up freezing the page in time): every try (a new chat, the last one ended with its
    # session) must show nothing, and one in three must come back from the cache.
    for _ in range(3):
        conversation_url = start_chat(page, VISITOR_SECRET)
        page.reload()  # a redirect's target is not routed: load it again, through the route
        expect(page.locator("body")).to_contain_text(VISITOR_SECRET)
        page.get_by_role("link", name="Pages d’aide").first.click()
        page.wait_for_url("**/fr/help/")
        quick_exit(page)

        back_to(page, conversation_url)
        shows_nothing_of(page, VISITOR_SECRET)
        if page.evaluate("sessionStorage.getItem('restored')") is not None:
            break
    # It came back from the cache with its content already hidden, then was loaded again.
    assert page.evaluate("sessionStorage.getItem('restored')") == "true"
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "reload"


def boxes_overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_button_never_covers_the_confirmation_or_the_focus(phone):
    from forum.models import Topic

    topic = off_loop(lambda: Topic.objects.filter(language="fr").first())
    session = phone(locale="fr-BE", **PHONE)
    page = session.page
    sign_in(page, "demo_member2", "demo-member2-2026")
    button = page.get_by_role("button", name="Sortie rapide")
    bar = page.locator(".quick-exit-bar")
    for width, reply in [(320, "Courage, parles-en à un adulte."), (390, "Tu n’es pas seul.")]:
        page.set_viewport_size({"width": width, "height": 700})
        page.goto(topic.get_absolute_url())
        for seen in (page.locator(".helpline"), page.locator("h1")):
            assert not boxes_overlap(bar.bounding_box(), seen.bounding_box()), (width, seen)

        # The field being filled in is scrolled into view below the button (WCAG 2.4.11).
        field = page.get_by_label("Ta réponse")
        field.focus()
        assert bar.bounding_box()["y"] + bar.bounding_box()["height"] <= field.bounding_box()["y"]
        field.fill(reply)
        page.get_by_role("button", name="Publier ma réponse").click()

        confirmation = page.locator(".messages .message")
        expect(confirmation).to_be_visible()
        new_post = page.locator(".post", has_text=reply)
        for seen in (new_post.locator(".post-header"), confirmation):
            seen.scroll_into_view_if_needed()
            assert not boxes_overlap(bar.bounding_box(), seen.bounding_box()), (width, seen)
        expect(button).to_be_in_viewport()
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        expect(button).to_be_in_viewport()


def test_without_javascript_quick_exit_still_ends_the_session(phone, live_server, settings):
    # A redirect's target escapes Playwright's routes: leave for a page of the test server.
    settings.CYBERSQUAD_QUICK_EXIT_URL = f"{live_server.url}/fr/themes/"
    session = phone(locale="fr-BE", java_script_enabled=False, **PHONE)
    page = session.page
    conversation_url = start_chat(page, VISITOR_SECRET)
    expect(page.locator("body")).to_contain_text(VISITOR_SECRET)
    page.get_by_role("button", name="Sortie rapide").tap()
    page.wait_for_url(settings.CYBERSQUAD_QUICK_EXIT_URL)
    back_to(page, conversation_url)
    shows_nothing_of(page, VISITOR_SECRET)
