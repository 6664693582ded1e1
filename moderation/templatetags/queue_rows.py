"""``{% queue_rows items %}``: the queue's rows (moderation/queue_rows.py)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from moderation.queue_rows import queue_rows as rows

register = template.Library()


@register.simple_tag
def queue_rows(items) -> SafeString:
    return rows(items)
