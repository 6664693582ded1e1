"""A chat socket ends with the session that opened it: a changed password, an expired or
deleted session. Everything goes through the real ASGI stack (origin, session, auth)."""

from __future__ import annotations

import datetime
import re

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chat.models import Conversation, Message
from cybersquad.models import User
from tests import texts
from tests.chat.conftest import aclient, close_code, connected, socket
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Nieuw-wachtwoord-77"


def path_of(conv: Conversation) -> str:
    return f"/ws/chat/conversations/{conv.pk}/?lang=fr"


async def send(communicator, client_id: str, body: str = "Tu es là ?") -> None:
    await communicator.send_json_to({"type": "send", "client_id": client_id, "body": body})


async def closed_with(communicator, code: int, timeout: float = 3) -> bool:
    """Read until the socket closes; False if something else than ``code`` closed it."""
    while True:
        output = await communicator.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return output.get("code") == code


def session_key_of(client: Client) -> str:
    return client.cookies["sessionid"].value


async def test_changing_the_password_closes_the_other_browsers_chat_at_once(claimed, member):
    elsewhere = await aclient(member)  # e.g. a phone signed in before
    here = await aclient(member)
    young = await connected(path_of(claimed), elsewhere)
    response = await sync_to_async(here.post)(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert await closed_with(young, 4401)
    # Whatever it sends now is not stored, and it cannot come back.
    await send(young, "after-change")
    assert await closed_with(young, 4401)
    assert await sync_to_async(Message.objects.count)() == 0
    # Coming back with that session is refused as a session that ended, not as a stranger.
    assert await close_code(socket(path_of(claimed), elsewhere)) == 4401
    # The browser that changed the password keeps its session, so its chat reconnects.
    again = await connected(path_of(claimed), here)
    await send(again, "from-here")
    assert (await again.receive_json_from(timeout=3))["type"] == "ack"
    await again.disconnect()


async def test_a_frame_is_refused_once_the_password_changed_even_without_the_event(claimed, member):
    young = await connected(path_of(claimed), await aclient(member))
    # A change that sends no event at all (a bulk update): the frame itself is checked.
    await sync_to_async(User.objects.filter(pk=member.pk).update)(
        password=make_password(NEW_PASSWORD)
    )
    await send(young, "c-1")
    assert await closed_with(young, 4401)
    assert await sync_to_async(Message.objects.count)() == 0


async def test_the_heartbeat_closes_a_socket_whose_password_changed(claimed, member, settings):
    """A change that bypassed Django's signals (a raw UPDATE) is caught by the periodic
    session check (every CHAT_SESSION_RECHECK_BEATS heartbeats)."""
    settings.CHAT_HEARTBEAT_SECONDS = 1
    settings.CHAT_SESSION_RECHECK_BEATS = 1
    young = await connected(path_of(claimed), await aclient(member))
    await sync_to_async(User.objects.filter(pk=member.pk).update)(
        password=make_password(NEW_PASSWORD)
    )
    assert await closed_with(young, 4401, timeout=4)


async def test_a_coordinator_resetting_the_password_closes_the_chat(claimed, member, coordinator):
    young = await connected(path_of(claimed), await aclient(member))
    admin = await aclient(coordinator)
    response = await sync_to_async(admin.post)(
        f"/fr/admin/cybersquad/user/{member.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert await closed_with(young, 4401)


async def test_set_password_anywhere_closes_the_chat(claimed, member, counsellor):
    young = await connected(path_of(claimed), await aclient(member))
    staff = await connected(path_of(claimed), await aclient(counsellor))

    def change() -> None:
        user = User.objects.get(pk=member.pk)
        user.set_password(NEW_PASSWORD)
        user.save()

    await sync_to_async(change)()
    assert await closed_with(young, 4401)
    assert await staff.receive_nothing(timeout=0.3)  # the counsellor's session is untouched
    # What is said afterwards no longer reaches the closed socket.
    await send(staff, "s-1", "Je suis là.")
    assert (await staff.receive_json_from(timeout=3))["type"] == "ack"
    assert (await staff.receive_json_from(timeout=3))["type"] == "message"
    assert await young.receive_nothing(timeout=0.3)
    await staff.disconnect()


async def test_an_expired_session_closes_the_chat_when_it_expires(claimed, member):
    client = await aclient(member)
    soon = timezone.now() + datetime.timedelta(seconds=1)
    await sync_to_async(Session.objects.filter(pk=session_key_of(client)).update)(expire_date=soon)
    young = await connected(path_of(claimed), client)
    assert await closed_with(young, 4401, timeout=4)
    await send(young, "too-late")
    assert await closed_with(young, 4401)
    assert await sync_to_async(Message.objects.count)() == 0


async def open_as_visitor() -> tuple[Client, Conversation]:
    browser = Client()
    await sync_to_async(browser.post)(
        reverse("chat:start"), {"topic": "other", "about": texts.NOBODY_TO_TALK_TO_FR}
    )
    return browser, await sync_to_async(Conversation.objects.get)()


async def test_a_visitors_chat_closes_when_their_session_is_deleted(db):
    browser, conv = await open_as_visitor()
    visitor = await connected(path_of(conv), browser)
    await sync_to_async(Session.objects.filter(pk=session_key_of(browser)).delete)()
    assert await closed_with(visitor, 4401)
    await send(visitor, "v-after")
    assert await closed_with(visitor, 4401)
    assert await sync_to_async(Message.objects.count)() == 0
    assert await close_code(socket(path_of(conv), browser)) == 4401


async def test_a_visitors_chat_closes_when_their_session_expires(db):
    browser, conv = await open_as_visitor()
    soon = timezone.now() + datetime.timedelta(seconds=1)
    await sync_to_async(Session.objects.filter(pk=session_key_of(browser)).update)(expire_date=soon)
    visitor = await connected(path_of(conv), browser)
    assert await closed_with(visitor, 4401, timeout=4)


async def test_typing_after_the_password_changed_is_not_relayed(claimed, member, counsellor):
    young = await connected(path_of(claimed), await aclient(member))
    staff = await connected(path_of(claimed), await aclient(counsellor))
    await sync_to_async(User.objects.filter(pk=member.pk).update)(
        password=make_password(NEW_PASSWORD)
    )
    await young.send_json_to({"type": "typing"})
    assert await closed_with(young, 4401)
    assert await staff.receive_nothing(timeout=0.3)
    await staff.disconnect()


async def test_a_password_reset_by_email_closes_the_chat(claimed, member):
    member.email = "lotte@example.org"
    await sync_to_async(member.save)()
    young = await connected(path_of(claimed), await aclient(member))
    browser = Client()
    await sync_to_async(browser.post)(
        reverse("account_reset_password"), {"email": "lotte@example.org"}
    )
    link = re.search(r"/fr/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    form_page = await sync_to_async(browser.get)(link, follow=True)
    response = await sync_to_async(browser.post)(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert await closed_with(young, 4401)
