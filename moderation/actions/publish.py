"""Publish: a held or hidden post, or a held room message, is shown (a false alarm).

Not appealable, so without an inverse: a moderator who disagrees hides it again.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from forum.services import post_make_public
from moderation.actions.base import NO_ACTION, Result, Target, item_category
from moderation.models import Action
from moderation.ports import chat

ACTION = Action.PUBLISH
TARGETS = ("post", "message")
reverse = None


def apply(target: Target) -> Result:
    if target.message is not None:
        changed = chat().message_publish(target.message, by=target.by, reason=target.reason)
        if changed and not target.reason and target.member is not None:
            with translation.override(target.member.language):
                target.reason = gettext(
                    "A moderator checked your message in the chat room and let it through."
                )
        return Result(
            changed,
            decide=changed and target.member is not None,
            close=NO_ACTION,
            category=item_category(target),
        )
    changed = post_make_public(target.post)
    return Result(changed, decide=changed, close=NO_ACTION, category=item_category(target))
