"""The prefilter only skips rules that cannot match (issue 11, item 8): screening every text
of the corpus with it gives the same signals as running every pattern of every rule, and it
reads the rules' patterns with our own reader (regex_tree.py), not Python's private parser."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.screening import normalise, prefilter, regex_tree
from moderation.screening.engine import Engine, load_rules, reference_texts

CORPUS = Path(__file__).resolve().parents[2] / "moderation" / "corpus"


def _texts() -> list[tuple[str, str | None]]:
    texts: list[tuple[str, str | None]] = []
    for part in ("train", "heldout"):
        with (CORPUS / part / "messages.jsonl").open(encoding="utf-8") as lines:
            texts += [(row["text"], row["lang"]) for row in map(json.loads, lines)]
    texts += [(text, None) for text in reference_texts()]
    return texts


class EveryRule(Engine):
    """The engine without its prefilter: every pattern of every rule runs on every text."""

    def candidates(self, plain, folded, rule_ids=None):
        return {
            rule.id: list(range(len(rule.patterns)))
            for rule in self.rules
            if rule_ids is None or rule.id in rule_ids
        }


@pytest.mark.long
def test_the_prefilter_gives_the_verdicts_of_running_every_rule():
    rules = load_rules()
    filtered, everything = Engine(rules), EveryRule(rules)
    texts = _texts()
    assert len(texts) > 2000
    differ = [
        text
        for text, language in texts
        if filtered.screen(text, language).signals != everything.screen(text, language).signals
    ]
    assert differ == []


@lru_cache(maxsize=1)
def _engines() -> tuple[Engine, Engine]:
    rules = load_rules()
    return Engine(rules), EveryRule(rules)


@lru_cache(maxsize=1)
def _pieces() -> list[str]:
    """Words and short phrases of the rules' examples (risky and not), cut apart so that they
    meet in new orders, and what the prefilter looks for: signs, digits, spaced letters."""
    rules = load_rules()
    texts = [text for rule in rules for text in rule.examples_match + rule.examples_no_match]
    words = sorted({word for text in texts for word in text.split()})
    phrases = sorted({" ".join(text.split()[i : i + 3]) for text in texts for i in (0, 2, 4)})
    signs = [":", "=", "@", "+", "'", "’", "`", "-", ".", ",", "!", "?", "\n", "  ", "0470", "12"]
    return words + phrases + signs + ["n u d e s", "s3xy", "n00des", "zéro quatre", "🍑", "💀"]


_TEXTS = st.lists(
    st.one_of(
        st.sampled_from(_pieces()),
        st.text(alphabet=st.sampled_from(list("aeinostu0134@$€ .'-_:=+éèçë\t")), max_size=6),
    ),
    max_size=30,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, language=st.sampled_from([None, "fr", "nl", "en"]))
def test_the_prefilter_gives_the_verdicts_of_every_rule_on_generated_text(text, language):
    """Words of the rules' examples in new orders, mixed with signs, digits and leetspeak:
    the prefilter never keeps a rule from firing (nor changes what it finds)."""
    filtered, everything = _engines()
    assert filtered.screen(text, language) == everything.screen(text, language)


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS)
def test_normalising_the_short_way_gives_the_general_readings(text):
    """Texts that fold one character for one take a short cut (normalise.readings): same
    forms and same positions in the original as the general way."""
    assert normalise.readings.__wrapped__(text) == normalise._readings_in_general(text)


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS)
def test_patterns_rewritten_to_start_with_a_letter_find_the_same_matches(text):
    """Screening runs each pattern as ``quick_start`` rewrote it (the word boundary after the
    first letter): the same matches, at the same places, as the pattern as written."""
    for rule in _engines()[0].rules:
        for written, quick in zip(rule.patterns, rule.quick, strict=True):
            found = [match.span() for match in written.finditer(text)]
            assert [match.span() for match in quick.finditer(text)] == found, written.pattern


def test_quick_patterns_match_the_rules_examples_as_written():
    rules = load_rules()
    examples = [text for rule in rules for text in rule.examples_match + rule.examples_no_match]
    folded_examples = [normalise.normalise(text)[1].text for text in examples]
    rewritten = 0
    for rule in rules:
        for written, quick in zip(rule.patterns, rule.quick, strict=True):
            rewritten += written.pattern != quick.pattern
            for folded in folded_examples:
                expected = [match.span() for match in written.finditer(folded)]
                assert [match.span() for match in quick.finditer(folded)] == expected
    assert rewritten > len(rules)  # most patterns start with a word boundary


def test_every_rule_pattern_is_read_and_gets_a_cover():
    """An unread pattern still runs on every text (never wrong, only slower): none is left."""
    selectivity = prefilter.Selectivity(reference_texts())
    uncovered = [
        pattern.pattern
        for rule in load_rules()
        for pattern in rule.patterns
        if not prefilter.pattern_covers(pattern.pattern, selectivity)
    ]
    assert uncovered == []


def test_the_prefilter_does_not_import_the_private_regex_parser():
    source = Path(prefilter.__file__).read_text(encoding="utf-8")
    assert "re._parser" not in source
    assert "sre_parse" not in source


@pytest.mark.parametrize(
    "pattern",
    [r"(?<!\w)ab(?=c)", r"[^a-z\d]{2,}?x", r"(?P<n>a|b)+", r"\bfoo\b.{0,10}bar", r"a{,3}b{2}"],
)
def test_the_reader_takes_what_the_rules_use(pattern):
    assert regex_tree.parse(pattern)


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?i)abc", r"(?(1)a|b)"])
def test_the_reader_refuses_what_it_does_not_know(pattern):
    with pytest.raises(regex_tree.Unsupported):
        regex_tree.parse(pattern)
