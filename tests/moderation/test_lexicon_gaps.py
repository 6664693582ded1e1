"""Concepts added for gaps the training batches and plain probes showed (issue 9, the round
after the nineteenth batch): the pull to hurt oneself (``~urge``), being gone by a date
(``~absent_future``), a clean streak back to nothing (``~relapse``), "sh" as shorthand
(``~cutting``), wishing to be forgotten (``~forgotten``) and a child's age told in the past
(``~young_age``); what each matches in the three languages and the ordinary words it leaves
alone, and the rules that read an urge to cut. The sentences are written for this test, not
taken from the corpus."""

from __future__ import annotations

import pytest

from moderation.screening.engine import get_engine
from moderation.screening.learned import clean_text
from moderation.screening.lexicon import concept_words
from moderation.screening.normalise import normalise
from tests.moderation.test_lexicon import concepts_of


@pytest.mark.parametrize(
    "text",
    [
        "the urge to cut is so loud tonight",
        "urges are back after 3 weeks",
        "de drang is terug, echt sterk",
        "kheb aandrang om mezelf pijn te doen",
        "l'envie revient trop fort ce soir",
        "j'ai une pulsion que j'arrive pas à calmer",
    ],
)
def test_the_pull_to_hurt_oneself_is_an_urge(text):
    assert "~urge" in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "urgent: who has the maths homework",
        "c'est urgent, t'as le cours de géo?",
        "dringend: wie heeft de notities van fysica",
    ],
)
def test_urgent_is_not_an_urge(text):
    assert "~urge" not in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "rien n'a d'importance, je serai partie avant l'été",
        "niks doet er toe, voor de zomer ben ik weg",
        "nothing matters, i'll be gone by summer",
    ],
)
def test_gone_by_a_date_is_an_absent_future(text):
    assert "~absent_future" in concepts_of(text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("the urge to cut is so loud tonight", "en"),
        ("urges to sh are back after 2 months", "en"),
        ("de drang om te snijden is zo sterk vanavond", "nl"),
        ("kheb zoveel zin om mezelf pijn te doen", "nl"),
    ],
)
def test_an_urge_to_cut_is_a_self_injury_disclosure_by_rule(text, lang):
    rules = {s.rule for s in get_engine().screen(text, lang).signals}
    assert f"{lang}.self_harm.self_injury" in rules


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("i had the urge to cut my hair really short", "en"),
        ("the urge to cut class on friday is real lol", "en"),
        ("ik heb zin om mijn haar te snijden", "nl"),
        ("de drang om te snoepen is groot tijdens de examens", "nl"),
    ],
)
def test_an_urge_for_ordinary_things_fires_no_self_harm_rule(text, lang):
    signals = get_engine().screen(text, lang).signals
    assert not [s for s in signals if s.category == "self_harm"]


@pytest.mark.parametrize(
    "text",
    [
        "streak reset. 0 days. whatever.",
        "compteur remis à zéro, encore",
        "terug naar dag 0, weer",
    ],
)
def test_a_clean_streak_back_to_nothing_is_a_relapse(text):
    assert "~relapse" in concepts_of(text)


@pytest.mark.parametrize(
    "text", ["2 weeks sh free", "ça fait un mois sans sh", "zonder sh sinds de zomer"]
)
def test_sh_alone_is_self_harm_shorthand(text):
    assert "~cutting" in concepts_of(text)


@pytest.mark.parametrize("text", ["shh tais toi", "she said hi", "show me the homework"])
def test_words_that_begin_with_sh_are_not_self_harm(text):
    assert "~cutting" not in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "i want to vanish, for no one to remember me at all",
        "everyone would forget i ever existed in a week",
        "je veux que tout le monde oublie que j'ai existé",
        "de toute façon ils m'oublieraient vite",
        "ik wil dat iedereen vergeet dat ik bestond",
        "alsof ik nooit bestaan heb",
    ],
)
def test_wishing_to_be_forgotten_is_forgotten(text):
    assert "~forgotten" in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    ["do u remember me from scout camp?", "n'oublie pas tes clés", "vergeet je turnzak niet"],
)
def test_remembering_things_is_not_forgotten(text):
    assert "~forgotten" not in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "quand j'avais 10 ans un voisin m'a filmée",
        "her pics from when she was 11 are on a website",
        "toen ik 9 was nam hij fotos",
    ],
)
def test_a_child_age_in_the_past_is_a_young_age(text):
    assert "~young_age" in concepts_of(text)


@pytest.mark.parametrize(
    "text", ["when i was 15 i started boxing", "it was 8 euros", "rdv à 9h devant l'école"]
)
def test_ages_from_twelve_and_other_numbers_are_not_a_young_age(text):
    assert "~young_age" not in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "ma petite soeur (6 ans) dans son bain",
        "ta soeur elle a quoi, 8 ans? envoie une photo d'elle en maillot",
        "photos d'elle à 10 ans dans le bain, sur un site",
        "mijn zusje van 7 in haar pyjama",
        "fotos van hem op 9 jaar in de kleedkamer",
        "a cousin who's 8, one in a swimsuit and one without",
        "my brother (9) in his boxers",
        "an old vid of me at 10 getting changed",
    ],
)
def test_a_child_told_by_age_or_relation_beside_a_bare_body(text):
    found = concepts_of(text)
    assert "~bare" in found
    assert found & {"~young_age", "~little_sibling"}


@pytest.mark.parametrize(
    "text",
    [
        "ma soeur de 16 ans au vestiaire",
        "mijn broer van 14 in de kleedkamer",
        "bro 2 sec i'm in the shower",
        "meet me at 10 by the pool",
        "il y a 8 ans on est partis à la mer",
    ],
)
def test_teenagers_and_times_are_not_a_young_age(text):
    assert "~young_age" not in concepts_of(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("je vends un pack, lien en bio", "~market"),
        ("verkoper gezocht, vouches aub", "~market"),
        ("wtb: folder, half price for first buyers", "~market"),
        ("tu peux passer sa photo dans l'app qui déshabille?", "~nudify"),
        ("die 'nudify' bot op telegram", "~nudify"),
        ("an undress app on her school photo", "~nudify"),
        ("filles 8-11 ans", "~young_age"),
        ("meisjes van 6 tot 9 jaar", "~young_age"),
        ("10-12yo only", "~young_age"),
        ("ze is 7, gewoon om te zien", "~young_age"),
        ("en pyjama puis 'sans'", "~bare"),
        ("pack 'lagere school'", "~school_grade"),
        ("j'ai envie de m'ouvrir les veines", "~cutting"),
        ("ik denk aan mijn aders", "~cutting"),
        ("dm pour le menu. 6-9. tg seulement", "~small_range"),
        ("restock, proof first", "~market"),
        ("la classe de maternelle de ma cousine", "~school_grade"),
        ("her year 3 class photo", "~school_grade"),
    ],
)
def test_trade_apps_age_ranges_and_quoted_words(text, concept):
    assert concept in concepts_of(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("coup de veine au contrôle de maths", "~cutting"),
        ("stage pour les 14-16 ans", "~young_age"),
        ("bro 2 sec", "~young_age"),
    ],
)
def test_what_those_concepts_leave_alone(text, concept):
    assert concept not in concepts_of(text)


def test_dutch_words_that_begin_with_an_apostrophe_are_not_quotes():
    assert "~while_i_can" in concepts_of("ik wou 't u zeggen nu 't nog kan")


def test_a_quoted_word_is_named_as_written_in_explanations():
    clean = clean_text(normalise("die 'nudify' bot op telegram")[1].text)
    assert concept_words(clean)["~nudify"] == ["'nudify'"]


@pytest.mark.parametrize(
    "text",
    [
        "al 6 maanden geen zelfverwonding meer",
        "de les over zelfbeschadiging was goed gedaan",
        "zelfverwondend gedrag, wat is dat precies",
    ],
)
def test_the_dutch_words_for_self_harm_are_cutting(text):
    # Eighteenth session: "zelfverwonding" carried no self-harm concept at all.
    assert "~cutting" in concepts_of(text)
