"""What the chat gives the layer below it: moderation's port (moderation/ports.py),
registered in ChatConfig.ready(). Each method hands over to the module that owns the work."""

from __future__ import annotations

import datetime

from chat import services
from chat.models import Message, MessageStatus, Room, RoomExclusion
from chat.permissions import room_role
from cybersquad.models import User


class ChatForModeration:
    def message_hide(self, message: Message, *, by: User, reason: str = "") -> bool:
        return services.message_hide(message, by=by, reason=reason)

    def message_publish(self, message: Message, *, by: User, reason: str = "") -> bool:
        return services.message_publish(message, by=by, reason=reason)

    def room_exclude(
        self, room: Room, member: User, *, by: User, until: datetime.datetime
    ) -> RoomExclusion | None:
        return services.room_exclude(room, member, by=by, until=until)

    def room_readmit(self, decision, *, by: User) -> None:
        exclusion = RoomExclusion.objects.filter(decision=decision).first()
        if exclusion is not None:
            services.room_readmit(exclusion, by=by)

    def conversation_for_escalation(self, escalation) -> None:
        services.conversation_for_escalation(escalation)

    def conversation_add_disclosure(self, escalation, *, priority: int | None = None) -> None:
        services.conversation_add_disclosure(escalation, priority=priority)

    def conversation_lock_open(self, escalation) -> bool:
        return services.conversation_lock_open(escalation)

    def conversation_withdraw_writer(self, conversation, *, by: User) -> bool:
        return services.conversation_withdraw_writer(conversation, by=by)

    def reportable_message(self, user, pk: int) -> Message | None:
        message = (
            Message.objects.select_related("room", "author")
            .filter(pk=pk, room__isnull=False, status=MessageStatus.VISIBLE)
            .first()
        )
        if message is None or room_role(user, message.room) is None:
            return None
        return message
