"""Signing out, a suspension, losing a role, a changed password or a second factor removed or
replaced closes the person's open sockets."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from asgiref.sync import sync_to_async
from django.urls import reverse
from django.utils import timezone

from cybersquad.models import Role
from moderation import services
from tests.chat.conftest import aclient, close_code, connected, socket
from tests.conftest import TOTP_SECRET, client_for, make_user

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def open_socket(path, user):
    """Through the real ASGI stack, with the user's own session."""
    return await connected(path, await aclient(user))


async def closed_with(communicator, code: int) -> bool:
    while True:
        output = await communicator.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            return output.get("code") == code


async def test_signing_out_closes_the_notification_socket(member):
    communicator = await open_socket("/ws/notifications/", member)
    await communicator.receive_json_from()  # the initial count
    client = await sync_to_async(client_for)(member)
    await sync_to_async(client.post)("/fr/accounts/logout/")
    assert await closed_with(communicator, 4401)


async def test_suspension_closes_the_notification_socket(member, moderator):
    communicator = await open_socket("/ws/notifications/", member)
    await communicator.receive_json_from()
    until = timezone.now() + datetime.timedelta(days=1)
    await sync_to_async(services.member_suspend)(member, by=moderator, until=until, reason="r")
    assert await closed_with(communicator, 4401)


async def test_losing_the_moderator_role_closes_the_queue(moderator, coordinator, theme):
    from chat import services as chat
    from chat.models import Room

    room = await sync_to_async(Room.objects.create)(theme=theme)
    await sync_to_async(chat.room_open)(room, by=moderator)
    communicator = await open_socket("/ws/moderation/queue/", moderator)
    client = await sync_to_async(client_for)(coordinator)
    response = await sync_to_async(client.post)(
        f"/fr/admin/cybersquad/user/{moderator.pk}/change/",
        {
            "username": moderator.username,
            "role": Role.MEMBER,
            "is_active": "on",
            "language": "fr",
            "email": "",
            "avatar": "fox",
            "birth_month": "",
            "birth_year": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert await closed_with(communicator, 4401)
    await sync_to_async(room.refresh_from_db)()
    assert room.moderator_id is None  # no longer present as a moderator in the room


async def test_a_changed_password_closes_every_other_socket_of_the_person(moderator):
    browser = await sync_to_async(client_for)(moderator)
    notifications = await open_socket("/ws/notifications/", moderator)
    await notifications.receive_json_from()
    queue = await connected("/ws/moderation/queue/", browser)

    def change() -> None:
        moderator.set_password("Nieuw-wachtwoord-77")
        moderator.save()

    await sync_to_async(change)()
    assert await closed_with(notifications, 4401)
    assert await closed_with(queue, 4401)
    # Sessions made with the old password are refused from now on.
    assert await close_code(socket("/ws/moderation/queue/", browser)) == 4403


async def test_a_socket_closes_when_its_session_is_deleted(member):
    from django.contrib.sessions.models import Session

    browser = await sync_to_async(client_for)(member)
    notifications = await connected("/ws/notifications/", browser)
    await notifications.receive_json_from()
    key = browser.cookies["sessionid"].value
    await sync_to_async(Session.objects.filter(pk=key).delete)()
    assert await closed_with(notifications, 4401)


async def staff_sockets(counsellor) -> tuple:
    """A counsellor at work: the workspace list, a help chat they have, notifications."""
    from chat import services as chat

    def a_chat():
        member = make_user("lotte")
        conversation, _ = chat.conversation_open(
            member=member, about="Aide", category="other", language="fr", after_hours=False
        )
        chat.shift_start(counsellor)
        assert chat.conversation_claim(conversation, by=counsellor)
        return conversation

    conversation = await sync_to_async(a_chat)()
    browser = await sync_to_async(client_for)(counsellor)
    paths = [
        "/ws/counselling/",
        f"/ws/chat/conversations/{conversation.pk}/",
        "/ws/notifications/",
    ]
    return browser, paths, [await connected(path, browser) for path in paths]


async def test_a_coordinator_removing_a_lost_phone_closes_the_staff_sockets_at_once(
    counsellor, coordinator, settings
):
    settings.CHAT_OPENING_HOURS = "mon-sun 00:00-24:00"
    browser, paths, sockets = await staff_sockets(counsellor)
    app = await sync_to_async(Authenticator.objects.get)(user=counsellor, type="totp")
    admin = await sync_to_async(client_for)(coordinator)
    response = await sync_to_async(admin.post)(
        f"/fr/admin/mfa/authenticator/{app.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    for communicator in sockets:
        assert await closed_with(communicator, 4401)
    # Nothing opens again with the session that passed the lost app, not even once a new
    # app is set up: that session must pass the new one first.
    await sync_to_async(Authenticator.objects.create)(
        user=counsellor, type="totp", data={"secret": TOTP_SECRET}
    )
    for path in paths:
        assert await close_code(socket(path, browser)) == 4401
    page = await sync_to_async(browser.get)("/fr/counselling/")
    assert page["Location"].startswith(reverse("mfa_reauthenticate"))


async def test_deactivating_or_replacing_a_factor_in_another_browser_closes_the_sockets(
    counsellor, settings
):
    settings.CHAT_OPENING_HOURS = "mon-sun 00:00-24:00"
    await sync_to_async(RecoveryCodes.activate)(counsellor)
    browser, paths, sockets = await staff_sockets(counsellor)
    # New recovery codes (allauth's own page, another browser): the sockets close, and
    # this browser, which passed with the app it still has, opens them again.
    elsewhere = await sync_to_async(client_for)(counsellor)
    response = await sync_to_async(elsewhere.post)(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    for communicator in sockets:
        assert await closed_with(communicator, 4401)
    sockets = [await connected(path, browser) for path in paths]
    # The app itself deactivated (allauth's own page): closed, and refused from now on.
    response = await sync_to_async(elsewhere.post)(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not await sync_to_async(Authenticator.objects.filter(user=counsellor).exists)()
    for communicator in sockets:
        assert await closed_with(communicator, 4401)
    for path in paths:
        assert await close_code(socket(path, browser)) == 4401
