"""Words for the member's data page: decisions said the way a young person would say them."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from moderation.models import Action

register = template.Library()

DECISIONS = {
    Action.PUBLISH: _("A moderator let your message through."),
    Action.HIDE: _("A moderator hid your message."),
    Action.MASK: _("A moderator hid personal details in your message."),
    Action.ESCALATE: _("A moderator passed what you wrote to a counsellor."),
    Action.WARN: _("You got a warning."),
    Action.MUTE: _("A moderator stopped you from writing for a while."),
    Action.SUSPEND: _("A moderator suspended your account for a while."),
    Action.BAN: _("A moderator closed your account."),
    Action.DISMISS: _("A moderator looked and changed nothing."),
    Action.RESTORE: _("A moderator lifted the limits on your account."),
}


@register.filter
def decision_in_words(action: str) -> str:
    return DECISIONS.get(action, "")
