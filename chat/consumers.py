"""WebSockets for help conversations and rooms. The protocol is described in the README.

Consumers are thin: they authenticate on connect, then hand every frame to a service that
authorises it again against the database, stores it, and broadcasts it after commit.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import weakref
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.utils import translation

from chat import elements, services
from chat.models import Conversation, Message, MessageStatus, Room
from chat.permissions import (
    ChatRefused,
    check_can_write_conversation,
    conversation_role,
    refusal_text,
    room_role,
    visitor_conversation_ids,
)
from cybersquad import ratelimit
from cybersquad.groups import (
    HELP_QUEUE,
    conversation_group,
    room_group,
    room_moderators_group,
    user_group,
)
from cybersquad.models import User
from cybersquad.sockets import CLOSE_SESSION_ENDED, StaysInGroups
from cybersquad.staff_access import socket_allowed
from moderation.models import Action
from moderation.permissions import denied
from moderation.services import audit, chat_message_decide

logger = logging.getLogger(__name__)

# A frame is JSON around one message; anything much bigger than the longest message is refused
# before it is parsed.
MAX_FRAME_CHARS = 4 * 4000 + 1000
TYPING_EVERY_SECONDS = 2.0

CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


class Outbox:
    """The outbox sweep of this process: one task, running while chat sockets are open here,
    that broadcasts stored messages nobody broadcast (``services.messages_broadcast_pending``)
    every CHAT_OUTBOX_SWEEP_SECONDS (twice as long after the sweep itself failed, up to 8
    times), and sooner when a broadcast of this process failed and its back-off is over."""

    consumers: weakref.WeakSet = weakref.WeakSet()
    task: asyncio.Task | None = None
    loop: asyncio.AbstractEventLoop | None = None
    due: float | None = None  # the loop's time at which a failed broadcast may be tried again
    woken: asyncio.Event | None = None

    @classmethod
    def opened(cls, consumer: ChatConsumer) -> None:
        cls.consumers.add(consumer)
        loop = asyncio.get_running_loop()
        if cls.task is None or cls.task.done() or cls.task.get_loop() is not loop:
            cls.loop, cls.due, cls.woken = loop, None, asyncio.Event()
            cls.task = loop.create_task(cls._run())

    @classmethod
    def closed(cls, consumer: ChatConsumer) -> None:
        cls.consumers.discard(consumer)
        if not cls.consumers and cls.task is not None:
            cls.task.cancel()
            cls.task = None

    @classmethod
    def retry_in(cls, seconds: float) -> None:
        """A broadcast failed (in any thread of this process): sweep again once its back-off
        is over."""
        loop = cls.loop
        if cls.task is None or loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(cls._retry_in, seconds)
        except RuntimeError:  # the loop closed meanwhile
            pass

    @classmethod
    def _retry_in(cls, seconds: float) -> None:
        when = asyncio.get_running_loop().time() + seconds
        if cls.due is None or when < cls.due:
            cls.due = when
        if cls.woken is not None:
            cls.woken.set()

    @classmethod
    async def _run(cls) -> None:
        loop = asyncio.get_running_loop()
        base = float(settings.CHAT_OUTBOX_SWEEP_SECONDS)
        wait = base
        next_sweep = loop.time() + wait
        woken = cls.woken
        while True:
            target = next_sweep if cls.due is None else min(next_sweep, cls.due)
            woken.clear()
            try:
                await asyncio.wait_for(woken.wait(), max(target - loop.time(), 0))
                continue  # a new due time: wait again for the nearest
            except TimeoutError:
                pass
            cls.due = None
            try:
                await database_sync_to_async(services.messages_broadcast_pending)()
                wait = base
            except Exception:
                logger.warning("the outbox sweep failed")
                wait = min(wait * 2, 8 * base)
            next_sweep = loop.time() + wait


services.broadcast_retry_listeners.append(Outbox.retry_in)


class ChatConsumer(StaysInGroups, AsyncJsonWebsocketConsumer):
    """What help conversations and rooms share: replay, sending, errors, closing."""

    # Set by ``authorise`` when it refused a socket that signing in could open.
    sign_in_needed = False

    async def connect(self) -> None:
        self.user = self.scope.get("user")
        self.language = self._language()
        self.last_typing = 0.0
        # The newest sequence number up to which this socket delivered everything (the
        # server's own catch-up cursor), and the numbers delivered beyond it.
        self.cursor: int | None = None
        self.ahead: set[int] = set()
        if self.session_gone() or not await database_sync_to_async(socket_allowed)(self.scope):
            # The session that opened the page ended, or staff signed in with the password
            # only (the second factor comes first).
            await self.close(code=CLOSE_SESSION_ENDED)
            return
        try:
            self.key = int(self.scope["url_route"]["kwargs"]["pk"])
            allowed = await self.authorise()
        except (KeyError, ValueError, Conversation.DoesNotExist, Room.DoesNotExist):
            await self.close(code=CLOSE_NOT_FOUND)
            return
        if not allowed:
            # Nobody is signed in on a socket that only a member may open: the page was
            # opened by a member whose session has since ended (signed out in another tab
            # while this socket was down). They are told to sign in again (4401, and the
            # page stops retrying), not that the chat is not theirs.
            await self.close(code=CLOSE_SESSION_ENDED if self.sign_in_needed else CLOSE_FORBIDDEN)
            return
        if not await self.join(self.groups_to_join()):
            return
        await self.accept()
        Outbox.opened(self)
        after_seq = self._query_int("after_seq")
        after_id = self._query_int("after")
        if after_seq is not None:
            await self.send_replay(after_seq)
        elif after_id is not None:
            await self.send_replay(await self._seq_of_id(after_id), after_id=after_id)

    async def _seq_of_id(self, after_id: int) -> int:
        return await database_sync_to_async(services.seq_of_id)(**self.place(), after=after_id)

    async def disconnect(self, code: int) -> None:
        await self.leave()

    async def ended(self) -> None:
        Outbox.closed(self)

    async def catch_up(self) -> None:
        await self.send_replay(self.cursor or 0)

    def _query_int(self, name: str) -> int | None:
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        try:
            return max(0, int(query[name][0]))
        except (KeyError, ValueError, IndexError):
            return None

    def _language(self) -> str:
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        wanted = (query.get("lang") or [""])[0]
        if wanted in dict(settings.LANGUAGES):
            return wanted
        user = self.scope.get("user")
        return getattr(user, "language", "") or settings.LANGUAGE_CODE

    def client_address(self) -> str:
        """The peer address daphne gives (the forwarded one when it runs behind our proxy)."""
        client = self.scope.get("client") or [""]
        return str(client[0] or "")

    @property
    def signed_in(self) -> bool:
        return self.user is not None and self.user.is_authenticated

    @property
    def sender(self) -> str:
        return services.sender_key(self.user if self.signed_in else None)

    # --- Frames from the client ---------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None:
            # A binary frame: the protocol is JSON text only.
            if not await self.frame_allowed():
                await self.refuse("slow_down")
            else:
                await self.refuse("bad_request")
            return
        too_long = len(text_data) > MAX_FRAME_CHARS
        content = None
        if not too_long:
            try:
                content = json.loads(text_data)
            except ValueError:
                content = None
        kind = content.get("type") if isinstance(content, dict) else None
        if self.frame_counts(kind) and not await self.frame_allowed():
            await self.refuse("slow_down")
            return
        if too_long:
            await self.refuse("too_long", limit=settings.CHAT_MESSAGE_MAX_CHARS)
        elif not isinstance(content, dict):
            await self.refuse("bad_request")
        else:
            await self.receive_json(content)

    def frame_counts(self, kind: object) -> bool:
        """Messages have their own limit per sender (CHAT_RATE_*); every other frame counts
        against the socket's, except a moderator hiding room messages (a raid is exactly
        when they must act fast; each hide is authorised and audited)."""
        if kind == "send":
            return False
        return not (kind == "hide" and getattr(self, "role", None) == Message.Role.MODERATOR)

    async def frame_allowed(self) -> bool:
        """Count one frame for this socket (the "socket_frame" limit). A loop of replays or
        typing frames is refused with an error frame; the socket stays open, and messages
        still go through."""
        return await sync_to_async(ratelimit.hit)(
            ratelimit.limit_for("socket_frame"), self.channel_name
        )

    async def session_still_valid(self, client_id: object = None) -> bool:
        """Nothing is acted on for a session that ended (signed out elsewhere, password
        changed, expired), even before its session.end event arrives."""
        try:
            return await self.session_ok()
        except DatabaseError:
            await self.refuse("unavailable", client_id=client_id)
            return False

    async def receive_json(self, content: dict, **kwargs) -> None:
        kind = content.get("type")
        if kind == "typing":
            # Checked after its two-second gate: a flood of typing frames reads nothing.
            await self.handle_typing()
            return
        if not await self.session_still_valid(content.get("client_id")):
            return
        if kind == "send":
            await self.handle_send(content)
        elif kind == "replay":
            after_seq, after = content.get("after_seq"), content.get("after")
            legacy = after_seq is None
            cursor = after if legacy else after_seq
            if not (isinstance(cursor, int) and not isinstance(cursor, bool) and cursor >= 0):
                await self.refuse("bad_request")
            elif not await self.still_allowed():
                await self.close(code=CLOSE_FORBIDDEN)
            elif legacy:
                await self.send_replay(await self._seq_of_id(cursor), after_id=cursor)
            else:
                await self.send_replay(cursor)
        elif kind == "hide":
            await self.handle_hide(content)
        else:
            await self.refuse("bad_request")

    async def handle_send(self, content: dict) -> None:
        client_id = content.get("client_id")
        try:
            sent = await self.store(client_id, content.get("body"))
        except ChatRefused as refused:
            await self.refuse(refused.code, client_id=client_id, **refused.params)
            return
        except (Conversation.DoesNotExist, Room.DoesNotExist):
            await self.close(code=CLOSE_NOT_FOUND)
            return
        except DatabaseError:
            # Nothing was stored and nothing broadcast; the client keeps the message and
            # sends it again with the same id.
            logger.exception("chat message could not be stored")
            await self.refuse("unavailable", client_id=client_id)
            return
        message = sent.message
        await self.send_json(
            {
                "type": "ack",
                "client_id": message.client_id,
                "id": message.pk,
                "seq": message.seq,
                "status": message.status,
                "duplicate": not sent.created,
            }
        )
        if message.status != MessageStatus.VISIBLE:
            held = {"type": "held", "client_id": message.client_id, "id": message.pk}
            if sent.help_url:
                held["help_url"] = sent.help_url
            elif sent.help_line:
                held["help_line"] = True
            await self.send_json(held)

    async def handle_typing(self) -> None:
        await self.refuse("bad_request")

    async def handle_hide(self, content: dict) -> None:
        await self.refuse("not_allowed")

    async def refuse(self, code: str, *, client_id: object = None, **params: object) -> None:
        with translation.override(self.language):
            text = refusal_text(code, **params)
        frame = {"type": "error", "code": code, "message": text}
        if isinstance(client_id, str):
            frame["client_id"] = client_id
        await self.send_json(frame)

    @property
    def viewer(self) -> elements.Viewer:
        """Who this socket shows messages to: its role (young, counsellor, member, moderator),
        its page's language, its sender key."""
        return elements.Viewer(str(self.role), self.language, self.sender)

    async def send_replay(self, after_seq: int, *, after_id: int = 0) -> None:
        found = await database_sync_to_async(services.replay_by_seq)(
            **self.place(), after_seq=after_seq, viewer=self.viewer
        )
        if found is None:
            await self.send_json({"type": "reload"})
            return
        missed, last_seq = found
        for payload in missed:
            await self.send_json(self.message_frame(payload))
        last_id = max([after_id, *(payload["id"] for payload in missed)])
        # Everything up to last_seq is now delivered (or not visible).
        if self.cursor is None or last_seq > self.cursor:
            self.cursor = last_seq
            self.ahead = {n for n in self.ahead if n > last_seq}
            self._advance()
        await self.send_json({"type": "synced", "last_seq": last_seq, "last_id": last_id})

    def message_frame(self, payload: dict) -> dict:
        frame = {k: v for k, v in payload.items() if k != "sender"}
        frame["type"] = "message"
        frame["mine"] = payload["sender"] == self.sender
        return frame

    # --- Events from the channel layer --------------------------------------------------

    def _delivered(self, seq: int | None) -> None:
        if seq is None:
            return
        if self.cursor is None:
            # Opened without a cursor: nothing before the first message it heard was asked for.
            self.cursor = seq - 1
        if seq > self.cursor:
            self.ahead.add(seq)
            self._advance()

    def _advance(self) -> None:
        while self.cursor + 1 in self.ahead:
            self.cursor += 1
            self.ahead.discard(self.cursor)
        if len(self.ahead) > 1000:  # a hole that never fills (a hidden message): move on
            self.ahead = set(sorted(self.ahead)[-500:])

    async def chat_message(self, event: dict) -> None:
        payload = event["message"]
        frame = self.message_frame(payload)
        element = event.get("elements", {}).get(self.viewer.key(payload["sender"]))
        if element is None:
            # Broadcast without this variant (by an older process): rendered here instead.
            element = await database_sync_to_async(self._element)(payload["id"])
        if element is not None:
            frame["element"] = element
        await self.send_json(frame)
        self._delivered(payload.get("seq"))

    def _element(self, message_id: int) -> str | None:
        message = Message.objects.select_related("author").filter(pk=message_id).first()
        return None if message is None else self.viewer.element(message)

    async def chat_hidden(self, event: dict) -> None:
        await self.send_json({"type": "hidden", "id": event["id"]})

    async def chat_access(self, event: dict) -> None:
        if self.signed_in and event.get("revoke") == self.user.pk:
            await self.close(code=CLOSE_FORBIDDEN)

    async def session_end(self, event: dict) -> None:
        await self.end_session()

    async def notify_unread(self, event: dict) -> None:
        """Unread counts are for the notification socket."""

    async def chat_case_activity(self, event: dict) -> None:
        """For the counsellor's workspace list."""

    # --- What each kind of chat defines ---------------------------------------------------

    async def authorise(self) -> bool:
        raise NotImplementedError

    async def still_allowed(self) -> bool:
        """Authorise again against the database (before a replay asked by the client)."""
        raise NotImplementedError

    def groups_to_join(self) -> list[str]:
        raise NotImplementedError

    def place(self) -> dict:
        raise NotImplementedError

    async def store(self, client_id: object, body: object) -> services.Sent:
        raise NotImplementedError


class ConversationConsumer(ChatConsumer):
    """/ws/chat/conversations/<pk>/: the young person and their counsellor."""

    async def authorise(self) -> bool:
        self.visitor_ids = await database_sync_to_async(visitor_conversation_ids)(
            self.scope.get("session")
        )
        self.role = await database_sync_to_async(self._role)()
        return self.role is not None

    def _role(self) -> str | None:
        conversation = Conversation.objects.get(pk=self.key, anonymised_at=None)
        role = conversation_role(self.user, conversation, self.visitor_ids)
        self.sign_in_needed = (
            role is None and not self.signed_in and conversation.member_id is not None
        )
        if role is None:
            denied(self.user, "conversation", conversation, client=self.client_address())
        elif role == Message.Role.COUNSELLOR:
            audit(self.user, "conversation.view", conversation)
        self.waiting = conversation.status == Conversation.Status.WAITING
        return role

    def _may_write(self) -> bool:
        conversation = Conversation.objects.get(pk=self.key)
        try:
            check_can_write_conversation(self.user, conversation, self.role)
        except ChatRefused:
            return False
        return True

    async def still_allowed(self) -> bool:
        return await database_sync_to_async(self._role_again)() is not None

    def _role_again(self) -> str | None:
        conversation = Conversation.objects.filter(pk=self.key, anonymised_at=None).first()
        user = self.user
        if self.signed_in:
            user = User.objects.filter(pk=self.user.pk).first()
        if conversation is None or user is None:
            return None
        return conversation_role(user, conversation, self.visitor_ids)

    def groups_to_join(self) -> list[str]:
        groups = [conversation_group(self.key)]
        if self.signed_in:
            groups.append(user_group(self.user.pk))
        if self.role == Message.Role.YOUNG and self.waiting:
            groups.append(HELP_QUEUE)
        return groups

    def place(self) -> dict:
        return {"conversation_id": self.key}

    async def store(self, client_id: object, body: object) -> services.Sent:
        return await database_sync_to_async(services.conversation_send)(
            self.key,
            user=self.user if self.signed_in else None,
            visitor_ids=self.visitor_ids,
            client_id=client_id,
            body=body,
        )

    async def handle_typing(self) -> None:
        """Typing is shown to the other side; never stored, at most every two seconds, and
        only from someone who may write (not a counsellor reading someone else's chat)."""
        now = time.monotonic()
        if now - self.last_typing < TYPING_EVERY_SECONDS:
            return
        self.last_typing = now
        if not await self.session_still_valid():
            return
        if not await database_sync_to_async(self._may_write)():
            return
        await self.channel_layer.group_send(
            conversation_group(self.key),
            {"type": "chat.typing", "role": self.role, "sender": self.sender},
        )

    async def chat_typing(self, event: dict) -> None:
        if event["sender"] != self.sender:
            await self.send_json({"type": "typing", "role": event["role"]})

    async def chat_status(self, event: dict) -> None:
        await self.send_json({"type": "status", "status": event["status"]})
        if event["status"] != Conversation.Status.WAITING and HELP_QUEUE in self.groups_joined:
            # Only the waiting need to hear that the queue moved.
            self.groups_joined.remove(HELP_QUEUE)
            await self.channel_layer.group_discard(HELP_QUEUE, self.channel_name)
        elif event["status"] == Conversation.Status.WAITING and self.role == Message.Role.YOUNG:
            if HELP_QUEUE not in self.groups_joined:
                self.groups_joined.append(HELP_QUEUE)
                await self.channel_layer.group_add(HELP_QUEUE, self.channel_name)

    async def chat_queue_moved(self, event: dict) -> None:
        """The queue changed: the young person's place and estimate may have too."""
        await self.send_json({"type": "queue"})


class RoomStates:
    """The rooms as read at most once per half heartbeat per process: a hundred members'
    heartbeats read their room once, not a hundred times."""

    rooms: dict[int, tuple[float, Room]] = {}

    @classmethod
    async def get(cls, room_id: int) -> Room:
        now = time.monotonic()
        seen = cls.rooms.get(room_id)
        if seen is None or now - seen[0] > settings.CHAT_HEARTBEAT_SECONDS / 2:
            room = await database_sync_to_async(Room.objects.get)(pk=room_id)
            cls.rooms[room_id] = seen = (now, room)
        return seen[1]

    @classmethod
    def forget(cls, room_id: int) -> None:
        cls.rooms.pop(room_id, None)


class RoomConsumer(ChatConsumer):
    """/ws/chat/rooms/<pk>/: a moderated group room for members and moderators."""

    async def authorise(self) -> bool:
        if not self.signed_in:
            self.sign_in_needed = True  # a room's page is for members only
            return False
        self.role = await database_sync_to_async(self._role)()
        return self.role is not None

    async def still_allowed(self) -> bool:
        return await database_sync_to_async(self._role_again)() is not None

    def _role_again(self) -> str | None:
        user = User.objects.filter(pk=self.user.pk).first()
        return room_role(user, Room.objects.get(pk=self.key)) if user else None

    def _role(self) -> str | None:
        room = Room.objects.get(pk=self.key)
        self.was_open = room.is_open()
        return room_role(self.user, room)

    async def on_beat(self) -> None:
        """Keep the moderator present; tell members when the room opens or closes (its
        hours, or its moderator gone without leaving)."""
        if self.role == Message.Role.MODERATOR:
            await database_sync_to_async(services.room_moderator_seen)(self.key, self.user)
            RoomStates.forget(self.key)
        is_open = (await RoomStates.get(self.key)).is_open()
        if is_open != self.was_open:
            self.was_open = is_open
            await self.send_json({"type": "room_state", "open": is_open})

    def groups_to_join(self) -> list[str]:
        groups = [room_group(self.key), user_group(self.user.pk)]
        if self.role == Message.Role.MODERATOR:
            groups.append(room_moderators_group(self.key))
        return groups

    def place(self) -> dict:
        return {"room_id": self.key}

    async def store(self, client_id: object, body: object) -> services.Sent:
        return await database_sync_to_async(services.room_send)(
            self.key, user=self.user, client_id=client_id, body=body, language=self.language
        )

    async def handle_hide(self, content: dict) -> None:
        message_id = content.get("id")
        if not isinstance(message_id, int):
            await self.refuse("bad_request")
            return
        try:
            await database_sync_to_async(self._hide)(message_id)
        except (Message.DoesNotExist, PermissionError, ChatRefused):
            await self.refuse("not_allowed")

    def _hide(self, message_id: int) -> None:
        message = Message.objects.get(pk=message_id, room_id=self.key)
        try:
            chat_message_decide(message, action=Action.HIDE, by=self.user)
        except PermissionDenied as denied:
            raise PermissionError from denied

    async def chat_room_state(self, event: dict) -> None:
        """A moderator opened or left the room."""
        RoomStates.forget(self.key)
        self.was_open = (await RoomStates.get(self.key)).is_open()
        await self.send_json({"type": "room_state", "open": self.was_open})

    async def chat_held(self, event: dict) -> None:
        await self.send_json({"type": "held_changed"})
