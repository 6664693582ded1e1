"""Sexting concepts for slang, forwarding and pressure without picture words (issue 9, the
sextfresh round): what each concept matches in the three languages, and ordinary messages it
leaves alone. The sentences are written for this test, not taken from the corpus."""

from __future__ import annotations

import pytest

from tests.moderation.test_lexicon import concepts_of


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("yo send sum tonight", "~nudes_slang"),
        ("got any spicy ones", "~nudes_slang"),
        ("wat is uw bodycount", "~nudes_slang"),
        ("stuur eens iets pikants", "~nudes_slang"),
        ("envoie une photo coquine", "~nudes_slang"),
        ("🍑 ce soir?", "~nudes_slang"),
        ("he forwarded it to everyone", "~passed_on"),
        ("zij heeft het doorgestuurd", "~passed_on"),
        ("il a transféré la vidéo", "~passed_on"),
        ("he keeps them in a hidden album", "~passed_on"),
        ("dropped it in the lads gc", "~audience"),
        ("hij toonde het aan zijn maten", "~audience"),
        ("elle l'a montré à ses potes", "~audience"),
        ("it's view once dw", "~only_me"),
        ("enkel voor mij, beloofd", "~only_me"),
        ("c'est rien que pour moi", "~only_me"),
        ("it was only meant for him", "~only_me"),
        ("dont be so vanilla", "~send_shaming"),
        ("allez fais pas ta gamine", "~send_shaming"),
        ("doe ni zo kinderachtig", "~send_shaming"),
        ("all the other girls do it, everyone's gf does", "~others_do_it"),
        ("toutes les filles le font", "~others_do_it"),
        ("andere meisjes doen dat ook", "~others_do_it"),
        ("if you trusted me you'd send it", "~trust_test"),
        ("si tu me faisais confiance", "~trust_test"),
        ("als ge mij echt graag zag", "~trust_test"),
        ("u know what i want 😏", "~unnamed_want"),
        ("iets om bij in slaap te vallen", "~unnamed_want"),
        ("un truc pour m'endormir", "~unnamed_want"),
        ("hij heeft er 20 in zijn map", "~picture_stash"),
        ("who's got the one from the party", "~picture_stash"),
        ("il collectionne les photos des filles", "~picture_stash"),
        ("he screen recorded our call", "~recorded"),
        ("ze heeft het opgenomen", "~recorded"),
        ("il m'a enregistrée sans me dire", "~recorded"),
        ("fine ill ask someone who will", "~someone_who_will"),
        ("dan vraag ik het aan iemand die wel wil", "~someone_who_will"),
        ("je vais demander à une autre meuf", "~someone_who_will"),
    ],
)
def test_a_message_expresses_its_sexting_concept_in_any_language(text, concept):
    assert concept in concepts_of(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("the body of the essay needs work", "~nudes_slang"),
        ("ik heb een map gekocht voor aardrijkskunde", "~picture_stash"),
        ("send me the homework", "~passed_on"),
        ("the gcse results are out", "~audience"),
        ("i love vanilla ice cream", "~others_do_it"),
        ("je veux voir le film", "~recorded"),
        ("someone will pick you up", "~someone_who_will"),
        ("what do you want for dinner", "~unnamed_want"),
    ],
)
def test_ordinary_words_around_them_are_not_the_concept(text, concept):
    assert concept not in concepts_of(text)


def test_a_dare_to_send_is_told_apart_from_a_game_score_only_by_its_company():
    # "prove it" alone is a dare in both; the pair with slang is what only a request has.
    assert "~nudes_slang+~send_shaming" in concepts_of("prove it, send sum")
    assert "~nudes_slang+~send_shaming" not in concepts_of("prove it, screenshot your score")


@pytest.mark.parametrize(
    "text",
    [
        "she keeps sending stuff to him at night",
        "il la pousse pour qu'elle lui envoie des trucs",
        "hij zaagt om dingen te sturen",
    ],
)
def test_unnamed_stuff_sent_is_its_own_concept(text):
    assert "~send_stuff" in concepts_of(text)


def test_being_the_only_one_who_has_not_sent_is_others_do_it():
    assert "~others_do_it" in concepts_of("ur the only girl in the group who hasnt")
    assert "~others_do_it" in concepts_of("t'es la seule du groupe qui a rien envoyé")
    assert "~others_do_it" not in concepts_of("t'es le seul du groupe qui a pas voté")


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("t'as honte de ton corps ou quoi", "~body_shame"),
        ("schaamt ge u voor uw lijf", "~body_shame"),
        ("why, ashamed of your body?", "~body_shame"),
        ("he always wants more, its never enough", "~always_more"),
        ("hij vraagt altijd meer", "~always_more"),
        ("je veux tout voir ce soir", "~always_more"),
        ("echte koppels doen dat", "~others_do_it"),
    ],
)
def test_body_shaming_and_growing_requests_are_concepts(text, concept):
    assert concept in concepts_of(text)


def test_liking_ones_face_or_body_is_not_body_shame():
    assert "~body_shame" not in concepts_of("your body is strong from football")
