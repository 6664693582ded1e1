"""A cheap test that tells which rules could possibly match a text.

For each pattern we derive a *cover*: a set of literal strings such that every match of the
pattern contains at least one of them (for ``(?:envoie|stuur).{0,20}nudes?`` the cover can be
{"nude"} or {"envoie", "stuur"}). A rule whose cover has no string in a text cannot match it,
so its regular expressions are not run. Each literal is looked up by one of its 3- or
4-character windows, chosen to be rare in ordinary text (a reference made of the rules' own
"no_match" examples and the site's help texts), and so is the cover among the candidates.
The test is then one set of 3- and 4-grams per message, whatever the number of rules; the few
shorter literals ("@", "sc", a digit) are tested directly. Patterns whose matches need no
literal (``\\d{9}`` has only the digit) are looked up by "some digit".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

from moderation.screening.regex_tree import (
    ASSERT,
    ASSERT_NOT,
    AT,
    AT_BEGINNING,
    AT_BEGINNING_STRING,
    AT_BOUNDARY,
    BRANCH,
    CATEGORY,
    CATEGORY_DIGIT,
    CATEGORY_SPACE,
    IN,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    RANGE,
    SUBPATTERN,
    Unsupported,
    parse,
)

DIGIT = "\x00digit"  # stands for "some digit", a key no real text contains
DIGITS = "\x00digits:"  # DIGITS + "9" stands for "nine digits or more in the text"
WORD = "^"  # a key that starts with WORD is the start of a word: "^snap" is "a word snap…"
Cover = set[str]
SMALL_SET = 4  # a character class of at most this many characters is a cover of its own
_WORD_RE = re.compile(r"\w+")  # what \b separates


class Selectivity:
    """How often look-up keys occur in ordinary text: the lower, the better a filter."""

    def __init__(self, reference: Iterable[str]) -> None:
        self.documents = 0
        self.counts: Counter[str] = Counter()
        for text in reference:
            self.documents += 1
            short = {text[i : i + 2] for i in range(len(text) - 1)} | set(text)
            self.counts.update(ngrams(text) | short | word_keys(text))
        self.digit_rate = 0.5  # most long messages have a digit somewhere

    def key_of(self, literal: str) -> str:
        """The rarest look-up key that every occurrence of the literal brings with it: the start
        of a word in it ("^" and up to four characters), or a 3- or 4-character window of it
        (or the literal itself if it is shorter)."""
        if literal == DIGIT or literal.startswith(DIGITS):
            return literal
        anchored = literal.startswith(WORD)
        text = literal[1:] if anchored else literal
        words = {
            WORD + match.group()[:4]
            for match in _WORD_RE.finditer(text)
            if match.start() > 0 or anchored
        }
        if words:
            # Word starts are cheap to list for a message; windows are not.
            return min(words, key=lambda k: (self.counts[k], -len(k), k))
        keys = set()
        if len(text) < 3:
            keys.add(text)
        else:
            keys.update(text[i : i + n] for n in (4, 3) for i in range(len(text) - n + 1))
        return min(keys, key=lambda k: (self.counts[k], not k.startswith(WORD), -len(k), k))

    def cost(self, cover: Cover) -> float:
        """Expected share of ordinary messages in which the cover would let the rule run."""
        total = 0.0
        for literal in cover:
            if literal == DIGIT:
                total += self.digit_rate
            elif literal.startswith(DIGITS):
                # Several digits are rarer than one (a guess: a phone number's nine, ten times).
                total += self.digit_rate / int(literal[len(DIGITS) :])
            else:
                total += (self.counts[self.key_of(literal)] + 0.5) / (self.documents + 1)
        return total


def _seq_cover(items, cost: Callable[[Cover], float], anchored: bool = False) -> Cover | None:
    """Cover of a sequence: the cheapest cover among its mandatory parts."""
    candidates = _seq_covers(items, cost, anchored)
    if not candidates:
        return None
    return min(candidates, key=lambda c: (cost(c), len(c)))


def _seq_covers(items, cost: Callable[[Cover], float], anchored: bool = False) -> list[Cover]:
    """One cover for each mandatory part of a sequence: every match meets all of them.

    ``anchored``: the sequence starts right after a word boundary (``\\b``), so a literal
    at its very start is the start of a word.
    """
    candidates: list[Cover] = []
    run: list[str] = []
    at_word_start = anchored

    def flush() -> None:
        if run:
            literal = "".join(run)
            if run_anchored and _WORD_RE.match(literal):
                literal = WORD + literal
            candidates.append({literal})
            run.clear()

    run_anchored = False
    for op, av in items:
        if op is LITERAL:
            if not run:
                run_anchored = at_word_start
            run.append(chr(av).lower())
            at_word_start = False
            continue
        flush()
        if op in (AT, ASSERT, ASSERT_NOT):
            # Zero-width: requires nothing; a word boundary anchors what follows.
            at_word_start = op is AT and av in (AT_BOUNDARY, AT_BEGINNING, AT_BEGINNING_STRING)
            continue
        cover = _item_cover(op, av, cost, at_word_start)
        # After something that only matches spaces or punctuation, a word starts.
        at_word_start = _non_word_only(op, av)
        if cover is not None:
            candidates.append(cover)
    flush()
    digits = _min_digits(items)
    if digits >= 2:
        candidates.append({DIGITS + str(digits)})
    return candidates


def _min_digits(items) -> int:
    """The fewest digits a match of the sequence has (``(?:\\d[\\s.-]?){8,12}\\d``: nine)."""
    total = 0
    for op, av in items:
        if op is LITERAL and 48 <= av <= 57:
            total += 1
        elif op is IN and _only_digits(av):
            total += 1
        elif op is SUBPATTERN:
            total += _min_digits(av[-1])
        elif op is BRANCH:
            total += min(_min_digits(branch) for branch in av[1])
        elif op in (MAX_REPEAT, MIN_REPEAT):
            total += av[0] * _min_digits(av[2])
    return total


def _item_cover(op, av, cost: Callable[[Cover], float], anchored: bool) -> Cover | None:
    if op is SUBPATTERN:
        return _seq_cover(av[-1], cost, anchored)
    if op is BRANCH:
        union: Cover = set()
        for branch in av[1]:
            cover = _seq_cover(branch, cost, anchored)
            if cover is None:
                return None
            union |= cover
        return union
    if op in (MAX_REPEAT, MIN_REPEAT):
        low, _high, item = av
        return _seq_cover(item, cost, anchored) if low >= 1 else None
    if op is IN and _only_digits(av):
        return {DIGIT}
    if op is IN and 0 < len(av) <= SMALL_SET and all(kind is LITERAL for kind, _ in av):
        # A few characters, one of which every match has: "[:=]" in "snap\s*[:=]\s*…".
        return {chr(value).lower() for _, value in av}
    return None


def _non_word_only(op, av) -> bool:
    if op in (MAX_REPEAT, MIN_REPEAT):
        low, _high, item = av
        return low >= 1 and all(_non_word_only(o, a) for o, a in item)
    if op is LITERAL:
        return not _WORD_RE.match(chr(av))
    if op is IN:
        for kind, value in av:
            if kind is CATEGORY and value is CATEGORY_SPACE:
                continue
            if kind is LITERAL and not _WORD_RE.match(chr(value)):
                continue
            return False
        return True
    return False


def _only_digits(members) -> bool:
    for kind, value in members:
        if kind is CATEGORY and value is CATEGORY_DIGIT:
            continue
        if kind is RANGE and 48 <= value[0] <= value[1] <= 57:
            continue
        if kind is LITERAL and 48 <= value <= 57:
            continue
        return False
    return True


def pattern_covers(source: str, selectivity: Selectivity) -> list[Cover]:
    """Every cover a match of the pattern must meet, cheapest first (empty: none known)."""
    try:
        covers = _seq_covers(parse(source), selectivity.cost)
    except Unsupported:  # a construct the reader does not know: no cover, the pattern always runs
        return []
    return sorted(covers, key=lambda c: (selectivity.cost(c), len(c)))


def word_keys(text: str) -> set[str]:
    """Word starts of the text: "^" plus the first one to four characters of each word."""
    keys: set[str] = set()
    for word in set(_WORD_RE.findall(text)):
        keys |= _word_start_keys(word)
    return keys


@lru_cache(maxsize=65536)
def _word_start_keys(word: str) -> frozenset[str]:
    return frozenset(WORD + word[:n] for n in range(1, min(len(word), 4) + 1))


class KeyFinder:
    """Which of a fixed set of look-up keys a text holds, found word by word.

    A key is in a text when it is a substring of it; a word-start key ("^" and one to four
    characters) when a word of the text begins with them; DIGIT when the text has a digit.
    A key made only of word characters can only lie inside one word (a run of ``\\w``), so
    the keys of each word are worked out once and remembered (words repeat); the few keys
    with a space or a sign in them ("sa ", "@", "+") are looked for in the whole text.

    ``present`` gives the text's keys among ``named`` (those a look-up starts from) as a set,
    and its keys (``named`` and ``others``) as bits of one number: a cover is met when its
    mask (``mask``) shares a bit with it. Keys of ``others`` with a space or a sign are only
    looked for when a cover needs them (``later_bits``, ``find_more``)."""

    def __init__(self, named: Iterable[str], others: Iterable[str], remember: int = 50_000):
        named = set(named)
        others = set(others)
        universe = sorted(named | others)
        # Only the keys of covers need a bit (the numbers stay small).
        self.bit = {key: 1 << n for n, key in enumerate(sorted(others))}
        inner: set[str] = set()
        cross: set[str] = set()
        # Keys found by counting the text's digits: (fewest digits, key, named?, bit).
        self.counted = tuple(
            (int(key[len(DIGITS) :]), key, key in named, self.bit.get(key, 0))
            for key in universe
            if key.startswith(DIGITS)
        )
        for key in universe:
            if key.startswith(DIGITS):
                continue
            if key == DIGIT:
                inner.add(key)
            elif key.startswith(WORD):
                # Word starts are one to four word characters long; any other is never found.
                if 1 <= len(key) - 1 <= 4 and _WORD_RE.fullmatch(key, 1):
                    inner.add(key)
            elif _WORD_RE.fullmatch(key):
                inner.add(key)
            else:
                cross.add(key)
        self.inner = frozenset(inner)
        self.named = frozenset(named)
        counted = {key for _, key, _, _ in self.counted}
        self.never = frozenset(universe) - self.inner - cross - counted
        # Keys with a space or a sign: those a look-up starts from are looked for in every
        # text, the others only when a cover needs them (``find_more``).
        self.cross = tuple((key, self.bit.get(key, 0)) for key in sorted(cross) if key in named)
        self.later = {self.bit[key]: key for key in sorted(cross) if key not in named}
        self.later_bits = sum(self.later)
        self.lengths = tuple(
            sorted({len(k) for k in inner if k != DIGIT and not k.startswith(WORD)})
        )
        self.digit = DIGIT in inner
        self.remember = remember
        self._words: dict[str, tuple[frozenset[str], int, int]] = {}

    def mask(self, keys: Iterable[str]) -> int:
        """The bits of some keys (a key that is never found has none)."""
        bits = 0
        for key in keys:
            if key in self.bit and key not in self.never:
                bits |= self.bit[key]
        return bits

    def present(self, text: str) -> tuple[set[str], int]:
        """The named keys found in the text, and the bits of every key found in it."""
        words = self._words
        found: set[str] = set()
        bits = 0
        digits = 0
        for word in _WORD_RE.findall(text):
            entry = words.get(word)
            if entry is None:
                entry = self.in_word(word)
                if len(words) >= self.remember:
                    words.clear()
                words[word] = entry
            named, word_bits, word_digits = entry
            if named:
                found |= named
            bits |= word_bits
            digits += word_digits
        for key, bit in self.cross:
            if key in text:
                bits |= bit
                found.add(key)
        if digits:
            for fewest, key, is_named, bit in self.counted:
                if digits >= fewest:
                    bits |= bit
                    if is_named:
                        found.add(key)
        return found, bits

    def find_more(self, text: str, wanted: int) -> int:
        """The bits of the keys of ``wanted`` (bits of keys that ``present`` leaves for
        later) that the text holds."""
        bits = 0
        while wanted:
            bit = wanted & -wanted
            wanted ^= bit
            if self.later[bit] in text:
                bits |= bit
        return bits

    def in_word(self, word: str) -> tuple[frozenset[str], int, int]:
        """The named keys found in one word (a run of word characters), all its keys' bits,
        and its number of digits."""
        size = len(word)
        keys = [WORD + word[:n] for n in range(1, min(size, 4) + 1)]
        for n in self.lengths:
            keys.extend(word[i : i + n] for i in range(size - n + 1))
        digits = len(_DIGIT_RE.findall(word))
        if self.digit and digits:
            keys.append(DIGIT)
        found = self.inner.intersection(keys)
        bits = 0
        for key in found:
            bits |= self.bit.get(key, 0)
        return (self.named.intersection(found) or _NONE), bits, digits


_NONE: frozenset[str] = frozenset()
_DIGIT_RE = re.compile(r"\d")


def fourgrams(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)}


def ngrams(text: str) -> set[str]:
    """The text's substrings of three and four characters: the look-up keys."""
    n = len(text)
    keys = {text[i : i + 3] for i in range(n - 2)}
    keys.update(text[i : i + 4] for i in range(n - 3))
    return keys
