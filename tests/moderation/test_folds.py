"""The folds that choose the message model's thresholds keep a situation on one side: the
corpus is written as the same situation in each language (train-fr-2401, train-nl-2401 and
train-en-2401 are one message translated) with variations under neighbouring ids, and a fold
that trains on a translation and scores its twin flatters the model (issue 9: grouped folds)."""

from __future__ import annotations

import numpy as np

from moderation.screening.training import (
    TRAIN_MESSAGES,
    Labelled,
    message_folds,
    message_groups,
    messages_from,
    read_jsonl,
)

CATEGORIES = ("none", "self_harm", "sexting", "none", "grooming", "none")


def part(start: dict[str, int], count: int) -> list[str]:
    """A part as the corpus writes one: a block of each language, one after the other."""
    return [
        f"train-{lang}-{start[lang] + n:04d}" for lang in ("fr", "nl", "en") for n in range(count)
    ]


def fold_of(folds) -> dict[int, int]:
    return {int(row): number for number, (_, test) in enumerate(folds) for row in test}


def test_the_same_place_in_each_language_is_one_group():
    ids = part({"fr": 2401, "nl": 2401, "en": 2401}, 60)
    groups = message_groups(ids, 25)
    for n in range(60):
        assert groups[n] == groups[60 + n] == groups[120 + n]
    assert len(set(groups)) == 3  # 2401–2424, 2425–2449, 2450–2460


def test_blocks_that_start_at_other_numbers_are_lined_up():
    # train-fr-0590, train-nl-0587 and train-en-0586 begin the same part.
    ids = part({"fr": 590, "nl": 587, "en": 586}, 40)
    groups = message_groups(ids, 25)
    for n in range(40):
        assert groups[n] == groups[40 + n] == groups[80 + n]
    # A language coming back starts a new part, lined up on its own start.
    more = ids + part({"fr": 630, "nl": 627, "en": 626}, 10)
    groups = message_groups(more, 25)
    assert groups[120] == groups[130] == groups[140]


def test_messages_without_a_corpus_id_are_groups_of_their_own():
    groups = message_groups([None, "x", None, "train-fr-0001"], 25)
    assert len(set(groups)) == 4


def corpus(parts: int, count: int) -> list[Labelled]:
    ids = []
    for number in range(parts):
        start = 3001 + 100 * number
        ids += part({"fr": start, "nl": start, "en": start}, count)
    return [
        Labelled(f"m{n}", i.split("-")[1], CATEGORIES[int(i[-4:]) % len(CATEGORIES)], "x", i)
        for n, i in enumerate(ids)
    ]


def test_translations_never_fall_on_both_sides_of_a_fold():
    labelled = corpus(parts=12, count=30)
    folds = message_folds(labelled)
    assert len(folds) == 5
    where = fold_of(folds)
    by_id = {m.id: n for n, m in enumerate(labelled)}
    for m in labelled:
        number = str(m.id).rsplit("-", 1)[1]
        twins = {where[by_id[f"train-{lang}-{number}"]] for lang in ("fr", "nl", "en")}
        assert len(twins) == 1, m.id
    groups = message_groups([m.id for m in labelled])
    for train, test in folds:
        assert not set(groups[train]) & set(groups[test])


def test_the_training_corpus_keeps_translations_together():
    labelled = messages_from(read_jsonl(TRAIN_MESSAGES))
    folds = message_folds(labelled)
    groups = message_groups([m.id for m in labelled])
    for train, test in folds:
        assert not set(groups[train]) & set(groups[test])
    where = fold_of(folds)
    by_number: dict[int, set[int]] = {}
    for n, m in enumerate(labelled):
        number = int(str(m.id).rsplit("-", 1)[1])
        if 2401 <= number < 2800:  # the ninth batch: one number, one situation in each language
            by_number.setdefault(number, set()).add(where[n])
    assert by_number
    assert all(len(folds_of) == 1 for folds_of in by_number.values())


def test_a_tiny_corpus_with_few_groups_is_dealt_out_one_by_one():
    labelled = corpus(parts=1, count=12)  # one part: too few groups for five grouped folds
    folds = message_folds(labelled)
    assert len(folds) == 5
    sizes = [len(test) for _, test in folds]
    assert sum(sizes) == len(labelled) and max(sizes) - min(sizes) <= 1
    assert sorted(np.concatenate([test for _, test in folds]).tolist()) == list(
        range(len(labelled))
    )
