"""Disclosures that no rule read in some of the three languages (issue 9, fourteenth session):
a hanging said with "mij", a friend who has cut herself told in the past tense, everything in the
medicine cabinet, an adult at home who comes into the bedroom at night or calls it "our secret",
and "sewerslide". Their everyday look-alikes stay out."""

from __future__ import annotations

import pytest

from moderation.screening.engine import action_for, get_engine


def escalated(text: str, language: str, category: str) -> bool:
    return any(
        s.category == category and s.context is None and action_for(s) == "escalate"
        for s in get_engine().screen(text, language).signals
    )


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("kga mij ophangen vanavond", "nl", "self_harm"),
        ("i wanna sewerslide", "en", "self_harm"),
        (
            "ma meilleure amie s'est coupée hier et m'a montré, elle veut pas que je le dise",
            "fr",
            "self_harm",
        ),
        ("mijn beste vriendin heeft zich gesneden en wil niet dat ik het zeg", "nl", "self_harm"),
        ("im so done, gonna take everything in the medicine cabinet tonight", "en", "self_harm"),
        ("ce soir jprends tout ce qu'il y a dans l'armoire à pharmacie", "fr", "self_harm"),
        ("vanavond neem ik alles uit de medicijnkast", "nl", "self_harm"),
        ("my stepdad comes into my room at night and says its our secret", "en", "grooming"),
        (
            "mon beau père rentre dans ma chambre la nuit et dit que c'est notre secret",
            "fr",
            "grooming",
        ),
        (
            "mijn stiefvader komt 's nachts in mijn kamer en zegt dat het ons geheim is",
            "nl",
            "grooming",
        ),
    ],
)
def test_the_disclosure_escalates(text, language, category):
    assert escalated(text, language, category)


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("mum took everything out of the medicine cabinet to clean it", "en", "self_harm"),
        ("j'ai pris tout ce qu'il y a dans l'armoire à pharmacie pour ranger", "fr", "self_harm"),
        ("ik pak alles uit de medicijnkast om te kuisen", "nl", "self_harm"),
        ("mijn broertje heeft zich verbrand aan de stijltang van mijn zus", "nl", "self_harm"),
        ("ma soeur s'est coupé les cheveux toute seule, catastrophe", "fr", "self_harm"),
        ("kga mij omkleden voor de training", "nl", "self_harm"),
        ("my stepdad says the surprise party is our secret, mum cant know", "en", "grooming"),
        (
            "mijn stiefvader zegt dat het ons geheim is tot de verrassing van mama's verjaardag",
            "nl",
            "grooming",
        ),
    ],
)
def test_the_look_alike_does_not(text, language, category):
    assert not escalated(text, language, category)


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("an adult on roblox asks my 9yo brother to film himself with no shirt", "en", "grooming"),
        (
            "un adulte sur roblox demande à mon petit frère de 9 ans de se filmer sans t-shirt",
            "fr",
            "grooming",
        ),
        (
            "een volwassene op roblox vraagt aan mijn broertje van 9 om zich zonder t-shirt te "
            "filmen",
            "nl",
            "grooming",
        ),
        (
            "une meuf m'a fait un facetime chelou et là elle veut 500 balles sinon elle poste",
            "fr",
            "sextortion",
        ),
        ("mijn lief deelt mijn intieme fotos met zijn maten zonder het te vragen", "nl", "sexting"),
    ],
)
def test_a_child_asked_to_film_himself_a_threat_and_intimate_pictures_shared_escalate(
    text, language, category
):
    assert escalated(text, language, category)
