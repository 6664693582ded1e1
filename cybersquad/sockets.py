"""What every long-lived WebSocket of ours needs on a channel layer that can forget.

Group membership lives in Redis and expires; a Redis restart forgets it at once, and a
socket would stay open but silent. ``StaysInGroups`` joins the groups again every
``CHAT_HEARTBEAT_SECONDS`` and, when the layer's epoch marker is gone (Redis lost its
data), calls ``catch_up()`` so the consumer can send what the database has and the client
missed.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

EPOCH_KEY = "sockets:layer-epoch"


def layer_epoch() -> str:
    """A marker kept in Redis (with the cache) without expiry: a new value means Redis lost
    its data, and with it the channel layer's groups."""
    cache.add(EPOCH_KEY, uuid.uuid4().hex, timeout=None)
    return cache.get(EPOCH_KEY) or ""


class StaysInGroups:
    """Mixin for channels consumers. Call ``join(groups)`` instead of ``group_add`` and
    ``leave()`` in ``disconnect``."""

    groups_joined: list[str]

    async def join(self, groups: list[str]) -> None:
        self.groups_joined = []
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        self.epoch = await sync_to_async(layer_epoch)()
        self.watch = asyncio.ensure_future(self._keep_up())

    async def leave(self) -> None:
        if getattr(self, "watch", None):
            self.watch.cancel()
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def _keep_up(self) -> None:
        while True:
            await asyncio.sleep(settings.CHAT_HEARTBEAT_SECONDS)
            try:
                for group in self.groups_joined:
                    await self.channel_layer.group_add(group, self.channel_name)
                await self.on_beat()
                epoch = await sync_to_async(layer_epoch)()
                if epoch != self.epoch:
                    await self.catch_up()
                    self.epoch = epoch  # only once caught up: a failure is retried next beat
            except Exception:  # Redis still down: try again at the next beat.
                logger.warning("a socket could not refresh its groups")

    async def catch_up(self) -> None:
        """Send what may have been missed while the layer had forgotten this socket."""

    async def on_beat(self) -> None:
        """Anything to check regularly (without the database, if it can be helped)."""
