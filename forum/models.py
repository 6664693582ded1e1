"""Forum: themes, topics (a question and its replies), reactions, subscriptions, help articles."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cybersquad.rendering import apply_mask
from forum.search_documents import SearchDocument


def fold_for_search(text: str) -> str:
    """Lower-case and strip accents: the SQLite search fallback compares folded text."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Theme(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:theme", args=[self.slug])


class PostStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden by a moderator")
    REMOVED = "removed", _("Deleted by its author")
    # Deleted by its author while nobody else could see it (held, or hidden by a moderator):
    # it stays out of everyone else's view, as it was. Not in PUBLIC_STATUSES.
    WITHDRAWN = "withdrawn", _("Deleted by its author while out of public view")


# What everyone may see (a deleted post shows as such). Every other status is seen by the
# author alone: the forum's visibility checks list what is shown, never what is not.
PUBLIC_STATUSES = (PostStatus.PUBLISHED, PostStatus.REMOVED)


class TopicQuerySet(QuerySet):
    def visible_to(self, user) -> TopicQuerySet:
        """Topics whose question anyone may read, plus the viewer's own held ones."""
        visible = Q(status__in=PUBLIC_STATUSES)
        if user is not None and user.is_authenticated:
            visible |= Q(author=user)
        return self.filter(visible)

    def for_lists(self) -> TopicQuerySet:
        """With what a topic list shows beside the title: its author and whether a
        professional (counsellor, moderator) answered it, in the same query."""
        professional = Post.objects.filter(
            topic=OuterRef("pk"),
            is_opening=False,
            by_professional=True,
            status=PostStatus.PUBLISHED,
        )
        # Nor their search columns (the title's text-search document is a wide value).
        return (
            self.select_related("author", "theme")
            .defer("search_title", "search_document")
            .annotate(answered_by_professional=Exists(professional))
        )


class Topic(models.Model):
    LANGUAGES = settings.LANGUAGES

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="topics")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=140)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        max_length=12, choices=PostStatus.choices, default=PostStatus.PUBLISHED
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    helpful_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    search_title = models.CharField(max_length=140, blank=True, editable=False)
    search_document = models.GeneratedField(
        expression=SearchDocument(french=["title"], dutch=["title"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Bumped by every change to what the topic page shows; keys the rendered-posts cache.
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-last_post_at"]
        indexes = [
            models.Index(fields=["theme", "status", "-last_post_at"]),
            # The newest published topics (home page, search order) and a theme's newest,
            # with the id as the tie-breaker the pages sort by.
            models.Index(fields=["status", "-last_post_at", "-id"], name="topic_status_recent"),
            models.Index(fields=["theme", "-last_post_at", "-id"], name="topic_theme_recent"),
        ]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.search_title = fold_for_search(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("forum:topic", args=[self.pk])

    @property
    def is_removed(self) -> bool:
        """Deleted by its author (whether others could see it then or not)."""
        return self.status in (PostStatus.REMOVED, PostStatus.WITHDRAWN)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class PostQuerySet(QuerySet):
    def visible_to(self, user) -> PostQuerySet:
        visible = Q(status__in=PUBLIC_STATUSES)
        if user is not None and user.is_authenticated:
            visible |= Q(author=user)
        return self.filter(visible)


class Post(models.Model):
    """The question that opens a topic, or a reply to it."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    body = models.TextField(_("message"))
    is_opening = models.BooleanField(default=False)
    # The author's role when they wrote it: a later change of role does not rewrite history.
    by_professional = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=PostStatus.choices, default=PostStatus.PUBLISHED
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Spans of personal information hidden in the public view: [[start, end], ...].
    masked_spans = models.JSONField(default=list, blank=True)
    # What search may look at: the text as shown, with masked personal details left out.
    search_body = models.TextField(blank=True, editable=False)
    # What search finds the post by on PostgreSQL: its shown text, analysed (forum/search.py).
    search_document = models.GeneratedField(
        expression=SearchDocument(french=["search_body"], dutch=["search_body"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["topic", "created_at"]),
            # Lists mark the questions a professional answered: rare posts, found by topic.
            models.Index(
                fields=["topic"],
                name="post_professional_answer",
                condition=Q(by_professional=True, is_opening=False, status="published"),
            ),
            # Whether a member has posts on a topic that only they may see (held, hidden):
            # rare rows, looked up on each of their topic pages.
            models.Index(
                fields=["topic", "author"],
                name="post_unlisted",
                condition=~Q(status__in=["published", "removed"]),
            ),
        ]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"{self.topic_id}#{self.pk}"

    def save(self, *args, **kwargs) -> None:
        # Search looks only at what is shown: masked personal details are left out.
        self.search_body = apply_mask(self.body, self.masked_spans)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("forum:post", args=[self.pk])

    @property
    def is_removed(self) -> bool:
        """Deleted by its author (whether others could see it then or not)."""
        return self.status in (PostStatus.REMOVED, PostStatus.WITHDRAWN)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class ReactionKind(models.TextChoices):
    ME_TOO = "me_too", _("Me too")
    SUPPORT = "support", _("Support")


@dataclass(frozen=True)
class Tally:
    """A post's reactions as its page shows them: how many of each kind, and the viewer's own."""

    me_too: int = 0
    support: int = 0
    mine: frozenset[str] = frozenset()


class ReactionQuerySet(QuerySet):
    def tally(self, post_ids: list[int], viewer_id: int | None) -> dict[int, Tally]:
        """Reaction counts of these posts (a page's), and which kinds the viewer pressed, in
        one query over their reactions only. Posts without reactions are left out.

        Written in SQL: on a page of cached posts, building the ORM's grouped query cost
        more than all the rest of the posts' work. Ignores any filter on the queryset."""
        if not post_ids:
            return {}
        connection = connections[self.db]
        quote = connection.ops.quote_name
        table, post, user, kind = (
            quote(name) for name in (self.model._meta.db_table, "post_id", "user_id", "kind")
        )
        placeholders = ", ".join(["%s"] * len(post_ids))
        # Names from the model, values as parameters.
        own = f"SUM(CASE WHEN {user} = %s THEN 1 ELSE 0 END)"
        where = f"{post} IN ({placeholders})"
        sql = f"SELECT {post}, {kind}, COUNT(*), {own} FROM {table} WHERE {where} GROUP BY 1, 2"  # noqa: S608
        counts: dict[int, dict[str, int]] = {}
        mine: dict[int, set[str]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [viewer_id, *post_ids])
            for post_id, reaction_kind, n, own in cursor.fetchall():
                counts.setdefault(post_id, {})[reaction_kind] = n
                if own:
                    mine.setdefault(post_id, set()).add(reaction_kind)
        return {
            post_id: Tally(
                me_too=kinds.get(ReactionKind.ME_TOO, 0),
                support=kinds.get(ReactionKind.SUPPORT, 0),
                mine=frozenset(mine.get(post_id, ())),
            )
            for post_id, kinds in counts.items()
        }


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReactionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="one_reaction_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.post_id}"


class Subscription(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="one_subscription_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.topic_id}"


class Notification(models.Model):
    """An in-app notice. It says what happened and where, never the content."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("New reply")
        DECISION = "decision", _("Moderation decision")
        HELP_REPLY = "help_reply", _("Answer from a counsellor")
        HELP_INVITE = "help_invite", _("Your message went to the counsellors")
        HELP_OPENED = "help_opened", _("A counsellor read your message")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REPLY)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, related_name="+")
    # For decisions and counsellor answers: the page to open.
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"reply {self.post_id} for {self.recipient_id}"


class HelpArticle(models.Model):
    """What to do when…: written by coordinators in French and Dutch."""

    slug = models.SlugField(_("slug"), unique=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=140)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Paragraphs separated by a blank line; a line starting with '## ' is a subheading; "
            "lines starting with '- ' form a list."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    search_document = models.GeneratedField(
        expression=SearchDocument(
            french=["title_fr", "summary_fr", "body_fr"],
            dutch=["title_nl", "summary_nl", "body_nl"],
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # What lists of articles do not show (they show titles and summaries).
    BODY_FIELDS = ("body", "body_fr", "body_nl", "search_document")

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("help article")
        verbose_name_plural = _("help articles")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:help_article", args=[self.slug])
