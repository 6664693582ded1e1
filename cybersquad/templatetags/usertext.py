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
