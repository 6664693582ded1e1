"""The at-scale stores: Redis cache and channel layer, when REDIS_URL is set."""

from __future__ import annotations

import asyncio

import pytest
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache

from tests.conftest import require


@pytest.fixture
def redis_configured() -> None:
    require("redis", bool(settings.REDIS_URL), "REDIS_URL is not set")


def test_cache_is_shared_redis(redis_configured):
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("cybersquad-test-key", "value", 10)
    assert cache.get("cybersquad-test-key") == "value"
    cache.delete("cybersquad-test-key")


def test_channel_layer_is_redis_without_socket_timeout(redis_configured):
    hosts = settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"]
    assert hosts[0]["socket_timeout"] is None


@pytest.mark.asyncio
async def test_idle_redis_channel_survives_the_redis_py_timeout(redis_configured):
    """redis-py 8 defaults to a 5 s socket timeout; an idle receive must outlive it."""
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("cybersquad-idle-test", channel)
    receiver = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(6.5)
    assert not receiver.done(), receiver.exception() if receiver.done() else None
    await layer.group_send("cybersquad-idle-test", {"type": "ping", "n": 1})
    message = await asyncio.wait_for(receiver, timeout=5)
    assert message == {"type": "ping", "n": 1}
    await layer.group_discard("cybersquad-idle-test", channel)
    await layer.flush() if hasattr(layer, "flush") else None


@pytest.mark.asyncio
async def test_many_sockets_leaving_at_once_do_not_exhaust_the_redis_pool(redis_configured):
    """redis-py caps an asyncio pool at 100 connections unless told otherwise."""
    layer = get_channel_layer()
    channels = [await layer.new_channel() for _ in range(300)]
    await asyncio.gather(*(layer.group_add("cybersquad-many", c) for c in channels))
    await asyncio.gather(*(layer.group_discard("cybersquad-many", c) for c in channels))
