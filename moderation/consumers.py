"""Live lists for staff: the moderation queue and the counsellors' cases.

Events carry no content: the page fetches the fresh list over HTTP, through the same
permission checks as any page.
"""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from cybersquad.groups import COUNSELLORS, MODERATION_QUEUE, user_group


class StaffListConsumer(AsyncJsonWebsocketConsumer):
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
        # Staff lists also listen on the person's own group, so that signing out,
        # a suspension or a lost role closes them.
        self.personal = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.channel_layer.group_add(self.personal, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "personal"):
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await self.channel_layer.group_discard(self.personal, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        await self.send_json({"type": "error", "code": "read_only"})

    async def queue_changed(self, event: dict) -> None:
        await self.send_json({"type": "changed", "change": event.get("change", "")})

    async def escalations_changed(self, event: dict) -> None:
        await self.send_json({"type": "changed"})

    async def session_end(self, event: dict) -> None:
        await self.close(code=4401)

    async def notify_unread(self, event: dict) -> None:
        """Unread counts go to the person's notification socket, not to staff lists."""


class QueueConsumer(StaffListConsumer):
    group = MODERATION_QUEUE

    def allowed(self, user) -> bool:
        return user.is_moderator


class CounsellingConsumer(StaffListConsumer):
    group = COUNSELLORS

    def allowed(self, user) -> bool:
        return user.is_counsellor
