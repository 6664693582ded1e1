"""What every long-lived WebSocket of ours needs: to stay in its groups, and to end with its
session.

Group membership lives in Redis and expires; a Redis restart forgets it at once, and a
socket would stay open but silent. ``StaysInGroups`` joins the groups again every
``CHAT_HEARTBEAT_SECONDS`` and, when the layer's epoch marker is gone (Redis lost its
data), calls ``catch_up()`` so the consumer can send what the database has and the client
missed.

A socket is opened with a browser session and must not outlive it, as a page request would
not: ``session_check`` decides as Django does for a request (the session exists and has not
expired; for someone signed in, it is still theirs and its hash still matches their
password). It runs when the socket opens, at every heartbeat, the moment the session expires,
and before a frame is acted on; a changed password or a deleted session also pushes
``session.end`` at once (``cybersquad/signals.py``).

Nothing outlives its socket: the consumer's whole life runs inside ``__call__`` here, whose
``finally`` cancels the heartbeat and leaves the groups whatever ended it (a clean close, an
exception in a handler, daphne cancelling a slow application). A socket refused at connect
is accepted first, then closed with its code (4401/4403/4404), so that browsers read the code
(a close before accepting reaches them as HTTP 403, then 1006).

When Redis goes away, receiving from the layer is retried (0.2 s, doubling to 2 s) instead of
ending the consumer: once Redis answers again the socket joins its groups again and calls
``catch_up()``; its client never sees the restart. With our Redis layer
(``cybersquad.layers``) the process's one reader retries and tells each socket when Redis
answers (``sockets.layer_back``); with another layer each socket retries its own receive.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import logging
import time
import uuid
from dataclasses import dataclass
from importlib import import_module

from asgiref.sync import sync_to_async
from autobahn.exception import Disconnected
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.layers import get_channel_layer
from channels.utils import await_many_dispatch
from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from cybersquad.groups import session_group

logger = logging.getLogger(__name__)

EPOCH_KEY = "sockets:layer-epoch"
CLOSE_SESSION_ENDED = 4401
# The layer's epoch read at most once a second per process, however many sockets beat.
_epoch_seen: tuple[float, str] = (0.0, "")


@functools.cache
def _process_cache():
    """The default cache as one object for the whole process: read through ``cache``, each
    socket (a context of its own for asgiref) would keep a cache object of its own."""
    return caches.create_connection(DEFAULT_CACHE_ALIAS)


def layer_epoch() -> str:
    """A marker kept in Redis (with the cache) without expiry: a new value means Redis lost
    its data, and with it the channel layer's groups."""
    store = _process_cache()
    store.add(EPOCH_KEY, uuid.uuid4().hex, timeout=None)
    return store.get(EPOCH_KEY) or ""


def layer_epoch_shared() -> str:
    global _epoch_seen
    now = time.monotonic()
    if now - _epoch_seen[0] > 1.0:
        _epoch_seen = (now, layer_epoch())
    return _epoch_seen[1]


def live_tasks() -> int:
    """Sockets whose heartbeat is scheduled in this process (for tests and the benchmark)."""
    return len(Heartbeats.due)


async def send_or_stop(send, message: dict) -> None:
    """Send to the browser; a socket that closed meanwhile (the page went while an event for
    it was on its way: daphne's "Attempt to send on a closed protocol") ends the consumer
    quietly, as its disconnect would have, instead of with a traceback."""
    try:
        await send(message)
    except Disconnected as gone:
        raise StopConsumer from gone


class Heartbeats:
    """One task per process beats every socket in its turn, instead of a task (with its
    coroutine, its timer and its future) per socket: an idle socket costs less memory. Each
    beat runs in a task of its own while it lasts, so a beat waiting on Redis or the database
    holds up nobody else's."""

    due: dict[StaysInGroups, float] = {}  # the loop's time of each socket's next beat
    running: dict[StaysInGroups, asyncio.Task] = {}
    task: asyncio.Task | None = None
    woken: asyncio.Event | None = None

    @classmethod
    def add(cls, consumer: StaysInGroups) -> None:
        loop = asyncio.get_running_loop()
        if cls.task is None or cls.task.done() or cls.task.get_loop() is not loop:
            cls.due, cls.running, cls.woken = {}, {}, asyncio.Event()
            cls.task = loop.create_task(cls._run())
        cls.schedule(consumer)

    @classmethod
    def schedule(cls, consumer: StaysInGroups) -> None:
        when = asyncio.get_running_loop().time() + consumer._until_next_beat()
        earliest = min(cls.due.values(), default=None)
        cls.due[consumer] = when
        if earliest is None or when < earliest:
            cls.woken.set()

    @classmethod
    def remove(cls, consumer: StaysInGroups) -> None:
        cls.due.pop(consumer, None)
        beat = cls.running.pop(consumer, None)
        if beat is not None and beat is not asyncio.current_task():
            beat.cancel()
        if not cls.due and not cls.running and cls.task is not None:
            cls.task.cancel()
            cls.task = None

    @classmethod
    async def _run(cls) -> None:
        loop = asyncio.get_running_loop()
        woken = cls.woken
        while True:
            woken.clear()
            earliest = min(cls.due.values(), default=None)
            wait = 3600.0 if earliest is None else max(earliest - loop.time(), 0)
            try:
                await asyncio.wait_for(woken.wait(), wait)
                continue  # a sooner beat was scheduled: wait for it instead
            except TimeoutError:
                pass
            # Those due within a quarter of a second beat together: one wake-up for many.
            now = loop.time() + 0.25
            for consumer in [c for c, when in cls.due.items() if when <= now]:
                del cls.due[consumer]
                cls.running[consumer] = loop.create_task(cls._beat(consumer))

    @classmethod
    async def _beat(cls, consumer: StaysInGroups) -> None:
        try:
            again = await consumer._beat()
        finally:
            if cls.running.get(consumer) is asyncio.current_task():
                del cls.running[consumer]
        if again and consumer.beating:
            cls.schedule(consumer)


@dataclass(frozen=True)
class SessionState:
    valid: bool
    expires_at: datetime.datetime | None = None


def _load_session(session_key: str) -> tuple[dict, datetime.datetime | None] | None:
    """The session's data and expiry as stored now, or None when it is gone or expired."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    if isinstance(store, DatabaseSessionStore):
        # Read the row itself (not a cache in front of it) to learn its expiry too.
        row = (
            store.model.objects.filter(session_key=session_key, expire_date__gt=timezone.now())
            .values_list("session_data", "expire_date")
            .first()
        )
        return (store.decode(row[0]), row[1]) if row else None
    data = store.load()
    return None if store.session_key is None else (data, None)


def _still_signed_in(data: dict, user) -> bool:
    """Django's own test for a request (``django.contrib.auth.get_user``), read-only: the
    session names this person through a configured backend that still lets them in, and its
    hash matches their current password (or one made with a SECRET_KEY_FALLBACKS key)."""
    try:
        user_id = get_user_model()._meta.pk.to_python(data[SESSION_KEY])
    except (KeyError, ValidationError):
        return False
    backend_path = data.get(BACKEND_SESSION_KEY)
    if user_id != user.pk or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return False
    current = load_backend(backend_path).get_user(user_id)
    if current is None:  # deleted, deactivated, suspended or banned
        return False
    session_hash = data.get(HASH_SESSION_KEY) or ""
    hashes = [current.get_session_auth_hash(), *current.get_session_auth_fallback_hash()]
    return bool(session_hash) and any(constant_time_compare(session_hash, h) for h in hashes)


def session_check(session_key: str | None, user) -> SessionState:
    """Whether a socket opened with this session, by this user (or a visitor), may go on."""
    signed_in = user is not None and user.is_authenticated
    if not session_key:
        # A visitor who never had a session has nothing bound to one; a signed-in person
        # always has one.
        return SessionState(valid=not signed_in)
    loaded = _load_session(session_key)
    if loaded is None:
        return SessionState(valid=False)
    data, expires_at = loaded
    if signed_in and not _still_signed_in(data, user):
        return SessionState(valid=False)
    return SessionState(valid=True, expires_at=expires_at)


class StaysInGroups:
    """Mixin for channels consumers. Call ``join(groups)`` instead of ``group_add`` (it
    refuses the socket when its session is no longer valid), ``session_ok()`` before acting
    on a frame, and ``leave()`` in ``disconnect``."""

    groups_joined: list[str]
    inbox: asyncio.Queue  # daphne's queue of this socket's frames, with the layer's messages
    session_expires_at: datetime.datetime | None = None
    accepted = False
    beating = False  # its heartbeat is scheduled (Heartbeats)
    beats = 0
    epoch = ""

    async def __call__(self, scope, receive, send):
        """Channels' own loop (AsyncConsumer.__call__), with a ``finally`` that leaves
        nothing behind.

        With our Redis layer (``cybersquad.layers``), the layer hands this socket's messages
        to the queue daphne keeps for its frames: the consumer waits on that one queue, with
        no task of its own (Channels waits with a task for each, plus the layer's receive and
        its own queue). Otherwise, Channels' way, with a layer receive that survives a Redis
        restart."""
        self.scope = scope
        self.channel_layer = layer = get_channel_layer(self.channel_layer_alias)
        self.channel_name = await layer.new_channel()
        self.base_send = functools.partial(send_or_stop, send)
        inbox = getattr(receive, "__self__", None)
        subscribed = hasattr(layer, "subscribe") and isinstance(inbox, asyncio.Queue)
        try:
            if subscribed:
                self.inbox = inbox
                layer.subscribe(self.channel_name, self._post, self._layer_back)
                while True:
                    await self.dispatch(await receive())
            else:
                await await_many_dispatch([receive, self._layer_receive], self.dispatch)
        except StopConsumer:
            pass
        finally:
            if subscribed:
                layer.unsubscribe(self.channel_name)
            await self._end()

    def _post(self, message: dict) -> None:
        """A message from the layer, queued behind the socket's frames (daphne's queue). A
        socket that stopped reading gets no more than the layer's capacity waiting."""
        inbox = self.inbox
        if inbox.qsize() >= self.channel_layer.capacity:
            logger.warning("a socket is not keeping up; a message for it is dropped")
            return
        inbox.put_nowait(message)

    def _layer_back(self) -> None:
        self.inbox.put_nowait({"type": "sockets.layer_back"})

    async def sockets_layer_back(self, message: dict) -> None:
        """Redis answers again after the layer could not be read: it may have forgotten the
        groups, so join them again and send what was missed (the heartbeat tries again if
        this fails)."""
        try:
            await self._rejoin()
            await self.catch_up()
            self.epoch = await sync_to_async(layer_epoch)()
        except Exception:
            logger.info("the channel layer is still unavailable")

    async def _layer_receive(self) -> dict:
        delay = 0.2
        while True:
            try:
                return await self.channel_layer.receive(self.channel_name)
            except Exception:
                logger.warning("the channel layer cannot be read; trying again")
            # Redis went away: wait, then join the groups again (it may have forgotten them)
            # and send what was missed, before listening again.
            while True:
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                try:
                    await self._rejoin()
                    await self.catch_up()
                    self.epoch = await sync_to_async(layer_epoch)()
                    break
                except Exception:
                    logger.info("the channel layer is still unavailable")

    async def _rejoin(self) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_add(group, self.channel_name)

    async def _end(self) -> None:
        """Whatever ended the consumer: stop its heartbeat and leave its groups."""
        self._stop_beating()
        try:
            await asyncio.wait_for(self.leave(), timeout=5)
        except Exception:
            logger.warning("a closed socket could not leave its groups (they expire)")
        await self.ended()

    async def ended(self) -> None:
        """Called once when the consumer ends, however it ends."""

    async def accept(self, subprotocol=None, headers=None) -> None:
        self.accepted = True
        await super().accept(subprotocol, headers)

    async def close(self, code=None, reason=None) -> None:
        """Refused at connect: accept first, so the browser reads the close code."""
        if not self.accepted:
            await self.accept()
        await super().close(code=code, reason=reason)

    def session_gone(self) -> bool:
        """The page's session cookie names a session that no longer exists (signed out
        elsewhere, expired, deleted): the person behind the socket is then anonymous to
        Channels, and a refusal for that would say "not yours" instead of "signed out"."""
        cookie = (self.scope.get("cookies") or {}).get(settings.SESSION_COOKIE_NAME)
        return bool(cookie) and cookie != self._session_key()

    def _session_key(self) -> str | None:
        session = self.scope.get("session")
        return getattr(session, "session_key", None) if session is not None else None

    async def session_ok(self) -> bool:
        """Check the session against the database; close the socket (4401) when it ended.
        A database error propagates: the caller decides what an unknown answer means."""
        state = await database_sync_to_async(session_check)(
            self._session_key(), self.scope.get("user")
        )
        if not state.valid:
            await self.end_session()
            return False
        self.session_expires_at = state.expires_at
        return True

    async def join(self, groups: list[str]) -> bool:
        """Join the groups and start the heartbeat; False (and closed) when the session that
        opened the socket is no longer valid."""
        if not await self.session_ok():
            return False
        self.groups_joined = []
        key = self._session_key()
        for group in [*groups, *([session_group(key)] if key else [])]:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        self.epoch = await sync_to_async(layer_epoch)()
        self.beating = True
        Heartbeats.add(self)
        return True

    def _stop_beating(self) -> None:
        if self.beating:
            self.beating = False
            Heartbeats.remove(self)

    async def end_session(self) -> None:
        """Stop hearing the groups at once, then close: nothing more reaches this socket."""
        await self.leave()
        await self.close(code=CLOSE_SESSION_ENDED)

    async def leave(self) -> None:
        self._stop_beating()
        joined, self.groups_joined = getattr(self, "groups_joined", []), []
        for group in joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    def _until_next_beat(self) -> float:
        """The heartbeat, or sooner when the session expires before it."""
        wait = float(settings.CHAT_HEARTBEAT_SECONDS)
        if self.session_expires_at is not None:
            left = (self.session_expires_at - timezone.now()).total_seconds()
            wait = min(wait, max(left, 0) + 0.05)
        return wait

    def _session_due(self, beats: int) -> bool:
        if beats % settings.CHAT_SESSION_RECHECK_BEATS == 0:
            return True
        expires = self.session_expires_at
        return expires is not None and expires <= timezone.now()

    async def _beat(self) -> bool:
        """One heartbeat; False when the socket ended (its session did)."""
        self.beats += 1
        try:
            epoch = await sync_to_async(layer_epoch_shared)()
            lost = epoch != self.epoch
            if (lost or self._session_due(self.beats)) and not await self.session_ok():
                return False
            for group in self.groups_joined:
                await self.channel_layer.group_add(group, self.channel_name)
            await self.on_beat()
            if lost:
                await self.catch_up()
                self.epoch = epoch  # only once caught up: a failure is retried next beat
        except Exception:  # Redis or the database still down: try again at the next beat.
            self.session_expires_at = None
            logger.warning("a socket could not refresh its groups or check its session")
        return True

    async def catch_up(self) -> None:
        """Send what may have been missed while the layer had forgotten this socket."""

    async def on_beat(self) -> None:
        """Anything to check regularly (without the database, if it can be helped)."""
