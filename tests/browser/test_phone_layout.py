"""Every page of every role on a phone (390×844, touch) and a desktop (1280×800), in French and
Dutch: nothing scrolls sideways (WCAG 1.4.10), the header stays small on a phone with the
helpline and the quick exit in reach, the menu folds behind a button that says whether it is
open, tap targets are at least 44×44 px and no keyboard-only hint shows on a touch screen.

Set CYBERSQUAD_SHOTS to a folder to keep a screenshot of every page visited (its first screen;
the whole page with CYBERSQUAD_SHOTS_FULL=1).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import give_app, off_loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"390": PHONE, "1280": DESKTOP}
SHOTS = os.environ.get("CYBERSQUAD_SHOTS", "")
FULL = bool(os.environ.get("CYBERSQUAD_SHOTS_FULL"))


def set_up() -> dict[str, str]:
    """What each role has to look at: a report, a decision, a help conversation, an appeal."""
    from chat import services as chat_services
    from chat.models import Conversation, Room
    from cybersquad.models import User
    from forum.models import HelpArticle, Post, Theme, Topic
    from moderation import services
    from moderation.models import Appeal, QueueItem

    member = User.objects.get(username="demo_member")
    moderator = User.objects.get(username="demo_moderator")
    others_post = Post.objects.filter(author__username="demo_member2", status="published").first()
    services.report_create(
        reporter=member,
        reason="bullying",
        description="Il se moque de moi dans chaque réponse.",
        language="fr",
        post=others_post,
    )
    own_post = Post.objects.filter(author=member, status="published").last()
    services.post_hide(own_post, by=moderator, reason="Ce message se moque d’un autre membre.")
    decision = member.decisions.order_by("-pk").first()
    services.appeal_create(decision, by=member, text="Je ne me moquais pas, c’était une blague.")
    conversation, _ = chat_services.conversation_open(
        member=member,
        about="Quelqu’un me demande des photos et menace de tout montrer.",
        category="sextortion",
        language="fr",
        after_hours=False,
    )
    topic = Topic.objects.filter(language="fr").first()
    return {
        "theme": Theme.objects.get(slug="sextortion").get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "article": HelpArticle.objects.first().get_absolute_url(),
        "room": Room.objects.first().get_absolute_url(),
        "decision": decision.get_absolute_url(),
        "conversation": conversation.get_absolute_url(),
        "case": Conversation.objects.exclude(pk=conversation.pk).first().get_workspace_url(),
        "item": QueueItem.objects.filter(closed_at__isnull=True).first().get_absolute_url(),
        "appeal": f"/fr/moderation/appeals/{Appeal.objects.get().pk}/",
        "post_edit": f"/fr/posts/{member.posts.filter(status='published').first().pk}/edit/",
        "report_post": f"/fr/report/post/{others_post.pk}/",
    }


def pages_of(role: str, urls: dict[str, str]) -> list[str]:
    year = timezone.localdate().year
    public = [
        "/fr/",
        "/fr/themes/",
        urls["theme"],
        urls["topic"],
        "/fr/help/",
        urls["article"],
        "/fr/get-help/",
        "/fr/house-rules/",
        "/fr/privacy/",
        "/fr/search/?q=instagram",
        "/fr/chat/",
        "/fr/chat/return/",
        "/fr/rooms/",
        urls["room"],
        "/fr/report/",
    ]
    if role == "visitor":
        return [
            *public,
            "/fr/accounts/login/",
            "/fr/accounts/signup/",
            "/fr/accounts/password/reset/",
        ]
    if role == "member":
        return [
            *public,
            "/fr/topics/new/",
            urls["post_edit"],
            urls["report_post"],
            "/fr/notifications/",
            "/fr/account/settings/",
            "/fr/account/data/",
            "/fr/account/delete/",
            "/fr/report/mine/",
            "/fr/chat/mine/",
            urls["conversation"],
            urls["decision"],
        ]
    if role == "moderator":
        return ["/fr/moderation/", urls["item"], "/fr/moderation/appeals/", urls["appeal"]]
    if role == "counsellor":
        return ["/fr/counselling/", urls["case"], "/fr/accounts/2fa/"]
    return [f"/fr/figures/{year}/", "/fr/accounts/2fa/"]


USERS = {
    "member": "demo_member",
    "moderator": "demo_moderator",
    "counsellor": "demo_counsellor",
    "coordinator": "demo_coordinator",
}


def sign_in(session, server_url: str, username: str) -> None:
    """Signed in as the sign-in pages leave a person (staff: with the authenticator app's code
    typed), through a session cookie: those pages have tests of their own
    (test_staff_sign_in.py, test_forum_flow.py); here they would be gone through 16 times."""
    from django.conf import settings

    from cybersquad.models import User
    from tests.conftest import client_for

    if username != "demo_member":
        give_app(username)
    client = off_loop(lambda: client_for(User.objects.get(username=username)))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    session.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server_url}]
    )


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


SMALL_TARGETS = """() => {
  const small = [];
  const targets = ".top-bar a, .top-bar button, .site-header a, .site-header button,"
    + " main button, main .button";
  for (const el of document.querySelectorAll(targets)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || el.closest(".visually-hidden")) continue;
    if (box.width < 44 || box.height < 44) {
      small.push(`${el.textContent.trim()} ${box.width}x${box.height}`);
    }
  }
  return small;
}"""


@pytest.mark.parametrize("size", ["390", "1280"])
@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.long
def test_every_page_of_every_role_fits_the_screen(open_session, live_server, demo, lang, size):
    urls = off_loop(set_up)
    phone = size == "390"
    problems: dict[str, list[str]] = {}
    axe = Axe()
    for role in ["visitor", "member", "moderator", "counsellor", "coordinator"]:
        session = open_session(locale=f"{lang}-BE", bypass_csp=True, **SIZES[size])
        page = session.page
        if role != "visitor":
            sign_in(session, live_server.url, USERS[role])
        for path in pages_of(role, urls):
            path = path.replace("/fr/", f"/{lang}/", 1)
            page.goto(path)
            found = []
            shown = urlsplit(page.url).path
            # Members' pages (a room) send a visitor to sign in; nobody else is sent away.
            sent_to_sign_in = role == "visitor" and shown == f"/{lang}/accounts/login/"
            if shown != urlsplit(path).path and not sent_to_sign_in:
                found.append(f"shown {page.url} instead")
            width = page.evaluate("window.innerWidth")
            scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
            if scroll_width > width:
                found.append(f"{scroll_width} px wide")
            if phone:
                header = page.evaluate(
                    "document.querySelector('.top-bar').getBoundingClientRect().height"
                    " + document.querySelector('.site-header').getBoundingClientRect().height"
                )
                if header > 0.25 * 844:
                    found.append(f"header {header} px high")
                found += [f"small target {t}" for t in page.evaluate(SMALL_TARGETS)]
                if page.locator("[data-keyboard-hint]:visible").count():
                    found.append("keyboard hint on a touch screen")
                if role != "visitor":  # the visitor's pages: test_accessibility.py
                    found += serious(axe.run(page))
            if SHOTS:
                name = re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower())
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{SHOTS}/{size}-{lang}-{role}-{name}.png", full_page=FULL)
            if found:
                problems[f"{role} {path}"] = found
    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_phone_menu_folds_behind_a_button(open_session, demo, lang):
    session = open_session(locale=f"{lang}-BE", **PHONE)
    page = session.page
    page.goto(f"/{lang}/")
    toggle = page.get_by_role("button", name="Menu")
    menu = page.get_by_role("navigation", name=re.compile("Menu principal|Hoofdmenu"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    # The helpline and the quick exit stay on the first screen with the menu closed.
    expect(page.locator(".helpline-call")).to_be_in_viewport()
    expect(page.locator(".quick-exit")).to_be_in_viewport()
    expect(page.locator("#quick-exit-hint")).to_be_hidden()

    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(menu).to_be_hidden()

    # The narrowest phones (320 px): still one line for the band and one for the header.
    page.set_viewport_size({"width": 320, "height": 640})
    header = page.evaluate(
        "document.querySelector('.top-bar').getBoundingClientRect().height"
        " + document.querySelector('.site-header').getBoundingClientRect().height"
    )
    assert header <= 0.2 * 640
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 320
    expect(toggle).to_be_visible()

    # On a desktop the menu is always there and the button is not.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(menu).to_be_visible()
    expect(toggle).to_be_hidden()


def test_without_javascript_the_menu_is_simply_shown(open_session, demo):
    session = open_session(locale="nl-BE", java_script_enabled=False, **PHONE)
    page = session.page
    page.goto("/nl/")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.locator("[data-menu-toggle]")).to_be_hidden()


SWITCH_CASES = [
    (asked, saved, page)
    for asked in ("fr", "nl")
    for saved in ("", "fr", "nl")
    for page in ("fr", "nl")
]


@pytest.mark.parametrize(("asked", "saved", "page"), SWITCH_CASES)
def test_language_switch_always_switches(open_session, live_server, demo, asked, saved, page):
    """From every combination of the browser's language, the saved one (a visitor's cookie)
    and the page's, the other language's button shows the same page in that language."""
    from django.conf import settings

    session = open_session(locale=f"{asked}-BE", **PHONE)
    if saved:
        session.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": saved, "url": live_server.url}]
        )
    other = "nl" if page == "fr" else "fr"
    session.page.goto(f"/{page}/help/")
    heading = session.page.locator("h1").inner_text()
    # Its name starts with what it shows (WCAG 2.5.3), so "NL" spoken or typed finds it.
    button = session.page.get_by_role("button", name=re.compile(rf"^{other.upper()}\b"))
    expect(button).to_have_text(re.compile(rf"^{other.upper()}"))
    button.tap()
    session.page.wait_for_url(f"**/{other}/help/")
    expect(session.page.locator("html")).to_have_attribute("lang", other)
    expect(session.page.locator("h1")).not_to_have_text(heading)
    expect(session.page.locator(".current-language")).to_contain_text(other.upper())
