"""What a pseudonym may not be: a staff title, a sexual or insulting word, a copy of someone
else's pseudonym written with look-alike letters, or Latin letters mixed with look-alikes from
another script.

Words are looked for in what a pseudonym *reads as*: Unicode compatibility forms folded
(full-width and styled letters become plain ones), then letters that look like Latin ones
mapped to them *before* changing case (a Greek capital "Μ" is an M, although its small form
"μ" looks like a u), following Unicode's own confusables data (UTS #39, in
``cybersquad/confusables.py``, with small capitals "ᴍᴏᴅ" read as letters too); then accents
removed, digits and symbols read as the letters they stand for ("m0d3rat0r"), and separators
dropped ("mod.er_ator").

Pseudonyms are compared on their *skeleton*: what they look like. Look-alike letters are
mapped the same way, and so are the digits that look like letters (a zero and an o, a one and
an l), while other digits stay ("lotte2" is not "lotte"). Letters of every script stay what
they are, so that "علي" and "محمد", or "小明", are compared on their own letters. Each
account stores its skeleton (``User.pseudonym_skeleton``): a change to ``skeleton()`` comes
with a data migration that computes them again (as cybersquad/migrations/0004 does).
"""

from __future__ import annotations

import re
import unicodedata

from cybersquad.confusables import LATIN_LOOKALIKES, LOOKALIKE_SCRIPTS

# Letters Unicode's data does not map to Latin ones but that young people read as letters,
# and the digits and symbols they use for letters (reading only, never for the skeleton).
_READ_AS = str.maketrans(
    {
        "μ": "u", "β": "b", "з": "e",
        "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
        "@": "a", "$": "s", "€": "e", "|": "l", "!": "i",
    }
)  # fmt: skip
_NOT_A_LETTER = re.compile(r"[^a-z]")


def _latin_lookalikes(text: str) -> str:
    """Compatibility forms folded, then every letter that looks like a Latin one replaced by
    it, case kept (ASCII itself is left as it is)."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(LATIN_LOOKALIKES.get(char, char) for char in folded)


def _plain(text: str) -> str:
    """Lower case, no accents (after the look-alikes are mapped)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def reading(text: str) -> str:
    """The letters a pseudonym spells ("m0d3rat0r" spells moderator), for looking for words."""
    return _NOT_A_LETTER.sub("", _plain(_latin_lookalikes(text)).translate(_READ_AS))


# What still looks alike: a capital I, a one, a bar and a small l; a zero and an o; "rn" and
# "m"; "vv" and "w".
_SAME_SHAPE = str.maketrans({"I": "l", "1": "l", "|": "l", "0": "o"})
_SAME_LETTERS = (("rn", "m"), ("vv", "w"))


def skeleton(text: str) -> str:
    """What a pseudonym looks like: two pseudonyms that share a skeleton are confusable
    ("Iotte", "l0tte", "ｌｏｔｔｅ", "lоtte" with a Cyrillic о, and "lotte"). Letters of every
    script and digits that look like no letter are kept; separators go. Empty for a name
    without letters or digits: an empty skeleton is never compared."""
    shape = _plain(_latin_lookalikes(text).translate(_SAME_SHAPE))
    shape = "".join(char for char in shape if char.isalnum())
    for lookalike, letter in _SAME_LETTERS:
        shape = shape.replace(lookalike, letter)
    return shape


def mixes_scripts(text: str) -> bool:
    """Latin letters together with letters of a script made of Latin look-alikes (Greek,
    Cyrillic, Cherokee…): the way to pose as "ADMIN" with a Greek "Ν". A name written
    entirely in Greek, Cyrillic or Arabic, or Latin with Arabic, is fine."""
    scripts = {
        unicodedata.name(char, "").split(" ", 1)[0]
        for char in unicodedata.normalize("NFKC", text)
        if char.isalpha()
    }
    return "LATIN" in scripts and not scripts.isdisjoint(LOOKALIKE_SCRIPTS)


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
    digits = re.sub(r"\D", "", _plain(_latin_lookalikes(pseudonym)))
    if (
        RESERVED_ANYWHERE.search(whole)
        or RESERVED_WORDS.intersection(words)
        or any(number in digits for number in RESERVED_NUMBERS)
    ):
        return "reserved"
    if OFFENSIVE_ANYWHERE.search(whole) or OFFENSIVE_WORDS.intersection(words):
        return "offensive"
    return None
