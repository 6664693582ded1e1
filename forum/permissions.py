"""Who may do what in the forum. Views call these; querysets mirror them for lists."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forum.models import Post, PostStatus, Topic


def can_view_topic(user, topic: Topic) -> bool:
    """Mirrors ``Topic.objects.visible_to``: a public topic, or the viewer's own."""
    return topic.is_public or (user.is_authenticated and topic.author_id == user.pk)


def check_can_view_topic(user, topic: Topic) -> None:
    if not can_view_topic(user, topic):
        raise Http404


def check_can_view_post(user, post: Post) -> None:
    """The post and its topic, as ``Post.objects.visible_to`` lists them: a post that only its
    author may see (held, hidden) answers 404 to anyone else, as if it did not exist."""
    check_can_view_topic(user, post.topic)
    if not post.is_public and not (user.is_authenticated and post.author_id == user.pk):
        raise Http404


def shown_as_author(user, member) -> bool:
    """Whether ``user`` can see ``member`` on the forum: as the author of a published post,
    written as a member (not as staff), in a topic ``user`` may read. Only there does a page
    name them and link to their report page."""
    return Post.objects.filter(
        author=member,
        status=PostStatus.PUBLISHED,
        by_professional=False,
        topic__in=Topic.objects.visible_to(user),
    ).exists()


def topic_title_for(user, topic: Topic | None) -> str:
    """The topic's title where ``user`` may see the topic, else "" (a hidden or held question's
    title is as private as the question: notifications and statements leave it out)."""
    if topic is None or not can_view_topic(user, topic):
        return ""
    return topic.title


class PostingNotAllowed(PermissionDenied):
    """The member may not post right now; the message says why and until when."""


def check_can_post(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_suspended():
        raise PostingNotAllowed(_("Your account is suspended."))
    if user.is_muted():
        until = formats.date_format(timezone.localtime(user.muted_until), "DATETIME_FORMAT")
        raise PostingNotAllowed(
            _("A moderator has muted you: you can write again from %(until)s.") % {"until": until}
        )


def check_can_reply(user, topic: Topic) -> None:
    check_can_view_topic(user, topic)
    if not user.is_authenticated or topic.status != PostStatus.PUBLISHED:
        raise PermissionDenied


def check_can_edit_post(user, post: Post) -> None:
    check_can_view_topic(user, post.topic)
    if not user.is_authenticated or post.author_id != user.pk or post.is_removed:
        raise PermissionDenied


def check_can_react(user, post: Post) -> None:
    check_can_view_topic(user, post.topic)
    if not user.is_authenticated or post.status != PostStatus.PUBLISHED:
        raise PermissionDenied


def check_can_mark_helpful(user, post: Post) -> None:
    """Only the asker, and only on someone else's published reply."""
    topic = post.topic
    check_can_view_topic(user, topic)
    if (
        not user.is_authenticated
        or topic.author_id != user.pk
        or post.is_opening
        or post.author_id == user.pk
        or post.status != PostStatus.PUBLISHED
    ):
        raise PermissionDenied
