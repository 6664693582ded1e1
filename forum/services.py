"""Forum work that changes several rows: posting, editing, reacting, subscribing."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from cybersquad.groups import user_group
from cybersquad.models import User
from forum.models import (
    PUBLIC_STATUSES,
    Notification,
    Post,
    PostStatus,
    Reaction,
    ReactionKind,
    Subscription,
    Theme,
    Topic,
)
from forum.ports import PostVerdict as Verdict
from forum.ports import moderation

logger = logging.getLogger(__name__)


THEME_COUNTS_KEY = "forum:theme-topic-counts"
# How long the published questions per theme may be counted from memory. A new, hidden or
# removed question drops the count at once; erasure and retention wait at most this long.
THEME_COUNTS_SECONDS = 300


def themes_with_counts() -> list[Theme]:
    """Every theme, with ``topic_count``: how many published questions it has. Counting
    reads every question, so the counts are kept in the cache between changes."""
    counts = cache.get(THEME_COUNTS_KEY)
    if counts is None:
        counts = dict(
            Topic.objects.filter(status=PostStatus.PUBLISHED)
            .values_list("theme")
            .annotate(n=Count("pk"))
            .order_by()
        )
        cache.set(THEME_COUNTS_KEY, counts, THEME_COUNTS_SECONDS)
    themes = list(Theme.objects.all())
    for theme in themes:
        theme.topic_count = counts.get(theme.pk, 0)  # type: ignore[attr-defined]
    return themes


def _theme_counts_changed() -> None:
    transaction.on_commit(lambda: cache.delete(THEME_COUNTS_KEY))


def topic_touch(topic_id: int) -> None:
    """Mark the topic page as changed, so no cached rendering of its posts is served again."""
    Topic.objects.filter(pk=topic_id).update(version=F("version") + 1)


def author_shown_changed(user: User) -> int:
    """What posts show of their author changed (pseudonym, picture, role): the topics they
    wrote in are marked changed, so that the kept pages (a visitor's, and the first page
    everyone sees that members' pages are made from) show it at once. Returns how many
    topics."""
    written_in = Post.objects.filter(author=user).values("topic_id")
    return Topic.objects.filter(pk__in=written_in).update(version=F("version") + 1)


def reactions_remove_all(user: User) -> int:
    """Take away all of a member's reactions (their account is being erased); the topics whose
    pages counted them are marked changed. Returns how many reactions went."""
    reactions = Reaction.objects.filter(user=user)
    Topic.objects.filter(pk__in=reactions.values("post__topic_id")).update(version=F("version") + 1)
    deleted, _ = reactions.delete()
    return deleted


def _status_for(verdict: Verdict) -> str:
    return PostStatus.PUBLISHED if verdict.is_public else PostStatus.HELD


@transaction.atomic
def topic_create(
    author: User,
    *,
    theme: Theme,
    title: str,
    body: str,
    language: str,
    verdict: Verdict | None = None,
) -> Topic:
    """Store a new question. It is screened first; the verdict decides whether it is public."""
    verdict = verdict or moderation().verdict(author, title=title, body=body, language=language)
    status = _status_for(verdict)
    now = timezone.now()
    topic = Topic.objects.create(
        theme=theme,
        author=author,
        title=title.strip(),
        language=language,
        status=status,
        created_at=now,
        last_post_at=now,
    )
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        is_opening=True,
        by_professional=author.is_professional,
        status=status,
        masked_spans=verdict.mask_spans,
        created_at=now,
    )
    Subscription.objects.get_or_create(topic=topic, user=author)
    moderation().apply_verdict(post, verdict)
    if status == PostStatus.PUBLISHED:
        _theme_counts_changed()
    return topic


@transaction.atomic
def reply_create(topic: Topic, *, author: User, body: str, verdict: Verdict | None = None) -> Post:
    """Store a reply. It is screened first; only a public reply notifies the topic's followers."""
    verdict = verdict or moderation().verdict(author, body=body, language=topic.language)
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        by_professional=author.is_professional,
        status=_status_for(verdict),
        masked_spans=verdict.mask_spans,
    )
    Subscription.objects.get_or_create(topic=topic, user=author)
    if verdict.is_public:
        reply_published(post)
    moderation().apply_verdict(post, verdict)
    return post


def reply_published(post: Post) -> None:
    """A reply became public: count it, move the topic up, tell the followers, but only if they
    may read the topic: a notification names it, and a held or hidden question is private."""
    topic_id = post.topic_id
    Topic.objects.filter(pk=topic_id).update(
        reply_count=F("reply_count") + 1, last_post_at=post.created_at, version=F("version") + 1
    )
    if not Topic.objects.filter(pk=topic_id, status__in=PUBLIC_STATUSES).exists():
        return
    recipients = list(
        Subscription.objects.filter(topic_id=topic_id)
        .exclude(user_id=post.author_id)  # type: ignore[misc]  # None (erased author) excludes no one
        .values_list("user", flat=True)
    )
    Notification.objects.bulk_create(
        Notification(recipient_id=uid, topic_id=topic_id, post=post, created_at=post.created_at)
        for uid in recipients
    )
    transaction.on_commit(lambda: _broadcast_unread(recipients))


def post_set_status(post: Post, status: str) -> None:
    """A moderator changed whether a post is shown (held, hidden): its topic follows its
    opening post, and the topic's version moves so that pages showing it refresh."""
    Post.objects.filter(pk=post.pk).update(status=status)
    post.status = status
    if post.is_opening:
        Topic.objects.filter(pk=post.topic_id).update(status=status)
        _theme_counts_changed()
    topic_touch(post.topic_id)


def post_make_public(post: Post) -> bool:
    """Publish a held or hidden post: the topic, counters and followers follow. Returns
    whether it was not public before. A post its author deleted stays deleted (and a
    question deleted while held or hidden stays out of view, with its thread)."""
    if post.status == PostStatus.PUBLISHED or post.is_removed:
        return False
    was_held = post.status == PostStatus.HELD
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PUBLISHED)
    post.status = PostStatus.PUBLISHED
    if post.is_opening:
        Topic.objects.filter(pk=post.topic_id).update(status=PostStatus.PUBLISHED)
        _theme_counts_changed()
    elif was_held:
        reply_published(post)
    topic_touch(post.topic_id)
    return True


def notification_create(recipient_id: int, *, kind: str, link: str) -> Notification:
    """Tell a member something happened (a decision, a counsellor's answer), live if possible."""
    notification = Notification.objects.create(recipient_id=recipient_id, kind=kind, link=link)
    transaction.on_commit(lambda: _broadcast_unread([recipient_id]))
    return notification


def notifications_withdraw(recipient_id: int, *, links: set[str]) -> int:
    """Delete the notifications that point a member to these addresses (a page they must no
    longer know of), and give their open pages the new unread count."""
    deleted, _ = Notification.objects.filter(recipient_id=recipient_id, link__in=links).delete()
    if deleted:
        transaction.on_commit(lambda: _broadcast_unread([recipient_id]))
    return deleted


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
def post_edit(
    post: Post, *, body: str, title: str | None = None, verdict: Verdict | None = None
) -> bool:
    """Change a post's text, and the title for an opening post, screening it again.

    Returns whether anything changed. The new version is screened as if it were posted like
    that: an edit that screening would hold takes the post out of public view; a held post's
    open queue item takes the new verdict (moderation's apply_verdict), and so does a hidden
    post's when screening would not publish it; a writer who now solicits is restricted and a
    disclosure goes to counsellors, whatever the status (to the post's case if it has an open
    one: an edit never opens a second case).
    """
    # Locked and read again: a moderator deciding on this post at the same moment either
    # decides before this edit (which is then screened as an edit of what they decided) or
    # sees that the post changed (moderation.services.item_check_seen).
    post.refresh_from_db(from_queryset=Post.objects.select_for_update())
    topic = post.topic
    new_title = title.strip() if post.is_opening and title is not None else topic.title
    if body == post.body and new_title == topic.title:
        return False
    verdict = verdict or moderation().verdict(
        post.author,  # type: ignore[arg-type]  # only an author edits: views check it
        body=body,
        title=new_title if post.is_opening else "",
        language=topic.language,
    )
    moderation().keep_evidence(post, reason="edited")
    post.body = body
    post.edited_at = timezone.now()
    fields = ["body", "search_body", "edited_at", "masked_spans"]
    post.masked_spans = verdict.mask_spans
    was_held = post.status == PostStatus.HELD
    was_public = post.status == PostStatus.PUBLISHED
    if was_public and not verdict.is_public:
        post.status = PostStatus.HELD
        fields.append("status")
    post.save(update_fields=fields)
    if new_title != topic.title or (post.is_opening and "status" in fields):
        topic.title = new_title
        if "status" in fields:
            topic.status = PostStatus.HELD
            _theme_counts_changed()
        topic.save(update_fields=["title", "search_title", "status"])
    was_hidden = post.status == PostStatus.HIDDEN
    if was_held or (was_hidden and not verdict.is_public):
        # Still waiting for a moderator: its item now says what this version is. A hidden
        # post is out of view but not out of mind: what screening would hold in it is
        # queued (once: its open item takes the next versions) and its writer restricted.
        moderation().apply_verdict(post, verdict, edit_of_held=True)
    elif (was_public and not verdict.is_public) or verdict.action == "escalate":
        moderation().apply_verdict(post, verdict)
    topic_touch(topic.pk)
    return True


@transaction.atomic
def post_remove(post: Post) -> bool:
    """The author deletes their post: the text is erased, the thread around it stays.

    Deleting never shows more than before: a post (or a question, with its thread) that others
    could not see (held, hidden by a moderator) becomes WITHDRAWN, which only its author sees;
    only a public one becomes REMOVED, shown to everyone as deleted."""
    if post.is_removed:
        return False
    moderation().keep_evidence(post, reason="deleted")
    post.body = ""
    post.status = _status_once_deleted(post.status)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "search_body", "status", "edited_at"])
    Reaction.objects.filter(post=post).delete()
    topic = post.topic
    if post.is_opening:
        topic.title = ""
        topic.status = _status_once_deleted(topic.status)
        topic.save(update_fields=["title", "search_title", "status"])
        _theme_counts_changed()
    elif topic.helpful_post_id == post.pk:
        Topic.objects.filter(pk=topic.pk).update(helpful_post=None)
    topic_touch(topic.pk)
    return True


def _status_once_deleted(status: str) -> str:
    return PostStatus.REMOVED if status == PostStatus.PUBLISHED else PostStatus.WITHDRAWN


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
