"""Chat fixtures: an open chat with a counsellor on shift, conversations, a room, sockets."""

from __future__ import annotations

import datetime

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client

from chat import services
from chat.models import Conversation, Room
from composition.asgi import application

ORIGIN = b"http://127.0.0.1"


@pytest.fixture(autouse=True)
def _chat_settings(settings):
    settings.CHAT_OPENING_HOURS = "mon-sun 00:00-24:00"


@pytest.fixture
def on_shift(counsellor):
    services.shift_start(counsellor)
    return counsellor


@pytest.fixture
def conversation(member) -> Conversation:
    conv, _ = services.conversation_open(
        member=member,
        about="Quelqu'un me harcèle sur Insta.",
        category="bullying",
        language="fr",
        after_hours=False,
    )
    return conv


@pytest.fixture
def claimed(conversation, counsellor) -> Conversation:
    assert services.conversation_claim(conversation, by=counsellor)
    conversation.refresh_from_db()
    return conversation


@pytest.fixture
def room(theme, moderator) -> Room:
    chat_room = Room.objects.create(
        theme=theme, days="1234567", opens_at=datetime.time(0, 0), closes_at=datetime.time(23, 59)
    )
    services.room_open(chat_room, by=moderator)
    chat_room.refresh_from_db()
    return chat_room


def cookie_of(client: Client) -> bytes:
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def socket(path: str, client: Client | None = None, *, origin: bytes | None = ORIGIN):
    """A communicator through the real ASGI stack: origin check, session and auth."""
    headers = []
    if origin is not None:
        headers.append((b"origin", origin))
    if client is not None and "sessionid" in client.cookies:
        headers.append((b"cookie", cookie_of(client)))
    return WebsocketCommunicator(application, path, headers=headers)


async def connected(path: str, client: Client | None = None, **kwargs):
    communicator = socket(path, client, **kwargs)
    ok, code = await communicator.connect()
    assert ok, code
    return communicator


async def aclient(user) -> Client:
    from asgiref.sync import sync_to_async

    from tests.conftest import client_for

    return await sync_to_async(client_for)(user)


async def close_code(communicator) -> int:
    """A socket refused at connect is accepted, then closed: the code a browser reads."""
    ok, _ = await communicator.connect()
    assert ok, "refused before accepting: a browser would read 1006, not the code"
    closing = await communicator.receive_output(timeout=3)
    assert closing["type"] == "websocket.close", closing
    return closing["code"]
