"""A reader of the regular expressions the screening rules are written in, for the prefilter.

It turns a pattern into a tree of (operation, argument) pairs shaped like those of Python's
own parser (so the prefilter reads them the same way), without depending on ``re._parser``,
which is private and changes between Python versions. It knows the syntax the rules use:
literals and escapes, classes, groups, alternation, greedy, lazy and possessive repeats,
look-arounds and anchors. Anything else raises `Unsupported`, and the prefilter then runs the
pattern on every text (slower, never wrong). `tests/moderation/test_prefilter.py` checks
that the prefilter's verdicts are those of running every rule.
"""

from __future__ import annotations

import unicodedata

# Operations (as in Python's parser); each item of a sequence is (operation, argument).
LITERAL = "literal"  # argument: the code point
NOT_LITERAL = "not_literal"
ANY = "any"
IN = "in"  # argument: list of (LITERAL, cp) / (RANGE, (lo, hi)) / (CATEGORY, c) / (NEGATE, None)
RANGE = "range"
CATEGORY = "category"
NEGATE = "negate"
AT = "at"  # argument: one of the AT_* anchors
ASSERT = "assert"  # argument: (direction, sequence)
ASSERT_NOT = "assert_not"
SUBPATTERN = "subpattern"  # argument: (group, sequence): the sequence is last
BRANCH = "branch"  # argument: (None, [sequence, ...])
MAX_REPEAT = "max_repeat"  # argument: (low, high, sequence)
MIN_REPEAT = "min_repeat"

AT_BEGINNING = "at_beginning"
AT_BEGINNING_STRING = "at_beginning_string"
AT_BOUNDARY = "at_boundary"
AT_NON_BOUNDARY = "at_non_boundary"
AT_END = "at_end"
AT_END_STRING = "at_end_string"

CATEGORY_DIGIT = "category_digit"
CATEGORY_NOT_DIGIT = "category_not_digit"
CATEGORY_SPACE = "category_space"
CATEGORY_NOT_SPACE = "category_not_space"
CATEGORY_WORD = "category_word"
CATEGORY_NOT_WORD = "category_not_word"

MAXREPEAT = 2**32 - 1

_CATEGORIES = {
    "d": CATEGORY_DIGIT,
    "D": CATEGORY_NOT_DIGIT,
    "s": CATEGORY_SPACE,
    "S": CATEGORY_NOT_SPACE,
    "w": CATEGORY_WORD,
    "W": CATEGORY_NOT_WORD,
}
_ANCHORS = {"b": AT_BOUNDARY, "B": AT_NON_BOUNDARY, "A": AT_BEGINNING_STRING, "Z": AT_END_STRING}
_CONTROL = {"a": 7, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}


class Unsupported(ValueError):
    """A construct this reader does not know (backreferences, conditionals, inline flags)."""


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.at = 0

    def peek(self, n: int = 1) -> str:
        return self.source[self.at : self.at + n]

    def take(self, n: int = 1) -> str:
        text = self.peek(n)
        if len(text) < n:
            raise Unsupported("unexpected end")
        self.at += n
        return text

    def done(self) -> bool:
        return self.at >= len(self.source)


def parse(source: str) -> list[tuple[str, object]]:
    """The pattern as a sequence of (operation, argument). Raises Unsupported."""
    reader = _Reader(source)
    tree = _alternation(reader)
    if not reader.done():
        raise Unsupported(f"unbalanced ')' at {reader.at}")
    return tree


def _alternation(reader: _Reader) -> list:
    branches = [_sequence(reader)]
    while reader.peek() == "|":
        reader.take()
        branches.append(_sequence(reader))
    if len(branches) == 1:
        return branches[0]
    return [(BRANCH, (None, branches))]


def _sequence(reader: _Reader) -> list:
    items: list = []
    while not reader.done() and reader.peek() not in "|)":
        item = _atom(reader)
        repeat = _repeat(reader)
        if repeat is not None:
            if item[0] in (AT, ASSERT, ASSERT_NOT):
                raise Unsupported("repeated zero-width item")
            low, high, lazy = repeat
            item = (MIN_REPEAT if lazy else MAX_REPEAT, (low, high, [item]))
        items.append(item)
    return items


def _repeat(reader: _Reader) -> tuple[int, int, bool] | None:
    char = reader.peek()
    if char == "*":
        low, high = 0, MAXREPEAT
    elif char == "+":
        low, high = 1, MAXREPEAT
    elif char == "?":
        low, high = 0, 1
    elif char == "{":
        end = reader.source.find("}", reader.at)
        body = reader.source[reader.at + 1 : end] if end > 0 else ""
        low_text, comma, high_text = body.partition(",")
        if (
            not body
            or not (low_text.isdigit() or low_text == "")
            or not (high_text.isdigit() or high_text == "")
        ):
            return None  # a literal "{", as Python reads it
        if not comma and not low_text:
            return None
        low = int(low_text) if low_text else 0
        high = int(high_text) if high_text else (MAXREPEAT if comma else low)
        reader.at = end
    else:
        return None
    reader.take()
    lazy = reader.peek() == "?"
    if reader.peek() in ("?", "+"):  # lazy, or possessive (matches what the greedy one does)
        reader.take()
    return low, high, lazy


def _atom(reader: _Reader) -> tuple[str, object]:
    char = reader.take()
    if char == "(":
        return _group(reader)
    if char == "[":
        return (IN, _class(reader))
    if char == ".":
        return (ANY, None)
    if char == "^":
        return (AT, AT_BEGINNING)
    if char == "$":
        return (AT, AT_END)
    if char == "\\":
        return _escape(reader, in_class=False)
    if char in "*+?":
        raise Unsupported("nothing to repeat")
    return (LITERAL, ord(char))


def _group(reader: _Reader) -> tuple[str, object]:
    kind = None
    if reader.peek() == "?":
        reader.take()
        marker = reader.take()
        if marker == ":":
            kind = "group"
        elif marker in "=!":
            kind = ASSERT if marker == "=" else ASSERT_NOT
            direction = 1
        elif marker == "<" and reader.peek() in ("=", "!"):
            kind = ASSERT if reader.take() == "=" else ASSERT_NOT
            direction = -1
        elif marker == "P" and reader.peek() == "<" or marker == "<":
            if marker == "P":
                reader.take()
            end = reader.source.find(">", reader.at)
            if end < 0:
                raise Unsupported("unterminated group name")
            reader.at = end + 1
            kind = "group"
        else:
            raise Unsupported(f"(?{marker}")  # flags, comments, conditionals, backreferences
    body = _alternation(reader)
    if reader.peek() != ")":
        raise Unsupported("missing ')'")
    reader.take()
    if kind in (ASSERT, ASSERT_NOT):
        return (kind, (direction, body))
    return (SUBPATTERN, (None, body))


def _class(reader: _Reader) -> list:
    members: list = []
    if reader.peek() == "^":
        reader.take()
        members.append((NEGATE, None))
    first = True
    while True:
        char = reader.take()
        if char == "]" and not first:
            break
        first = False
        if char == "\\":
            member = _escape(reader, in_class=True)
        elif char == "[" and reader.peek() in (":", "=", "."):
            raise Unsupported("POSIX class")
        else:
            member = (LITERAL, ord(char))
        if reader.peek() == "-" and reader.peek(2) not in ("-]", "-") and member[0] == LITERAL:
            reader.take()
            high = reader.take()
            high_member = _escape(reader, in_class=True) if high == "\\" else (LITERAL, ord(high))
            if high_member[0] != LITERAL or high_member[1] < member[1]:  # type: ignore[operator]
                raise Unsupported("bad range")
            member = (RANGE, (member[1], high_member[1]))
        members.append(member)
    return members


def _escape(reader: _Reader, *, in_class: bool) -> tuple[str, object]:
    char = reader.take()
    if char in _CATEGORIES:
        category = (CATEGORY, _CATEGORIES[char])
        return category if in_class else (IN, [category])
    if char in _ANCHORS and not in_class:
        return (AT, _ANCHORS[char])
    if char == "b":  # in a class: backspace
        return (LITERAL, 8)
    if char in _CONTROL:
        return (LITERAL, _CONTROL[char])
    if char in _HEX_LENGTH:
        digits = reader.take(_HEX_LENGTH[char])
        try:
            return (LITERAL, int(digits, 16))
        except ValueError:
            raise Unsupported(f"bad escape \\{char}{digits}") from None
    if char == "N" and reader.peek() == "{":
        end = reader.source.find("}", reader.at)
        if end < 0:
            raise Unsupported("unterminated \\N{")
        name = reader.source[reader.at + 1 : end]
        reader.at = end + 1
        try:
            return (LITERAL, ord(unicodedata.lookup(name)))
        except KeyError:
            raise Unsupported(f"unknown character name {name}") from None
    if char.isalnum():  # backreferences, octal escapes, unknown letters
        raise Unsupported(f"\\{char}")
    return (LITERAL, ord(char))
