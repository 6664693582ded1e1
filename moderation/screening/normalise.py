"""Text normalisation for screening, keeping a map back to the original characters.

Two forms are produced from one text:
- ``plain``: case and accents folded, everything else kept (digits matter for phone numbers);
- ``folded``: plain, plus common emoji as words, leetspeak inside words ("s3xy" → "sexy"),
  spaced-out letters joined ("n u d e s" → "nudes") and runs of three or more identical
  letters collapsed ("nuuudes" → "nudes").
Each form carries ``origin[i]``: the index in the original text of character ``i``, so a rule
that fires on the folded text reports the span the author actually typed.

Some texts can be read in more than one way, and ``readings()`` gives every reading the rules
should see: spaced-out letters are joined without the one-letter words around them ("n u d e s
à m'envoyer" → "nudes à m'envoyer") and also fully ("a n a l" → "anal"); "00" inside a word is
"oo" and also "u" ("n00des"); a run of digits and number words long enough to be a phone
number ("zéro quatre sept…", "nul vier zeven…", "0 4 7 0 …") is also read as one number.

The folded form also spells out the contractions of text messages (``SMS_WORDS``: "jme" → "je
me", "chui" → "je suis", "kzou" → "ik zou", "'k" → "ik", "nie" → "niet", "tryna" → "trying
to"), so a rule or a concept written for "je me" or "ik wil niet meer" reads them too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
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
    "💊": " pills ",
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
# A whole run of word characters and signs with at least one digit or sign in it.
_LEET_RUN = re.compile(r"(?<![\w@$€])(?=[\w@$€]*[0-9@$€])[\w@$€]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_LEET = re.compile(r"[013457@$€]")
# A number with a unit or an ordinal ending is a number, not leetspeak: "50e", "100eur", "20€"
# (an amount of money), "3e middelbaar", "5eme", "4th", "10u", "2h", "3h30", "13yo", a dose
# ("500mg", "5ml"), a weight, a distance or a time ("10kg", "5km", "100m", "30sec"), "3x500".
# A single letter after a single digit stays leetspeak: "1m" is "im", "4s" "as", "5h3" "she".
_NUMBER_WITH_UNIT = re.compile(
    r"\d+(?:e|€|eur|euros?|de|ste|eme|ieme|er|ere|th|st|nd|rd|k|h(?:\d\d)?|u(?:\d\d)?|j|yo|"
    r"ans|jaar|min|mg|gr|kg|km|cm|mm|ml|cl|sec|x\d\d+)|\d\d+(?:m|s|l|g)|(?:1[012]|[2-9])(?:am|pm)"
)
_EMOJI = re.compile("|".join(re.escape(e) for e in sorted(EMOJI_WORDS, key=len, reverse=True)))
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "€": "e"}
_LEET_TABLE = str.maketrans(_LEET)
# A letter right before an apostrophe starts the next word ("m'envoyer"): never part of a run.
_SPACED = re.compile(r"(?<![\w'])(?:\w[ .\-_*·]{1,2}){2,}\w(?![\w'])")
# One-letter words that can stand at the edges of a spaced-out word: "a n u d e s", "… s à".
_EDGE_START = frozenset("aiuy")
_EDGE_END = frozenset("a")
_DOUBLE_ZERO = re.compile(r"(?<=[a-z])00(?=[a-z])")
_REPEATS = re.compile(r"([a-z])\1{2,}")
# A French elision typed with a space for the apostrophe, as phone keyboards without an easy
# apostrophe leave it ("j ai envie de mourir", "c est", "il m a dit", "qu il"): the space
# becomes the apostrophe (one character for one, so every position stays).
_ELIDED = re.compile(r"(?<![\w'])(?:[jmtslncd]|qu) (?=[aeiouyh])")
_SPACES = re.compile(r"\s{2,}|[\t\n\r\f\v]")
_SPACED_SEPARATORS = re.compile(r"[ .\-_*·]")
# A digit or leet symbol touching a letter: only then is the slower leet pass needed.
_LEET_HINT = re.compile(r"[a-z][0-9@$€]|[0-9@$€][a-z]")
# Contractions of text messages, spelled out in the folded form (whole words only). French
# "j" + verb ("jme", "jsuis", "jveu", "jvai"), Dutch "k" + verb ("kzou", "kwil", "kheb") and the
# Flemish "nie", "wa", "m'n"; a few English forms the rules do not spell out themselves. Forms
# that are also another word or mean several things stay as they are ("jpp", "dak", "u",
# "pu", a lone "k": also "ok", "mn": also "minutes").
_J_WORDS = {
    "me": "me",
    "te": "te",
    "le": "le",
    "la": "la",
    "men": "m'en",
    "ten": "t'en",
    "suis": "suis",
    "sui": "suis",
    "veux": "veux",
    "veu": "veux",
    "vx": "veux",
    "vais": "vais",
    "vai": "vais",
    "peux": "peux",
    "peu": "peux",
    "sais": "sais",
    "sai": "sais",
    "vois": "vois",
    "voi": "vois",
    "fais": "fais",
    "fai": "fais",
    "dois": "dois",
    "doi": "dois",
    "crois": "crois",
    "croi": "crois",
    "sens": "sens",
    "pense": "pense",
    "hais": "hais",
    "hai": "hais",
    "deteste": "deteste",
    "supporte": "supporte",
    "reste": "reste",
    "trouve": "trouve",
    "comprends": "comprends",
    "comprend": "comprends",
}
_K_WORDS = (
    "zou",
    "wil",
    "ben",
    "ga",
    "heb",
    "had",
    "weet",
    "zie",
    "denk",
    "moet",
    "kan",
    "voel",
    "zal",
    "doe",
    "wou",
    "wist",
    "vind",
    "hoop",
    "haat",
    "snap",
    "durf",
    "mag",
    "zat",
    "was",
    "word",
    "sta",
    "spaar",
    "verdien",
    "eet",
    "voelde",
    "verdwijn",
    "maak",
    "krab",
    "zet",
    "zag",
    "ken",
    "tel",
    "droomde",
    "snij",
    "neem",
    "pak",
    "spring",
    "krijg",
    "hou",
    "blijf",
    "kijk",
    "slaap",
    "walg",
)
SMS_WORDS = {
    **{"j" + short: "je " + full for short, full in _J_WORDS.items()},
    "jai": "j'ai",
    # "j veux", "j sais pas": "j" alone before a consonant (before a vowel it is an elision).
    "j": "je",
    "g": "j'ai",
    "chui": "je suis",
    "chuis": "je suis",
    "jsuispas": "je suis pas",
    "tkt": "t'inquiete",
    "tqt": "t'inquiete",
    **{"k" + verb: "ik " + verb for verb in _K_WORDS},
    "'k": "ik",
    "kzen": "ik ben",
    "tis": "het is",
    "nie": "niet",
    "wa": "wat",
    "m'n": "mijn",
    "z'n": "zijn",
    "tryna": "trying to",
    "finna": "going to",
    "idk": "i don't know",
    "idc": "i don't care",
    "ppl": "people",
    "tn": "tonight",
    "tonite": "tonight",
    "2nite": "tonight",
    "2night": "tonight",
    "rn": "right now",
    "abt": "about",
}
_SMS = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(re.escape(word) for word in sorted(SMS_WORDS, key=len, reverse=True))
    + r")(?![\w'])"
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_APOSTROPHE = re.compile("[’‘`´ʼ]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
_SMS_KEYS = frozenset(SMS_WORDS)
_WORDS = re.compile(r"[\w']+")
_IDENTITY = tuple(range(4096))  # origin maps of texts that keep every position
# The first characters of the emoji above: a text without any holds none of them.
_EMOJI_FIRST = frozenset(emoji[0] for emoji in EMOJI_WORDS)


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


def _plain_text(text: str) -> str | None:
    """The plain form's text when each character folds to exactly one (the usual case: its
    origin map is then the identity), else None. The same as ``_plain``, only faster: an
    ASCII text is lower-cased at once; another is cut at its spaces, and each piece's plain
    form is remembered (pieces repeat; each character folds on its own)."""
    if text.isascii():
        # "`" is the one apostrophe of _APOSTROPHES in ASCII.
        return (text.translate(_APOSTROPHES) if "`" in text else text).lower()
    pieces = list(map(_PLAIN_PIECES.__getitem__, text.split(" ")))
    if None in pieces:
        return None
    return " ".join(pieces)


def _plain_piece(text: str) -> str | None:
    """``_plain_text`` of one piece of text, character by character."""
    if _APOSTROPHE.search(text):
        text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text.lower()
    pieces = []
    last = 0
    for match in _NOT_ASCII.finditer(text):
        pieces.append(text[last : match.start()].lower())
        for char in match[0]:
            folded = _fold_char(char)
            if len(folded) != 1:
                return None
            pieces.append(folded)
        last = match.end()
    pieces.append(text[last:].lower())
    return "".join(pieces)


class _PlainPieces(dict):
    """``_plain_piece`` of each piece, remembered."""

    def __missing__(self, piece: str) -> str | None:
        if len(self) >= 65536:
            self.clear()
        plain = self[piece] = _plain_piece(piece)
        return plain


_PLAIN_PIECES = _PlainPieces()


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
    """Return the (plain, folded) forms of a text: its first reading."""
    return readings(text)[0]


@lru_cache(maxsize=8)
def readings(text: str) -> tuple[tuple[Normalised, Normalised], ...]:
    """Every (plain, folded) reading of a text the rules should see; usually just one.

    The last few are remembered: the rules and then the models read the same text."""
    plain_text = _plain_text(text)
    if plain_text is not None and _EMOJI_FIRST.isdisjoint(text):
        # The usual case: one character for one, no emoji. When there is nothing to fold but
        # leetspeak (one character for one too) — no spaced-out letters, repeated letters,
        # runs of spaces or text-message contractions — both forms keep the original's
        # positions; else the general way.
        facts = _facts(plain_text)
        spaced = _may_be_spaced(facts) and _SPACED.search(plain_text) is not None
        folded_text = plain_text
        spaced_folded = spaced
        folded_facts = facts
        if facts & _LEET_FIELD:  # _LEET_HINT finds a letter beside a digit or sign
            folded_text = _leet_text(plain_text)
            if folded_text != plain_text:
                spaced_folded = _SPACED.search(folded_text) is not None
                folded_facts = _facts(folded_text)
        if not (
            spaced_folded
            or folded_facts & _REPEATS_FIELD
            or _has_spaces(folded_text)
            or folded_facts & _SMS_FIELD
        ):
            folded_text = _elided_text(folded_text)
            size = len(plain_text)
            origin = _IDENTITY[:size] if size <= len(_IDENTITY) else tuple(range(size))
            plain = Normalised(plain_text, origin)
            folded = plain if folded_text == plain_text else Normalised(folded_text, origin)
            return _other_readings(
                plain,
                folded,
                spaced,
                lambda: (list(plain_text), list(origin)),
                numberish=_numberish_facts(facts),
            )
    return _readings_in_general(text)


def _readings_in_general(text: str) -> tuple[tuple[Normalised, Normalised], ...]:
    """``readings`` for any text, character list by character list (the short cut above must
    give the same)."""
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
        folded_chars, folded_origin = chars, origin
    folded = _fold(folded_chars, folded_origin, plain.text, split_edges=True, zeros_as_u=False)
    spaced = _SPACED.search(plain.text) is not None
    return _other_readings(plain, folded, spaced, lambda: (folded_chars, folded_origin))


def _other_readings(
    plain: Normalised,
    folded: Normalised,
    spaced: bool,
    to_fold: Callable[[], tuple[list[str], list[int]]],
    numberish: bool | None = None,
) -> tuple[tuple[Normalised, Normalised], ...]:
    """The first reading, and the other one if the text has one: numbers written out or
    spaced, letters spaced out without a word of their own at the edges, "00" as "u".
    ``to_fold`` gives the characters the folded form was made from, with their origin;
    ``numberish``, whether ``_numberish`` holds for the plain form, if known."""
    first = (plain, folded)
    if numberish is None:
        numberish = _numberish(plain.text)
    # A run of three numbers or number words is needed for a phone number: most texts with
    # three numbers have none (a look for one is cheaper than reading every word).
    other_plain = _numbers_read(plain) if numberish and _NUMBER_RUN.search(plain.text) else None
    other_folded = None
    if spaced or ("00" in plain.text and _DOUBLE_ZERO.search(plain.text)):
        chars, origin = to_fold()
        other = _fold(chars, origin, plain.text, split_edges=False, zeros_as_u=True)
        other_folded = other if other.text != folded.text else None
    if other_plain is None and other_folded is None:
        return (first,)
    return (first, (other_plain or plain, other_folded or folded))


def _numberish(text: str) -> bool:
    """Three numbers or number words at least (and one of ``_MAYBE_NUMBER``'s): the text may
    hold a phone number."""
    return _numberish_facts(_facts(text))


def _numberish_facts(facts: int) -> bool:
    """``_numberish`` from the text's ``_facts``."""
    return bool(facts & _MAYBE_FIELD) and (facts >> _NUMBERS_AT) & _FIELD_MASK >= 3


# What the short cut of ``readings`` needs to know of a text, summed over its words (runs of
# word characters and apostrophes, ``_WORDS``): each word's counts, in fields of 32 bits of
# one number (a text would need 4 billion words to fill one): text-message contractions
# (``_SMS``), runs of three identical letters (``_REPEATS``), words with one of
# ``_MAYBE_NUMBER``'s, one-character words (``_SPACED``'s letters stand alone; a word with "_",
# which is both a letter and one of its separators, counts as three) and numbers or number
# words (``_NUMBERISH``). None of these reaches past a word, so the counts of a text are the
# sums of its words'.
_FIELD = 32
_FIELD_MASK = (1 << _FIELD) - 1
_SMS_FIELD = _FIELD_MASK
_REPEATS_FIELD = _FIELD_MASK << _FIELD
_MAYBE_FIELD = _FIELD_MASK << (2 * _FIELD)
_SINGLES_AT = 3 * _FIELD
_NUMBERS_AT = 4 * _FIELD
_LEET_AT = 5 * _FIELD  # pieces between whitespace with a match of _LEET_HINT (_PieceFacts)
_LEET_FIELD = _FIELD_MASK << _LEET_AT


class _WordFacts(dict):
    """The facts of each word (``_facts``), remembered (words repeat)."""

    def __missing__(self, word: str) -> int:
        if len(self) >= 65536:
            self.clear()
        facts = (
            (word in _SMS_KEYS)
            | (_REPEATS.search(word) is not None) << _FIELD
            | (_MAYBE_NUMBER.search(word) is not None) << (2 * _FIELD)
            | (3 if "_" in word else len(word) == 1) << _SINGLES_AT
            | len(_NUMBERISH.findall(word)) << _NUMBERS_AT
        )
        self[word] = facts
        return facts


class _PieceFacts(dict):
    """The facts of each piece of text between whitespace (the sum of its words', and
    whether ``_LEET_HINT`` finds a letter beside a digit or sign in it), remembered: no word
    and no match of ``_LEET_HINT`` holds whitespace, and cutting at it is quicker than
    finding words."""

    def __missing__(self, piece: str) -> int:
        if len(self) >= 65536:
            self.clear()
        facts = sum(map(_WORD_FACTS.__getitem__, _WORDS.findall(piece)))
        facts |= (_LEET_HINT.search(piece) is not None) << _LEET_AT
        self[piece] = facts
        return facts


_WORD_FACTS = _WordFacts()
_PIECE_FACTS = _PieceFacts()


def _facts(text: str) -> int:
    """The counts of ``_WordFacts`` for a whole text, in their fields."""
    return sum(map(_PIECE_FACTS.__getitem__, text.split()))


def _may_be_spaced(facts: int) -> bool:
    """Whether ``_SPACED`` may find something: its letters (three at least) are words of one
    character, unless a word holds "_"."""
    return (facts >> _SINGLES_AT) & _FIELD_MASK >= 3


def _has_spaces(text: str) -> bool:
    """Whether _SPACES finds something: two whitespace characters in a row, or one other
    than a space. In a printable text the only whitespace is the space."""
    if text.isprintable():
        return "  " in text
    return _SPACES.search(text) is not None


def _fold(
    chars: list[str], origin: list[int], plain: str, *, split_edges: bool, zeros_as_u: bool
) -> Normalised:
    chars, origin = list(chars), list(origin)
    if zeros_as_u:
        _substitute(_DOUBLE_ZERO, chars, origin, lambda m: "u")
    if _LEET_HINT.search(plain):
        _leet(chars)
    _join_spaced(chars, origin, split_edges=split_edges)
    _substitute(_REPEATS, chars, origin, lambda m: m[1])
    _substitute(_SPACES, chars, origin, lambda m: " ")
    _elide(chars)
    _spell_out(chars, origin)
    return Normalised("".join(chars), tuple(origin))


def _elide(chars: list[str]) -> None:
    """``_elided_text`` in place (one character for one: the origin map stays)."""
    text = "".join(chars)
    elided = _elided_text(text)
    if elided is not text:
        chars[:] = elided


def _elided_text(text: str) -> str:
    """The text with the apostrophe of each elision typed with a space put back (``_ELIDED``);
    the same object when there is none."""
    if " " not in text or _ELIDED.search(text) is None:
        return text
    return _ELIDED.sub(lambda m: m[0][:-1] + "'", text)


def _has_sms(text: str) -> bool:
    """Whether ``_SMS`` finds a contraction: a whole word (letters, digits, apostrophes) that is
    one of them. Looked up word by word, four times faster than the pattern's search."""
    return not _SMS_KEYS.isdisjoint(_WORDS.findall(text))


def _spell_out(chars: list[str], origin: list[int]) -> None:
    """Spell out the contractions of text messages (``SMS_WORDS``). Each character of the
    long form points into the short form it replaces, in order, so spans stay within it."""
    text = "".join(chars)
    if not _has_sms(text):
        return
    out_chars: list[str] = []
    out_origin: list[int] = []
    last = 0
    for match in _SMS.finditer(text):
        out_chars.extend(chars[last : match.start()])
        out_origin.extend(origin[last : match.start()])
        short, long = match.end() - match.start(), SMS_WORDS[match[0]]
        out_chars.extend(long)
        out_origin.extend(
            origin[match.start() + min(n * short // len(long), short - 1)] for n in range(len(long))
        )
        last = match.end()
    out_chars.extend(chars[last:])
    out_origin.extend(origin[last:])
    chars[:] = out_chars
    origin[:] = out_origin


def _join_spaced(chars: list[str], origin: list[int], *, split_edges: bool) -> None:
    """Join spaced-out letters ("n u d e s" → "nudes"). With ``split_edges``, a one-letter
    word at either end stays a word of its own when four letters or more remain ("a n u d e
    s" → "a nudes"), so the join does not swallow the words around it."""
    text = "".join(chars)
    if _SPACED.search(text) is None:
        return
    out_chars: list[str] = []
    out_origin: list[int] = []
    last = 0
    for match in _SPACED.finditer(text):
        out_chars.extend(chars[last : match.start()])
        out_origin.extend(origin[last : match.start()])
        letters = [
            (chars[i], origin[i], i)
            for i in range(match.start(), match.end())
            if not _SPACED_SEPARATORS.fullmatch(chars[i])
        ]
        head: list[tuple[str, int, int]] = []
        tail: list[tuple[str, int, int]] = []
        if split_edges and len(letters) >= 5 and letters[0][0] in _EDGE_START:
            head, letters = letters[:1], letters[1:]
        if split_edges and len(letters) >= 5 and letters[-1][0] in _EDGE_END:
            letters, tail = letters[:-1], letters[-1:]
        if head:
            out_chars.extend((head[0][0], " "))
            out_origin.extend((head[0][1], origin[head[0][2] + 1]))
        out_chars.extend(char for char, _, _ in letters)
        out_origin.extend(index for _, index, _ in letters)
        if tail:
            out_chars.extend((" ", tail[0][0]))
            out_origin.extend((origin[tail[0][2] - 1], tail[0][1]))
        last = match.end()
    out_chars.extend(chars[last:])
    out_origin.extend(origin[last:])
    chars[:] = out_chars
    origin[:] = out_origin


# Numbers written as words, for phone numbers spelled out. Tens combine with a following
# unit ("trente-quatre", "thirty four"); Dutch puts the unit first ("vierendertig").
_UNITS = {
    **dict.fromkeys(("zero", "nul", "oh"), 0),
    **dict.fromkeys(("un", "une", "een", "one"), 1),
    **dict.fromkeys(("deux", "twee", "two"), 2),
    **dict.fromkeys(("trois", "drie", "three"), 3),
    **dict.fromkeys(("quatre", "vier", "four"), 4),
    **dict.fromkeys(("cinq", "vijf", "five"), 5),
    **dict.fromkeys(("six", "zes", "ses"), 6),
    **dict.fromkeys(("sept", "zeven", "seven"), 7),
    **dict.fromkeys(("huit", "acht", "eight"), 8),
    **dict.fromkeys(("neuf", "negen", "nine"), 9),
}
_TEENS = {
    **dict.fromkeys(("dix", "tien", "ten"), 10),
    **dict.fromkeys(("onze", "elf", "eleven"), 11),
    **dict.fromkeys(("douze", "twaalf", "twelve"), 12),
    **dict.fromkeys(("treize", "dertien", "thirteen"), 13),
    **dict.fromkeys(("quatorze", "veertien", "fourteen"), 14),
    **dict.fromkeys(("quinze", "vijftien", "fifteen"), 15),
    **dict.fromkeys(("seize", "zestien", "sixteen"), 16),
    **dict.fromkeys(("zeventien", "seventeen"), 17),
    **dict.fromkeys(("achttien", "eighteen"), 18),
    **dict.fromkeys(("negentien", "nineteen"), 19),
}
_TENS = {
    **dict.fromkeys(("vingt", "twintig", "twenty"), 20),
    **dict.fromkeys(("trente", "dertig", "thirty"), 30),
    **dict.fromkeys(("quarante", "veertig", "forty", "fourty"), 40),
    **dict.fromkeys(("cinquante", "vijftig", "fifty"), 50),
    **dict.fromkeys(("soixante", "zestig", "sixty"), 60),
    **dict.fromkeys(("septante", "zeventig", "seventy"), 70),
    **dict.fromkeys(("huitante", "octante", "tachtig", "eighty"), 80),
    **dict.fromkeys(("nonante", "negentig", "ninety"), 90),
}
_DUTCH_COMPOUND = re.compile(
    r"(" + "|".join(k for k, v in _UNITS.items() if v and len(k) > 2 and k != "oh") + r")"
    r"(?:en|ën)(" + "|".join(k for k in _TENS if not k.endswith("y") and k[-3:] == "tig") + r")"
)
_NUMBER_TOKEN = re.compile(r"[a-z]+|\d+")
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_TEN_WORDS = "|".join(sorted({*_TEENS, *_TENS}, key=len, reverse=True))
# A number word or a group of digits: a text needs three of them before it is read again.
_NUMBERISH = re.compile(rf"\b(?:(?:{_UNIT_WORDS})(?:en|ën)?(?:{_TEN_WORDS})?|{_TEN_WORDS})\b|\d+")
_MAYBE_NUMBER = re.compile(r"\d|zero|nul|one|vier|quatre|sept|zeven|twee|deux|huit|acht")
_RUN_SEPARATORS = re.compile(r"[\s.,/()+-]*")
# Three numbers or number words in a row (what ``_numbers_read`` reads as one number, if it
# has nine digits): a word of _NUMBER_TOKEN's letters whose ``_number_value`` is known.
_NUMBER_WORD = (
    rf"\d+|(?<![a-z])(?:{_DUTCH_COMPOUND.pattern}|"
    + "|".join(sorted({*_UNITS, *_TEENS, *_TENS}, key=len, reverse=True))
    + ")(?![a-z])"
)
_NUMBER_RUN = re.compile(
    rf"(?:{_NUMBER_WORD})(?:{_RUN_SEPARATORS.pattern}(?:{_NUMBER_WORD})){{2,}}"
)
_PHONE_DIGITS = 9


@lru_cache(maxsize=65536)
def _number_value(word: str) -> str | None:
    """The digits a number or number word stands for ("quatre": "4"), else None. Words
    repeat from text to text: remembered."""
    if word.isdigit():
        return word
    for table in (_UNITS, _TEENS, _TENS):
        if word in table:
            return str(table[word])
    compound = _DUTCH_COMPOUND.fullmatch(word)
    if compound:
        return str(_TENS[compound[2]] + _UNITS[compound[1]])
    return None


def _numbers_read(plain: Normalised) -> Normalised | None:
    """The plain form with every run of digits and number words that holds at least nine
    digits written as one number ("zéro quatre sept …", "0 4 7 0 1 2 …" → "047012…").
    None when there is no such run."""
    text = plain.text
    tokens = [(m.start(), m.end(), _number_value(m[0])) for m in _NUMBER_TOKEN.finditer(text)]
    runs: list[list[tuple[int, int, str]]] = []
    run: list[tuple[int, int, str]] = []
    for start, end, value in tokens:
        joined = run and _RUN_SEPARATORS.fullmatch(text, run[-1][1], start)
        if value is not None and (not run or joined):
            # A ten followed by a unit is one number: "trente quatre" is 34, not 304.
            if run and len(run[-1][2]) == 2 and run[-1][2].endswith("0") and value.isdigit():
                previous_word = text[run[-1][0] : run[-1][1]]
                if not previous_word.isdigit() and len(value) == 1 and value != "0":
                    run[-1] = (run[-1][0], end, run[-1][2][0] + value)
                    continue
            run.append((start, end, value))
            continue
        if run:
            runs.append(run)
        run = [(start, end, value)] if value is not None else []
    if run:
        runs.append(run)
    runs = [r for r in runs if len(r) >= 3 and sum(len(v) for _, _, v in r) >= _PHONE_DIGITS]
    if not runs:
        return None
    chars: list[str] = []
    origin: list[int] = []
    last = 0
    for run in runs:
        chars.extend(text[last : run[0][0]])
        origin.extend(plain.origin[last : run[0][0]])
        for start, _end, value in run:
            chars.extend(value)
            origin.extend([plain.origin[start]] * len(value))
        # The whole run, separators included, is what a mask must cover.
        origin[-1] = plain.origin[run[-1][1] - 1]
        last = run[-1][1]
    chars.extend(text[last:])
    origin.extend(plain.origin[last:])
    return Normalised("".join(chars), tuple(origin))


def _leet(chars: list[str]) -> None:
    """Read digits and symbols as letters inside words that also contain letters.

    The mapping is one character for one, so the origin map does not change.
    """
    chars[:] = _leet_text("".join(chars))


def _leet_text(text: str) -> str:
    """``_leet`` on a string. A leetspeak word never reaches past a run of word characters
    and signs, so only the runs holding a digit or sign are read (the others would cost the
    word pattern a try at each of their characters)."""
    return _LEET_RUN.sub(_read_leet_run, text)


def _read_leet_run(match: re.Match) -> str:
    return _LEET_WORD.sub(_read_leet, match[0])


def _read_leet(match: re.Match) -> str:
    word = match[0]
    if _NUMBER_WITH_UNIT.fullmatch(word):
        return word
    if _HAS_LETTER.search(word) and _HAS_LEET.search(word):
        return word.translate(_LEET_TABLE)
    return word
