"""A learned model's guess between its hold and act thresholds ("unsure") keeps the message out
of view wherever SPEC holds the harm: grooming and sexting as well as the urgent harms. Only
bullying and personal details are shown while a moderator looks (issue 9: a red team found
grooming disclosures the model was unsure of published)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.urls import reverse

from forum.models import Post, PostStatus
from moderation.models import QueueItem
from moderation.policy import post_verdict
from moderation.screening.engine import ConversationResult, Result, Signal, action_for
from tests.conftest import client_for
from tests.moderation.test_outranked import model


def guess(category: str, kind: str = "disclosure", context: str | None = "unsure") -> Signal:
    return replace(model(category, 0.5, context), kind=kind)


@pytest.mark.parametrize(
    "category", ["grooming", "sexting", "sextortion", "self_harm", "abuse_images"]
)
@pytest.mark.parametrize("kind", ["disclosure", "concern", "behaviour"])
def test_an_unsure_guess_of_a_held_harm_is_held(category, kind):
    assert action_for(guess(category, kind)) == "hold"


@pytest.mark.parametrize("category", ["bullying", "personal_info"])
def test_an_unsure_guess_of_bullying_or_personal_details_is_shown_to_a_moderator(category):
    expected = "mask" if category == "personal_info" else "flag"
    assert action_for(guess(category)) == expected


def test_a_weak_guess_is_still_only_flagged():
    assert action_for(guess("grooming", context="weak")) == "flag"


class FixedScreener:
    """A screener that finds ``signals`` in every post or message, and no conversation."""

    signals: tuple[Signal, ...] = ()

    def screen_with_title(self, body, title, language):
        return Result(self.signals), Result(())

    def screen(self, text, language=None):
        return Result(self.signals)

    def screen_conversation(self, messages, language=None, ids=None):
        return ConversationResult((), 0, ())


class UnsureGrooming(FixedScreener):
    """A screener whose model is unsure the words are grooming (what the red team found for
    "my mum's boyfriend comes in my room at night and says it's a secret between us")."""

    signals = (guess("grooming"),)


@pytest.mark.django_db
def test_a_post_the_model_is_unsure_is_grooming_waits_for_a_moderator(monkeypatch, member, theme):
    monkeypatch.setattr("moderation.policy.get_screener", UnsureGrooming)
    text = "my mums boyfriend comes in my room at night and says its a secret between us"
    assert post_verdict(member, body=text, language="en").action == "hold"
    response = client_for(member).post(
        reverse("forum:topic_new"),
        {"theme": theme.pk, "language": "fr", "title": "la nuit", "body": text},
        follow=True,
    )
    assert "Un modérateur vérifie ton message avant que les autres puissent le voir" in (
        response.content.decode()
    )
    assert Post.objects.get().status == PostStatus.HELD
    assert QueueItem.objects.get().category == "grooming"
