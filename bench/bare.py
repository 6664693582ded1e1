"""The baseline for the chat benchmark: a bare Channels room on the same channel layer.

No authentication, no storage, no screening: a frame ``{"type": "send", ...}`` is broadcast
to the room group straight away, and every member gets the same frames as from
``chat.consumers.RoomConsumer`` (an ack for the sender, then one ``message`` frame each,
built per listener because ``mine`` differs).
"""

from __future__ import annotations

import itertools
from html import escape

from channels.generic.websocket import AsyncJsonWebsocketConsumer

_ids = itertools.count(1)


class BareRoomConsumer(AsyncJsonWebsocketConsumer):
    """/ws/bare/<room>/: join the room's group, broadcast what is sent."""

    group: str = ""
    sender: str = ""

    async def connect(self) -> None:
        self.group = f"bench.bare.{self.scope['url_route']['kwargs']['room']}"
        self.sender = self.channel_name
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: dict, **kwargs) -> None:
        client_id, body = content.get("client_id"), content.get("body")
        if content.get("type") != "send" or not isinstance(client_id, str):
            await self.send_json({"type": "error", "code": "bad_request"})
            return
        message = {
            "id": next(_ids),
            "client_id": client_id,
            "role": "member",
            "author": "",
            "avatar": "",
            "html": f"<p>{escape(str(body))}</p>",
            "created_at": "",
            "sender": self.sender,
        }
        await self.channel_layer.group_send(
            self.group, {"type": "chat.message", "message": message}
        )
        await self.send_json(
            {"type": "ack", "client_id": client_id, "id": message["id"], "status": "visible"}
        )

    async def chat_message(self, event: dict) -> None:
        payload = event["message"]
        frame = {k: v for k, v in payload.items() if k != "sender"}
        frame["type"] = "message"
        frame["mine"] = payload["sender"] == self.sender
        await self.send_json(frame)
