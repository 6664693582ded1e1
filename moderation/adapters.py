"""What moderation gives the layer below it: the forum's port (forum/ports.py), registered
in ModerationConfig.ready(). Each method hands over to the module that owns the work."""

from __future__ import annotations

from collections.abc import Iterable

from cybersquad.models import User
from forum.models import Post
from moderation import evidence, policy, services
from moderation.models import Action, Decision


class ForumModeration:
    def verdict(self, author: User, *, body: str, language: str, title: str = "") -> policy.Verdict:
        return policy.post_verdict(author, body=body, language=language, title=title)

    def apply_verdict(self, post: Post, verdict, *, edit_of_held: bool = False) -> None:
        item = services.screening_item_of(post) if edit_of_held else None
        services.post_apply_verdict(post, verdict, item=item)

    def keep_evidence(self, post: Post, *, reason: str) -> None:
        evidence.post_keep_evidence(post, reason=reason)

    def published_decisions(self, user: User, pks: Iterable[int]) -> dict[int, str]:
        published = Decision.objects.filter(pk__in=pks, member=user, action=Action.PUBLISH)
        what = {}
        for decision in published.only("pk", "post__is_opening", "message_id").select_related(
            "post"
        ):
            if decision.message_id or decision.post is None:
                what[decision.pk] = "message"
            elif decision.post.is_opening:
                what[decision.pk] = "question"
            else:
                what[decision.pk] = "reply"
        return what
