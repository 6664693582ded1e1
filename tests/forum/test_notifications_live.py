"""Live unread counts over WebSocket: signed-in members only, numbers only, same origin only."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from composition.asgi import application
from forum import services
from tests.chat.conftest import aclient, connected

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def test_member_gets_the_count_live_without_content(topic, member, other_member):
    communicator = await connected("/ws/notifications/", await aclient(member))
    assert await communicator.receive_json_from() == {"type": "unread", "count": 0}
    await sync_to_async(services.reply_create)(topic, author=other_member, body="SECRET-TEXT")
    message = await communicator.receive_json_from(timeout=3)
    assert message == {"type": "unread", "count": 1}
    await communicator.send_json_to({"type": "anything"})
    assert (await communicator.receive_json_from())["type"] == "error"
    await communicator.disconnect()


async def test_anonymous_is_refused():
    communicator = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[(b"origin", b"http://testserver"), (b"host", b"testserver")],
    )
    connected, code = await communicator.connect()
    assert not connected


@pytest.mark.parametrize("origin", [b"http://evil.example", None])
async def test_foreign_or_missing_origin_is_refused(origin):
    headers = [(b"host", b"127.0.0.1")]
    if origin:
        headers.append((b"origin", origin))
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, _ = await communicator.connect()
    assert not connected
