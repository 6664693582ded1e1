"""The rows of a list of questions (search results, a theme's page, the home page), each kept
once rendered, so a list renders only the part that changes with the clock.

A row shows nothing about who reads it: title, asker, language, theme, reply count, the last
post's date, whether a professional answered and whether it has a helpful answer. Its HTML
is kept under the topic's id, the language and a digest of all those values, the time zone,
the script prefix, the template and the translations: any change gives another key, so
nothing needs to be invalidated and no stale row can be served; old entries expire.
"5 minutes ago" is put in per request (the slot below). A question only its asker may see
(held, hidden) is rendered each time and never kept.
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
from cybersquad.templatetags.plainwords import ago
from forum.models import PostStatus, Topic
from forum.post_html import templates_digest

TEMPLATE = "forum/includes/_topic_item.html"
# Where the time since the last post goes. An HTML comment: titles and names are escaped,
# so only the template can produce it.
SLOT = mark_safe("<!--ago-->")  # noqa: S308 - a constant
# Entries are found by what they show: the lifetime only bounds the memory (about 1 KB a row
# per language).
SECONDS = 60 * 60
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
    shown = (
        _shown(topic, show_theme),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        templates,
    )
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=12).hexdigest()
    return f"topic-row:{topic.pk}:{language}:{digest}"


def _render(topic: Topic, show_theme: bool) -> tuple[str, str]:
    """The row's HTML before and after the time since its last post."""
    html = (
        get_template(TEMPLATE)
        .render({"topic": topic, "show_theme": show_theme, "ago": SLOT})
        .removesuffix("\n")
    )
    head, _slot, tail = html.partition(SLOT)
    return head, tail


def topic_rows(topics: Iterable[Topic], *, show_theme: bool = False) -> SafeString:
    """The rows of these questions, as the list's loop wrote them."""
    topics = list(topics)
    language = current_language()
    templates = templates_digest((TEMPLATE,))
    keys = {
        topic.pk: cache_key(topic, show_theme, language, templates)
        for topic in topics
        if topic.status in SHARED
    }
    found = cache.get_many(list(keys.values())) if keys else {}
    fresh = {}
    out = []
    for topic in topics:
        key = keys.get(topic.pk)
        parts = found.get(key) if key else None
        if parts is None:
            parts = _render(topic, show_theme)
            if key:
                fresh[key] = parts
        head, tail = parts
        when = conditional_escape(ago(topic.last_post_at))
        out.append(f"\n    {head}{when}{tail}\n  ")
    if fresh:
        cache.set_many(fresh, SECONDS)
    # Template output (escaped there) and the escaped time: nothing unescaped.
    return mark_safe("".join(out))  # noqa: S308
