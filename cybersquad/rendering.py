"""The one place where user text becomes HTML.

Everything members write is stored exactly as typed and shown only through these functions:
escape everything, then turn bare http(s) links into links that search engines and the opened
page cannot use against us. Coordinator-written help articles use the same escaping with a
tiny block syntax (paragraphs, "## " subheadings, "- " lists) instead of raw HTML.
bleach 6.x is in maintenance mode; keeping it behind this module makes a swap one file.
"""

from __future__ import annotations

import re

from bleach.linkifier import Linker, build_url_re
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_PROTOCOLS = ["http", "https"]
_REL = "nofollow noopener ugc"


def _set_link_attrs(attrs: dict, new: bool = False) -> dict | None:
    href = attrs.get((None, "href"), "")
    if not href.lower().startswith(("http://", "https://")):
        return None  # drop the link, keep the text
    attrs[(None, "rel")] = _REL
    attrs[(None, "target")] = "_blank"
    return attrs


_URL_RE = build_url_re(protocols=_PROTOCOLS)
_linker = Linker(callbacks=[_set_link_attrs], url_re=_URL_RE, parse_email=False)


def _inline(text: str) -> str:
    """Escape one run of text and linkify it. Returns HTML without block structure."""
    # Escape everything (no tag survives); then bleach's linker adds <a> and nothing else.
    cleaned = escape(text)
    if not _URL_RE.search(cleaned):
        # Parsing for links is most of the cost, and most messages have none.
        return cleaned
    return _linker.linkify(cleaned)


MASK = "•••"


def apply_mask(text: str, spans: list[list[int]] | None) -> str:
    """Replace the given [start, end) spans of the original text (personal information)."""
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, last = [], 0
    for start, end in merged:
        pieces.append(text[last:start])
        pieces.append(MASK)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def render_user_text(
    text: str, mask: list[list[int]] | None = None, *, links: bool = True
) -> SafeString:
    """Render a member's post or message: paragraphs and line breaks, links, nothing else.

    ``mask`` lists spans of the text (as stored) to hide before anything else happens.
    ``links=False`` leaves web addresses as text (counselling conversations: a young person
    may paste an address of abuse imagery, which nobody should be one click away from).
    """
    text = apply_mask(text, mask)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    inline = _inline if links else escape
    html = "".join(f"<p>{inline(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return mark_safe(html)  # noqa: S308 - every piece went through bleach above


def render_plain(text: str) -> SafeString:
    """Escape a short text (a title, a pseudonym) without links or structure."""
    return escape(text)


# Phone numbers in help articles, as Belgian articles write them: a full number (0 and 8 or 9
# more digits, spaced, dotted or slashed as people write them), a European 116 line, or a
# short code right after a word that says to call it ("appelle le 112", "bel 101", "op 102").
_PHONE_RE = re.compile(
    r"(?<![\w/.])(?:"
    r"(?P<full>0\d(?:[ ./]?\d){7,8})"
    r"|(?P<eu>116[ .]?\d{3})"
    r"|(?P<word>\b(?:appelle|appeler|appel|call|bel|bellen|le|au|op) )"
    r"(?P<short>116[ .]?\d{3}|1\d{2,3}(?![ .]?\d))"
    r")(?![\w/])",
    re.IGNORECASE,
)
_LINK_RE = re.compile(r"(<a\b[^>]*>.*?</a>)", re.DOTALL)


def _tel(match: re.Match[str]) -> str:
    word = match.group("word") or ""
    shown = match.group(0)[len(word) :]
    digits = re.sub(r"\D", "", shown)
    return f'{word}<a href="tel:{digits}" class="tel">{shown}</a>'


def _phone_links(html: str) -> str:
    """Make phone numbers in escaped article HTML tap-to-call, outside existing links."""
    pieces = _LINK_RE.split(html)
    return "".join(
        piece if index % 2 else _PHONE_RE.sub(_tel, piece) for index, piece in enumerate(pieces)
    )


def _article_inline(text: str) -> str:
    return _phone_links(_inline(text))


def render_article(text: str) -> SafeString:
    """Render a help article: paragraphs, "## " subheadings and "- " bullet lists; phone
    numbers become tap-to-call links."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_article_inline(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif len(lines) == 1 and lines[0].startswith("## "):
            blocks.append(f"<h2>{_inline(lines[0][3:])}</h2>")
        else:
            blocks.append(f"<p>{'<br>'.join(_article_inline(line) for line in lines)}</p>")
    return mark_safe("".join(blocks))  # noqa: S308 - every piece went through bleach above
