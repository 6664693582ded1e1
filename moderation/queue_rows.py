"""The moderation queue's rows, each kept once rendered (forum/kept_rows.py), so a page of
fifty items renders only the time each has been waiting.

A row shows the item's priority, category, source, report count, the first signals in words,
since when it waits and who took it, and whether it is about staff (for a coordinator). The
same for every moderator: the items they have a stake in are not in their list at all.
"5 minutes" is put in per request (the slot below).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe

from cybersquad.templatetags.plainwords import since
from forum.kept_rows import kept_rows, render_around, row_key
from moderation.models import QueueItem

TEMPLATE = "moderation/includes/_queue_row.html"
# Where the waiting time goes. An HTML comment: pseudonyms are escaped, so only the template
# can produce it.
SLOT = mark_safe("<!--since-->")  # noqa: S308 - a constant


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
        bool(item.for_coordinator),
    )


def cache_key(item: QueueItem, language: str, templates: str) -> str:
    return row_key("queue-row", item.pk, language, _shown(item), templates)


def _render(item: QueueItem) -> tuple[str, str]:
    """The row's HTML before and after the waiting time."""
    return render_around(TEMPLATE, {"item": item, "since": SLOT}, SLOT)


def queue_rows(items: Iterable[QueueItem]) -> SafeString:
    """The rows of these items (counted and marked for the moderator by the view), as the
    table's loop wrote them."""
    return kept_rows(
        items,
        template=TEMPLATE,
        key=cache_key,
        render=_render,
        filled=lambda item: since(item.created_at),
    )
