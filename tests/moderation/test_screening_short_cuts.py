"""The short cuts that make rules-only screening fast (issue 13, item 8) find exactly what the
slow way finds: the prefilter's keys piece by piece and its covers checked all at once, and
the normaliser's word-by-word counts and its look for a run of numbers."""

from __future__ import annotations

import re
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.screening import normalise as normalising
from moderation.screening.engine import Engine, load_rules
from moderation.screening.normalise import Normalised
from moderation.screening.prefilter import DIGIT, DIGITS, WORD

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _engine() -> Engine:
    return Engine(load_rules())


def _holds(text: str, key: str) -> bool:
    """Whether the text holds a look-up key, as the prefilter's docstring defines it."""
    if key == DIGIT:
        return re.search(r"\d", text) is not None
    if key.startswith(DIGITS):
        return len(re.findall(r"\d", text)) >= int(key[len(DIGITS) :])
    if key.startswith(WORD):
        start = key[1:]
        return 1 <= len(start) <= 4 and any(w.startswith(start) for w in _WORD.findall(text))
    return key in text


@lru_cache(maxsize=1)
def _key_pieces() -> list[str]:
    """The engine's keys (without the prefilter's markers), pieces of the rules' examples,
    spaces, signs and digits: texts made of them hold many keys, at edges and across words."""
    keys = [key.lstrip(WORD) for key in _engine()._bits.values if not key.startswith("\x00")]
    rules = load_rules()
    words = sorted(
        {word for rule in rules for text in rule.examples_match for word in text.split()}
    )
    return sorted(set(keys)) + words[:400] + [" ", "  ", "'", "-", "0470", "12", "_", "\t"]


_KEY_TEXTS = st.one_of(
    st.lists(st.sampled_from(_key_pieces()), max_size=size).map(joiner.join)
    for size in (3, 25)
    for joiner in ("", " ")
)


@settings(max_examples=400, deadline=None)
@given(text=_KEY_TEXTS)
def test_keys_found_piece_by_piece_are_the_keys_the_text_holds(text):
    engine = _engine()
    expected = 0
    for key, value in engine._bits.values.items():
        if _holds(text, key):
            expected |= value
    assert engine._keys.present(text) == expected


@settings(max_examples=400, deadline=None)
@given(text=_KEY_TEXTS, language=st.sampled_from([None, "fr", "nl", "en"]))
def test_patterns_let_through_are_those_whose_every_cover_the_text_meets(text, language):
    """The carry into each pattern's spare bit says what checking its covers one by one says."""
    engine = _engine()
    folded = normalising.normalise(text)[1].text
    rule_ids = engine._rule_ids(engine.languages_of(folded, language))
    found = engine._keys.present(folded)
    expected: dict[str, list[int]] = {}
    for rule in engine.rules:
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        for number in range(len(rule.patterns)):
            bits = engine._bits.covers_of[(rule.id, number)]
            if found & bits == bits:  # every one of its covers is among the text's keys
                expected.setdefault(rule.id, []).append(number)
    found = engine.candidates(folded, folded, rule_ids)
    assert {rule_id: sorted(numbers) for rule_id, numbers in found.items()} == expected


NUMBER_PIECES = [
    *normalising._UNITS,
    *normalising._TEENS,
    *normalising._TENS,
    "vierendertig",
    "zevenentwintig",
    "0",
    "4",
    "47",
    "0470",
    "123456",
    "٣",
    " ",
    " ",
    "-",
    ".",
    "/",
    "(",
    "'",
    "_",
    "a",
    "x",
    "someone",
    "een",
    "h",
    "é",
]
_NUMBER_TEXTS = st.lists(st.sampled_from(NUMBER_PIECES), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=_NUMBER_TEXTS | _NUMBER_TEXTS.map(lambda t: t.replace("", " ")))
def test_counting_numbers_word_by_word_is_counting_them_in_the_text(text):
    numberish = (
        normalising._MAYBE_NUMBER.search(text) is not None
        and len(normalising._NUMBERISH.findall(text)) >= 3
    )
    assert normalising._numberish(text) == numberish


@settings(max_examples=500, deadline=None)
@given(text=_NUMBER_TEXTS | _NUMBER_TEXTS.map(lambda t: t.replace("", " ")))
def test_a_phone_number_is_read_only_where_three_numbers_follow_each_other(text):
    plain = Normalised(text, tuple(range(len(text))))
    if normalising._NUMBER_RUN.search(text) is None:
        assert normalising._numbers_read(plain) is None


def test_a_phone_number_in_words_and_digits_is_still_read():
    plain = Normalised("appelle le zéro quatre 70 12 34 56", tuple(range(34)))
    plain = normalising.normalise(plain.text)[0]
    assert normalising._NUMBER_RUN.search(plain.text) is not None
    assert "0470123456" in normalising._numbers_read(plain).text


SPACED_PIECES = ["a", "n", "u", "d", "e", "s", "ab", "x1", " ", "  ", ".", "-", "_", "*", "·", "'"]
OTHER_PIECES = ["@", "3", "$", "é", "É", "ß", "İ", "’", "`", "\t", "\n", "ﬁ", "😀", "A"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SPACED_PIECES + OTHER_PIECES), max_size=30).map("".join))
def test_word_counts_agree_with_the_patterns_they_stand_for(text):
    facts = normalising._facts(text)
    if not normalising._may_be_spaced(facts):
        assert normalising._SPACED.search(text) is None
    assert bool(facts & normalising._REPEATS_FIELD) == (
        normalising._REPEATS.search(text) is not None
    )
    assert bool(facts & normalising._SMS_FIELD) == (normalising._SMS.search(text) is not None)
    leet = normalising._LEET_HINT.search(text) is not None
    assert bool(facts & normalising._LEET_FIELD) == leet


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SPACED_PIECES + OTHER_PIECES), max_size=30).map("".join))
def test_folding_piece_by_piece_is_folding_the_whole_text(text):
    assert normalising._plain_text(text) == normalising._plain_piece(text)
