"""Rows of a list kept once rendered, with one slot filled per request (the time since…).

A row's HTML is kept under its object's id, the language and a digest of all the row shows,
the time zone, the script prefix and its template's digest (templates_digest: the template,
the pictures, our translations). Any change gives another key, so nothing needs to be
invalidated and no stale row can be served; old entries expire. The question lists
(forum/topic_rows.py) and the moderation queue (moderation/queue_rows.py) are made this way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from cybersquad.i18n import current_language
from forum.post_html import templates_digest

T = TypeVar("T")

# Entries are found by what they show: the lifetime only bounds the memory (about 1 KB a row
# per language).
SECONDS = 60 * 60


def row_key(name: str, pk: int, language: str, shown: tuple, templates: str) -> str:
    """The key of a row that shows ``shown`` (everything its template reads but the slot)."""
    where = (shown, timezone.get_current_timezone_name(), get_script_prefix(), templates)
    digest = hashlib.blake2b(repr(where).encode(), digest_size=12).hexdigest()
    return f"{name}:{pk}:{language}:{digest}"


def render_around(template: str, context: dict[str, Any], slot: str) -> tuple[str, str]:
    """The row's HTML before and after its slot (an HTML comment the context puts in)."""
    html = get_template(template).render(context).removesuffix("\n")
    head, _slot, tail = html.partition(slot)
    return head, tail


def kept_rows(
    objects: Iterable[T],
    *,
    template: str,
    key: Callable[[T, str, str], str | None],
    render: Callable[[T], tuple[str, str]],
    filled: Callable[[T], str],
) -> SafeString:
    """The rows of these objects, as a template's loop wrote them: ``key(obj, language,
    templates)`` (None: rendered each time, never kept), ``render(obj)`` the HTML around the
    slot, ``filled(obj)`` what goes in the slot on this request (escaped here)."""
    objects = list(objects)
    language = current_language()
    templates = templates_digest((template,))
    keys = [key(obj, language, templates) for obj in objects]
    found = cache.get_many([k for k in keys if k]) if any(keys) else {}
    fresh = {}
    out = []
    for obj, k in zip(objects, keys, strict=True):
        parts = found.get(k) if k else None
        if parts is None:
            parts = render(obj)
            if k:
                fresh[k] = parts
        head, tail = parts
        out.append(f"\n    {head}{conditional_escape(filled(obj))}{tail}\n  ")
    if fresh:
        cache.set_many(fresh, SECONDS)
    # Template output (escaped there) and the escaped slot: nothing unescaped.
    return mark_safe("".join(out))  # noqa: S308
