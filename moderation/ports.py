"""What moderation asks of the chat, the layer above it, without importing it.

Moderation decides on room messages and room members and gives cases to counsellors; the
chat owns the rooms, their messages and the conversations that carry cases. Moderation only
knows this port: the chat fills it in its AppConfig.ready() (chat/adapters.py), so
dependencies point one way (README, "Layers").
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from cybersquad.models import User
    from moderation.models import Decision, Escalation


class Chat(Protocol):
    def message_hide(self, message: Any, *, by: User, reason: str = "") -> bool:
        """Hide a room message (chat.models.Message) for everyone; whether it changed."""
        ...

    def message_publish(self, message: Any, *, by: User, reason: str = "") -> bool:
        """Let a held room message through, or show a hidden one again; whether it changed."""
        ...

    def room_exclude(self, room: Any, member: User, *, by: User, until: datetime.datetime) -> Any:
        """Take a member out of a room until ``until``: the exclusion (with a ``decision``
        field to link), or None when nothing changed."""
        ...

    def room_readmit(self, decision: Decision, *, by: User) -> None:
        """End the room exclusion this decision made, if any (reversed on appeal)."""
        ...

    def conversation_for_escalation(self, escalation: Escalation) -> None:
        """Open the conversation that carries a case in the counsellors' queue."""
        ...

    def conversation_add_disclosure(
        self, escalation: Escalation, *, priority: int | None = None
    ) -> None:
        """Add a further disclosure (or a new version of one) to the open case it joined
        (``escalation.carrier``'s conversation), at ``priority`` if more urgent."""
        ...

    def conversation_lock_open(self, escalation: Escalation) -> bool:
        """Lock the conversation carrying this case; whether it is still open. Inside the
        transaction that adds a text to it, so a counsellor cannot close it meanwhile."""
        ...

    def conversation_withdraw_writer(self, conversation: Any, *, by: User) -> bool:
        """The writer leaves a case that became a behaviour case; whether it changed."""
        ...

    def reportable_message(self, user: User, pk: int) -> Any:
        """The visible room message ``pk`` if ``user`` may be in its room, else None."""
        ...


_chat: Chat | None = None


def register_chat(port: Chat) -> None:
    """Called once, by the chat's AppConfig.ready()."""
    global _chat
    _chat = port


def chat() -> Chat:
    if _chat is None:
        raise RuntimeError("moderation.ports: the chat has not registered (is it installed?)")
    return _chat
