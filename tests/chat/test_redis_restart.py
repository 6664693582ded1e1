"""A real Redis restart under an open chat socket: the socket stays open, joins its groups
again once Redis answers, and its client misses nothing (what was stored while Redis was down
is broadcast by the outbox sweep or replayed by the catch-up; duplicates are dropped by id)."""

from __future__ import annotations

import shutil
import socket as sockets
import subprocess
import tempfile
import time

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers

from chat import services
from tests.chat.conftest import aclient, connected
from tests.conftest import require

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with sockets.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, without persistence, on a port of its own."""

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="cybersquad-redis-")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.folder,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with sockets.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                # Not listening yet: wait on its socket again.
                pass
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def own_redis(settings):
    require("redis", bool(settings.REDIS_URL), "REDIS_URL is not set")
    require("redis", shutil.which("redis-server") is not None, "no redis-server to start")
    server = RedisServer()
    server.start()
    layers = dict(settings.CHANNEL_LAYERS)
    layer = dict(layers["default"])
    config = dict(layer["CONFIG"])
    host = dict(config["hosts"][0])
    host["address"] = f"redis://127.0.0.1:{server.port}/0"
    config["hosts"] = [host]
    layer["CONFIG"] = config
    settings.CHANNEL_LAYERS = {"default": layer}
    channel_layers.backends.pop("default", None)
    yield server
    server.stop()
    settings.CHANNEL_LAYERS = layers
    channel_layers.backends.pop("default", None)


async def messages_until(communicator, wanted: set[str]) -> list[str]:
    """The bodies of the message frames received until every wanted one came."""
    seen: list[str] = []
    while not wanted <= set(seen):
        frame = await communicator.receive_json_from(timeout=15)
        if frame["type"] == "message":
            seen.append(frame["html"])
    return seen


async def test_a_redis_restart_loses_no_message_for_a_connected_client(
    own_redis, claimed, member, counsellor, settings
):
    settings.CHAT_OUTBOX_SWEEP_SECONDS = 1
    settings.CHAT_HEARTBEAT_SECONDS = 1
    young = await connected(
        f"/ws/chat/conversations/{claimed.pk}/?after_seq=0&lang=fr", await aclient(member)
    )
    assert (await young.receive_json_from(timeout=3))["type"] == "synced"

    def says(client_id: str, body: str):
        return services.conversation_send(
            claimed.pk, user=counsellor, visitor_ids=set(), client_id=client_id, body=body
        )

    await sync_to_async(says)("before", "Avant")
    assert await messages_until(young, {"<p>Avant</p>"}) == ["<p>Avant</p>"]
    await sync_to_async(own_redis.stop)()
    # Stored while Redis is down: its broadcast fails, it stays unmarked.
    during = await sync_to_async(says)("during", "Pendant")
    assert during.message.broadcast_at is None
    await sync_to_async(own_redis.start)()
    await sync_to_async(says)("after", "Après")
    seen = await messages_until(young, {"<p>Pendant</p>", "<p>Après</p>"})
    # Each at least once, and the page drops repeats by id; the socket never closed.
    assert {"<p>Pendant</p>", "<p>Après</p>"} <= set(seen)
    assert "<p>Avant</p>" not in seen
    await young.disconnect()
