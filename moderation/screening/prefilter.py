"""A cheap test that tells which rules could possibly match a text.

For each pattern we derive a *cover*: a set of literal strings such that every match of the
pattern contains at least one of them (for ``(?:envoie|stuur).{0,20}nudes?`` the cover can be
{"nude"} or {"envoie", "stuur"}). A rule whose cover has no string in a text cannot match it,
so its regular expressions are not run. Looking covers up by their first three characters
turns the test into one set of trigrams per message, whatever the number of rules; the few
shorter literals ("@", "kys", a digit) are tested directly.
Patterns whose matches need no literal (``\\d{9}``) get no cover and always run.
"""

from __future__ import annotations

try:  # Python 3.11+: the parser behind the re module.
    import re._parser as sre_parse
    from re._constants import (
        ASSERT,
        ASSERT_NOT,
        AT,
        BRANCH,
        CATEGORY,
        CATEGORY_DIGIT,
        IN,
        LITERAL,
        MAX_REPEAT,
        MIN_REPEAT,
        RANGE,
        SUBPATTERN,
    )
except ImportError:  # pragma: no cover - older layouts; the engine then runs every rule
    sre_parse = None

KEY = 3
DIGIT = "\x00digit"  # stands for "some digit", a key no real text contains


def _seq_cover(items) -> set[str] | None:
    """Cover of a sequence: the best cover among its mandatory parts."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append({"".join(run)})
            run.clear()

    for op, av in items:
        if op is LITERAL:
            run.append(chr(av).lower())
            continue
        flush()
        if op in (AT, ASSERT, ASSERT_NOT):
            continue  # zero-width: requires nothing
        cover = _item_cover(op, av)
        if cover is not None:
            candidates.append(cover)
    flush()
    if not candidates:
        return None
    # Prefer covers whose shortest string is longest: they filter best.
    return max(candidates, key=lambda c: (min(len(s) for s in c), -len(c)))


def _item_cover(op, av) -> set[str] | None:
    if op is SUBPATTERN:
        return _seq_cover(av[-1])
    if op is BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            cover = _seq_cover(branch)
            if cover is None:
                return None
            union |= cover
        return union
    if op in (MAX_REPEAT, MIN_REPEAT):
        low, _high, item = av
        return _seq_cover(item) if low >= 1 else None
    if op is IN and _only_digits(av):
        return {DIGIT}
    return None


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


def pattern_cover(source: str) -> set[str] | None:
    if sre_parse is None:
        return None
    try:
        cover = _seq_cover(list(sre_parse.parse(source, 0)))
    except Exception:  # an unusual construct: no cover, the rule always runs
        return None
    return cover


def trigrams(text: str) -> set[str]:
    return {text[i : i + KEY] for i in range(len(text) - KEY + 1)}


def key_of(literal: str) -> str:
    return literal if literal == DIGIT else literal[:KEY]
