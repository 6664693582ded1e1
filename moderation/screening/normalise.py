"""Text normalisation for screening, keeping a map back to the original characters.

Two forms are produced from one text:
- ``plain``: case and accents folded, everything else kept (digits matter for phone numbers);
- ``folded``: plain, plus common emoji as words, leetspeak inside words ("s3xy" → "sexy"),
  spaced-out letters joined ("n u d e s" → "nudes") and runs of three or more identical
  letters collapsed ("nuuudes" → "nudes").
Each form carries ``origin[i]``: the index in the original text of character ``i``, so a rule
that fires on the folded text reports the span the author actually typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Emoji that young people use in place of words. Mapped to words the rules know.
EMOJI_WORDS = {
    "🍑": " fesses ",
    "🍆": " sexe ",
    "💦": " sexe ",
    "👅": " sexe ",
    "🔞": " sexe ",
    "📸": " photo ",
    "📷": " photo ",
    "🤳": " selfie ",
    "🤫": " secret ",
    "🤐": " secret ",
    "🔪": " couteau ",
    "🩸": " sang ",
    "💰": " argent ",
    "💸": " argent ",
    "💵": " argent ",
    "💶": " argent ",
    "🎁": " cadeau ",
    "⚰️": " mourir ",
    "⚰": " mourir ",
    "💀": " mort ",
    "🙈": " ",
}
_LEET_WORD = re.compile(r"[^\W_]*[0-9@$€][\w@$€]*|[\w@$€]*[0-9@$€]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_LEET = re.compile(r"[013457@$€]")
_EMOJI = re.compile("|".join(re.escape(e) for e in sorted(EMOJI_WORDS, key=len, reverse=True)))
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "€": "e"}
_LEET_TABLE = str.maketrans(_LEET)
_SPACED = re.compile(r"(?<![\w])(?:\w[ .\-_*·]{1,2}){2,}\w(?![\w])")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_SPACES = re.compile(r"\s{2,}|[\t\n\r\f\v]")
_SPACED_SEPARATORS = re.compile(r"[ .\-_*·]")
# A digit or leet symbol touching a letter: only then is the slower leet pass needed.
_LEET_HINT = re.compile(r"[a-z][0-9@$€]|[0-9@$€][a-z]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text covered by ``text[start:end]``."""
        if start >= end:
            return (self.origin[start] if start < len(self.origin) else 0,) * 2
        return self.origin[start], self.origin[end - 1] + 1


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """Case- and accent-folded form of one character (possibly empty, possibly longer)."""
    if char in EMOJI_WORDS:
        return char
    return "".join(
        piece.casefold()
        for piece in unicodedata.normalize("NFKD", char)
        if not unicodedata.combining(piece)
    )


def _plain(text: str) -> tuple[list[str], list[int]]:
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return list(text.lower()), list(range(len(text)))
    pieces = [_fold_char(char) for char in text]
    joined = "".join(pieces)
    if len(joined) == len(text) and all(pieces):
        return list(joined), list(range(len(text)))  # one character for one: the usual case
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        if len(folded) == 1:
            chars.append(folded)
            origin.append(index)
        else:
            chars.extend(folded)
            origin.extend([index] * len(folded))
    return chars, origin


def _substitute(pattern: re.Pattern, chars: list[str], origin: list[int], repl) -> None:
    """Apply a regex substitution in place, keeping the origin map aligned."""
    text = "".join(chars)
    if pattern.search(text) is None:
        return
    out_chars: list[str] = []
    out_origin: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        out_chars.extend(chars[last : match.start()])
        out_origin.extend(origin[last : match.start()])
        replacement = repl(match)
        # Each kept character points at the original character it came from.
        kept = [i for i in range(match.start(), match.end()) if chars[i] in replacement]
        for n, char in enumerate(replacement):
            out_chars.append(char)
            out_origin.append(origin[kept[n]] if n < len(kept) else origin[match.start()])
        last = match.end()
    out_chars.extend(chars[last:])
    out_origin.extend(origin[last:])
    chars[:] = out_chars
    origin[:] = out_origin


def normalise(text: str) -> tuple[Normalised, Normalised]:
    """Return the (plain, folded) forms of a text."""
    chars, origin = _plain(text)
    has_emoji = not text.isascii() and _EMOJI.search(text) is not None
    if has_emoji:
        pairs = [(c, o) for c, o in zip(chars, origin, strict=True) if c not in EMOJI_WORDS]
        plain = Normalised("".join(c for c, _ in pairs), tuple(o for _, o in pairs))
        folded_chars: list[str] = []
        folded_origin: list[int] = []
        for char, index in zip(chars, origin, strict=True):
            word = EMOJI_WORDS.get(char)
            if word is None:
                folded_chars.append(char)
                folded_origin.append(index)
            else:
                folded_chars.extend(word)
                folded_origin.extend([index] * len(word))
    else:
        plain = Normalised("".join(chars), tuple(origin))
        folded_chars, folded_origin = list(chars), list(origin)
    if _LEET_HINT.search(plain.text):
        _leet(folded_chars)
    _substitute(_SPACED, folded_chars, folded_origin, lambda m: _SPACED_SEPARATORS.sub("", m[0]))
    _substitute(_REPEATS, folded_chars, folded_origin, lambda m: m[1])
    _substitute(_SPACES, folded_chars, folded_origin, lambda m: " ")
    return plain, Normalised("".join(folded_chars), tuple(folded_origin))


def _leet(chars: list[str]) -> None:
    """Read digits and symbols as letters inside words that also contain letters.

    The mapping is one character for one, so the origin map does not change.
    """
    text = "".join(chars)

    def read(match: re.Match) -> str:
        word = match[0]
        if _HAS_LETTER.search(word) and _HAS_LEET.search(word):
            return word.translate(_LEET_TABLE)
        return word

    chars[:] = _LEET_WORD.sub(read, text)
