"""Screening of everything people write: see engine.py for the rules and the policy."""

from moderation.screening.engine import (
    ConversationResult,
    Engine,
    Result,
    Signal,
    action_for,
    get_engine,
)

__all__ = ["ConversationResult", "Engine", "Result", "Signal", "action_for", "get_engine"]
