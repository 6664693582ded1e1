"""A long post is also read passage by passage, two sentences at a time (issue 9, seventeenth
session): a harm told in one sentence among many ordinary ones weighs little in the whole
message's score, so a friend's overdose told after a party story was only flagged (published,
for a moderator to see later). A passage at the act threshold now counts where the whole
message reaches the flag threshold. The sentences are written for this test."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from moderation.screening import training
from moderation.screening.learned import get_screener, passages, raised_by_passages

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


def test_a_passage_raises_a_category_only_from_flag_to_act():
    thresholds = {"self_harm": {"flag": 0.2, "hold": 0.9, "act": 0.95}}
    best = {"self_harm": 0.97}
    # The whole message at its flag threshold, a passage at act: the passage's score.
    assert raised_by_passages({"self_harm": 0.5}, best, thresholds) == {"self_harm": 0.97}
    # The whole message below flag: nothing of it is raised.
    assert raised_by_passages({"self_harm": 0.1}, best, thresholds) == {"self_harm": 0.1}
    # The whole message above its passages: never lowered.
    assert raised_by_passages({"self_harm": 0.99}, best, thresholds) == {"self_harm": 0.99}
    # The passage below act: the whole message's score.
    assert raised_by_passages({"self_harm": 0.5}, {"self_harm": 0.9}, thresholds) == {
        "self_harm": 0.5
    }


def test_held_back_passage_scores_are_each_messages_best():
    best = np.zeros((3, 2))
    # Two passages of message 1 and one of message 2; one feature, weight 4.
    x_passages = sparse.csr_matrix(np.array([[1.0], [0.0], [1.0]]))
    owners = np.array([1, 1, 2])
    weights, bias = np.array([4.0]), 0.0
    training.best_passages(best, 0, np.array([1]), (x_passages, owners), weights, bias)
    # Message 1 gets its best passage; message 2 is not among the test rows.
    assert best[1, 0] == pytest.approx(1 / (1 + np.exp(-4.0)))
    assert best[2, 0] == 0.0
    assert best[0, 0] == 0.0
    assert best[1, 1] == 0.0
