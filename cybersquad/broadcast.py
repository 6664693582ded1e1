"""Channel-layer broadcasts, always sent after the transaction that caused them commits."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def send_now(group: str, event: dict) -> bool:
    """Send one event; a failure is logged, never raised: the database already has the data.
    Returns whether the layer took it (chat messages are swept and sent again if not)."""
    try:
        async_to_sync(get_channel_layer().group_send)(group, event)
    except Exception:
        logger.exception("broadcast to %s failed", group.split(".")[0])
        return False
    return True


def send_on_commit(group: str, event: dict) -> None:
    transaction.on_commit(lambda: send_now(group, event))
