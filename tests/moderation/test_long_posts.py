"""A long post is also read passage by passage (issue 9, seventeenth session): a harm told in
one sentence among many ordinary ones weighs little in the whole message's score, so a
friend's overdose told after a party story, or cutting again told after an exam story, was only
flagged (published, for a moderator to see later). The sentences are written for this test."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from moderation.screening import training
from moderation.screening.learned import get_screener, passages

# With the committed models on, as in production.
pytestmark = pytest.mark.usefixtures("screening_models")

PARTY = (
    "saturday was the end of exams party at noor's, best night of the year honestly. we did "
    "karaoke till midnight and her dad made pancakes for everyone at 1am. "
)


def test_a_short_message_is_read_whole():
    assert passages("we danced till 1. it was great. see you monday!") == []


def test_a_long_message_is_read_two_sentences_at_a_time():
    text = PARTY + "then we walked home. my feet still hurt. worth it though!"
    parts = passages(text)
    assert len(parts) == 4
    assert parts[0].startswith("saturday was the end of exams party")
    assert parts[-1] == "my feet still hurt. worth it though!"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            PARTY + "but 15 min ago mila posted a photo of an empty box of her mums sleeping "
            "pills with 'sorry for everything'. she doesnt pick up her phone. do i call 112??",
            "en",
        ),
        (
            "samedi c'était la soirée de fin d'examens chez Noor, meilleure soirée de l'année. "
            "on a fait karaoké jusqu'à minuit et son père a fait des crêpes pour tout le monde. "
            "mais il y a 15 min Mila a posté une photo d'une boîte vide de somnifères de sa mère "
            "avec 'pardon pour tout'. elle répond plus au téléphone. j'appelle le 112??",
            "fr",
        ),
    ],
)
def test_a_friends_overdose_told_after_a_party_story_reaches_a_counsellor(text, language):
    assert get_screener().screen(text, language).action == "escalate"


def test_a_long_ordinary_post_stays_published():
    text = PARTY + "then we walked home through the park. my feet still hurt today. worth it!"
    assert get_screener().screen(text, "en").action == "publish"


def test_held_back_scores_are_raised_to_a_passages_highest():
    held = np.array([[0.2, 0.1], [0.3, 0.4], [0.5, 0.5]])
    # Two passages of message 1 and one of message 2; one feature, weight 4.
    x_passages = sparse.csr_matrix(np.array([[1.0], [0.0], [1.0]]))
    owners = np.array([1, 1, 2])
    weights, bias = np.array([4.0]), 0.0
    training.raise_to_passages(held, 0, np.array([1]), (x_passages, owners), weights, bias)
    # Message 1 rises to its best passage; message 2 is not in the test rows: unchanged.
    assert held[1, 0] == pytest.approx(1 / (1 + np.exp(-4.0)))
    assert held[2, 0] == 0.5
    assert held[0, 0] == 0.2
    assert held[1, 1] == 0.4
