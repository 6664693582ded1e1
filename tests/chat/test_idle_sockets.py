"""The Redis channel layer's one reader per process (cybersquad/layers.py) and what an idle
socket costs with it (issue 10, item 7; the memory itself is measured by make bench-chat)."""

from __future__ import annotations

import asyncio

import pytest
from channels.layers import channel_layers, get_channel_layer
from django.conf import settings

from cybersquad.layers import RedisChannelLayer
from tests.chat.conftest import aclient, connected
from tests.chat.test_redis_restart import own_redis  # noqa: F401 (a fixture)
from tests.conftest import require

pytestmark = [pytest.mark.asyncio]


@pytest.fixture
def layer():
    require("redis", bool(settings.REDIS_URL), "REDIS_URL is not set")
    channel_layers.backends.pop("default", None)
    yield get_channel_layer()
    channel_layers.backends.pop("default", None)


async def test_the_site_runs_on_the_layer_with_one_reader(layer):
    assert isinstance(layer, RedisChannelLayer)


async def test_subscribed_channels_and_receive_share_one_reader(layer):
    socket, other = await layer.new_channel(), await layer.new_channel()
    heard: list[dict] = []
    arrived = asyncio.Event()

    def deliver(message: dict) -> None:
        heard.append(message)
        arrived.set()

    layer.subscribe(socket, deliver, lambda: None)
    await layer.group_add("cybersquad-reader-test", socket)
    await layer.group_add("cybersquad-reader-test", other)
    waiting = asyncio.ensure_future(layer.receive(other))
    await layer.group_send("cybersquad-reader-test", {"type": "ping", "n": 1})
    assert await asyncio.wait_for(waiting, 5) == {"type": "ping", "n": 1}
    await asyncio.wait_for(arrived.wait(), 5)
    assert heard == [{"type": "ping", "n": 1}]
    assert len(layer._readers) == 1
    await layer.group_discard("cybersquad-reader-test", socket)
    await layer.group_discard("cybersquad-reader-test", other)
    layer.unsubscribe(socket)


async def test_a_message_sent_before_its_receive_is_kept_for_it(layer):
    socket, later = await layer.new_channel(), await layer.new_channel()
    layer.subscribe(socket, lambda message: None, lambda: None)  # the reader runs
    await layer.send(later, {"type": "early"})
    await layer.send(socket, {"type": "after"})  # read after the first one
    assert await asyncio.wait_for(layer.receive(later), 5) == {"type": "early"}
    layer.unsubscribe(socket)


async def test_the_reader_stops_when_nothing_of_the_process_is_heard(layer):
    socket = await layer.new_channel()
    layer.subscribe(socket, lambda message: None, lambda: None)
    (reader,) = layer._readers.values()
    layer.unsubscribe(socket)
    with pytest.raises(asyncio.CancelledError):
        await reader
    assert not layer._readers
    assert layer.listening() == 0


async def test_subscribers_hear_when_redis_answers_again(own_redis):  # noqa: F811
    layer = get_channel_layer()
    socket = await layer.new_channel()
    back = asyncio.Event()
    layer.subscribe(socket, lambda message: None, back.set)
    await layer.group_add("cybersquad-restart-test", socket)
    await asyncio.to_thread(own_redis.stop)
    await asyncio.to_thread(own_redis.start)
    await asyncio.wait_for(back.wait(), 15)
    layer.unsubscribe(socket)


@pytest.mark.django_db(transaction=True)
async def test_an_idle_socket_adds_no_task_but_its_own(layer, room, member, moderator):
    """Channels waits with two tasks per consumer and channels_redis adds two more per
    receive; here a second idle socket adds only the task that runs it."""
    first = await connected(f"/ws/chat/rooms/{room.pk}/?after_seq=0", await aclient(member))
    await first.receive_json_from(timeout=5)  # connected and synced: idle now
    before = len(asyncio.all_tasks())
    second = await connected(f"/ws/chat/rooms/{room.pk}/?after_seq=0", await aclient(moderator))
    await second.receive_json_from(timeout=5)
    assert len(asyncio.all_tasks()) == before + 1
    assert layer.listening() == 2
    await second.disconnect()
    await first.disconnect()
    assert layer.listening() == 0
