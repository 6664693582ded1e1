"""The counsellors' workspace socket: a staff list (moderation's base) that also returns
unanswered claimed chats to the queue on time while one is open.

Events carry no content: the page fetches the fresh list over HTTP, through the same
permission checks as any page.
"""

from __future__ import annotations

import asyncio
import logging

from channels.db import database_sync_to_async
from django.conf import settings

from chat.services import conversations_requeue_stale
from cybersquad.groups import COUNSELLORS
from moderation.consumers import StaffListConsumer

logger = logging.getLogger(__name__)


class CounsellingConsumer(StaffListConsumer):
    """The counsellors' workspace. While one is open, unanswered claimed chats are returned
    to the queue on time (the sweep is idempotent, so several workspaces may run it)."""

    group = COUNSELLORS

    def allowed(self, user) -> bool:
        return user.can_counsel

    async def connect(self) -> None:
        await super().connect()
        if getattr(self, "watch", None):  # joined and accepted
            self.sweeper = asyncio.ensure_future(self._sweep())

    async def disconnect(self, code: int) -> None:
        if getattr(self, "sweeper", None):
            self.sweeper.cancel()
        await super().disconnect(code)

    async def _sweep(self) -> None:
        interval = max(5, min(30, settings.CHAT_CLAIM_TIMEOUT_SECONDS // 4))
        while True:
            await asyncio.sleep(interval)
            try:
                await database_sync_to_async(conversations_requeue_stale)()
            except Exception:
                logger.exception("returning unanswered chats to the queue failed")

    async def chat_case_activity(self, event: dict) -> None:
        """A young person wrote in one of this counsellor's conversations."""
        await self.send_json({"type": "changed", "change": "conversation"})
