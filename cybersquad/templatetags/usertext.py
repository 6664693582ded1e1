from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from cybersquad import rendering

register = template.Library()


@register.filter
def user_text(value: str) -> SafeString:
    return rendering.render_user_text(value or "")


@register.filter
def article_text(value: str) -> SafeString:
    return rendering.render_article(value or "")


@register.filter
def post_body(post) -> SafeString:
    """A forum post's text with its masked personal information hidden."""
    return rendering.render_user_text(post.body or "", mask=post.masked_spans)


@register.filter
def chat_body(message) -> SafeString:
    """A chat message: like a post in rooms; without links in counselling conversations.
    Rendered once per message object: a broadcast renders its message for every kind of viewer
    (chat/elements.py)."""
    rendered = getattr(message, "_chat_body", None)
    if rendered is None:
        rendered = rendering.render_user_text(
            message.body or "", mask=message.masked_spans, links=message.conversation_id is None
        )
        message._chat_body = rendered
    return rendered
