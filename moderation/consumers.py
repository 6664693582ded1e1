"""Live lists for staff: the moderation queue (the counsellors' cases, built on the same
base, live in chat/counselling.py).

Events carry no content: the page fetches the fresh list over HTTP, through the same
permission checks as any page.
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from cybersquad.groups import MODERATION_QUEUE, user_group
from cybersquad.sockets import StaysInGroups
from cybersquad.staff_access import socket_allowed
from moderation.permissions import may_hear_of


class StaffListConsumer(StaysInGroups, AsyncJsonWebsocketConsumer):
    group: str = ""

    def allowed(self, user) -> bool:
        raise NotImplementedError

    async def connect(self) -> None:
        user = self.scope.get("user")
        if (
            user is None
            or not user.is_authenticated
            or not user.is_active
            or user.is_suspended()
            or not self.allowed(user)
        ):
            await self.close(code=4403)
            return
        if not await database_sync_to_async(socket_allowed)(self.scope):
            # Signed in with the password only: the second factor comes first.
            await self.close(code=4401)
            return
        # Staff lists also listen on the person's own group, so that signing out,
        # a suspension or a lost role closes them.
        self.personal = user_group(user.pk)
        if not await self.join([self.group, self.personal]):
            return
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.leave()

    async def catch_up(self) -> None:
        """The list may have changed while the layer had forgotten this socket."""
        await self.send_json({"type": "changed", "change": "resync"})

    async def receive_json(self, content, **kwargs) -> None:
        await self.send_json({"type": "error", "code": "read_only"})

    async def queue_changed(self, event: dict) -> None:
        await self.send_json({"type": "changed", "change": event.get("change", "")})

    async def session_end(self, event: dict) -> None:
        await self.end_session()

    async def notify_unread(self, event: dict) -> None:
        """Unread counts go to the person's notification socket, not to staff lists."""

    async def chat_case_activity(self, event: dict) -> None:
        """Only the counsellors' workspace shows activity in their conversations."""


class QueueConsumer(StaffListConsumer):
    group = MODERATION_QUEUE

    def allowed(self, user) -> bool:
        return user.can_moderate

    async def queue_changed(self, event: dict) -> None:
        """Not a change of an item or an appeal this moderator has a stake in: that a report
        about them just came in is not theirs to hear either."""
        if await database_sync_to_async(may_hear_of)(self.scope["user"], event):
            await super().queue_changed(event)
