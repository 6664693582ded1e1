"""A concept's word is read as the beginning of a longer one ("cachet" in "cachets"), except
where the longer word means something else (issue 9, seventeenth session): "vide" (empty) is no
hopelessness in "videos", "seul" (alone) none in "seulement" (only), "cliff" no height in
"cliffhanger", "brug" (bridge) none in "Brugge", "dead" no death in "deadline". Such words are
whole words now; their own forms still count. The sentences are written for this test."""

from __future__ import annotations

import pytest

from moderation.screening.engine import get_engine
from tests.moderation.test_lexicon import concepts_of


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("on a regardé trois videos de chats", "~hopeless"),
        ("videocall met oma om 8u", "~hopeless"),
        ("c'est seulement 5 euros la place", "~alone"),
        ("that cliffhanger at the end of season 2", "~heights"),
        ("we gaan zaterdag naar brugge met de klas", "~heights"),
        ("the deadline for the project is friday", "~death"),
        ("dat is letterlijk de beste frietkot", "~goodbye"),
        ("sneeuwklassen in februari!!", "~cutting"),
        ("j'ai trouvé une cachette pour le cadeau de maman", "~pills"),
        ("ma couleur préférée c'est le violet", "~abuse_material"),
        ("voyage en europe cet été", "~pay"),
        ("t'es connecté sur fortnite?", "~insult"),
        ("hun nieuwe album is exclusief op spotify", "~exclusion"),
    ],
)
def test_a_longer_word_of_another_meaning_is_not_the_concept(text, concept):
    assert concept not in concepts_of(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("je me sens vide depuis des semaines", "~hopeless"),
        ("je suis toute seule ce soir", "~alone"),
        ("ils me laissent seul", "~alone"),
        ("standing at the edge of the cliff", "~heights"),
        ("ik sta op de brug", "~heights"),
        ("i'd rather be dead", "~death"),
        ("i wrote a letter to my mum for after", "~goodbye"),
        ("een snee in mijn arm", "~cutting"),
        ("j'ai gardé tous les cachets", "~pills"),
    ],
)
def test_the_word_itself_still_is(text, concept):
    assert concept in concepts_of(text)


def test_a_cliffhanger_is_no_sign_of_meaning_a_wish_to_die():
    # Before, "cliffhanger" read as a height (a means), so the wish counted as meant.
    signals = (
        get_engine()
        .screen(
            "netflix a annulé ma série après le cliffhanger de la saison 2. plus aucune raison "
            "de vivre 😭",
            "fr",
        )
        .signals
    )
    readings = {s.context for s in signals if s.category == "self_harm"}
    assert readings and None not in readings
