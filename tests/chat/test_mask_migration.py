"""Room messages held or hidden before masking happened when a message was stored had no
masked spans; the migration chat 0007 finds their personal details, so a moderator letting one
through broadcasts none (review of issue 8, finding 3)."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from chat.models import Message, MessageStatus
from moderation import services as moderation

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("chat.migrations.0008_mask_room_messages_held_unmasked")


def migrate() -> None:
    """Run the migration's function with the models as they were at that migration."""
    state = MigrationLoader(connection).project_state(
        ("chat", "0008_mask_room_messages_held_unmasked")
    )
    MIGRATION.mask_unmasked(state.apps, None)


def stored_as_before(room, member, body: str, status: str) -> Message:
    """A room message as the code before masking at sending time stored it."""
    return Message.objects.create(
        room=room,
        author=member,
        sender_key=f"u{member.pk}",
        role=Message.Role.MEMBER,
        client_id=f"old-{Message.objects.count()}",
        body=body,
        status=status,
        masked_spans=[],
    )


def test_a_held_room_message_stored_unmasked_is_let_through_without_its_details(
    room, member, moderator, broadcasts, django_capture_on_commit_callbacks
):
    held = stored_as_before(room, member, "écris moi au 0471 12 34 56 stp", MessageStatus.HELD)
    hidden = stored_as_before(room, member, "add me on insta jade_13", MessageStatus.HIDDEN)
    harmless = stored_as_before(room, member, "coucou tout le monde", MessageStatus.HELD)

    migrate()

    for message in (held, hidden, harmless):
        message.refresh_from_db()
    assert held.masked_spans
    assert hidden.masked_spans
    assert harmless.masked_spans == []
    with django_capture_on_commit_callbacks(execute=True):
        moderation.chat_message_decide(held, action="publish", by=moderator)
    sent = [event["message"]["html"] for _, event in broadcasts if event["type"] == "chat.message"]
    assert sent
    assert "0471" not in sent[0]
    assert "•••" in sent[0]
