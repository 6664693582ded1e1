"""Mask: the personal information in a post is hidden and the rest published.

Not undone by an appeal: a young person's personal details stay out of public view (they can
edit their message)."""

from __future__ import annotations

from forum.models import PostStatus
from forum.services import post_make_public, topic_touch
from moderation.actions.base import ACTION_TAKEN, Result, Target, nothing_to_undo
from moderation.models import Action, Category

ACTION = Action.MASK
TARGETS = ("post",)
reverse = nothing_to_undo


def apply(target: Target) -> Result:
    from moderation.screening import get_engine  # loads the rules on first use

    post = target.post
    spans = [
        list(s.span)
        for s in get_engine().screen(post.body, post.topic.language).signals
        if s.category == "personal_info"
    ]
    changed = bool(spans) and spans != post.masked_spans
    if changed:
        post.masked_spans = spans
        post.save(update_fields=["masked_spans", "search_body"])  # search shows what is shown
    published = post_make_public(post) if post.status == PostStatus.HELD else False
    if changed:
        topic_touch(post.topic_id)
    return Result(
        changed or published,
        decide=changed or published,
        close=ACTION_TAKEN,
        category=Category.PERSONAL_INFO,
    )
