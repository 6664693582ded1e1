"""Detection of contact details (phone, email, URL, social handle) in short texts.

Used to refuse pseudonyms that would let a stranger reach a young person off the platform.
"""

from __future__ import annotations

import re
import unicodedata

# Names distinctive enough to count anywhere in a word ("lotte_snapchat")...
_SOCIAL_NAMES = (
    "snapchat",
    "instagram",
    "tiktok",
    "discord",
    "telegram",
    "whatsapp",
    "skype",
    "facebook",
    "twitter",
    "twitch",
    "youtube",
    "onlyfans",
)
# ...and short ones that count only as a word of their own ("snap lotte", not "kikker").
_SOCIAL_TOKENS = frozenset({"snap", "sc", "insta", "ig", "kik", "wapp", "wa", "fb", "tg", "dc"})
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
_EMAIL = re.compile(r"[\w.+-]+\s*(@|\(at\)|\[at\])\s*[\w-]+\s*(\.|\(dot\)|\[dot\])\s*\w{2,}", re.I)
_URL = re.compile(
    r"(https?:|www\.|\w\.(com|be|nl|fr|net|org|eu|io|me|gg|ly|tv|app|co)\b)",
    re.I,
)
_HANDLE = re.compile(r"(^|\s)@[\w.]{2,}")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def contact_kinds(text: str) -> list[str]:
    """Return which kinds of contact detail the text contains: phone, email, url, handle."""
    folded = _fold(text)
    kinds = []
    if sum(ch.isdigit() for ch in folded) >= 6:
        kinds.append("phone")
    if _EMAIL.search(folded):
        kinds.append("email")
    if _URL.search(folded):
        kinds.append("url")
    unleet = folded.translate(_LEET)
    letters_only = re.sub(r"[^a-z]", "", unleet)
    tokens = set(re.split(r"[^a-z]+", unleet))
    if (
        _HANDLE.search(folded)
        or any(name in letters_only for name in _SOCIAL_NAMES)
        or tokens & _SOCIAL_TOKENS
    ):
        kinds.append("handle")
    return kinds
