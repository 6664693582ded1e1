"""Parts of the page frame that are the same for everyone who shares their key, rendered once
per process.

``{% fixed "top-bar" LANG %}…{% endfixed %}`` renders its content the first time and keeps the
HTML in this process under the name and the values that follow it. The frame of every page
(the helpline band, the menus, the footer) is about a hundred URL reversals, translations and
static-file lookups that give the same result for every reader of a language: rendering them
on each request cost more than a cached topic itself.

Only for content that depends on nothing but its key and what is fixed for the process
(settings, URLs, the static files' manifest, the translations): never a user's name, a CSRF
token, a path or a count. Under DEBUG nothing is kept, so an edited template shows at once;
a changed setting (tests) forgets everything.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_kept: dict[tuple, SafeString] = {}


def forget(**_kwargs: object) -> None:
    _kept.clear()


setting_changed.connect(forget, dispatch_uid="cybersquad.fixed.forget")


class FixedNode(template.Node):
    def __init__(self, nodelist: NodeList, name: str, parts: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context: Context) -> str:
        origin = self.origin.name if self.origin else ""
        # The URLs in it start with the script prefix, the same for a whole site.
        key = (origin, get_script_prefix(), self.name, *(p.resolve(context) for p in self.parts))
        html = _kept.get(key)
        if html is None:
            # The content is template output, escaped where it was rendered.
            html = mark_safe(self.nodelist.render(context))  # noqa: S308
            if not settings.DEBUG:
                _kept[key] = html
        return html


@register.tag
def fixed(parser: Parser, token: Token) -> FixedNode:
    """``{% fixed "name" value… %}``: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% fixed %} needs a quoted name first.")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
