"""One Redis cache client per process, however many sockets (asgiref contexts) use the cache."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import caches
from django.test import override_settings

REDIS_CACHE = {
    "default": {
        "BACKEND": "cybersquad.cache.RedisCache",
        # Nothing connects: the test only looks at the client objects.
        "LOCATION": "redis://127.0.0.1:1/0",
        "KEY_PREFIX": "cybersquad",
    }
}


@pytest.mark.asyncio
async def test_sockets_share_one_cache_client():
    def client_seen():
        backend = caches["default"]
        return id(backend), backend._cache

    async def one_socket():
        # Each consumer runs in a task of its own, so a context of its own for asgiref.
        return await sync_to_async(client_seen)()

    with override_settings(CACHES=REDIS_CACHE):
        seen = await asyncio.gather(*(asyncio.create_task(one_socket()) for _ in range(3)))
    backends = {backend for backend, _client in seen}
    clients = {id(client) for _backend, client in seen}
    assert len(backends) == 3  # Django's per-context cache objects...
    assert len(clients) == 1  # ...share the process's client and its connection pool
