"""What screening means for a post: publish, mask, flag, hold or escalate, and why."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from cybersquad.models import User
from moderation.models import URGENT_CATEGORIES, Category, Priority, QueueItem
from moderation.screening import Result, Signal, get_engine
from moderation.screening.engine import (
    ACTION_RANK,
    CONVERSATION_RULE,
    SEVERITY_RANK,
    action_for,
)

RECENT_DAYS = 7


@dataclass
class Verdict:
    """The outcome of screening one post before it is stored."""

    action: str  # publish, mask, flag, hold, escalate
    signals: list[Signal] = field(default_factory=list)
    mask_spans: list[list[int]] = field(default_factory=list)
    title_has_personal_info: bool = False
    source: str = QueueItem.Source.SCREENING
    conversation_score: int = 0

    @property
    def category(self) -> str:
        """The most serious category among the signals that decided the action."""
        deciding = [s for s in self.signals if action_for(s) == self.action] or self.signals
        if not deciding:
            return Category.OTHER
        top = max(deciding, key=lambda s: SEVERITY_RANK[s.severity])
        return top.category if top.category in Category.values else Category.OTHER

    @property
    def priority(self) -> int:
        if self.category in URGENT_CATEGORIES and self.action in ("hold", "escalate"):
            return Priority.URGENT
        severities = [s.severity for s in self.signals if action_for(s) == self.action]
        if not severities:
            return Priority.LOW
        return Priority.for_severity(max(severities, key=SEVERITY_RANK.__getitem__))

    @property
    def restricts_author(self) -> bool:
        """Grooming or sexual solicitation by the writer: hold their posts until a decision."""
        return any(
            s.kind == "behaviour"
            and s.source == "rule"
            and s.category in ("grooming", "sexting", "sextortion", "abuse_images")
            and SEVERITY_RANK[s.severity] >= SEVERITY_RANK["high"]
            for s in self.signals
        )

    @property
    def escalation_kind(self) -> str:
        """Whose risk an escalation is about. A writer who also behaves like a groomer is
        never invited into a counselling chat: counsellors get the case without a chat, and
        can invite the writer themselves after reading it (a victim quoting their groomer).
        A writer worried about someone else, and about nothing of their own, is a concern."""
        if self.restricts_author:
            return "behaviour"
        escalating = [s for s in self.signals if action_for(s) == "escalate"]
        if escalating and all(s.kind == "concern" for s in escalating):
            return "concern"
        return "disclosure"

    @property
    def offers_counsellor(self) -> bool:
        """The writer says they are bullied: the post is shown (peers support each other),
        a moderator reads it, and the writer is offered a conversation with a counsellor."""
        return self.action != "escalate" and any(s.kind == "victim" for s in self.signals)

    @property
    def is_public(self) -> bool:
        return self.action in ("publish", "mask", "flag")


def _strongest(actions: list[str]) -> str:
    return max(actions, key=ACTION_RANK.__getitem__, default="publish")


def post_verdict(author: User, *, body: str, language: str, title: str = "") -> Verdict:
    engine = get_engine()
    body_result: Result = engine.screen(body, language)
    title_result: Result = engine.screen(title, language) if title else Result(())
    signals = list(body_result.signals) + list(title_result.signals)

    # Grooming is a process: add up the stages across this member's recent posts.
    score = 0
    if any(s.category == "grooming" and s.stage for s in signals):
        conversation = engine.screen_conversation([*_recent_texts(author), title, body], language)
        score = conversation.score
        signals = _with_conversation(signals, conversation)

    action = _strongest([action_for(s) for s in signals])
    verdict = Verdict(
        action=action,
        signals=signals,
        mask_spans=[list(s.span) for s in body_result.signals if s.category == "personal_info"],
        title_has_personal_info=any(s.category == "personal_info" for s in title_result.signals),
        conversation_score=score,
    )
    if verdict.is_public and author.held_for_review:
        verdict.action = "hold"
    elif verdict.is_public and _needs_premoderation(author):
        verdict.action = "hold"
        verdict.source = QueueItem.Source.FIRST_POSTS
    return verdict


def _with_conversation(signals: list[Signal], conversation) -> list[Signal]:
    """The signals of one message plus the conversation's pattern signal, which then stands
    for the message's own (it adds up the same stages and more)."""
    pattern = [s for s in conversation.signals if s.rule == CONVERSATION_RULE]
    if not pattern:
        return signals
    return [s for s in signals if s.rule != CONVERSATION_RULE] + pattern


def _needs_premoderation(author: User) -> bool:
    count = settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS
    if count <= 0 or author.is_professional:
        return False
    from forum.models import Post, PostStatus

    published = Post.objects.filter(author=author, status=PostStatus.PUBLISHED).count()
    return published < count


def _recent_texts(author: User) -> list[str]:
    from forum.models import Post

    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    return list(
        Post.objects.filter(author=author, created_at__gte=since)
        .order_by("-created_at")
        .values_list("body", flat=True)[:20]
    )


def message_verdict(author: User, *, body: str, language: str, recent: list[str]) -> Verdict:
    """Screen a room message before it is broadcast: the post policy without pre-moderation.

    ``recent`` are the author's recent room messages, for grooming that builds up over time.
    """
    engine = get_engine()
    result = engine.screen(body, language)
    signals = list(result.signals)
    score = 0
    if any(s.category == "grooming" and s.stage for s in signals):
        conversation = engine.screen_conversation([*recent, body], language)
        score = conversation.score
        signals = _with_conversation(signals, conversation)
    verdict = Verdict(
        action=_strongest([action_for(s) for s in signals]),
        signals=signals,
        mask_spans=[list(s.span) for s in result.signals if s.category == "personal_info"],
        conversation_score=score,
    )
    if verdict.is_public and author.held_for_review:
        verdict.action = "hold"
    return verdict


def help_request_signals(text: str, language: str) -> list[Signal]:
    """Signals in what a young person tells a counsellor: they rank the queue, never block."""
    signals = get_engine().screen(text, language).signals
    return [s for s in signals if s.category != "personal_info"]
