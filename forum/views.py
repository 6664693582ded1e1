from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cybersquad import ratelimit
from cybersquad.i18n import current_language
from cybersquad.prepared import Prepared
from cybersquad.rendering import render_user_text
from forum import services
from forum.forms import PostEditForm, ReplyForm, SearchForm, TopicForm
from forum.models import (
    HelpArticle,
    Notification,
    Post,
    PostStatus,
    ReactionKind,
    Subscription,
    Theme,
    Topic,
)
from forum.permissions import (
    PostingNotAllowed,
    can_view_topic,
    check_can_edit_post,
    check_can_mark_helpful,
    check_can_post,
    check_can_react,
    check_can_reply,
    check_can_view_post,
    check_can_view_topic,
)
from forum.ports import PostVerdict as Verdict
from forum.ports import moderation
from forum.post_html import (
    everyones_first_page,
    first_page_html,
    page_token,
    posts_html,
    rows,
    templates_digest,
)
from forum.search import search as search_help
from forum.search import topics_in_order


def theme_list(request: HttpRequest) -> HttpResponse:
    themes = services.themes_with_counts()
    return render(request, "forum/theme_list.html", {"themes": themes})


def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    topics = (
        Topic.objects.visible_to(request.user)
        .filter(theme=theme)
        .for_lists()
        .order_by("-last_post_at", "-pk")
    )
    language = request.GET.get("lang")
    if language in dict(settings.LANGUAGES):
        topics = topics.filter(language=language)
    else:
        language = ""
    page = Paginator(topics, settings.CYBERSQUAD_TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    articles = HelpArticle.objects.filter(theme=theme).defer(*HelpArticle.BODY_FIELDS)[:3]
    return render(
        request,
        "forum/theme_detail.html",
        {
            "theme": theme,
            "page": page,
            "language": language,
            "articles": articles,
            "extra_query": urlencode({"lang": language}) if language else "",
        },
    )


def _topics(user_id: int | None) -> QuerySet[Topic]:
    """The topic page's first query (for one id, filtered by the caller)."""
    # The page shows the theme, not the asker's account (their posts come with the posts).
    topics = Topic.objects.select_related("theme").defer("search_title", "search_document")
    if user_id is None:
        return topics
    # Whether they follow it, in the same query.
    mine = Subscription.objects.filter(topic=OuterRef("pk"), user=user_id)
    # And whether they wrote posts here that only they may see (held, hidden): if not,
    # their first page is everyone's (post_html.everyones_first_page).
    unlisted = Post.objects.filter(  # the index post_unlisted
        ~Q(status__in=[PostStatus.PUBLISHED, PostStatus.REMOVED]),
        topic=OuterRef("pk"),
        author=user_id,
    )
    # And their unread notifications, which the page's header counts (the query the context
    # processor would make on its own).
    unread = (
        Notification.objects.filter(recipient=user_id, read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return topics.annotate(
        subscribed=Exists(mine),
        has_unlisted=Exists(unlisted),
        unread=Coalesce(Subquery(unread), 0),
    )


# Built and compiled once per process (cybersquad/prepared.py): the same SQL on every page.
_visitors_topic = Prepared(lambda pk: _topics(None).filter(pk=pk), int)
_members_topic = Prepared(lambda pk, user_id: _topics(user_id).filter(pk=pk), int, int)


def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if user.is_authenticated:
        found = _members_topic(pk, user.pk)
    else:
        found = _visitors_topic(pk)
    if not found:
        raise Http404
    [topic] = found
    check_can_view_topic(user, topic)
    kept = request.method in ("GET", "HEAD") and not messages.get_messages(request)
    if not user.is_authenticated and kept:  # a message is this visitor's own
        return _visitor_page(request, topic)
    context = {
        "topic": topic,
        "reply_form": ReplyForm(),
        "can_reply": user.is_authenticated and topic.status == PostStatus.PUBLISHED,
        "is_asker": user.is_authenticated and topic.author_id == user.pk,
        "subscribed": False,
    }
    if not user.is_authenticated:
        context["posts_html"] = _visitor_posts_html(request, topic)
        return render(request, "forum/topic_detail.html", context)
    if "page" in request.GET or topic.has_unlisted:
        context["posts_html"] = posts_html(request, topic, _posts_page(request, topic))
    else:
        everyones = everyones_first_page(topic, lambda: _everyones_first_page(topic))
        context["posts_html"] = first_page_html(request, topic, everyones)
    context["subscribed"] = topic.subscribed
    request.unread_notifications = topic.unread
    # Most pages are read with nothing unread: then there is nothing to mark (no write).
    if topic.unread:
        read = services.notifications_mark_read(user, topic=topic)
        request.unread_notifications = topic.unread - read
    if kept:
        return _member_page(request, topic, context)
    return render(request, "forum/topic_detail.html", context)


_PAGE_TEMPLATES = ("base.html", "forum/topic_detail.html", "forum/includes/_pagination.html")


def _shown(topic: Topic) -> tuple:
    """All that the page's frame shows of the topic and of the site's settings."""
    return (
        topic.version,
        topic.title,
        topic.status,
        topic.is_removed,
        topic.language,
        topic.reply_count,
        topic.last_post_at.isoformat() if topic.last_post_at else "",
        topic.theme.name,
        topic.theme.get_absolute_url(),
        settings.CYBERSQUAD_HELPLINE,
        settings.CYBERSQUAD_QUICK_EXIT_URL,
        templates_digest(),
        templates_digest(_PAGE_TEMPLATES),
    )


def _visitor_page(request: HttpRequest, topic: Topic) -> HttpResponse:
    """Visitors all see the same topic page but for their CSRF token and the address the
    language switch returns to: the whole page is kept, under everything its frame shows of
    the topic, with those two left as slots, and filled in per request.

    Without ``?page=`` the page is the first, known without counting the posts; a page number
    is clamped to the pages there are before it forms a key (as in _visitor_posts_html).
    """
    page = _posts_page(request, topic) if "page" in request.GET else None
    number = page.number if page is not None else 1
    digest = hashlib.blake2b(repr(_shown(topic)).encode(), digest_size=12).hexdigest()
    key = f"topic-page:{topic.pk}:{current_language()}:{number}:{digest}"
    context = {
        "topic": topic,
        "can_reply": False,
        "csrf_token": _SLOTS["csrf"],
        "next_path": _SLOTS["next"],
    }
    return _kept_page(
        key,
        lambda: render_to_string(
            "forum/topic_detail.html",
            {**context, "posts_html": _visitor_posts_html(request, topic, page)},
            request,
        ),
        {"csrf": get_token(request), "next": escape(request.get_full_path())},
    )


# Where a kept page takes what is the reader's own (HTML comments: user text is escaped, so
# only the templates can produce them).
_SLOTS = {
    name: mark_safe(f"<!--{name}-->")  # noqa: S308 - constants
    for name in ("csrf", "next", "member-id", "member-name", "unread", "posts")
}
_SLOT_PATTERN = re.compile("<!--(" + "|".join(map(re.escape, _SLOTS)) + ")-->")


def _kept_page(key: str, render: Callable[[], str], values: dict[str, str]) -> HttpResponse:
    """A page kept (10 min) as ``render()`` made it once, its slots filled with ``values``
    (each slot may come more than once: one CSRF token for all the forms)."""
    parts = cache.get(key)
    if parts is None:
        parts = _SLOT_PATTERN.split(render())
        if set(parts[1::2]) != set(values):
            raise ValueError("the page's slots are not the ones it is filled with")
        cache.set(key, parts, 600)
    return HttpResponse([part if i % 2 == 0 else values[part] for i, part in enumerate(parts)])


_REPLY_TEMPLATES = (
    "forum/includes/_reply_form.html",
    "forum/includes/_reply_fields.html",
    "forum/includes/_post_fields.html",
    "includes/_field.html",
    "includes/_form_errors.html",
)


class _FrameMember:
    """The signed-in member as their kept page frame sees them: their roles (which choose the
    menu) and slots for their id and name. Nothing else of theirs is there to be kept: any
    other attribute the templates asked for would render empty (tests compare the kept page
    with the page rendered afresh)."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user) -> None:
        self.is_moderator = user.is_moderator
        self.is_counsellor = user.is_counsellor
        self.is_coordinator = user.is_coordinator
        self.pk = self.id = _SLOTS["member-id"]
        self.username = _SLOTS["member-name"]


@functools.cache
def _blank_reply_form_digest(language: str) -> str:
    """What the blank reply form shows in this language (its fields come from code as well as
    templates): rendered once per process and language."""
    html = render_to_string("forum/includes/_reply_fields.html", {"form": ReplyForm()})
    return hashlib.blake2b(html.encode(), digest_size=6).hexdigest()


def _member_page(request: HttpRequest, topic: Topic, context: dict) -> HttpResponse:
    """A member's topic page from a frame kept for everyone who shares what it shows (the
    topic, the language, their roles, whether they follow the topic, asked it or may reply),
    with their CSRF token, address, id, name, unread count and the posts put in its slots.

    Only for a GET without messages (a message is this member's own); the posts come from
    ``context["posts_html"]``."""
    user = request.user
    language = current_language()
    shown = (
        _shown(topic),
        timezone.get_current_timezone_name(),
        user.is_moderator,
        user.is_counsellor,
        user.is_coordinator,
        context["subscribed"],
        context["is_asker"],
        context["can_reply"],
        templates_digest(_REPLY_TEMPLATES),
        _blank_reply_form_digest(language) if context["can_reply"] else "",
    )
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=12).hexdigest()
    key = f"topic-frame:{topic.pk}:{language}:{digest}"
    frame = {
        **context,
        "user": _FrameMember(user),
        "unread_notifications": _SLOTS["unread"],
        "posts_html": _SLOTS["posts"],
        "csrf_token": _SLOTS["csrf"],
        "next_path": _SLOTS["next"],
    }
    unread = request.unread_notifications
    values = {
        "csrf": page_token(request),
        "next": escape(request.get_full_path()),
        "member-id": str(user.pk),
        "member-name": escape(user.username),
        "unread": str(unread) if unread else "",
        "posts": context["posts_html"],
    }
    return _kept_page(
        key, lambda: render_to_string("forum/topic_detail.html", frame, request), values
    )


def _posts_page(request: HttpRequest, topic: Topic) -> Page:
    posts = Post.objects.visible_to(request.user).filter(topic=topic)
    return _page_of(posts, request.GET.get("page"))


def _page_of(posts: QuerySet[Post], number: str | None) -> Page:
    """The page ``number`` (None: the first) of these posts, as rows."""
    per_page = settings.CYBERSQUAD_POSTS_PER_PAGE
    paginator = Paginator(rows(posts.order_by("created_at", "pk")), per_page)
    if number is not None:
        return paginator.get_page(number)
    # The first page: most topics fit on it, and then reading one more row than a page holds
    # tells how many posts there are without counting them in another query.
    first = list(paginator.object_list[: per_page + 1])
    if len(first) <= per_page:
        paginator.count = len(first)
    return Page(first[:per_page], 1, paginator)


def _everyones_first_page(topic: Topic) -> Page:
    return _page_of(Post.objects.visible_to(None).filter(topic=topic), None)


def _visitor_posts_html(request: HttpRequest, topic: Topic, page: Page | None = None) -> str:
    """Visitors all see the same posts: the page is kept whole, per version of the topic and
    page, on top of the posts' own entries (forum/post_html.py).

    Keyed by the page actually shown (an odd or too high ``?page=`` shows the last page and
    shares its entry), so that no request can fill the cache with pages that do not exist.
    """
    if page is None:
        page = _posts_page(request, topic)
    key = f"topic-posts:{topic.pk}:{topic.version}:{current_language()}:{page.number}"
    html = cache.get(key)
    if html is None:
        html = posts_html(request, topic, page)
        cache.set(key, html, 600)
    return html


def post_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    """Go to the page of the topic that shows this post."""
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    # A post only its author may see (held, hidden) answers as a missing one does.
    check_can_view_post(request.user, post)
    before = (
        Post.objects.visible_to(request.user)
        .filter(topic=post.topic)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    page = math.floor(before / settings.CYBERSQUAD_POSTS_PER_PAGE) + 1
    return HttpResponseRedirect(f"{post.topic.get_absolute_url()}?page={page}#post-{post.pk}")


def _screen_or_ask(
    request: HttpRequest, form, *, body: str, language: str, title: str = ""
) -> tuple[Verdict | None, dict]:
    """Screen what the member wrote. Returns the verdict to post with, or None and the context
    that asks them to change it first (personal details in a title, or a warning to confirm)."""
    try:
        check_can_post(request.user)
    except PostingNotAllowed as refusal:
        form.add_error(None, str(refusal))
        return None, {}
    verdict = moderation().verdict(request.user, title=title, body=body, language=language)
    if verdict.title_has_personal_info:
        form.add_error(
            "title",
            _("Remove the personal details (phone number, address, account name…) from the title."),
        )
        return None, {}
    # Personal details are pointed out before anything is stored, whatever else happens to
    # the post (a new member's first post waits for a moderator, masked like any other). A
    # disclosure goes straight to counsellors: asking first would only stand in the way.
    warn = verdict.mask_spans and verdict.action != "escalate"
    if warn and not form.cleaned_data.get("confirm_masked"):
        return None, {
            "personal_info_warning": True,
            "masked_preview": render_user_text(body, mask=verdict.mask_spans),
        }
    return verdict, {}


def _preview(request: HttpRequest, *, body: str, language: str, title: str = "") -> dict:
    """What the member's text will look like, before anything is stored or counted: rendered
    like a post, with the personal details that posting would hide already hidden."""
    verdict = moderation().verdict(request.user, title=title, body=body, language=language)
    return {"preview": render_user_text(body, mask=verdict.mask_spans), "preview_title": title}


def _wants_preview(request: HttpRequest) -> bool:
    return request.method == "POST" and "preview" in request.POST


def _posting_too_fast(request: HttpRequest, form, verdict: Verdict) -> bool:
    """Count one post, reply or edit; past the limit, say so on the form (nothing is stored and
    what they wrote stays in it).

    Called after screening: a young person in crisis (a disclosure, or a worry about someone
    else, that goes to counsellors) is never turned away, however fast they posted before; it
    still counts towards the limit of their other posts."""
    if verdict.escalates_crisis:
        ratelimit.count(ratelimit.limit_for("post"), ratelimit.client_key(request))
        return False
    if ratelimit.request_allowed(request, "post"):
        return False
    form.add_error(
        None,
        _(
            "You are posting a lot in a short time. Wait a few minutes, then send it again: "
            "your text is still here."
        ),
    )
    return True


def _notice_with_counsellor(request: HttpRequest, text: str) -> None:
    """A notice for the member, ending on a link to talk to a counsellor."""
    messages.info(
        request,
        format_html('{} <a href="{}">{}</a>', text, reverse("get_help"), _("Talk to a counsellor")),
    )


def _after_posting(request: HttpRequest, post: Post, verdict: Verdict) -> HttpResponse:
    """What the member sees right after posting: the post, a wait notice, or help at once."""
    crisis = verdict.escalates_crisis
    escalation = post.escalations.select_related("case").order_by("-pk").first() if crisis else None
    # A disclosure may have joined the writer's open case: its page is that case's.
    case = getattr(escalation.carrier, "conversation", None) if escalation is not None else None
    if case is not None and case.member_id == post.author_id and case.closed_at is None:
        # Help at once, on a page of its own (a reload does not post again).
        return redirect("chat:support", pk=case.pk)
    if crisis:
        # Past the cap of cases screening opens for one member: the message waits for a
        # moderator, who can still give it to counsellors; the help is still there at once.
        messages.info(
            request,
            _(
                "Thank you for telling us. A moderator reads your message soon and can pass it "
                "on to a counsellor. Need someone now? Call %(number)s: free, day and night."
            )
            % {"number": settings.CYBERSQUAD_HELPLINE},
        )
        return redirect("get_help")
    if verdict.offers_counsellor:
        _notice_with_counsellor(
            request,
            _(
                "Being mocked or left out is never okay, and it is not your fault. "
                "A counsellor can help you find what to do."
            ),
        )
    if verdict.held_self_harm:
        # Held for a moderator on a wish to die or to hurt oneself: crisis contacts at once,
        # whatever the moderator decides later.
        _notice_with_counsellor(
            request,
            _(
                "Thank you. A moderator checks your message before others can see it. "
                "Not feeling okay? No need to wait: call %(number)s, free, day and night."
            )
            % {"number": settings.CYBERSQUAD_HELPLINE},
        )
    elif verdict.action in ("hold", "escalate") or post.status == PostStatus.HELD:
        # A held post stays held when an edit would be fine on its own: it still waits.
        messages.info(
            request,
            _(
                "Thank you. A moderator checks your message before others can see it, usually "
                "within a few hours (longer at night and at the weekend). Until then, only you "
                "can see it, and you get a notification when it is online."
            ),
        )
    elif post.status == PostStatus.HIDDEN:
        messages.info(
            request, _("Your message is changed. A moderator hid it: others still cannot see it.")
        )
    elif verdict.action == "mask":
        messages.success(request, _("Your message is online, with the personal details hidden."))
    else:
        messages.success(request, _("Your message is online."))
    return redirect("forum:post", pk=post.pk)


@login_required
def topic_create(request: HttpRequest) -> HttpResponse:
    initial = {"language": current_language()}
    if request.GET.get("theme"):
        initial["theme"] = Theme.objects.filter(slug=request.GET["theme"]).first()
    form = TopicForm(request.POST or None, initial=initial)
    extra: dict = {}
    if _wants_preview(request) and form.is_valid():
        data = form.cleaned_data
        preview = _preview(
            request, title=data["title"], body=data["body"], language=data["language"]
        )
        return render(request, "forum/topic_form.html", {"form": form, **preview})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        verdict, extra = _screen_or_ask(
            request, form, title=data["title"], body=data["body"], language=data["language"]
        )
        if verdict is not None and _posting_too_fast(request, form, verdict):
            return render(request, "forum/topic_form.html", {"form": form}, status=429)
        if verdict is not None:
            topic = services.topic_create(
                request.user,
                theme=data["theme"],
                title=data["title"],
                body=data["body"],
                language=data["language"],
                verdict=verdict,
            )
            return _after_posting(request, topic.posts.get(is_opening=True), verdict)
    status = 400 if form.errors else (200 if not extra else 409)
    return render(request, "forum/topic_form.html", {"form": form, **extra}, status=status)


@login_required
@require_POST
def reply_create(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    check_can_reply(request.user, topic)
    form = ReplyForm(request.POST)
    extra: dict = {}
    if _wants_preview(request) and form.is_valid():
        preview = _preview(request, body=form.cleaned_data["body"], language=topic.language)
        return render(request, "forum/reply_form.html", {"topic": topic, "form": form, **preview})
    if form.is_valid():
        body = form.cleaned_data["body"]
        verdict, extra = _screen_or_ask(request, form, body=body, language=topic.language)
        if verdict is not None and _posting_too_fast(request, form, verdict):
            return render(
                request, "forum/reply_form.html", {"topic": topic, "form": form}, status=429
            )
        if verdict is not None:
            post = services.reply_create(topic, author=request.user, body=body, verdict=verdict)
            return _after_posting(request, post, verdict)
    # A page of its own keeps what they typed, with the error or the warning next to it.
    return render(
        request,
        "forum/reply_form.html",
        {"topic": topic, "form": form, **extra},
        status=409 if extra else 400,
    )


@login_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    check_can_edit_post(request.user, post)
    initial = {"body": post.body, "title": post.topic.title}
    form = PostEditForm(request.POST or None, initial=initial, with_title=post.is_opening)
    extra: dict = {}
    if _wants_preview(request) and form.is_valid():
        data = form.cleaned_data
        preview = _preview(
            request, body=data["body"], title=data.get("title") or "", language=post.topic.language
        )
        return render(request, "forum/post_edit.html", {"post": post, "form": form, **preview})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        verdict, extra = _screen_or_ask(
            request,
            form,
            body=data["body"],
            title=data.get("title") or "",
            language=post.topic.language,
        )
        if verdict is not None and _posting_too_fast(request, form, verdict):
            return render(request, "forum/post_edit.html", {"post": post, "form": form}, status=429)
        if verdict is not None:
            services.post_edit(post, body=data["body"], title=data.get("title"), verdict=verdict)
            return _after_posting(request, post, verdict)
    status = 400 if form.errors else (200 if not extra else 409)
    return render(
        request, "forum/post_edit.html", {"post": post, "form": form, **extra}, status=status
    )


@login_required
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    check_can_edit_post(request.user, post)
    if request.method == "POST":
        services.post_remove(post)
        messages.success(request, _("Your message is deleted."))
        return redirect(post.topic)
    return render(request, "forum/post_delete.html", {"post": post})


def _toggling_too_fast(request: HttpRequest) -> bool:
    """Count one reaction, mark or follow; past the limit, nothing changes and the page says
    why."""
    if ratelimit.request_allowed(request, "toggle"):
        return False
    messages.error(
        request, _("You clicked many times in a short time. Wait a minute, then try again.")
    )
    return True


@login_required
@require_POST
def post_react(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    check_can_react(request.user, post)
    kind = request.POST.get("kind")
    if kind not in ReactionKind.values:
        messages.error(request, _("That reaction does not exist."))
    elif not _toggling_too_fast(request):
        services.reaction_toggle(post, user=request.user, kind=ReactionKind(kind))
    return redirect("forum:post", pk=post.pk)


@login_required
@require_POST
def post_mark_helpful(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    check_can_mark_helpful(request.user, post)
    if _toggling_too_fast(request):
        return redirect("forum:post", pk=post.pk)
    unmark = post.topic.helpful_post_id == post.pk
    services.helpful_mark(post.topic, post=None if unmark else post)
    if unmark:
        messages.success(request, _("The reply is no longer marked as helpful."))
    else:
        messages.success(request, _("Thank you: the reply is marked as helpful."))
    return redirect("forum:post", pk=post.pk)


@login_required
@require_POST
def topic_subscribe(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    check_can_view_topic(request.user, topic)
    if _toggling_too_fast(request):
        return redirect(topic)
    subscribed = request.POST.get("subscribed") == "1"
    services.subscription_set(topic, user=request.user, subscribed=subscribed)
    if subscribed:
        messages.success(request, _("You will be notified of new replies."))
    else:
        messages.success(request, _("You will no longer be notified of new replies."))
    return redirect(topic)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = (
        Notification.objects.filter(recipient=request.user)
        .select_related("topic")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    for notification in page.object_list:
        # A topic hidden or held since is named, and linked to, no more.
        if notification.topic is not None:
            shown = can_view_topic(request.user, notification.topic)
            notification.topic_shown = shown
            notification.topic_title = notification.topic.title if shown else ""
    _name_published(page.object_list, request.user)
    return render(request, "forum/notification_list.html", {"page": page})


def _name_published(notifications, user) -> None:
    """A decision that put a message online is said as the good news it is, in one query."""
    decisions = {}
    for notification in notifications:
        if notification.kind == Notification.Kind.DECISION:
            pk = notification.link.rstrip("/").rsplit("/", 1)[-1]
            if pk.isdigit():
                decisions[int(pk)] = notification
    said = {
        "message": _("Your message is online"),
        "question": _("Your question is online"),
        "reply": _("Your reply is online"),
    }
    for pk, what in moderation().published_decisions(user, decisions).items():
        decisions[pk].published = said[what]


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(request.user)
    return redirect("forum:notifications")


# A common word on a big site matches tens of thousands of questions: the ranked list stops at
# this many, and the page says there are more and asks for another word.
SEARCH_RESULTS_CAP = 250


def search(request: HttpRequest) -> HttpResponse:
    """Help pages, themes and questions in one page. The words searched for never reach the
    logs (they are logged by route name only)."""
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query and not ratelimit.request_allowed(request, "search"):
        form.add_error(
            "q", _("You searched many times in a short time. Wait a minute, then try again.")
        )
        return render(
            request,
            "forum/search.html",
            {"form": form, "query": "", "page": None, "extra_query": ""},
            status=429,
        )
    cap = SEARCH_RESULTS_CAP
    # One past the cap: enough to know whether the list was cut. The ids come in the order
    # shown, so the page reads only its own questions.
    results = search_help(query, user=request.user, limit=cap + 1)
    more_than_cap = len(results.topic_ids) > cap
    page = Paginator(results.topic_ids[:cap], settings.CYBERSQUAD_TOPICS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = topics_in_order(list(page.object_list), user=request.user)
    suggestions = []
    if query and not (results.articles or results.themes or page.object_list):
        suggestions = list(HelpArticle.objects.all()[:4])
    return render(
        request,
        "forum/search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "page": page,
            "more_than_cap": more_than_cap,
            "cap": cap,
            "suggestions": suggestions,
            "extra_query": urlencode({"q": query}),
        },
    )


def help_index(request: HttpRequest) -> HttpResponse:
    articles = HelpArticle.objects.select_related("theme")
    return render(request, "forum/help_index.html", {"articles": articles})


def help_article(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(HelpArticle.objects.select_related("theme"), slug=slug)
    others = HelpArticle.objects.exclude(pk=article.pk)[:4]
    return render(request, "forum/help_article.html", {"article": article, "others": others})
