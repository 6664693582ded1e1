"""Members joining and leaving a room on two daphne processes while people write: every
member ends with every visible message exactly once (bounded version of the load check in
`make bench-chat`)."""

from __future__ import annotations

import asyncio
import json
import random

import pytest

from chat.models import Message
from tests.browser.conftest import start_daphne, stop_daphne
from tests.chat.test_two_processes import open_socket
from tests.conftest import client_for, make_user, require

pytestmark = [pytest.mark.django_db(transaction=True)]

MEMBERS = 16
WRITERS = 3
MESSAGES_EACH = 12


class Member:
    """A page: the number up to which it has everything, the ids on its screen."""

    def __init__(self, cookie: str) -> None:
        self.cookie = cookie
        self.cursor = 0
        self.ahead: set[int] = set()
        self.shown: dict[int, int] = {}  # id -> times received (the page drops repeats)

    def received(self, frame: dict) -> None:
        if frame["type"] == "message":
            self.shown[frame["id"]] = self.shown.get(frame["id"], 0) + 1
            if frame["seq"] > self.cursor:
                self.ahead.add(frame["seq"])
        elif frame["type"] == "synced":
            self.cursor = max(self.cursor, frame["last_seq"])
        while self.cursor + 1 in self.ahead:
            self.cursor += 1
        self.ahead = {n for n in self.ahead if n > self.cursor}

    async def visit(self, port: int, room: int, *, until_synced: bool, stay: float) -> None:
        path = f"/ws/chat/rooms/{room}/?after_seq={self.cursor}&lang=fr"
        socket = await open_socket(port, path, self.cookie)
        try:
            loop = asyncio.get_running_loop()
            leave = loop.time() + stay
            synced = False
            while not (synced and (until_synced or loop.time() >= leave)):
                timeout = 10 if not synced else max(0.01, leave - loop.time())
                try:
                    frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=timeout))
                except TimeoutError:
                    if not synced:
                        raise
                    break
                self.received(frame)
                if frame["type"] == "synced":
                    synced = True
                if frame["type"] == "message" and self.ahead:
                    await socket.send(json.dumps({"type": "replay", "after_seq": self.cursor}))
        finally:
            await socket.close()


async def writer(port: int, room: int, cookie: str, name: str) -> list[int]:
    socket = await open_socket(port, f"/ws/chat/rooms/{room}/?lang=fr", cookie)
    acked = []
    try:
        for n in range(MESSAGES_EACH):
            await socket.send(
                json.dumps({"type": "send", "client_id": f"{name}-{n}", "body": f"{name} {n}"})
            )
            while True:
                frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=20))
                if frame["type"] == "ack" and frame["client_id"] == f"{name}-{n}":
                    acked.append(frame["id"])
                    break
            await asyncio.sleep(random.uniform(0.05, 0.25))  # writing pace, not a wait
    finally:
        await socket.close()
    return acked


async def churn(ports: list[int], room: int, members: list[Member], writers: list[str]):
    stop = asyncio.Event()

    async def come_and_go(member: Member) -> None:
        while not stop.is_set():
            port = random.choice(ports)
            await member.visit(port, room, until_synced=False, stay=random.uniform(0.2, 1.5))

    visitors = [asyncio.create_task(come_and_go(m)) for m in members]
    acked = await asyncio.gather(
        *(writer(ports[i % 2], room, c, f"w{i}") for i, c in enumerate(writers))
    )
    stop.set()
    await asyncio.gather(*visitors)
    # Every page comes back one last time and replays from where it has everything.
    await asyncio.gather(
        *(m.visit(random.choice(ports), room, until_synced=True, stay=0) for m in members)
    )
    return [i for ids in acked for i in ids]


def test_members_joining_and_leaving_miss_nothing_on_two_processes(
    room, django_db_blocker, settings
):
    require("redis", bool(settings.REDIS_URL), "REDIS_URL is not set")
    settings.CHAT_RATE_MESSAGES = 1000
    random.seed(10)
    members = [
        Member(client_for(make_user(f"churn{i}")).cookies["sessionid"].value)
        for i in range(MEMBERS)
    ]
    writers = [
        client_for(make_user(f"writer{i}")).cookies["sessionid"].value for i in range(WRITERS)
    ]
    servers = [start_daphne(django_db_blocker) for _ in range(2)]
    try:
        acked = asyncio.run(churn([s.port.value for s in servers], room.pk, members, writers))
    finally:
        for server in servers:
            stop_daphne(server)
    visible = set(Message.objects.filter(room=room, status="visible").values_list("pk", flat=True))
    assert len(acked) == WRITERS * MESSAGES_EACH
    assert set(acked) == visible
    for member in members:
        assert set(member.shown) == visible, sorted(visible - set(member.shown))
