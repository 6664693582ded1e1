"""Forum work that changes several rows: posting, editing, reacting, subscribing."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from cybersquad.groups import user_group
from cybersquad.models import User
from forum.models import (
    Notification,
    Post,
    PostStatus,
    Reaction,
    ReactionKind,
    Subscription,
    Theme,
    Topic,
)

logger = logging.getLogger(__name__)


def topic_touch(topic_id: int) -> None:
    """Mark the topic page as changed, so no cached rendering of its posts is served again."""
    Topic.objects.filter(pk=topic_id).update(version=F("version") + 1)


@transaction.atomic
def topic_create(author: User, *, theme: Theme, title: str, body: str, language: str) -> Topic:
    now = timezone.now()
    topic = Topic.objects.create(
        theme=theme,
        author=author,
        title=title.strip(),
        language=language,
        created_at=now,
        last_post_at=now,
    )
    Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        is_opening=True,
        by_professional=author.is_professional,
        created_at=now,
    )
    Subscription.objects.get_or_create(topic=topic, user=author)
    return topic


@transaction.atomic
def reply_create(topic: Topic, *, author: User, body: str) -> Post:
    now = timezone.now()
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        by_professional=author.is_professional,
        created_at=now,
    )
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=F("reply_count") + 1, last_post_at=now, version=F("version") + 1
    )
    Subscription.objects.get_or_create(topic=topic, user=author)
    recipients = list(
        Subscription.objects.filter(topic=topic).exclude(user=author).values_list("user", flat=True)
    )
    Notification.objects.bulk_create(
        Notification(recipient_id=uid, topic=topic, post=post, created_at=now) for uid in recipients
    )
    transaction.on_commit(lambda: _broadcast_unread(recipients))
    return post


def _broadcast_unread(user_ids: list[int]) -> None:
    """Tell each member's open pages their new unread count (a number, never the content)."""
    if not user_ids:
        return
    counts = dict(
        Notification.objects.filter(recipient_id__in=user_ids, read_at__isnull=True)
        .values_list("recipient_id")
        .annotate(n=Count("pk"))
    )
    send = async_to_sync(get_channel_layer().group_send)
    try:
        for uid in user_ids:
            send(user_group(uid), {"type": "notify.unread", "count": counts.get(uid, 0)})
    except Exception:
        # The notifications are stored; a page that missed the push shows them on next load.
        logger.exception("could not push unread counts")


@transaction.atomic
def post_edit(post: Post, *, body: str, title: str | None = None) -> bool:
    """Change a post's text, and the title for an opening post. Returns whether it changed."""
    changed = post.body != body
    if changed:
        post.body = body
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "search_body", "edited_at"])
    if post.is_opening and title is not None and title.strip() != post.topic.title:
        post.topic.title = title.strip()
        post.topic.save(update_fields=["title", "search_title"])
        changed = True
    if changed:
        topic_touch(post.topic_id)
    return changed


@transaction.atomic
def post_remove(post: Post) -> bool:
    """The author deletes their post: the text is erased, the thread around it stays."""
    if post.status == PostStatus.REMOVED:
        return False
    post.body = ""
    post.status = PostStatus.REMOVED
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "search_body", "status", "edited_at"])
    Reaction.objects.filter(post=post).delete()
    topic = post.topic
    if post.is_opening:
        topic.title = ""
        topic.status = PostStatus.REMOVED
        topic.save(update_fields=["title", "search_title", "status"])
    elif topic.helpful_post_id == post.pk:
        Topic.objects.filter(pk=topic.pk).update(helpful_post=None)
    topic_touch(topic.pk)
    return True


def reaction_toggle(post: Post, *, user: User, kind: ReactionKind) -> bool:
    """Add the reaction if absent, remove it if present. Returns whether it is now present."""
    deleted, _ = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        topic_touch(post.topic_id)
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:
        pass  # a concurrent click already added it
    topic_touch(post.topic_id)
    return True


def helpful_mark(topic: Topic, *, post: Post | None) -> bool:
    """The asker marks (with None: unmarks) the reply that helped. Returns whether it changed."""
    new_id = post.pk if post is not None else None
    if topic.helpful_post_id == new_id:
        return False
    topic.helpful_post_id = new_id
    topic.save(update_fields=["helpful_post"])
    topic_touch(topic.pk)
    return True


def subscription_set(topic: Topic, *, user: User, subscribed: bool) -> bool:
    if subscribed:
        _, created = Subscription.objects.get_or_create(topic=topic, user=user)
        return created
    deleted, _ = Subscription.objects.filter(topic=topic, user=user).delete()
    return bool(deleted)


def notifications_mark_read(user: User, *, topic: Topic | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if topic is not None:
        unread = unread.filter(topic=topic)
    return unread.update(read_at=timezone.now())
