"""'He has my pics' with a price and a deadline is sextortion even when the pictures are not
called nudes (issue 9, eighteenth session: the sixty-eighth batch's short room lines, "le mec
du salon gaming a mes photos. 80€ avant 22h", were missed). The price must come with a
deadline at a time of day ("90 by 8am") or a threat ("or he posts them"): photos kept by
family with a price for prints, or a year, are not sextortion."""

from __future__ import annotations

import pytest

from moderation.screening.engine import action_for, get_engine


def sextortion(text: str, language: str) -> list:
    return [s for s in get_engine().screen(text, language).signals if s.category == "sextortion"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("le mec du salon gaming a mes photos. 80€ avant 22h", "fr"),
        ("le compte arrivé dans le groupe lundi a mes photos privées. 90€ avant 8h", "fr"),
        ("the account that joined our gc monday has my private pics. 90 by 8am", "en"),
        ("a guy from the game has my pics. 80 euros or he posts them", "en"),
        ("die account heeft mijn privéfoto's. 90 euro voor 8u", "nl"),
        ("ne gast van de game heeft mijn fotos, 80 voor 22u of hij post ze", "nl"),
    ],
)
def test_pictures_kept_with_a_price_and_a_deadline_are_sextortion(text, language):
    found = sextortion(text, language)
    assert found and any(action_for(s) == "escalate" for s in found)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("my cousin has my pics from the trip, she wants 5 euros for the prints lol", "en"),
        ("my cousin has my photos from the wedding, 20 euros or so for the album", "en"),
        ("he has my pics from 2 years ago or something", "en"),
        ("ma mère a mes photos de 2015 ou 2016", "fr"),
        # A price and a time word that are no threat: prints, packs, a move (a review's finds).
        ("mijn oma heeft mijn fotos van de communie, 10 euro voor een afdruk", "nl"),
        ("mijn mama heeft al mijn fotos van 2019 voor de verhuis nog op haar laptop", "nl"),
        ("le photographe a mes photos du gala, 10€ ou 25€ pour le pack", "fr"),
        ("the photographer has my pics, 10 euros each or 25 for all of them", "en"),
        ("ma tante a mes photos de communion, 15€ le tirage avant noël", "fr"),
        ("le prof a toutes mes photos du voyage, 5€ d'ici vendredi pour les tirages", "fr"),
        ("the coach has my photos from the tournament in grade 6 before we moved to ghent", "en"),
    ],
)
def test_pictures_kept_without_a_threat_are_not(text, language):
    assert sextortion(text, language) == []
