"""``{% topic_rows topics show_theme %}``: a list's question rows (forum/topic_rows.py)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from forum.topic_rows import topic_rows as rows

register = template.Library()


@register.simple_tag
def topic_rows(topics, show_theme=False) -> SafeString:
    return rows(topics, show_theme=bool(show_theme))
