"""How moderators read a member's text: all of it, with what others do not see highlighted."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _merged(spans: list[list[int]] | None, length: int) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans or []):
        start, end = max(0, start), min(length, end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _plain(text: str) -> str:
    # Escaped and never linked: a moderator is not one click away from a reported address.
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


@register.simple_tag
def moderator_text(text: str, spans: list[list[int]] | None = None) -> SafeString:
    """The whole text as plain text; the masked spans (hidden from others) are marked."""
    text = text or ""
    hidden = gettext("hidden from others")
    pieces, last = [], 0
    for start, end in _merged(spans, len(text)):
        pieces.append(_plain(text[last:start]))
        pieces.append(
            f'<mark class="masked">{_plain(text[start:end])}</mark>'
            f'<span class="visually-hidden"> ({escape(hidden)})</span>'
        )
        last = end
    pieces.append(_plain(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


@register.filter
def signal_words(signal: dict) -> str:
    """A screening signal as a list shows it: category and severity names, no rule id."""
    from moderation.explain import in_words

    return in_words(signal)
