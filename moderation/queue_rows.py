"""The moderation queue's rows, each kept once rendered, so a page of fifty items renders only
the time each has been waiting.

A row shows the item's priority, category, source, report count, the first signals in words,
since when it waits and who took it, and three marks that depend on the moderator reading
it: it is about them, they reported it, it is about staff. Its HTML is kept under the item's
id, the language and a digest of all those values (the marks included), the time zone, the
script prefix, the template and the translations. Two moderators share a row only when all
of it is the same for both; any change gives another key, so nothing needs to be invalidated
and no stale row can be served; old entries expire. "5 minutes" is put in per request (the
slot below).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.cache import cache
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from cybersquad.i18n import current_language
from cybersquad.templatetags.plainwords import since
from forum.post_html import templates_digest
from moderation.models import QueueItem

TEMPLATE = "moderation/includes/_queue_row.html"
# Where the waiting time goes. An HTML comment: pseudonyms are escaped, so only the template
# can produce it.
SLOT = mark_safe("<!--since-->")  # noqa: S308 - a constant
# Entries are found by what they show: the lifetime only bounds the memory (about 1 KB an
# item per language and set of marks).
SECONDS = 60 * 60


def _shown(item: QueueItem) -> tuple:
    """Everything the row's template reads of the item (besides the waiting time)."""
    claimed_by = item.claimed_by if item.claimed_by_id is not None else None
    return (
        item.pk,
        item.priority,
        item.category,
        item.source,
        item.report_count,
        # signal_words reads a signal's category and severity, for the first three.
        [(s.get("category"), s.get("severity")) for s in item.signals[:3]],
        item.created_at.isoformat(),
        claimed_by.username if claimed_by is not None else None,
        # The reader's marks (views._for_moderator).
        bool(item.about_me),
        bool(item.concerns_me),
        bool(item.for_coordinator),
    )


def cache_key(item: QueueItem, language: str, templates: str) -> str:
    shown = (_shown(item), timezone.get_current_timezone_name(), get_script_prefix(), templates)
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=12).hexdigest()
    return f"queue-row:{item.pk}:{language}:{digest}"


def _render(item: QueueItem) -> tuple[str, str]:
    """The row's HTML before and after the waiting time."""
    html = get_template(TEMPLATE).render({"item": item, "since": SLOT}).removesuffix("\n")
    head, _slot, tail = html.partition(SLOT)
    return head, tail


def queue_rows(items: Iterable[QueueItem]) -> SafeString:
    """The rows of these items (counted and marked for the moderator by the view), as the
    table's loop wrote them."""
    items = list(items)
    language = current_language()
    templates = templates_digest((TEMPLATE,))
    keys = [cache_key(item, language, templates) for item in items]
    found = cache.get_many(keys) if keys else {}
    fresh = {}
    out = []
    for item, key in zip(items, keys, strict=True):
        parts = found.get(key)
        if parts is None:
            parts = fresh[key] = _render(item)
        head, tail = parts
        out.append(f"\n    {head}{conditional_escape(since(item.created_at))}{tail}\n  ")
    if fresh:
        cache.set_many(fresh, SECONDS)
    # Template output (escaped there) and the escaped waiting time: nothing unescaped.
    return mark_safe("".join(out))  # noqa: S308
