"""Live notification counts for signed-in members (no content is ever sent)."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from cybersquad.groups import user_group
from cybersquad.sockets import StaysInGroups
from cybersquad.staff_access import socket_allowed
from forum.models import Notification


class NotificationConsumer(StaysInGroups, AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active or user.is_suspended():
            await self.close(code=4401)
            return
        if not await database_sync_to_async(socket_allowed)(self.scope):
            await self.close(code=4401)  # staff who have not passed their second factor
            return
        if not await self.join([user_group(user.pk)]):
            return
        await self.accept()
        await self.catch_up()

    async def disconnect(self, code: int) -> None:
        await self.leave()

    async def catch_up(self) -> None:
        await self.send_json({"type": "unread", "count": await self._unread(self.scope["user"].pk)})

    async def receive_json(self, content, **kwargs) -> None:
        # The client only listens; anything it sends is refused.
        await self.send_json({"type": "error", "code": "read_only"})

    async def notify_unread(self, event: dict) -> None:
        await self.send_json({"type": "unread", "count": event["count"]})

    async def session_end(self, event: dict) -> None:
        await self.end_session()

    async def chat_case_activity(self, event: dict) -> None:
        """Meant for a counsellor's workspace, which shares the person's group."""

    @database_sync_to_async
    def _unread(self, user_id: int) -> int:
        return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
