"""The Redis channel layer with one reader per process for the process's own channels.

channels_redis already keeps all of a process's channels (``specific.<process>!<id>``) in one
Redis key, but every consumer waits on it with a ``receive()`` of its own: a coroutine, two
tasks (the layer's receive lock and the channel's queue), the futures ``asyncio.wait`` adds,
and a queue of four deques per channel, which a consumer's own waiting task on top of that.
An idle socket paid about 6 KiB for it.

Here one task per process (per event loop and prefix) reads that key and hands each message
to the channel it names:

- ``subscribe(channel, deliver, recovered)``: every message for the channel is passed to
  ``deliver`` (called in the event loop; it must not block), until ``unsubscribe``. The
  sockets (``cybersquad/sockets.py``) put them in the queue daphne already keeps for the
  socket's own frames, so a socket waits on one queue and nothing else. When reading fails
  (Redis went away), the reader tries again (0.2 s, doubling up to 2 s) until Redis answers,
  then calls ``recovered()`` for every subscriber: Redis may have forgotten their groups.
- ``receive(channel)`` still works, for Channels' own consumers and anything else: one future
  per waiting call; a failure to read is raised to those waiting, as channels_redis does.

Messages for a channel nobody listens to at that moment (a ``receive()`` not called yet, or a
socket that just ended) are kept until a ``receive()`` takes them, as channels_redis does, but
at most ``capacity`` per channel and no longer than the layer's ``expiry`` (channels_redis kept
them for good), and dropped when a waiting ``receive()`` is cancelled.

A receive that ends normally leaves the reader running (the next one follows at once); a
cancelled receive or the last ``unsubscribe`` stops it when no channel of the process is heard.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Callable

from channels_redis import core

logger = logging.getLogger(__name__)

RETRY_FIRST, RETRY_MOST = 0.2, 2.0


class RedisChannelLayer(core.RedisChannelLayer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._subscribers: dict[str, tuple[Callable[[dict], None], Callable[[], None]]] = {}
        self._waiting: dict[str, collections.deque[asyncio.Future]] = {}
        self._kept: dict[str, collections.deque[dict]] = {}
        self._kept_at: dict[str, float] = {}  # when a message was last kept for the channel
        self._pruned_at = 0.0
        self._readers: dict[str, asyncio.Task] = {}  # by the channels' common (non-local) part

    # --- Listening ------------------------------------------------------------------------

    def subscribe(
        self,
        channel: str,
        deliver: Callable[[dict], None],
        recovered: Callable[[], None],
    ) -> None:
        """Pass every message for this process-local channel to ``deliver``."""
        if "!" not in channel:
            raise ValueError("only process-local channels can be subscribed")
        self._subscribers[channel] = (deliver, recovered)
        self._kept_at.pop(channel, None)
        for message in self._kept.pop(channel, ()):
            deliver(message)
        self._read(self.non_local_name(channel))

    def unsubscribe(self, channel: str) -> None:
        if self._subscribers.pop(channel, None) is not None:
            self._stop_if_unheard(self.non_local_name(channel))

    def listening(self) -> int:
        """Channels subscribed in this process (for tests and the benchmark)."""
        return len(self._subscribers)

    async def receive(self, channel: str) -> dict:
        if "!" not in channel:
            return await super().receive(channel)
        self.require_valid_channel_name(channel)  # raises TypeError when it is not
        kept = self._kept.get(channel)
        if kept:
            message = kept.popleft()
            if not kept:
                del self._kept[channel]
                self._kept_at.pop(channel, None)
            return message
        future = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(channel, collections.deque()).append(future)
        self._read(self.non_local_name(channel))
        try:
            return await future
        except asyncio.CancelledError:
            self._kept.pop(channel, None)
            self._kept_at.pop(channel, None)
            self._forget_waiting(channel, future)
            self._stop_if_unheard(self.non_local_name(channel))
            raise
        finally:
            self._forget_waiting(channel, future)

    def _forget_waiting(self, channel: str, future: asyncio.Future) -> None:
        waiting = self._waiting.get(channel)
        if waiting is not None:
            if future in waiting:
                waiting.remove(future)
            if not waiting:
                del self._waiting[channel]

    # --- The reader -----------------------------------------------------------------------

    def _read(self, common: str) -> None:
        loop = asyncio.get_running_loop()
        reader = self._readers.get(common)
        if reader is not None and not reader.done() and reader.get_loop() is loop:
            return
        self._readers[common] = loop.create_task(self._run(common), name=f"layer reader {common}")

    def _heard(self, common: str) -> bool:
        return any(
            self.non_local_name(channel) == common
            for channels in (self._subscribers, self._waiting)
            for channel in channels
        )

    def _stop_if_unheard(self, common: str) -> None:
        # Most channels share one common part: checked cheaply first.
        if (self._subscribers or self._waiting) and self._heard(common):
            return
        reader = self._readers.pop(common, None)
        if reader is not None and reader is not asyncio.current_task():
            reader.cancel()  # channels_redis keeps a message read meanwhile (its backup)

    async def _run(self, common: str) -> None:
        while True:
            try:
                names, message = await self.receive_single(common)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                logger.warning("the channel layer cannot be read; trying again")
                self._fail_waiting(common, error)
                await self._until_redis_answers(common)
                for channel, (_deliver, recovered) in list(self._subscribers.items()):
                    if self.non_local_name(channel) == common:
                        recovered()
                continue
            for channel in names if isinstance(names, list) else [names]:
                self._hand_over(channel, message)

    async def _until_redis_answers(self, common: str) -> None:
        delay = RETRY_FIRST
        while True:
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MOST)
            try:
                await self.connection(self.consistent_hash(common)).ping()
                return
            except Exception:
                logger.info("the channel layer is still unavailable")

    def _fail_waiting(self, common: str, error: Exception) -> None:
        for channel, waiting in list(self._waiting.items()):
            if self.non_local_name(channel) == common:
                for future in waiting:
                    if not future.done():
                        future.set_exception(error)

    def _hand_over(self, channel: str, message: dict) -> None:
        subscriber = self._subscribers.get(channel)
        if subscriber is not None:
            try:
                subscriber[0](message)
            except Exception:
                logger.exception("a channel's subscriber failed to take a message")
            return
        for future in self._waiting.get(channel, ()):
            if not future.done():
                future.set_result(message)
                return
        now = time.monotonic()
        if now - self._pruned_at > 1.0:
            self._pruned_at = now
            for stale in [c for c, at in self._kept_at.items() if now - at > self.expiry]:
                del self._kept[stale], self._kept_at[stale]
        kept = self._kept.get(channel)
        if kept is None:
            kept = self._kept[channel] = collections.deque(maxlen=self.capacity)
        kept.append(message)
        self._kept_at[channel] = now
