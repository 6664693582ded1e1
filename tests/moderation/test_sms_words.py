"""Contractions of text messages are spelled out before rules and models read a text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.screening import normalise as normalising
from moderation.screening.learned import clean_text
from moderation.screening.lexicon import concepts
from moderation.screening.normalise import normalise


def folded(text: str) -> str:
    return normalise(text)[1].text


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("jme sens seule", "je me sens seule"),
        ("chui fatiguée", "je suis fatiguee"),
        ("jsuis qu'une charge", "je suis qu'une charge"),
        ("jveu plus", "je veux plus"),
        ("jvai le faire", "je vais le faire"),
        ("g trouvé", "j'ai trouve"),
        ("tkt personne saura", "t'inquiete personne saura"),
        ("kzou liever", "ik zou liever"),
        ("'k wil nie meer", "ik wil niet meer"),
        ("kheb alles", "ik heb alles"),
        ("wa heeft het voor zin", "wat heeft het voor zin"),
        ("JME  SENS", "je me sens"),
        ("tryna end it tn", "trying to end it tonight"),
        ("kzat 3 maand clean", "ik zat 3 maand clean"),
        ("kspaar mijn pillen op", "ik spaar mijn pillen op"),
        ("tis te veel", "het is te veel"),
        ("kverdwijn gewoon", "ik verdwijn gewoon"),
        ("kzet elastiekjes rond mijn pols", "ik zet elastiekjes rond mijn pols"),
        ("kken iemand", "ik ken iemand"),
    ],
)
def test_sms_contractions_are_spelled_out(typed, read):
    assert folded(typed) == read


@pytest.mark.parametrize(
    "typed",
    ["ok k", "dans 5 mn", "jpp trop drôle", "ik kan het", "j'ai pu venir", "send u the link"],
)
def test_words_that_mean_something_else_stay(typed):
    assert folded(typed) == normalise(typed)[0].text


def test_a_span_on_the_long_form_points_into_what_was_typed():
    text = "bon jsuis fatiguée"
    _, form = normalise(text)
    start = form.text.index("je suis")
    span = form.span(start, start + len("je suis"))
    assert text[span[0] : span[1]] == "jsuis"
    end = form.text.index("fatiguee")
    assert text[slice(*form.span(end, end + len("fatiguee")))] == "fatiguée"


def test_concepts_written_for_the_long_form_match_the_short_one():
    assert "~hopeless" in concepts(clean_text(folded("wa heeft het voor zin")))
    assert "~death" in concepts(clean_text(folded("'k wil nie meer leven")))
    assert "~death" not in concepts(clean_text(folded("'k wil meer leven")))


WORD_PIECES = [*normalising.SMS_WORDS, "k", "a", "'", "jm", "x1", " ", "-", "é", "_"]


@given(st.lists(st.sampled_from(WORD_PIECES)))
def test_looking_up_contractions_word_by_word_finds_what_the_pattern_finds(pieces):
    text = "".join(pieces)
    assert normalising._has_sms(text) == (normalising._SMS.search(text) is not None)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("j ai envie de mourir", "j'ai envie de mourir"),
        ("il m a demandé des photos", "il m'a demande des photos"),
        ("c est fini, j en peux plus", "c'est fini, j'en peux plus"),
        ("qu il arrête 😭", "qu'il arrete"),
        ("j veux plus vivre", "je veux plus vivre"),
    ],
)
def test_an_elision_typed_with_a_space_is_read_with_its_apostrophe(typed, read):
    assert folded(typed).startswith(read)


def test_a_wish_to_die_typed_without_its_apostrophe_is_found():
    from moderation.screening.engine import get_engine

    signals = get_engine().screen("j ai envie de mourir, je tiens plus", "fr").signals
    assert any(s.category == "self_harm" and s.context is None for s in signals)
