"""A chat message as the pages show it: one template (``chat/includes/_message.html``) for the
history a page loads and for the messages that arrive live.

What a message looks like depends on who looks ("You" for one's own, a visitor's name only for
counsellors, hide and report links in rooms) and in which language. A broadcast carries every
variant its message can have (``message_elements``); each socket sends its browser the one for
its viewer, which the page inserts as it is. A replay renders only the socket's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from chat.models import Message, Room

TEMPLATE = "chat/includes/_message.html"
# Who may look at a message: the viewer kinds are the roles of the people in a conversation
# (the young person, counsellors) or in a room (members, moderators).
CONVERSATION_VIEWERS = (Message.Role.YOUNG, Message.Role.COUNSELLOR)
ROOM_VIEWERS = (Message.Role.MEMBER, Message.Role.MODERATOR)


def element_context(message: Message, *, viewer: str, mine: bool, room: Room | None) -> dict:
    """The context the page's own loop gives ``_message.html`` (see chat/views.py)."""
    return {
        "m": message,
        "my_sender": message.sender_key if mine else "",
        "viewer_is_counsellor": viewer == Message.Role.COUNSELLOR,
        "room": room,
        "is_moderator": viewer == Message.Role.MODERATOR,
    }


def element_key(viewer: str, language: str, mine: bool) -> str:
    return f"{viewer}:{language}:{'mine' if mine else 'other'}"


def message_room(message: Message) -> Room | None:
    """The room with its theme (its slug is in the moderators' links), read once."""
    if not message.room_id:
        return None
    cached = Message.room.is_cached(message) and Room.theme.is_cached(message.room)
    if cached:
        return message.room
    return Room.objects.select_related("theme").get(pk=message.room_id)


def message_element(
    message: Message, *, viewer: str, mine: bool, language: str, room: Room | None = None
) -> str:
    """The ``<li>`` of one message for one kind of viewer, in one language."""
    if room is None and message.room_id:
        room = message_room(message)
    context = element_context(message, viewer=viewer, mine=mine, room=room)
    with translation.override(language):
        return render_to_string(TEMPLATE, context).strip()


def message_elements(message: Message) -> dict[str, str]:
    """Every variant of a published message, by ``element_key``: what a broadcast carries."""
    room = message_room(message)
    viewers = ROOM_VIEWERS if message.room_id else CONVERSATION_VIEWERS
    return {
        element_key(viewer, language, mine): message_element(
            message, viewer=viewer, mine=mine, language=language, room=room
        )
        for viewer in viewers
        for language, _name in settings.LANGUAGES
        for mine in (False, True)
    }


@dataclass(frozen=True)
class Viewer:
    """The person behind one socket: their kind (a role), their page's language and their
    sender key (which of the messages are theirs)."""

    kind: str
    language: str
    sender: str

    def key(self, sender: str) -> str:
        return element_key(self.kind, self.language, sender == self.sender)

    def element(self, message: Message, room: Room | None = None) -> str:
        return message_element(
            message,
            viewer=self.kind,
            mine=message.sender_key == self.sender,
            language=self.language,
            room=room,
        )
