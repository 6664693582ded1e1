"""What a pseudonym may not be: a staff title, a sexual or insulting word, or a copy of
someone else's pseudonym written with look-alike letters.

Words are looked for in what a pseudonym *reads as*: Unicode compatibility forms folded
(full-width and styled letters become plain ones), accents removed, look-alike letters from
other scripts (Cyrillic "а", Greek "ο", …) mapped to the Latin letter they imitate, digits and
symbols read as the letters they stand for ("m0d3rat0r"), separators dropped ("mod.er_ator").
Pseudonyms are compared on their *skeleton*: what they read as, with the shapes that still
look alike merged (a capital I and a small l, "rn" and "m").
"""

from __future__ import annotations

import re
import unicodedata

# Letters of other scripts that look like Latin ones (Unicode's confusables, the ones that
# matter in pseudonyms), and the symbols young people use for letters.
_LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "к": "k", "м": "m", "н": "h",
        "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i",
        "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "μ": "u",
        # Latin variants and symbols
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
        "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
        "@": "a", "$": "s", "€": "e", "|": "l", "!": "i",
    }
)  # fmt: skip
_NOT_A_LETTER = re.compile(r"[^a-z]")


def _plain(text: str) -> str:
    """Compatibility forms folded (full-width, styled letters), lower case, no accents."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def reading(text: str) -> str:
    """The letters a pseudonym spells ("m0d3rat0r" spells moderator), for looking for words."""
    return _NOT_A_LETTER.sub("", _plain(text).translate(_LOOKALIKES))


# What still looks alike: a capital I, a one and a small l; "rn" and "m"; "vv" and "w".
_SAME_SHAPE = str.maketrans({"I": "l", "1": "l", "|": "l"})
_SAME_LETTERS = (("rn", "m"), ("vv", "w"))


def skeleton(text: str) -> str:
    """What a pseudonym looks like: two pseudonyms that share a skeleton are confusable
    ("Iotte", "l0tte", "ｌｏｔｔｅ" and "lotte")."""
    shape = reading(unicodedata.normalize("NFKC", text).translate(_SAME_SHAPE))
    for lookalike, letter in _SAME_LETTERS:
        shape = shape.replace(lookalike, letter)
    return shape


def _words(text: str) -> list[str]:
    """The words a pseudonym is made of, as read: "SexyLotte_04" → sexy, lotte, oa."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", unicodedata.normalize("NFKC", text))
    return [reading(w) for w in re.split(r"[\s._\-]+|(?<=\D)(?=\d{2,})", spaced) if reading(w)]


# Titles of the people who protect young people here: nobody may pose as one of them.
# Anywhere in the name (patterns on the skeleton, with the ordinary words they occur in
# excluded)...
RESERVED_ANYWHERE = re.compile(
    "|".join(
        [
            "moderat",  # moderator, modérateur, moderatrice, moderatie
            "(?<!b)admin",  # not badminton
            "beheerder",
            "childfocus",
            "cybersquad",
            "counsel",  # counsellor, counselor
            "conseill",  # conseiller, conseillère
            "hulpverlen",
            "coordinat",  # coordinator, coördinator, coordinateur
            "webmaster",
            "helpdesk",
            "officiel",
            "official",
            "politie",
            "police",
        ]
    )
)
# ...or as a word of its own (too short to look for inside other words).
RESERVED_WORDS = frozenset(
    {"mod", "modo", "mods", "staff", "team", "support", "cf", "helpline", "equipe", "ploeg"}
)
# The helplines' numbers, however they are written (digits only).
RESERVED_NUMBERS = ("116000", "116111")

# Sexual words and insults in French, Dutch and English. Anywhere: stems that do not occur
# inside ordinary words (or with those words excluded); as a word of its own: the short ones.
OFFENSIVE_ANYWHERE = re.compile(
    "|".join(
        [
            "(?<!es)(?<!us)sex(?!t)",  # not Essex, Sussex, sextant
            "seks", "porn", "fuck", "pussy", "salope", "putain", "encule", "branle", "suceu",
            "nichon", "slut", "whore", "horny", "nude", "naked", "blowjob", "dildo", "hentai",
            "milf", "xxx", "pedophil", "pedofiel", "pedofil", "neuk", "kanker", "hitler",
            "nigg", "connard", "connass", "batard", "bitch", "faggot", "retard", "mongool",
            "sperm", "orgasm", "kinky", "fetish", "onlyfans", "penis", "vagin", "clitor",
            "tepel", "niquetamere", "geil",
        ]
    )
)  # fmt: skip
OFFENSIVE_WORDS = frozenset(
    {
        "cul", "bite", "teub", "chatte", "pute", "putes", "pd", "pede", "conne", "con",
        "nique", "niquer", "baise", "baiser", "kut", "lul", "slet", "hoer", "hoeren",
        "tering", "dick", "cock", "tits", "titties", "boobs", "cum", "ass", "anal", "rape",
        "rapist", "pedo", "nsfw", "thot", "tiet", "tieten", "nazi", "negro", "negre",
        "negresse", "mongol", "debiel", "idiot",
    }
)  # fmt: skip


def refusal(pseudonym: str) -> str | None:
    """Why a pseudonym cannot be chosen ("reserved" or "offensive"), or None."""
    whole = reading(pseudonym)
    words = _words(pseudonym)
    digits = re.sub(r"\D", "", _plain(pseudonym))
    if (
        RESERVED_ANYWHERE.search(whole)
        or RESERVED_WORDS.intersection(words)
        or any(number in digits for number in RESERVED_NUMBERS)
    ):
        return "reserved"
    if OFFENSIVE_ANYWHERE.search(whole) or OFFENSIVE_WORDS.intersection(words):
        return "offensive"
    return None
