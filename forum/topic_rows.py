"""The rows of a list of questions (search results, a theme's page, the home page), each kept
once rendered (forum/kept_rows.py), so a list renders only the part that changes with the
clock.

A row shows nothing about who reads it: title, asker, language, theme, reply count, the last
post's date, whether a professional answered and whether it has a helpful answer. "5 minutes
ago" is put in per request (the slot below). A question only its asker may see (held,
hidden) is rendered each time and never kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe

from cybersquad.templatetags.plainwords import ago
from forum.kept_rows import kept_rows, render_around, row_key
from forum.models import PostStatus, Topic

TEMPLATE = "forum/includes/_topic_item.html"
# Where the time since the last post goes. An HTML comment: titles and names are escaped,
# so only the template can produce it.
SLOT = mark_safe("<!--ago-->")  # noqa: S308 - a constant
# Everyone who may see the topic sees the same row.
SHARED = frozenset({PostStatus.PUBLISHED, PostStatus.REMOVED})


def _shown(topic: Topic, show_theme: bool) -> tuple:
    """Everything the row's template reads of the topic (besides the time since)."""
    # As the template: the asker of a question its author deleted is not shown (nor read).
    author = topic.author if topic.author_id is not None and not topic.is_removed else None
    return (
        topic.pk,
        topic.title,
        topic.language,
        topic.status,
        author.username if author is not None else None,
        str(topic.theme.name) if show_theme else None,
        topic.reply_count,
        topic.last_post_at.isoformat(),
        bool(getattr(topic, "answered_by_professional", False)),
        bool(topic.helpful_post_id),
        show_theme,
    )


def cache_key(topic: Topic, show_theme: bool, language: str, templates: str) -> str:
    return row_key("topic-row", topic.pk, language, _shown(topic, show_theme), templates)


def _render(topic: Topic, show_theme: bool) -> tuple[str, str]:
    """The row's HTML before and after the time since its last post."""
    return render_around(TEMPLATE, {"topic": topic, "show_theme": show_theme, "ago": SLOT}, SLOT)


def topic_rows(topics: Iterable[Topic], *, show_theme: bool = False) -> SafeString:
    """The rows of these questions, as the list's loop wrote them."""
    return kept_rows(
        topics,
        template=TEMPLATE,
        key=lambda topic, language, templates: (
            cache_key(topic, show_theme, language, templates) if topic.status in SHARED else None
        ),
        render=lambda topic: _render(topic, show_theme),
        filled=lambda topic: ago(topic.last_post_at),
    )
