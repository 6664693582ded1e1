"""Channel-layer group names, built in one place so senders and listeners agree."""


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


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
