"""A wish to die written beside something else (a cause told first, a joke after) with nothing
that shows it meant reads "plain" (issue 9): the message model weighs it. It counts as meant
where the model scores self-harm at least its light threshold, chosen in training so that at
most training.LIGHT_BUDGET of the corpus's self-harm messages so read fall below it; else a
moderator decides (held) and the writer sees crisis contacts at once. The wish alone, a wish
with a sign of meaning it, and acts, plans and means are never read so.

Before this only a named everyday trouble (a bus, a test: "trivial") was weighed; a wish said
about a mosquito, a Lego brick or a queue was escalated whenever the model saw any self-harm
at all. On the training folds the self-harm rules escalated 60 ordinary messages, 43 after."""

from __future__ import annotations

import numpy as np
import pytest

from moderation.screening import training
from moderation.screening.engine import action_for, get_engine
from moderation.screening.learned import load_screener, settled


def self_harm_readings(text: str, language: str) -> set[str | None]:
    result = get_engine().screen(text, language)
    return {s.context for s in result.signals if s.category == "self_harm"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("le chien a mangé mon dernier croissant, je veux mourir", "fr"),
        ("mijn broer heeft mijn chips opgegeten, kwil dood", "nl"),
        ("my cat knocked tea over my drawing, i want to die", "en"),
    ],
)
def test_a_wish_beside_something_else_with_no_sign_of_meaning_it_reads_plain(text, language):
    assert self_harm_readings(text, language) == {"plain"}
    (signal,) = get_engine().screen(text, language).signals
    assert action_for(signal) == "hold"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # The wish alone: nothing beside it says how it is meant.
        ("i want to die", "en"),
        ("kwil dood", "nl"),
        ("je veux mourir 😭", "fr"),
        # A sign of meaning it.
        ("my cat knocked tea over my drawing, i want to die, not joking", "en"),
        ("mijn broer heeft mijn chips opgegeten, kwil dood, niemand ziet mij", "nl"),
        # After an emoji, with no comma: one clause (seventeenth session's review: an emoji as
        # a clause end made these plain, held instead of sent to a counsellor).
        ("everyone in my class saw the pics he posted 😭 i want to die", "en"),
        ("iedereen van mijn klas heeft de foto's gezien 😭 ik wil dood", "nl"),
        # An act or means, not a wish.
        ("j'ai pris toute la boîte de doliprane y a une heure, j'ai mal au ventre", "fr"),
    ],
)
def test_the_wish_alone_a_sign_of_meaning_it_or_an_act_stays_meant(text, language):
    assert self_harm_readings(text, language) == {None}


def test_the_model_settles_a_plain_reading_at_its_light_threshold():
    text = "my cat knocked tea over my drawing, i want to die"
    (signal,) = get_engine().screen(text, "en").signals
    thresholds = {"self_harm": {"flag": 0.2, "hold": 0.8, "act": 0.9, "light": 0.6}}
    (kept,) = settled([signal], {"self_harm": 0.5}, thresholds)
    assert kept.context == "plain" and action_for(kept) == "hold"
    (meant,) = settled([signal], {"self_harm": 0.6}, thresholds)
    assert meant.context is None and action_for(meant) == "escalate"
    # A model without a light threshold settles at its flag threshold, as before.
    old = {"self_harm": {"flag": 0.2, "hold": 0.8, "act": 0.9}}
    assert settled([signal], {"self_harm": 0.3}, old)[0].context is None
    # No model runs: meant.
    assert settled([signal])[0].context is None


def test_the_light_threshold_leaves_at_most_its_budget_of_such_messages_below_it():
    ordinary = np.concatenate([np.linspace(0.0, 0.2, 980), np.linspace(0.9, 0.99, 20)])
    weighed = np.linspace(0.3, 1.0, 100)
    chosen = training.category_thresholds("self_harm", ordinary, weighed_scores=weighed)
    assert chosen["flag"] < chosen["light"] <= chosen["hold"]
    assert 0 < np.mean(weighed < chosen["light"]) <= training.LIGHT_BUDGET
    # Never under the flag threshold, never above the hold threshold.
    low = training.category_thresholds("self_harm", ordinary, weighed_scores=weighed - 0.3)
    assert low["light"] == low["flag"]
    # None read so: the flag threshold, as before.
    assert training.category_thresholds("self_harm", ordinary)["light"] == chosen["flag"]


@pytest.mark.usefixtures("screening_models")
def test_with_the_models_a_plain_exaggeration_is_held_and_a_meant_wish_escalated():
    screener = load_screener()
    # Written for this test (not in the corpus).
    ordinary = "mijn zus heeft mijn hoodie geleend en er ketchup op gemorst. kwil dood"
    assert screener.screen(ordinary, "nl").action == "hold"
    meant = "kwil dood. elke dag, al maanden, en kweet ni waarom"
    assert screener.screen(meant, "nl").action == "escalate"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # The wish's own words ("en peux plus", "plus vivre") are no sign of meaning it.
        (
            "lundi 8h10, deux heures de chimie avec le prof qui parle comme un gps. "
            "j'en peux plus de vivre",
            "fr",
        ),
        (
            "la prof de néerlandais a encore donné 40 mots à apprendre pour demain, "
            "j'en peux plus de vivre",
            "fr",
        ),
    ],
)
def test_a_wish_is_not_meant_by_its_own_words(text, language):
    # Weighed either way: "plain", or "trivial" since a school subject counts as an everyday
    # trouble (fifteenth session).
    assert self_harm_readings(text, language) in ({"plain"}, {"trivial"})


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # The same words with a sign of meaning it around them stay meant.
        ("j'en peux plus de vivre, personne me parle depuis des semaines", "fr"),
        (
            "la prof a encore crié sur moi. j'en peux plus de vivre, ce soir je prends les cachets",
            "fr",
        ),
    ],
)
def test_a_wish_with_a_sign_around_it_stays_meant(text, language):
    assert None in self_harm_readings(text, language)
