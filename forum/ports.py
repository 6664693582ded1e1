"""What the forum asks of moderation, the layer above it, without importing it.

The forum stores posts; moderation screens them, queues them and decides on them. The forum
only knows this port: moderation fills it in its AppConfig.ready() (moderation/adapters.py),
so dependencies point one way (README, "Layers"). Nothing here decides anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from cybersquad.models import User
    from forum.models import Post


class PostVerdict(Protocol):
    """What screening made of a post before it is stored (moderation.policy.Verdict)."""

    action: str  # publish, mask, flag, hold, escalate
    mask_spans: list[list[int]]
    title_has_personal_info: bool

    @property
    def is_public(self) -> bool: ...

    @property
    def escalation_kind(self) -> str: ...

    @property
    def escalates_crisis(self) -> bool:
        """Escalated about the writer's own need (a disclosure, a concern), not behaviour."""
        ...

    @property
    def held_self_harm(self) -> bool:
        """Held for a moderator on a self-harm signal: the writer sees crisis contacts."""
        ...

    @property
    def offers_counsellor(self) -> bool: ...


class PostModeration(Protocol):
    def verdict(self, author: User, *, body: str, language: str, title: str = "") -> PostVerdict:
        """Screen a post (or an edit) as it would be stored."""
        ...

    def apply_verdict(
        self, post: Post, verdict: PostVerdict, *, edit_of_held: bool = False
    ) -> None:
        """After the post is stored: queue, escalate, restrict. ``edit_of_held``: the post was
        held (or hidden) and its author edited it; its open item, if any, takes the new
        verdict. An edit of a post with an open case adds its text to that case."""
        ...

    def keep_evidence(self, post: Post, *, reason: str) -> None:
        """Copy the post to its live cases before its author edits ("edited") or deletes
        ("deleted") it."""
        ...

    def published_decisions(self, user: User, pks: Iterable[int]) -> dict[int, str]:
        """Of these decisions about ``user``, those that put a message online, each with what
        it put online: "message" (a room message), "question" or "reply"."""
        ...


_moderation: PostModeration | None = None


def register(port: PostModeration) -> None:
    """Called once, by moderation's AppConfig.ready()."""
    global _moderation
    _moderation = port


def moderation() -> PostModeration:
    if _moderation is None:
        raise RuntimeError("forum.ports: moderation has not registered (is it in INSTALLED_APPS?)")
    return _moderation
