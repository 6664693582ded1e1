"""A grooming rule's disclosure in a message the message model sees no harm in (grooming below
its hold threshold, every other held category below its flag threshold) reads "unconfirmed"
(issue 9): held for a moderator,
kept out of view, not sent to a counsellor unasked. Photo requests have everyday uses a model
reads better than a pattern ("the mum of the kids I babysit asked me for a pic of them at the
park"); where the model sees any harm, or no model runs, the rule's reading stands.

On the training folds the grooming rules escalated 22 ordinary messages, 14 with this; two
risky messages were held instead of escalated, none published. In the sixteenth session the
grooming score itself had to reach the hold threshold: the grooming rules' ordinary escalations
on the folds fell from 14 to 7, and no risky message was escalated less."""

from __future__ import annotations

import pytest

from moderation.screening.engine import action_for, get_engine
from moderation.screening.learned import load_screener, settled

COACH = "my coach asked me to send a pic of us with the trophy for the club newsletter"
LOW = {"grooming": 0.05, "sexting": 0.0, "sextortion": 0.0, "self_harm": 0.0, "abuse_images": 0.0}
THRESHOLDS = {c: {"flag": 0.2, "hold": 0.6, "act": 0.9} for c in LOW}


def grooming_signal(text: str, language: str = "en"):
    (signal,) = [s for s in get_engine().screen(text, language).signals if s.category == "grooming"]
    return signal


def test_a_grooming_rule_the_model_sees_no_harm_beside_is_held():
    signal = grooming_signal(COACH)
    assert action_for(signal) == "escalate"
    (kept,) = settled([signal], LOW, THRESHOLDS)
    assert kept.context == "unconfirmed" and action_for(kept) == "hold"


@pytest.mark.parametrize("category", ["sexting", "sextortion", "self_harm"])
def test_any_other_harm_the_model_sees_keeps_the_rule_s_reading(category):
    scores = {**LOW, category: 0.2}
    (kept,) = settled([grooming_signal(COACH)], scores, THRESHOLDS)
    assert kept.context is None and action_for(kept) == "escalate"


def test_grooming_itself_must_reach_the_hold_threshold():
    (held,) = settled([grooming_signal(COACH)], {**LOW, "grooming": 0.2}, THRESHOLDS)
    assert held.context == "unconfirmed" and action_for(held) == "hold"
    (kept,) = settled([grooming_signal(COACH)], {**LOW, "grooming": 0.6}, THRESHOLDS)
    assert kept.context is None and action_for(kept) == "escalate"


def test_a_mother_s_photo_request_with_nothing_intimate_is_no_grooming_disclosure():
    gran = "my gran asked me to send a pic of us at the zoo to print it for her fridge"
    assert not [s for s in get_engine().screen(gran, "en").signals if s.category == "grooming"]
    aunt = "my aunt asked me to send a pic of me in my bikini and said not to tell mum"
    assert grooming_signal(aunt).kind == "disclosure"


def test_with_no_model_the_rule_s_reading_stands():
    assert settled([grooming_signal(COACH)])[0].context is None


def test_other_categories_rules_are_not_held_so():
    text = "he says he'll send my nudes to my class unless i pay 100 euros"
    signals = [s for s in get_engine().screen(text, "en").signals if s.category != "grooming"]
    assert signals
    for signal in settled(signals, LOW, THRESHOLDS):
        assert signal.context != "unconfirmed"


@pytest.mark.usefixtures("screening_models")
def test_with_the_models_an_everyday_photo_request_is_held_and_grooming_escalated():
    screener = load_screener()
    # Written for this test (not in the corpus).
    assert screener.screen(COACH, "en").action == "hold"
    groomed = "a 30 year old man on snap keeps asking me for pics and says i cant tell my parents"
    assert screener.screen(groomed, "en").action == "escalate"
