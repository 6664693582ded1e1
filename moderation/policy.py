"""What screening means for a post: publish, mask, flag, hold or escalate, and why."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from cybersquad.models import User
from forum.models import Post, PostStatus
from moderation.models import CRISIS_KINDS, QueueItem
from moderation.screening import Result, Signal
from moderation.screening.engine import (
    ACTION_RANK,
    CONVERSATION_RULE,
    SEVERITY_RANK,
    action_for,
)
from moderation.screening.learned import (
    Screener,
    conversation_pattern,
    get_screener,
    get_shadow_screener,
)
from moderation.triage import verdict_category, verdict_priority

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
    # What models in shadow would have done (SCREENING_SHADOW_MODELS), to be recorded.
    shadow: dict | None = None

    @property
    def category(self) -> str:
        return verdict_category(self.signals, self.action)

    @property
    def priority(self) -> int:
        return verdict_priority(self.signals, self.action)

    @property
    def restricts_author(self) -> bool:
        """Grooming or sexual solicitation by the writer: hold their posts until a decision.
        Only a rule's signal restricts a member; a model's guess alone never does."""
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
    def escalates_crisis(self) -> bool:
        """Escalated about the writer's own need (a disclosure, a concern): they get help at
        once and may be told that counsellors or a moderator read it. Never for behaviour:
        its writer is not told anything about counsellors."""
        return self.action == "escalate" and self.escalation_kind in CRISIS_KINDS

    @property
    def held_self_harm(self) -> bool:
        """Held, not escalated, on a self-harm signal a moderator decides on (a wish to die
        next to an everyday trouble, a model's unsure guess): the writer still sees crisis
        contacts at once (SPEC), as a crisis writer does. Never for behaviour."""
        return (
            self.action == "hold"
            and not self.restricts_author
            and any(s.category == "self_harm" and action_for(s) == "hold" for s in self.signals)
        )

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
    screener = get_screener()
    body_result, title_result, signals, score = _screen_post(
        screener, author, body=body, title=title, language=language
    )
    verdict = Verdict(
        action=_strongest([action_for(s) for s in signals]),
        signals=signals,
        mask_spans=_mask_spans(body_result),
        title_has_personal_info=bool(_mask_spans(title_result)),
        conversation_score=score,
    )
    if verdict.is_public and author.held_for_review:
        verdict.action = "hold"
    elif verdict.is_public and _needs_premoderation(author):
        verdict.action = "hold"
        verdict.source = QueueItem.Source.FIRST_POSTS
    shadow = get_shadow_screener()
    if shadow is not None:
        verdict.shadow = _shadow(
            verdict,
            shadow,
            _screen_post(shadow, author, body=body, title=title, language=language)[2],
        )
    return verdict


def _screen_post(screener: Screener, author: User, *, body: str, title: str, language: str):
    body_result, title_result = screener.screen_with_title(body, title, language)
    signals = list(body_result.signals) + list(title_result.signals)
    # Grooming is a process: add up the stages across this member's recent posts.
    score = 0
    if _looks_like_grooming(signals):
        recent = _recent_texts(author)
        conversation = screener.screen_conversation([*recent, title, body], language)
        score = conversation.score
        signals = _with_conversation(signals, conversation)
    return body_result, title_result, signals, score


def _mask_spans(result: Result) -> list[list[int]]:
    """Where the rules found personal details (a model's guess has no place to mask)."""
    return [
        list(s.span) for s in result.signals if s.category == "personal_info" and s.source == "rule"
    ]


def _looks_like_grooming(signals: list[Signal]) -> bool:
    """A grooming stage from a rule, or the message model's grooming signal: then the recent
    messages are screened together (rules' stages, the conversation model)."""
    return any(s.category == "grooming" and (s.stage or s.source == "model") for s in signals)


def _shadow(verdict: Verdict, shadow: Screener, signals: list[Signal]) -> dict:
    """What models in shadow would have decided: recorded beside the verdict, never applied."""
    action = _strongest([action_for(s) for s in signals])
    deciding = [s for s in signals if action_for(s) == action] or signals
    top = max(deciding, key=lambda s: SEVERITY_RANK[s.severity], default=None)
    return {
        "applied_action": verdict.action,
        "shadow_action": action,
        "category": top.category if top else "",
        # What fired and where, never the words it quoted.
        "signals": [{**s.as_dict(), "matched": "", "words": []} for s in signals],
        "digest": shadow.digest,
    }


def _with_conversation(signals: list[Signal], conversation) -> list[Signal]:
    """The signals of one message plus the conversation's: the rules' pattern signal, which
    then stands for the message's own (it adds up the same stages and more), and the
    conversation model's."""
    pattern = conversation_pattern(conversation)
    if not pattern:
        return signals
    return [s for s in signals if s.rule != CONVERSATION_RULE] + pattern


def _needs_premoderation(author: User) -> bool:
    count = settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS
    if count <= 0 or author.is_professional:
        return False
    published = Post.objects.filter(author=author, status=PostStatus.PUBLISHED).count()
    return published < count


def _recent_texts(author: User) -> list[str]:
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    newest_first = (
        Post.objects.filter(author=author, created_at__gte=since)
        .order_by("-created_at")
        .values_list("body", flat=True)[:20]
    )
    return list(newest_first)[::-1]


def message_verdict(author: User, *, body: str, language: str, recent: list[str]) -> Verdict:
    """Screen a room message before it is broadcast: the post policy without pre-moderation.

    ``recent`` are the author's recent room messages, oldest first, for grooming that builds
    up over time.
    """
    screener = get_screener()
    result, signals, score = _screen_message(screener, body=body, language=language, recent=recent)
    verdict = Verdict(
        action=_strongest([action_for(s) for s in signals]),
        signals=signals,
        mask_spans=_mask_spans(result),
        conversation_score=score,
    )
    if verdict.is_public and author.held_for_review:
        verdict.action = "hold"
    shadow = get_shadow_screener()
    if shadow is not None:
        shadow_signals = _screen_message(shadow, body=body, language=language, recent=recent)[1]
        verdict.shadow = _shadow(verdict, shadow, shadow_signals)
    return verdict


def _screen_message(screener: Screener, *, body: str, language: str, recent: list[str]):
    result = screener.screen(body, language)
    signals = list(result.signals)
    score = 0
    if _looks_like_grooming(signals):
        conversation = screener.screen_conversation([*recent, body], language)
        score = conversation.score
        signals = _with_conversation(signals, conversation)
    return result, signals, score


def help_request_signals(text: str, language: str) -> list[Signal]:
    """Signals in what a young person tells a counsellor: they rank the queue, never block."""
    signals = get_screener().screen(text, language).signals
    return [s for s in signals if s.category != "personal_info"]
