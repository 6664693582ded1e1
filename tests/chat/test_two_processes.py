"""Two daphne processes sharing Redis: clients on either deliver to each other, idle sockets
outlive redis-py's default timeout, and when one process dies its clients reconnect to the
other and replay what they missed."""

from __future__ import annotations

import asyncio
import json

import pytest
from django.conf import settings

from chat.models import Message
from tests.browser.conftest import start_daphne, stop_daphne
from tests.conftest import client_for, require

pytestmark = [pytest.mark.django_db(transaction=True)]

IDLE_SECONDS = 11  # redis-py 8 would close an idle socket after 5 s


async def open_socket(port: int, path: str, cookie: str):
    from websockets.asyncio.client import connect

    return await connect(
        f"ws://localhost:{port}{path}",
        origin=f"http://localhost:{port}",
        additional_headers={"Cookie": f"sessionid={cookie}"},
        open_timeout=10,
    )


async def next_frame(socket, kind: str, *, mine: bool | None = None) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
        if frame["type"] == kind and (mine is None or frame.get("mine") == mine):
            return frame


async def exchange(port_a: int, port_b: int, path: str, cookie_a: str, cookie_b: str, stop_a):
    one = await open_socket(port_a, path, cookie_a)
    two = await open_socket(port_b, path, cookie_b)
    await asyncio.sleep(IDLE_SECONDS)
    await one.send(json.dumps({"type": "send", "client_id": "a1", "body": "Bonjour de A"}))
    first = await next_frame(two, "message")
    assert first["html"] == "<p>Bonjour de A</p>"
    await two.send(json.dumps({"type": "send", "client_id": "b1", "body": "Hallo van B"}))
    assert (await next_frame(one, "message", mine=False))["html"] == "<p>Hallo van B</p>"
    last_seen = (await next_frame(two, "message", mine=True))["id"]  # B's own, broadcast back
    # Process A dies. B goes on; the client of A comes back through B and replays.
    await asyncio.to_thread(stop_a)
    await two.send(json.dumps({"type": "send", "client_id": "b2", "body": "Tu es parti ?"}))
    await next_frame(two, "ack")
    back = await open_socket(port_b, f"{path}&after={last_seen}", cookie_a)
    replayed = await next_frame(back, "message")
    assert replayed["html"] == "<p>Tu es parti ?</p>"
    assert (await next_frame(back, "synced"))["last_id"] == replayed["id"]
    for socket in (two, back):
        await socket.close()


def test_two_processes_share_a_room_and_survive_losing_one(
    room, member, other_member, django_db_blocker
):
    require("redis", bool(settings.REDIS_URL), "REDIS_URL is not set")
    cookie_a = client_for(member).cookies["sessionid"].value
    cookie_b = client_for(other_member).cookies["sessionid"].value
    a = start_daphne(django_db_blocker)
    b = start_daphne(django_db_blocker)

    def stop_a() -> None:
        stop_daphne(a)

    try:
        asyncio.run(
            exchange(
                a.port.value,
                b.port.value,
                f"/ws/chat/rooms/{room.pk}/?lang=fr",
                cookie_a,
                cookie_b,
                stop_a,
            )
        )
    finally:
        for process in (a, b):
            stop_daphne(process)
    bodies = list(Message.objects.order_by("pk").values_list("body", flat=True))
    assert bodies == ["Bonjour de A", "Hallo van B", "Tu es parti ?"]


async def until(communicator, frame: dict) -> bool:
    """Whether this frame arrives within a few seconds (other frames may come first)."""
    for _ in range(10):
        if await communicator.receive_json_from(timeout=5) == frame:
            return True
    return False


@pytest.mark.asyncio
async def test_after_redis_loses_its_data_open_sockets_catch_up(
    claimed, member, counsellor, settings
):
    """A Redis restart forgets the layer's groups: the socket rejoins and replays by itself."""
    require("redis", bool(settings.REDIS_URL), "REDIS_URL is not set")
    import redis
    from asgiref.sync import sync_to_async

    from chat import services
    from tests.chat.conftest import aclient, connected

    settings.CHAT_HEARTBEAT_SECONDS = 1
    young = await connected(
        f"/ws/chat/conversations/{claimed.pk}/?after=0&lang=fr", await aclient(member)
    )
    assert (await young.receive_json_from(timeout=3))["type"] == "synced"
    workspace = await connected("/ws/counselling/", await aclient(counsellor))
    notifications = await connected("/ws/notifications/", await aclient(member))
    assert (await notifications.receive_json_from(timeout=3))["type"] == "unread"
    await sync_to_async(redis.Redis.from_url(settings.REDIS_URL).flushdb)()
    await sync_to_async(services.conversation_send)(
        claimed.pk, user=counsellor, visitor_ids=set(), client_id="lost", body="Tu es là ?"
    )
    caught_up = await young.receive_json_from(timeout=5)
    assert caught_up["type"] == "message"
    assert caught_up["html"] == "<p>Tu es là ?</p>"
    assert (await young.receive_json_from(timeout=3))["type"] == "synced"
    # The broadcasts reach it again too.
    await sync_to_async(services.conversation_send)(
        claimed.pk, user=counsellor, visitor_ids=set(), client_id="next", body="Encore là"
    )
    assert (await young.receive_json_from(timeout=3))["html"] == "<p>Encore là</p>"
    # Staff lists are told to refetch, and the unread count is sent again.
    assert await until(workspace, {"type": "changed", "change": "resync"})
    assert await until(notifications, {"type": "unread", "count": 1})
    for communicator in (young, workspace, notifications):
        await communicator.disconnect()
