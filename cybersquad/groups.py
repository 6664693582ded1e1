"""Channel-layer group names, built in one place so senders and listeners agree."""

from django.utils.crypto import salted_hmac


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    """Every socket opened with one browser session. Named after a keyed digest of the key:
    the session key itself is a credential and never goes into Redis."""
    digest = salted_hmac("cybersquad.socket-session", session_key, algorithm="sha256")
    return f"session.{digest.hexdigest()[:40]}"


MODERATION_QUEUE = "moderation.queue"
COUNSELLORS = "counsellors"
# Young people waiting for a counsellor: told when the queue moves, so their place updates.
HELP_QUEUE = "chat.queue"


def conversation_group(conversation_id: int) -> str:
    return f"chat.conversation.{conversation_id}"


def room_group(room_id: int) -> str:
    return f"chat.room.{room_id}"


def room_moderators_group(room_id: int) -> str:
    return f"chat.room.{room_id}.moderators"
