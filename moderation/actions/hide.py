"""Hide: a post or a room message is shown to nobody but its author (held posts stay hidden
for good). Its inverse shows it again."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from cybersquad.models import User
from forum.models import Post, PostStatus
from forum.services import post_make_public, post_set_status
from moderation.actions.base import ACTION_TAKEN, Result, Target, item_category, newer_standing
from moderation.audit import audit
from moderation.models import Action, Decision
from moderation.ports import chat

ACTION = Action.HIDE
TARGETS = ("post", "message")


def apply(target: Target) -> Result:
    if target.message is not None:
        changed = chat().message_hide(target.message, by=target.by, reason=target.reason)
        if changed and not target.reason and target.member is not None:
            # A moderator acting in the room itself writes no reason: the member still gets one.
            with translation.override(target.member.language):
                target.reason = gettext(
                    "A moderator hid your message in the chat room: it did not follow the "
                    "rules of Cybersquad."
                )
        return Result(changed, decide=changed, close=ACTION_TAKEN, category=item_category(target))
    post = target.post
    if post.status == PostStatus.HIDDEN or post.is_removed:
        return Result(False, close=ACTION_TAKEN)
    post_set_status(post, PostStatus.HIDDEN)
    return Result(True, decide=True, close=ACTION_TAKEN, category=item_category(target))


def reverse(decision: Decision, *, by: User) -> None:
    """The hidden post or room message is public again, unless a newer decision hid it again
    or it is no longer hidden (deleted by its author, or escalated since)."""
    if decision.post_id and not newer_standing(decision, post_id=decision.post_id):
        post = Post.objects.select_for_update().get(pk=decision.post_id)
        if post.status == PostStatus.HIDDEN and post_make_public(post):
            audit(by, "post.publish", post, reason="appeal")
    elif decision.message_id and not newer_standing(decision, message_id=decision.message_id):
        # Broadcast to the room like any message a moderator lets through.
        chat().message_publish(decision.message, by=by, reason="appeal")
