"""Parse a page and list what could run script: for the XSS tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_INVISIBLE = re.compile(r"[\x00-\x20\u200b-\u200f\u2028\u2029\ufeff]")
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
FORBIDDEN_TAGS = {
    "script",
    "style",
    "svg",
    "math",
    "iframe",
    "noscript",
    "textarea",
    "title",
    "object",
    "embed",
    "base",
    "form",
    "input",
    "button",
    "meta",
    "link",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def problems(html: str, *, allowed_scripts: tuple[str, ...] = ("/static/",)) -> list[str]:
    """Everything in the page that could run script that is not the site's own code."""
    collector = _Collector()
    collector.feed(html)
    found = []
    for tag, attrs in collector.tags:
        if tag == "script" and not (attrs.get("src") or "").startswith(allowed_scripts):
            found.append(f"script element: {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"event handler {name} on <{tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "srcdoc"):
                folded = _INVISIBLE.sub("", value or "").lower()
                if folded.startswith(UNSAFE_SCHEMES) or name in ("formaction", "srcdoc"):
                    found.append(f"unsafe {name}={value!r} on <{tag}>")
    return found


def tags_inside(html: str) -> set[str]:
    collector = _Collector()
    collector.feed(html)
    return {tag for tag, _ in collector.tags}
