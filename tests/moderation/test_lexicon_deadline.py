"""The sextortion concept of a time limit set on someone (``~deadline``, issue 9, the sextort
round): what it matches in the three languages, and the ordinary clock times and numbers it
leaves alone. The sentences are written for this test, not taken from the corpus."""

from __future__ import annotations

import pytest

from tests.moderation.test_lexicon import concepts_of


@pytest.mark.parametrize(
    "text",
    [
        "t'as 24h pour payer",
        "il me laisse 1h, après c'est trop tard",
        "tu as jusqu'à minuit",
        "il a lancé un compte à rebours",
        "ge hebt 2 uur, daarna is het te laat",
        "hij gaf mij tot middernacht",
        "je hebt 48u",
        "you have 2 hours",
        "u got 30 min",
        "he gave me until midnight",
        "10 minutes left ⏳",
    ],
)
def test_a_time_limit_is_a_deadline_in_any_language(text):
    assert "~deadline" in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "t'as 14 ans?",
        "rdv à 15h devant l'école",
        "de match begint om 3 uur",
        "you have 2 brothers right?",
        "ik heb 2 uur gestudeerd",
        "i waited an hour for the bus",
        "tot morgen!",
    ],
)
def test_clock_times_ages_and_durations_told_are_not_a_deadline(text):
    assert "~deadline" not in concepts_of(text)


def test_a_deadline_with_a_threat_is_a_pair_the_model_can_weigh():
    assert "~deadline+~threat_condition" in concepts_of("t'as 2h sinon tout le monde la voit")
    assert "~deadline+~threat_condition" not in concepts_of("rdv à 2h sinon on part sans toi")


@pytest.mark.parametrize(
    "text",
    [
        "he'll post the pictures i sent him",
        "hij zegt da hij de foto's post",
        'il a écrit "ils vont tous la recevoir"',
        '"die krijgen het allemaal"',
        "after that it all goes to my mum",
        "et après ça part chez ma mère",
    ],
)
def test_posting_or_receiving_without_to_everyone_is_spreading(text):
    assert "~spread" in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "the post office closes at five",
        "who gets it right wins",
        "ik krijg het niet uitgelegd",
        "le bus part à 8h",
    ],
)
def test_ordinary_posts_and_departures_are_not_spreading(text):
    assert "~spread" not in concepts_of(text)
