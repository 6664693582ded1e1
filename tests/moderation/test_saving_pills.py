"""Pills put aside for an overdose are an urgent self-harm disclosure in each language (issue 9:
"pills saved"); money, games, sweets and expired medicines brought back to the pharmacy are not."""

from __future__ import annotations

import pytest

from moderation.screening.engine import action_for, get_engine


def escalated(text: str, language: str) -> bool:
    return any(
        s.category == "self_harm" and action_for(s) == "escalate"
        for s in get_engine().screen(text, language).signals
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("our cat died monday. ive been saving mums sleeping pills in her old collar box", "en"),
        ("got a little stash of my nans painkillers, nobody noticed", "en"),
        ("j'ai mis de côté toutes les pilules de ma mère, ce soir c'est la fin", "fr"),
        ("je prends plus mes calmants, je les planque dans ma trousse", "fr"),
        ("kspaar al weken de slaappillen van mijn ma op in een sok", "nl"),
        ("vannacht neem ik alle pillen die ik opgespaard heb", "nl"),
    ],
)
def test_pills_put_aside_escalate(text, language):
    assert escalated(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("saving up for the new fifa, 20 more to go", "en"),
        ("mum put the out of date meds aside to take them back to the chemist", "en"),
        ("je mets mes sous de côté pour le festival cet été", "fr"),
        ("ma grand-mère garde ses cachets dans une boîte avec les jours de la semaine", "fr"),
        ("ik spaar zegeltjes op van de bakker", "nl"),
        ("de vervallen medicijnen heb ik opzij gelegd voor de apotheek", "nl"),
    ],
)
def test_savings_and_medicines_kept_are_not(text, language):
    assert not any(s.category == "self_harm" for s in get_engine().screen(text, language).signals)
