"""A wish to die written next to an everyday trouble (a missed bus, a test in ten minutes, a spot
before the class photo) with no laugh and no sign of meaning it (issue 9). The rules read it
"trivial"; it stays so only where the message model sees no self-harm either, and then it is
held for a moderator (never published, never sent to a counsellor unasked) and the writer sees
crisis contacts at once. Where the model sees self-harm, or no model runs, the wish counts as
meant and a counsellor gets it, as before.

Before this, every such sentence without a laugh was escalated: on the training corpus's
folds the self-harm rules escalated 28 ordinary messages, 15 after it; a red team's meant
messages about an everyday trouble went from 83 of 90 escalated to 77 (the rest held, none
published)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forum.models import Post, PostStatus
from moderation.models import Escalation, QueueItem
from moderation.policy import post_verdict
from moderation.screening.engine import action_for, get_engine
from moderation.screening.learned import get_screener, load_screener, settled
from tests.conftest import client_for
from tests.moderation.test_unsure_held import FixedScreener

TROUBLES = [
    ("missed the bus, i want to die, and its raining again", "en"),
    ("interro de chimie dans 10 min, je vais mourir, j'ai rien révisé", "fr"),
    ("puist op mijn neus net voor de klasfoto, ik wil dood", "nl"),
    ("ma mère m'a pris mon tel jusqu'à vendredi, jveux mourir", "fr"),
]


def self_harm_readings(text: str, language: str) -> set[str | None]:
    result = get_engine().screen(text, language)
    return {s.context for s in result.signals if s.category == "self_harm"}


@pytest.mark.parametrize(("text", "language"), TROUBLES)
def test_the_rules_read_a_wish_to_die_over_an_everyday_trouble_as_trivial(text, language):
    assert self_harm_readings(text, language) == {"trivial"}


@pytest.mark.parametrize(
    ("text", "language", "reading"),
    [
        # A laugh makes it an exaggeration: shown, a moderator looks.
        ("missed the bus, i want to die lol", "en", "hyperbole"),
        # Any sign of meaning it keeps the wish meant.
        ("missed the bus, i want to die, not as a joke", "en", None),
        ("j'ai raté mes exams, je vais mourir bientôt, ça sert plus à rien", "fr", None),
        ("bus gemist, ik wil dood, niemand ziet mij staan", "nl", None),
        ("failed the test, i want to die, i've got the pills ready", "en", None),
        ("bus raté, je veux mourir, je suis un poids pour tout le monde", "fr", None),
    ],
)
def test_a_laugh_or_a_sign_of_meaning_it_decides_the_reading(text, language, reading):
    assert self_harm_readings(text, language) == {reading}


def test_a_trivial_reading_is_held_for_a_moderator():
    (signal,) = get_engine().screen(*TROUBLES[0]).signals
    assert action_for(signal) == "hold"


def test_the_model_settles_a_trivial_reading():
    (signal,) = get_engine().screen(*TROUBLES[0]).signals
    thresholds = {"self_harm": {"flag": 0.2, "hold": 0.8, "act": 0.9}}
    # The model sees no self-harm either: two readers agree, it is held.
    (kept,) = settled([signal], {"self_harm": 0.05}, thresholds)
    assert kept.context == "trivial" and action_for(kept) == "hold"
    # The model sees self-harm (even only weakly): the wish counts as meant.
    (meant,) = settled([signal], {"self_harm": 0.2}, thresholds)
    assert meant.context is None and action_for(meant) == "escalate"
    # No model runs: meant, as the rules alone always read it.
    (alone,) = settled([signal])
    assert alone.context is None


def test_rules_alone_escalate_a_wish_to_die_over_an_everyday_trouble():
    assert get_screener().screen(*TROUBLES[0]).action == "escalate"


@pytest.mark.usefixtures("screening_models")
def test_with_the_models_an_exaggeration_is_held_and_a_meant_wish_escalated():
    screener = load_screener()
    # Written for this test (not in the corpus): a tram late, and a plain exaggeration.
    ordinary = "tram stuck for 20 min, i'm going to be late for the quiz, i want to die"
    assert screener.screen(ordinary, "en").action == "hold"
    meant = (
        "failed maths again. i want to die. i'm not saying it like people say it, "
        "i think about it every night"
    )
    assert screener.screen(meant, "en").action == "escalate"


class TrivialSelfHarm(FixedScreener):
    """A screener whose only signal is a rule's wish to die read "trivial" and confirmed."""

    signals = get_engine().screen(*TROUBLES[0]).signals


@pytest.mark.django_db
def test_a_held_wish_to_die_shows_crisis_contacts_at_once(monkeypatch, member, theme, settings):
    monkeypatch.setattr("moderation.policy.get_screener", TrivialSelfHarm)
    text = TROUBLES[0][0]
    verdict = post_verdict(member, body=text, language="en")
    assert verdict.action == "hold" and verdict.held_self_harm
    response = client_for(member).post(
        reverse("forum:topic_new"),
        {"theme": theme.pk, "language": "fr", "title": "le bus", "body": text},
        follow=True,
    )
    page = response.content.decode()
    assert "Un modérateur vérifie ton message avant que les autres puissent le voir" in page
    assert f"appelle le {settings.CYBERSQUAD_HELPLINE}, gratuit, jour et nuit." in page
    assert "Parler à un conseiller" in page
    assert f'href="{reverse("get_help")}"' in page
    assert Post.objects.get().status == PostStatus.HELD
    assert QueueItem.objects.get().category == "self_harm"
    assert not Escalation.objects.exists()
