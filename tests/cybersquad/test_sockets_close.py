"""Signing out, a suspension or losing a role closes the person's open sockets."""

from __future__ import annotations

import datetime

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from cybersquad.models import Role
from forum.consumers import NotificationConsumer
from moderation import services
from moderation.consumers import QueueConsumer
from tests.conftest import client_for, session_for

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def open_socket(consumer, path, user):
    communicator = WebsocketCommunicator(consumer.as_asgi(), path)
    communicator.scope["user"] = user
    communicator.scope["session"] = await sync_to_async(session_for)(user)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def closed_with(communicator, code: int) -> bool:
    while True:
        output = await communicator.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            return output.get("code") == code


async def test_signing_out_closes_the_notification_socket(member):
    communicator = await open_socket(NotificationConsumer, "/ws/notifications/", member)
    await communicator.receive_json_from()  # the initial count
    client = await sync_to_async(client_for)(member)
    await sync_to_async(client.post)("/fr/accounts/logout/")
    assert await closed_with(communicator, 4401)


async def test_suspension_closes_the_notification_socket(member, moderator):
    communicator = await open_socket(NotificationConsumer, "/ws/notifications/", member)
    await communicator.receive_json_from()
    until = timezone.now() + datetime.timedelta(days=1)
    await sync_to_async(services.member_suspend)(member, by=moderator, until=until, reason="r")
    assert await closed_with(communicator, 4401)


async def test_losing_the_moderator_role_closes_the_queue(moderator, coordinator, theme):
    from chat import services as chat
    from chat.models import Room

    room = await sync_to_async(Room.objects.create)(theme=theme)
    await sync_to_async(chat.room_open)(room, by=moderator)
    communicator = await open_socket(QueueConsumer, "/ws/moderation/queue/", moderator)
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
