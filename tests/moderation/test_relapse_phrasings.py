"""Relapses said plainly (issue 9, eighteenth session, a review's finds): "i relapsed last
night", "i used to cut. i started again on saturday" and the Dutch word order that puts the
verb before "ik" ("nu snij ik elke avond") were read by no rule; the model only flagged some of
them, and a flag publishes. A relapse on sugar or vaping, and cutting bread, are not."""

from __future__ import annotations

import pytest

from moderation.screening.engine import action_for, get_engine


def self_harm(text: str, language: str) -> list:
    return [s for s in get_engine().screen(text, language).signals if s.category == "self_harm"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("i relapsed last night", "en"),
        ("@Maud i used to cut. i started again on saturday", "en"),
        (
            "kheb er nooit aan gedacht om mezelf pijn te doen voor dit jaar. nu snij ik elke avond",
            "nl",
        ),
        ("elke avond snij ik in mijn arm", "nl"),
    ],
)
def test_a_relapse_is_a_self_harm_disclosure(text, language):
    assert any(action_for(s) == "escalate" for s in self_harm(text, language))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("i relapsed on sugar lol, ate 3 donuts", "en"),
        ("i relapsed and started vaping again", "en"),
        ("nu snij ik de taart", "nl"),
        ("elke avond snij ik ajuin voor de soep", "nl"),
    ],
)
def test_other_relapses_and_cutting_food_are_not(text, language):
    assert self_harm(text, language) == []
