"""Plain ways of saying one wants to end one's life that no rule read before (issue 9, a red
team's meant messages only flagged or published): "mettre fin à mes jours", "een einde maken
aan mijn leven", "because i killed myself". And the words often said lightly ("done with
life", "het leven beu", "marre de la vie"), read "light": held for a moderator unless the
message model sees self-harm too (then, as with the models off, a counsellor gets it)."""

from __future__ import annotations

import pytest

from moderation.screening.engine import action_for, get_engine
from moderation.screening.learned import get_screener, settled

PLAIN = [
    ("j'ai envie de mettre fin à mes jours", "fr"),
    ("je pense à mettre fin à ma vie", "fr"),
    ("j'ai décidé d'en finir avec la vie", "fr"),
    ("c'est le seul truc qui m'empêche de me tuer", "fr"),
    ("j'aimerais être morte", "fr"),
    ("je voudrais ne jamais me réveiller", "fr"),
    ("ik wil een einde maken aan mijn leven", "nl"),
    ("kdenk eraan om er een einde aan te maken", "nl"),
    ("het zou makkelijker zijn als ik er niet meer was", "nl"),
    ("ik hoop dat ik morgen niet meer wakker word", "nl"),
    ("thinking about ending it all", "en"),
    ("if i stop logging in one day its because i killed myself", "en"),
    ("i wish i could die in my sleep", "en"),
    ("i dont plan on being alive in june", "en"),
    ("i dont want to be alive anymore", "en"),
    ("suicide is the only way out for me", "en"),
    # A train is a means, not an everyday trouble, unless it was missed.
    ("je vais me jeter sous un train", "fr"),
]


@pytest.mark.parametrize(("text", "language"), PLAIN)
def test_a_plain_wish_to_end_ones_life_escalates_on_the_rules_alone(text, language):
    result = get_engine().screen(text, language)
    assert result.action == "escalate", [(s.rule, s.context) for s in result.signals]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("il a décidé de mettre fin à sa carrière", "fr"),
        ("on doit mettre fin au harcèlement à l'école", "fr"),
        ("we moeten een einde maken aan pesten", "nl"),
        ("ik ben klaar met mijn huiswerk", "nl"),
        ("im done with life drawing class, so boring", "en"),
        ("i wish i could die my hair pink", "en"),
        ("thinking about ending my streak on duolingo", "en"),
    ],
)
def test_their_everyday_look_alikes_do_not(text, language):
    assert get_engine().screen(text, language).action == "publish"


LIGHT = [
    ("j'en ai marre de la vie", "fr"),
    ("kzen het leven beu", "nl"),
    ("im so done with life", "en"),
]


@pytest.mark.parametrize(("text", "language"), LIGHT)
def test_words_often_said_lightly_wait_for_the_model_or_a_moderator(text, language):
    (signal,) = get_engine().screen(text, language).signals
    assert signal.context == "light" and action_for(signal) == "hold"
    thresholds = {"self_harm": {"flag": 0.2, "hold": 0.8, "act": 0.9}}
    (kept,) = settled([signal], {"self_harm": 0.1}, thresholds)
    assert action_for(kept) == "hold"
    (confirmed,) = settled([signal], {"self_harm": 0.6}, thresholds)
    assert action_for(confirmed) == "escalate"
    # Rules alone: a counsellor gets it.
    assert get_screener().screen(text, language).action == "escalate"
