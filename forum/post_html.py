"""A topic page's posts as HTML: what every reader sees alike, cached per post, and the small
part that is the reader's own, put in per request.

A post's shared HTML (author, date, text, notices, reaction counts, report links) is cached
under its id, the language and a digest of everything it shows: its status, text, masks and
dates, its author's pseudonym, picture and role (or that the account is gone), whether the
asker marked it helpful, its reaction counts, the time zone and the templates themselves. Any
change, whatever makes it (a service, a moderator, retention, the admin, an erased account),
gives another key, so nothing needs to be invalidated and no stale entry can be served; old
entries expire. The entries are rendered without the request and hold nothing about who read
the page: no CSRF token, no pressed button, no edit link.

The reader's own part (their reactions' pressed state, edit and delete on their posts, the
asker's helpful button, and the report links everyone but the author sees) comes from strings
built once per page: one URL reversal per pattern, one translation per word, one CSRF token.
Fetching the entries is one ``cache.get_many``; counting reactions one query for the page's
posts (``Reaction.objects.tally``).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db.models import QuerySet
from django.middleware.csrf import get_token
from django.template import Engine
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from cybersquad.i18n import current_language
from cybersquad.models import Avatar, User
from forum.models import Post, PostStatus, Reaction, ReactionKind, Tally, Topic

TEMPLATE = "forum/includes/_post.html"
# Where the reader's own part goes, and the end of what a post's author does not see. An HTML
# comment: members' text is escaped, so only the template can produce it.
SLOT = mark_safe("<!--reader-->")  # noqa: S308 - a constant
# Entries are found by what they show, so they never go stale: the lifetime only bounds the
# memory (the posts read in the last hour, about 2 KB each per language).
SECONDS = 60 * 60
NO_REACTIONS = Tally()


# What a post's shared HTML is made from (templates_digest's default).
POST_TEMPLATES = (TEMPLATE, "forum/includes/_author.html")


def _templates_digest_now(names: tuple[str, ...]) -> str:
    engine = Engine.get_default()
    digest = hashlib.blake2b(digest_size=6)
    for name in names:
        digest.update(engine.get_template(name).source.encode() + b"\0")
    # The pictures' addresses carry their files' hashes: a new picture, a new address.
    for avatar in Avatar.values:
        digest.update(staticfiles_storage.url(f"cybersquad/avatars/{avatar}.svg").encode() + b"\0")
    # Our translations (a release may change only them).
    for path in sorted(
        path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/LC_MESSAGES/*.mo")
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()


_templates_digest_once = functools.cache(_templates_digest_now)


def templates_digest(names: tuple[str, ...] = POST_TEMPLATES) -> str:
    """A digest of these templates, the pictures and our translations, for keys of kept HTML
    made from them (kept entries outlive a process): a release that changes any of them must
    not be served entries kept by the one before; while developing (DEBUG), an edited template
    or catalogue shows at the next load."""
    return _templates_digest_now(names) if settings.DEBUG else _templates_digest_once(names)


class PostRow(Protocol):
    """A post as the page reads it (``rows()``): plain values, no model instances."""

    pk: int
    author_id: int | None
    body: str
    is_opening: bool
    by_professional: bool
    status: str
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    masked_spans: list[list[int]]
    author__username: str | None
    author__avatar: str | None
    author__role: str | None


class ReaderFacing(Protocol):
    """What the reader's own part needs to know of a post."""

    @property
    def pk(self) -> int: ...
    @property
    def author_id(self) -> int | None: ...
    @property
    def status(self) -> str: ...
    @property
    def is_opening(self) -> bool: ...


ROW_FIELDS = (
    *("pk", "author_id", "body", "is_opening", "by_professional", "status"),
    *("created_at", "edited_at", "masked_spans"),
    *("author__username", "author__avatar", "author__role"),
)


def rows(posts: QuerySet[Post]) -> QuerySet:
    """The posts as the page reads them: what they show, as rows (building a model instance
    for a post and one for its author cost more than the rest of a cached post's work)."""
    return posts.values_list(*ROW_FIELDS, named=True)


def cache_key(post: PostRow, topic: Topic, tally: Tally, language: str, templates: str) -> str:
    """The post's entry: its id, the language, and a digest of all that its shared HTML shows
    (``templates``: templates_digest())."""
    shown = (
        post.status,
        post.body,
        post.masked_spans,
        post.created_at.isoformat(),
        post.edited_at.isoformat() if post.edited_at else "",
        post.by_professional,
        post.author_id,
        post.author__username,
        post.author__avatar,
        post.author__role,
        topic.language,
        topic.helpful_post_id == post.pk,
        tally.me_too,
        tally.support,
        timezone.get_current_timezone_name(),
        templates,
    )
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=12).hexdigest()
    return f"post-html:{post.pk}:{language}:{digest}"


def _post(row: PostRow) -> Post:
    """A post (and its author) to render from its row: only for posts the cache lacks."""
    post = Post(
        id=row.pk,
        author_id=row.author_id,
        body=row.body,
        is_opening=row.is_opening,
        by_professional=row.by_professional,
        status=row.status,
        created_at=row.created_at,
        edited_at=row.edited_at,
        masked_spans=row.masked_spans,
    )
    if row.author_id is not None:
        # The author's columns are set whenever the author is (one join).
        post.author = User(
            id=row.author_id,
            username=row.author__username or "",
            avatar=row.author__avatar or "",
            role=row.author__role or "",
        )
    return post


def _render_shared(row: PostRow, topic: Topic, tally: Tally) -> tuple[str, str, str]:
    """(up to the reader's part, the report links, the rest); a deleted post has no footer,
    so its whole HTML is the first."""
    html = get_template(TEMPLATE).render(
        {
            "post": _post(row),
            "tally": tally,
            "helpful": topic.helpful_post_id == row.pk,
            "language": topic.language,
            "slot": SLOT,
        }
    )
    parts = html.split(SLOT)
    if len(parts) == 1:
        return html, "", ""
    head, report, tail = parts
    return head, report, tail


class _Reader:
    """What only this reader sees under each post, from pieces made once per page."""

    def __init__(self, request, topic: Topic) -> None:
        user = request.user
        self.pk: int | None = user.pk if user.is_authenticated else None
        self.is_asker = self.pk is not None and topic.author_id == self.pk
        self.helpful_post_id = topic.helpful_post_id
        if self.pk is None:
            return
        self.csrf = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', page_token(request)
        )
        where = (current_language(), get_script_prefix())
        self.react = _url("forum:post_react", *where)
        self.helpful = _url("forum:post_helpful", *where)
        self.edit = _url("forum:post_edit", *where)
        self.delete = _url("forum:post_delete", *where)
        self.me_too = escape(gettext("Me too"))
        self.support = escape(gettext("Support"))
        self.mark = escape(gettext("This helped me"))
        self.unmark = escape(gettext("Unmark as helpful"))
        self.edit_word = escape(gettext("Edit"))
        self.delete_word = escape(gettext("Delete"))

    def own_part(self, post: ReaderFacing, tally: Tally) -> str:
        """Reaction buttons (pressed or not), the helpful button for the asker, edit and
        delete for the author: on published posts, for a signed-in reader."""
        if self.pk is None or post.status != PostStatus.PUBLISHED:
            return ""
        pk = post.pk
        me_too = _pressed(ReactionKind.ME_TOO in tally.mine)
        support = _pressed(ReactionKind.SUPPORT in tally.mine)
        html = (
            f'<form method="post" action="{self.react.of(pk)}" class="inline-form">\n'
            f"{self.csrf}\n"
            f'<button type="submit" name="kind" value="me_too" aria-pressed="{me_too}">'
            f"{self.me_too}</button>\n"
            f'<button type="submit" name="kind" value="support" aria-pressed="{support}">'
            f"{self.support}</button>\n</form>\n"
        )
        if self.is_asker and not post.is_opening and post.author_id != self.pk:
            word = self.unmark if self.helpful_post_id == pk else self.mark
            html += (
                f'<form method="post" action="{self.helpful.of(pk)}" class="inline-form">\n'
                f'{self.csrf}\n<button type="submit">{word}</button>\n</form>\n'
            )
        if post.author_id == self.pk:
            html += (
                f'<a href="{self.edit.of(pk)}">{self.edit_word}</a>\n'
                f'<a href="{self.delete.of(pk)}">{self.delete_word}</a>\n'
            )
        return html

    def sees_report_links(self, post: ReaderFacing) -> bool:
        # As before for visitors too: a post whose account is gone offers no report link to
        # a visitor (None is not None's author), but does to a member.
        return post.author_id != self.pk


def page_token(request) -> str:
    """One CSRF token for all the forms of a page (each is as valid as a freshly masked one,
    and masking one costs a random string)."""
    token = getattr(request, "_page_csrf_token", None)
    if token is None:
        token = request._page_csrf_token = get_token(request)
    return token


def _pressed(on: bool) -> str:
    return "true" if on else "false"


class _Url:
    """A URL pattern with a post's id to fill in, reversed once: ``of(pk)`` is
    ``reverse(name, args=[pk])`` without the resolver's work per post."""

    SENTINEL = "9081726354"

    def __init__(self, name: str) -> None:
        url = escape(reverse(name, args=[int(self.SENTINEL)]))
        self.before, found, self.after = url.partition(self.SENTINEL)
        assert found, name  # noqa: S101 - the sentinel is in every id pattern's URL

    def of(self, pk: int) -> str:
        return f"{self.before}{pk}{self.after}"


@functools.cache
def _url(name: str, language: str, script_prefix: str) -> _Url:
    """The pattern reversed once per process, language and script prefix (the URL conf does
    not change while the process runs)."""
    return _Url(name)


def _shared_parts(
    posts: list[PostRow], topic: Topic, tallies: dict[int, Tally]
) -> list[tuple[str, str, str]]:
    """Each post's shared HTML, from the cache (one ``get_many``) or rendered and stored."""
    language = current_language()
    templates = templates_digest()
    keys = [
        cache_key(post, topic, tallies.get(post.pk, NO_REACTIONS), language, templates)
        for post in posts
    ]
    found = cache.get_many(keys)
    fresh = {}
    parts = []
    for post, key in zip(posts, keys, strict=True):
        shared = found.get(key)
        if shared is None:
            shared = fresh[key] = _render_shared(post, topic, tallies.get(post.pk, NO_REACTIONS))
        parts.append(shared)
    if fresh:
        cache.set_many(fresh, SECONDS)
    return parts


def _compose(
    reader: _Reader,
    posts: Sequence[ReaderFacing],
    parts: list[tuple[str, str, str]],
    tallies: dict[int, Tally],
    pagination: str,
) -> SafeString:
    out = ['<div class="posts">\n']
    for post, (head, report, tail) in zip(posts, parts, strict=True):
        out.append(head)
        if tail:  # a deleted post has no footer, so no part of the reader's
            out.append(reader.own_part(post, tallies.get(post.pk, NO_REACTIONS)))
            if reader.sees_report_links(post):
                out.append(report)
            out.append(tail)
    out.append("</div>\n")
    out.append(pagination)
    # Template output (escaped there) and the constants above, with ids: nothing unescaped.
    return mark_safe("".join(out))  # noqa: S308


def _pagination(page) -> str:
    if not page.has_other_pages():
        return ""
    return render_to_string("forum/includes/_pagination.html", {"page": page})


def posts_html(request, topic: Topic, page) -> SafeString:
    """The page's posts and its page links, for this reader. ``page`` is a Paginator page
    of ``rows()``."""
    posts: list[PostRow] = list(page.object_list)
    reader = _Reader(request, topic)
    tallies = Reaction.objects.tally([p.pk for p in posts], reader.pk)
    parts = _shared_parts(posts, topic, tallies)
    return _compose(reader, posts, parts, tallies, _pagination(page))


class Listed(NamedTuple):
    """What the reader's part needs to know of a post on the page everyone sees."""

    pk: int
    author_id: int | None
    status: str
    is_opening: bool


def everyones_first_page(topic: Topic, first_page) -> tuple[list[Listed], list, str]:
    """The first page of the posts everyone may see (published or deleted), as kept under
    the topic's version: each post's reader-facing fields, its shared HTML, the page links.
    ``first_page`` makes the Paginator page of ``rows()`` on a miss. Every change to what
    the page shows moves the version (forum/services.py), as for a visitor's kept page."""
    key = ":".join(
        (
            "topic-first-page",
            str(topic.pk),
            str(topic.version),
            current_language(),
            timezone.get_current_timezone_name(),
            templates_digest(),
        )
    )
    entry = cache.get(key)
    if entry is None:
        page = first_page()
        posts: list[PostRow] = list(page.object_list)
        tallies = Reaction.objects.tally([p.pk for p in posts], None)
        listed = [Listed(p.pk, p.author_id, p.status, p.is_opening) for p in posts]
        entry = (listed, _shared_parts(posts, topic, tallies), _pagination(page))
        cache.set(key, entry, SECONDS)
    return entry


def first_page_html(request, topic: Topic, entry: tuple[list[Listed], list, str]) -> SafeString:
    """The first page for a signed-in reader who has no post of their own that only they may
    see on this topic (so their page is everyone's), from ``everyones_first_page``: only the
    page's reactions are read."""
    listed, parts, pagination = entry
    reader = _Reader(request, topic)
    # Only which buttons they pressed is used: the counts are in the shared HTML. (The page's
    # reactions, read by post: the reader's own, by account, may be many more.)
    tallies = Reaction.objects.tally([post.pk for post in listed], reader.pk)
    return _compose(reader, listed, parts, tallies, pagination)
