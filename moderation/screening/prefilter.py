"""A cheap test that tells which rules could possibly match a text.

For each pattern we derive a *cover*: a set of literal strings such that every match of the
pattern contains at least one of them (for ``(?:envoie|stuur).{0,20}nudes?`` the cover can be
{"nude"} or {"envoie", "stuur"}). A rule whose cover has no string in a text cannot match it,
so its regular expressions are not run. Each literal is looked up by one of its 3- or
4-character windows, chosen to be rare in ordinary text (a reference made of the rules' own
"no_match" examples and the site's help texts). A pattern usually has several covers (one per
part every match has): it runs only when the text meets each of them. The keys a text holds
are found piece by piece (``KeyFinder``, each piece's keys remembered) and every pattern's
covers are checked at once, with a few operations on integers (``CoverBits``), whatever the
number of rules. Patterns whose matches need no literal (``\\d{9}`` has only the digit) are
looked up by "some digit" or "nine digits".
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
    """Which of a fixed set of look-up keys a text holds, as the OR of the keys' numbers
    (``values``: the bits each key stands for, see ``CoverBits``).

    A key is in a text when it is a substring of it; a word-start key ("^" and one to four
    characters) when a word of the text begins with them; DIGIT when the text has a digit;
    DIGITS + "9" when it has nine digits or more. The text is cut at its spaces into pieces
    ("j'ai", "vraagje?"), and what each piece holds is worked out once and remembered (pieces
    repeat): a key without a space lies inside one piece; a key that ends with its only space
    ("sa ") is the end of a piece followed by another one, a key that starts with it (" =")
    the start of a piece after another one. Other keys with a space are looked for in the
    whole text."""

    def __init__(self, values: dict[str, int], remember: int = 50_000) -> None:
        inner: dict[str, int] = {}  # keys of word characters: found word by word
        within: list[tuple[str, int]] = []  # other keys without a space
        after: list[tuple[str, int]] = []  # keys whose only space is the last character
        before: list[tuple[str, int]] = []  # keys whose only space is the first one
        anywhere: list[tuple[str, int]] = []
        counted: dict[int, int] = {}
        for key, value in sorted(values.items()):
            if key.startswith(DIGITS):
                fewest = int(key[len(DIGITS) :])
                counted[fewest] = counted.get(fewest, 0) | value
            elif key == DIGIT:
                inner[key] = value
            elif key.startswith(WORD):
                # Word starts are one to four word characters long; any other is never found.
                if 1 <= len(key) - 1 <= 4 and _WORD_RE.fullmatch(key, 1):
                    inner[key] = value
            elif _WORD_RE.fullmatch(key):
                inner[key] = value
            elif " " not in key:
                within.append((key, value))
            elif key.endswith(" ") and " " not in key[:-1]:
                after.append((key[:-1], value))
            elif key.startswith(" ") and " " not in key[1:]:
                before.append((key[1:], value))
            else:
                anywhere.append((key, value))
        self.inner = inner
        self.within = tuple(within)
        self.after = tuple(after)
        self.before = tuple(before)
        self.anywhere = tuple(anywhere)
        # Keys found by counting the text's digits: (fewest digits, value).
        self.counted = tuple(sorted(counted.items()))
        self.lengths = tuple(
            sorted({len(k) for k in inner if k != DIGIT and not k.startswith(WORD)})
        )
        self.digit = DIGIT in inner
        self.remember = remember
        self._words: dict[str, tuple[int, int]] = {}
        self._pieces: dict[str, tuple[int, int, int, int, int]] = {}

    def present(self, text: str) -> int:
        """The OR of the values of the keys the text holds."""
        pieces = text.split(" ")
        known = self._pieces.get
        entry = known(pieces[0]) or self.in_piece(pieces[0])
        if len(pieces) == 1:
            bits, digits = entry[0], entry[4]
        else:
            bits, digits = entry[1], entry[4]  # followed by a space
            for piece in pieces[1:-1]:
                entry = known(piece) or self.in_piece(piece)
                bits |= entry[3]
                digits += entry[4]
            entry = known(pieces[-1]) or self.in_piece(pieces[-1])
            bits |= entry[2]  # after a space
            digits += entry[4]
        for key, value in self.anywhere:
            if key in text:
                bits |= value
        if digits:
            for fewest, value in self.counted:
                if digits >= fewest:
                    bits |= value
        return bits

    def in_piece(self, piece: str) -> tuple[int, int, int, int, int]:
        """What one piece of a text (cut at its spaces) holds, remembered: the OR of the values
        of its keys; the same if a space follows it, if one comes before it, if both; and its
        number of digits."""
        bits = 0
        digits = 0
        words = self._words
        for word in _WORD_RE.findall(piece):
            entry = words.get(word)
            if entry is None:
                entry = self.in_word(word)
                if len(words) >= self.remember:
                    words.clear()
                words[word] = entry
            bits |= entry[0]
            digits += entry[1]
        for key, value in self.within:
            if key in piece:
                bits |= value
        followed = bits
        for key, value in self.after:
            if piece.endswith(key):
                followed |= value
        preceded = bits
        for key, value in self.before:
            if piece.startswith(key):
                preceded |= value
        both = (
            followed if preceded is bits else preceded if followed is bits else followed | preceded
        )
        piece_keys = (bits, followed, preceded, both, digits)
        if len(self._pieces) >= self.remember:
            self._pieces.clear()
        self._pieces[piece] = piece_keys
        return piece_keys

    def in_word(self, word: str) -> tuple[int, int]:
        """The OR of the values of the keys found in one word (a run of word characters), and
        its number of digits."""
        size = len(word)
        keys = {WORD + word[:n] for n in range(1, min(size, 4) + 1)}
        for n in self.lengths:
            keys.update(word[i : i + n] for i in range(size - n + 1))
        digits = len(_DIGIT_RE.findall(word))
        if self.digit and digits:
            keys.add(DIGIT)
        bits = 0
        inner = self.inner
        for key in keys:
            value = inner.get(key)
            if value is not None:
                bits |= value
        return bits, digits


class CoverBits:
    """Which patterns a text lets run, for all patterns at once with a few operations on
    integers.

    Each pattern has a block of bits: one for each of its covers, and one above them (its
    *spare*). A key's value has the bit of every cover it belongs to, so a text's keys
    (``KeyFinder.present``) set the bits of the covers it meets. Adding 1 at the bottom of
    every block carries into the spare bit exactly when every cover of the pattern is met (a
    block with a cover not met takes the 1 without carrying; spare bits are 0 before, so a
    carry never reaches the next block): ``(found + low) & spares``. A pattern with no cover
    always runs."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}
        self.size = 0
        self.low = 0
        self.spares = 0
        self.always = 0
        # By pattern: its block's cover bits, and its spare bit.
        self.covers_of: dict[tuple[str, int], int] = {}
        self.spare_of: dict[tuple[str, int], int] = {}
        self.pattern_at: dict[int, tuple[str, int]] = {}  # spare bit's position: its pattern

    def add(self, pattern: tuple[str, int], covers: list[frozenset[str]]) -> None:
        start = self.size
        covers_bits = 0
        for number, cover in enumerate(covers):
            bit = 1 << (start + number)
            covers_bits |= bit
            for key in cover:
                self.values[key] = self.values.get(key, 0) | bit
        spare = 1 << (start + len(covers))
        if covers:
            self.low |= 1 << start
        else:
            self.always |= spare
        self.spares |= spare
        self.covers_of[pattern] = covers_bits
        self.spare_of[pattern] = spare
        self.pattern_at[start + len(covers)] = pattern
        self.size = start + len(covers) + 1

    def passed(self, found: int, spares: int) -> int:
        """The spare bits of the patterns (among ``spares``) all of whose covers are met by
        ``found``, the covers' bits of the keys a text holds (never a spare bit)."""
        return ((found + self.low) | self.always) & spares


_DIGIT_RE = re.compile(r"\d")


def fourgrams(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)}


def ngrams(text: str) -> set[str]:
    """The text's substrings of three and four characters: the look-up keys."""
    n = len(text)
    keys = {text[i : i + 3] for i in range(n - 2)}
    keys.update(text[i : i + 4] for i in range(n - 3))
    return keys
