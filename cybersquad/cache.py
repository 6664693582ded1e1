"""Django's Redis cache with one client, so one connection pool, per process.

Django keeps a cache object per async context (``caches`` is a non-thread-critical asgiref
``Local``). A request's context ends with the request, but a WebSocket consumer is a context
that lives for hours: each chat socket that touched the cache (the layer's epoch when it
joins its groups, the frame limit) kept a cache object of its own, with its own connection
pool and its own connection to Redis. A thousand idle sockets held a thousand Redis
connections and about 10 KiB each of client objects. Here the per-context cache objects stay
(they are small), and share the process's client; redis-py's pool is thread-safe and
reconnects after a fork.
"""

from __future__ import annotations

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.utils.functional import cached_property

_clients: dict[tuple, object] = {}
_lock = threading.Lock()


class RedisCache(DjangoRedisCache):
    @cached_property
    def _cache(self):
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = self._class(self._servers, **self._options)
        return client
