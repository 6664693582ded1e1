"""Close codes read by Chromium: a chat socket refused when it connects again (the
conversation is gone, the member was taken out of the room, the session ended) makes the page
say so in its own language and stop trying (issue 10, item 6)."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import off_loop
from tests.browser.test_chat_flow import LIVE, seed, sign_in, wait_live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every socket the page makes, counted by the page itself (its constructor) and by Playwright.
COUNT_SOCKETS = (
    "window.__sockets = [];"
    "window.WebSocket = class extends window.WebSocket {"
    "  constructor(...args) { super(...args); window.__sockets.push(this); }"
    "};"
)


def own_conversation(username: str) -> int:
    from chat import services
    from cybersquad.models import User

    def setup() -> int:
        conversation, _ = services.conversation_open(
            member=User.objects.get(username=username),
            about="Quelqu'un me demande des photos.",
            category="sexting",
            language="fr",
            after_hours=False,
        )
        return conversation.pk

    return off_loop(setup)


def conversation_gone(pk: int) -> None:
    """As retention leaves it: the conversation no longer exists for anyone."""
    from django.utils import timezone

    from chat.models import Conversation

    off_loop(lambda: Conversation.objects.filter(pk=pk).update(anonymised_at=timezone.now()))


def taken_out_of_room(username: str, slug: str) -> None:
    from django.utils import timezone

    from chat.models import Room, RoomExclusion
    from cybersquad.models import User

    def exclude() -> None:
        RoomExclusion.objects.create(
            room=Room.objects.get(theme__slug=slug),
            member=User.objects.get(username=username),
            by=User.objects.get(username="demo_moderator"),
            until=timezone.now() + datetime.timedelta(hours=2),
        )

    off_loop(exclude)


def session_ended(session_key: str) -> None:
    from importlib import import_module

    from django.conf import settings

    engine = import_module(settings.SESSION_ENGINE)
    off_loop(lambda: engine.SessionStore(session_key).delete())


def chat_sockets(urls: list[str]) -> int:
    return sum("/ws/chat/" in url for url in urls)


@pytest.mark.parametrize(
    ("code", "lang", "username", "expected"),
    [
        (4404, "fr", "demo_member", "Ce chat n'existe plus."),
        (4403, "nl", "demo_member2", "Deze chat is niet meer open voor jou op deze pagina."),
        (
            4401,
            "fr",
            "demo_member",
            "Tu es déconnecté·e, alors ce chat s'est arrêté. Reconnecte-toi pour le continuer.",
        ),
    ],
)
def test_refused_socket_says_why_in_the_page_language_and_stops(
    open_live_session, code, lang, username, expected
):
    seed()
    person = open_live_session(locale=f"{lang}-BE")
    page = person.page
    page.add_init_script(COUNT_SOCKETS)
    # The page's timers are Playwright's: time flows, and the test can jump ahead of any
    # back-off to show that nothing is tried again.
    page.clock.install()
    seen: list[str] = []
    page.on("websocket", lambda socket: seen.append(socket.url))
    sign_in(person, lang, username)
    if code == 4403:
        page.goto(f"/{lang}/rooms/sextortion/")
    else:
        page.goto(f"/{lang}/chat/{own_conversation(username)}/")
    wait_live(page)
    chat = page.locator("[data-chat]")
    pk = int(chat.get_attribute("data-socket").rstrip("/").rsplit("/", 1)[1])

    # The socket is lost and, before the page tries again, the chat ends for this person, so
    # nothing can tell the lost socket. The page's time stands still from here (no back-off
    # timer fires): the socket closes over the network as it does (a socket closed while the
    # browser is offline may wait for its closing handshake for many seconds), then the
    # network goes and comes back, and the page connects again at once.
    page.clock.pause_at(page.evaluate("Date.now()") + 1)
    page.evaluate("window.__sockets.forEach((s) => s.close())")
    expect(chat).to_have_attribute("data-live", "closed", timeout=LIVE)
    if code == 4404:
        conversation_gone(pk)
    elif code == 4403:
        taken_out_of_room(username, "sextortion")
    else:
        cookie = next(c for c in person.context.cookies() if c["name"] == "sessionid")
        session_ended(cookie["value"])
    person.context.set_offline(True)
    expect(page.locator("[data-chat]")).to_have_attribute("data-connection", "offline")
    person.context.set_offline(False)

    expect(page.locator("[data-chat-error]")).to_have_text(expected, timeout=LIVE)
    expect(page.locator("[data-chat-connection]")).to_have_text(expected)
    expect(page.locator("#chat-input")).to_be_disabled()
    assert chat.get_attribute("data-live") == "closed"
    count = "window.__sockets.filter((s) => s.url.includes('/ws/chat/')).length"
    # Attempts so far, as the page made them and as Chromium reported them (one made while
    # offline may never reach Playwright, so each is compared with itself).
    made, reported = page.evaluate(count), chat_sockets(seen)
    assert made >= 2  # the first socket and the refused one at least

    # An hour later, and back online once more: not one more attempt.
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.clock.run_for(3_600_000)
    assert page.evaluate(count) == made
    assert chat_sockets(seen) == reported
