from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cybersquad import ratelimit
from cybersquad.adapter import APPEAL_SALT, APPEAL_TOKEN_AGE
from cybersquad.i18n import current_language
from cybersquad.models import User
from forum.models import Post, PostStatus
from forum.permissions import check_can_view_post, shown_as_author, topic_title_for
from moderation import actions, services
from moderation.explain import describe
from moderation.forms import (
    AppealDecisionForm,
    AppealForm,
    DecisionForm,
    ReportForm,
    UrlReportForm,
)
from moderation.models import (
    APPEALABLE,
    Action,
    Appeal,
    Decision,
    Escalation,
    Priority,
    QueueItem,
    Report,
)
from moderation.permissions import (
    check_can_appeal,
    check_can_decide,
    check_can_view_appeal,
    check_can_view_decision,
    check_can_view_item,
    check_is_moderator,
    decision_refusal,
    item_for_coordinator,
)
from moderation.ports import chat

# --- Queue -------------------------------------------------------------------------------


QUEUE_PAGE_SIZE = 50
# The newest disclosures from screening are shown on the first page when older items push
# them further down: this many of them, looked for among this many newest screening items.
NEWEST_DISCLOSURES_SHOWN = 10
NEWEST_DISCLOSURES_SCANNED = 200


def _open_items(user: User):
    """The open items this moderator may see: not those they have a stake in (about them, or
    reported by them), which are not theirs to see nor to count."""
    return QueueItem.objects.open().without_stake_of(user)


def _queue_items(user: User):
    """Open items with what the list shows of them: whom each is about (their roles, for
    ``_for_moderator``) and who took it; no more columns (the posts, their topics and the
    accounts are wide rows, fifty times a page)."""
    return (
        _open_items(user)
        .select_related("post__author", "message__author", "member", "claimed_by")
        .only(
            *("source", "category", "priority", "signals", "created_at", "closed_at"),
            *("post__author__role", "message__author__role", "member__role"),
            "claimed_by__username",
        )
    )


def _count_reports(items: list[QueueItem]) -> list[QueueItem]:
    """Reports counted for the shown items only, in one query after the page is cut: counting
    them in the page's own query grouped every open item with all its reports first."""
    counts = dict(
        Report.objects.filter(queue_item__in=[item.pk for item in items])
        .order_by()
        .values("queue_item")
        .annotate(n=Count("pk"))
        .values_list("queue_item", "n")
    )
    for item in items:
        item.report_count = counts.get(item.pk, 0)
    return items


def _is_disclosure(item: QueueItem) -> bool:
    """Screening read a young person telling of harm to them or to someone close."""
    return any(
        signal.get("kind") in ("disclosure", "concern") and not signal.get("context")
        for signal in item.signals
    )


def _newest_disclosures(user: User, shown: set[int]) -> list[QueueItem]:
    """The newest disclosures screening raised that are not on this page, newest first: older
    urgent items (a flood of screened messages, say) can push them past the first page, and a
    young person who has just told us must not wait unseen until those are decided."""
    newest = (
        _open_items(user)
        .filter(source=QueueItem.Source.SCREENING, priority__lte=Priority.HIGH)
        .order_by("-created_at", "-pk")
        .only("pk", "signals")[:NEWEST_DISCLOSURES_SCANNED]
    )
    found = [item.pk for item in newest if _is_disclosure(item)][:NEWEST_DISCLOSURES_SHOWN]
    return _items_in_order(user, [pk for pk in found if pk not in shown])


def _items_in_order(user: User, ids: list[int]) -> list[QueueItem]:
    """The items with these ids, in this order, with all the page shows of them. Choosing the
    ids first, from the queue's own columns, keeps the joins to the page's items: sorting
    thousands of joined rows to show fifty is what made a full queue slow."""
    found = _queue_items(user).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _for_moderator(items: list[QueueItem]) -> list[QueueItem]:
    """Mark what a moderator cannot decide: items about staff (those about the moderator, or
    that they reported, are not in their list at all)."""
    for item in items:
        item.for_coordinator = item_for_coordinator(item)
    return items


@login_required
@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    """Every open item, page by page, in queue order (`QueueItemQuerySet.in_order`): urgent
    items first, all of them reachable, then the others; the counts cover the whole queue."""
    check_is_moderator(request.user)
    counts = dict.fromkeys(Priority.values, 0)
    counts.update(
        _open_items(request.user)
        .order_by()
        .values("priority")
        .annotate(n=Count("pk"))
        .values_list("priority", "n")
    )
    urgent_total = counts[Priority.URGENT]
    in_order = _open_items(request.user).in_order().values_list("pk", flat=True)
    paginator = Paginator(in_order, QUEUE_PAGE_SIZE)
    paginator.count = sum(counts.values())  # counted above: no second count of the queue
    page = paginator.get_page(request.GET.get("page"))
    items = _items_in_order(request.user, list(page.object_list))
    newest = _newest_disclosures(request.user, {i.pk for i in items}) if page.number == 1 else []
    _for_moderator(_count_reports([*items, *newest]))
    urgent = [item for item in items if item.priority == Priority.URGENT]
    others = [item for item in items if item.priority != Priority.URGENT]
    # Where this page's items stand in their part of the queue (urgent ones come first).
    first = page.start_index() if items else 0
    template = (
        "moderation/includes/_queue_list.html"
        if request.GET.get("fragment")
        else ("moderation/queue.html")
    )
    open_appeals = _open_appeals().without_stake_of(request.user).count()
    return render(
        request,
        template,
        {
            "items": items,
            "urgent": urgent,
            "urgent_range": (first, first + len(urgent) - 1),
            "urgent_continue": bool(urgent) and first + len(urgent) - 1 < urgent_total,
            "others": others,
            "others_range": (
                first + len(urgent) - urgent_total,
                first + len(items) - 1 - urgent_total,
            ),
            "others_from_page": urgent_total // QUEUE_PAGE_SIZE + 1,
            "newest": newest,
            "page": page,
            "counts": {Priority(p).name.lower(): n for p, n in counts.items()},
            "total": sum(counts.values()),
            "others_total": sum(n for p, n in counts.items() if p != Priority.URGENT),
            "open_appeals": open_appeals,
        },
    )


# What people report a post or a member for: the author is reported as a risk to others, or
# as someone at risk.
REPORTED_AS_RISK = frozenset(
    {Report.Reason.GROOMING, Report.Reason.SEXUAL, Report.Reason.SEXTORTION}
)
REPORTED_AS_AT_RISK = frozenset({Report.Reason.SELF_HARM})


def escalation_kind_of(item: QueueItem) -> str | None:
    """Who is at risk, as far as screening and reports tell; None when they do not (the
    moderator must choose). A writer whose message reads as grooming or solicitation puts
    others at risk; one worried about someone else is a concern; one who discloses is at risk.
    Only sure signals count (a rule's, or a model above its confident threshold; a model's
    guess alone never makes a writer a danger to others). Without such signals, reports
    decide: someone reported for grooming, sexual messages or sextortion is never invited
    into counselling by default; what else screening found reads as the writer at risk. The
    moderator decides."""
    sure = [s for s in item.signals if not s.get("context")]
    if any(s.get("kind") == "behaviour" and s.get("source", "rule") == "rule" for s in sure):
        return Escalation.Kind.BEHAVIOUR
    risky = [s for s in sure if s.get("kind") in ("disclosure", "concern")]
    if risky:
        if all(s.get("kind") == "concern" for s in risky):
            return Escalation.Kind.CONCERN
        return Escalation.Kind.DISCLOSURE
    reasons = set(item.reports.values_list("reason", flat=True)) if item.pk else set()
    if reasons & REPORTED_AS_RISK:
        return Escalation.Kind.BEHAVIOUR
    if reasons & REPORTED_AS_AT_RISK or sure:
        return Escalation.Kind.DISCLOSURE
    return None


@login_required
@never_cache
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        QueueItem.objects.select_related(
            "post", "post__topic", "message", "message__room__theme", "member", "claimed_by"
        ),
        pk=pk,
    )
    check_can_view_item(request.user, item)
    services.item_view_audited(item, by=request.user)
    form = DecisionForm(
        initial={
            "category": item.category,
            "escalation_kind": escalation_kind_of(item),
            "seen": services.post_version(item.post) if item.post else "",
        }
    )
    return render(request, "moderation/item.html", _item_context(request, item, form))


def _item_context(request: HttpRequest, item: QueueItem, form: DecisionForm) -> dict:
    lang = current_language()
    signals = describe(item.signals, lang)
    member = item.member or (item.post.author if item.post else None)
    context_posts = []
    if item.post:
        context_posts = list(
            Post.objects.filter(topic=item.post.topic, created_at__lt=item.post.created_at)
            .exclude(pk=item.post.pk)
            .select_related("author")
            .order_by("-created_at")[:3]
        )[::-1]
    context_messages = []
    if item.message and item.message.room_id:
        context_messages = list(
            item.message.room.messages.visible()
            .filter(pk__lt=item.message.pk)
            .select_related("author")
            .order_by("-pk")[:5]
        )[::-1]
    return {
        "item": item,
        "versions": _versions(item),
        "signals": signals,
        "context_messages": context_messages,
        "member": member,
        "history": _member_history(member) if member else None,
        "context_posts": context_posts,
        "reports": item.reports.select_related("reporter").order_by("created_at"),
        "form": form,
        "claimed_by_me": item.claimed_by_id == request.user.pk,
        # Shown instead of the controls when this moderator cannot decide the item.
        "refusal": decision_refusal(request.user, item=item),
        "for_coordinator": item_for_coordinator(item),
    }


def _versions(item: QueueItem) -> list[dict]:
    """What the author changed since the item came in, oldest first, ending with what is there
    now; empty when nothing changed (the page then shows the message itself)."""
    kept = list(item.evidence.all())
    if not kept:
        return []
    versions = [
        {
            "title": version.title,
            "body": version.body,
            "masked_spans": version.masked_spans,
            "language": version.language,
            "written_at": version.written_at,
            "replaced": version.get_reason_display(),
            "replaced_at": version.created_at,
        }
        for version in kept
    ]
    post = item.post
    if post is not None and not post.is_removed:
        versions.append(
            {
                "title": post.topic.title if post.is_opening else "",
                "body": post.body,
                "masked_spans": post.masked_spans,
                "language": post.topic.language,
                "written_at": post.edited_at or post.created_at,
                "current": True,
            }
        )
    return versions


def _member_history(member: User) -> dict:
    posts = Post.objects.filter(author=member).aggregate(
        total=Count("pk"),
        held=Count("pk", filter=Q(status=PostStatus.HELD)),
        hidden=Count("pk", filter=Q(status=PostStatus.HIDDEN)),
    )
    return {
        **posts,
        "decisions": Decision.objects.filter(member=member).order_by("-created_at")[:10],
        "reports_received": Report.objects.filter(member=member).count(),
        "reports_made": Report.objects.filter(reporter=member).count(),
    }


@login_required
@require_POST
def item_claim(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(QueueItem, pk=pk)
    check_can_view_item(request.user, item)
    if request.POST.get("release"):
        services.queue_release(item, by=request.user)
        return redirect("moderation:queue")
    if refusal := decision_refusal(request.user, item=item):
        messages.error(request, refusal)
        return redirect(item)
    if services.queue_claim(item, by=request.user):
        services.report_mark_in_review(item)
        messages.success(request, _("The item is yours."))
    elif item.claimed_by_id != request.user.pk:
        messages.error(request, _("Another moderator took this item first."))
    return redirect(item)


@login_required
@require_POST
def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(QueueItem.objects.select_related("post", "member"), pk=pk)
    check_can_view_item(request.user, item)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request, "moderation/item.html", _item_context(request, item, form), status=400
        )
    try:
        # Before claiming: an item this moderator cannot decide stays free for one who can.
        check_can_decide(request.user, item=item, action=form.cleaned_data["action"])
        with transaction.atomic():
            # On the version of the message the moderator read, or nothing is done at all.
            services.item_check_seen(item, seen=form.cleaned_data["seen"])
            if item.claimed_by_id != request.user.pk and not services.queue_claim(
                item, by=request.user
            ):
                messages.error(request, _("Another moderator took this item first."))
                return redirect(item)
            error = _apply_decision(item, form, by=request.user)
    except services.ContentChanged:
        return _changed_since_seen(request, pk)
    except PermissionDenied as refusal:
        form.add_error(None, str(refusal) or _("You cannot take this decision."))
        return render(
            request, "moderation/item.html", _item_context(request, item, form), status=403
        )
    if error:
        form.add_error("action", error)
        return render(
            request, "moderation/item.html", _item_context(request, item, form), status=400
        )
    messages.success(request, _("Decision recorded. The member receives the statement of reasons."))
    return redirect("moderation:queue")


def _changed_since_seen(request: HttpRequest, pk: int) -> HttpResponse:
    """The page again, with the message as it is now and what the moderator chose and wrote
    still in the form, which now carries the new version."""
    item = get_object_or_404(QueueItem.objects.select_related("post", "member"), pk=pk)
    data = request.POST.copy()
    data["seen"] = services.post_version(item.post) if item.post else ""
    form = DecisionForm(data)
    form.is_valid()
    changed = _(
        "The message changed since you opened this page. Look at it again before you "
        "decide: nothing was recorded."
    )
    # At the top, where the versions start, and again at the form.
    messages.error(request, changed)
    form.add_error(None, changed)
    return render(request, "moderation/item.html", _item_context(request, item, form), status=409)


# Decisions on the item's post or room message; the others fall on a member, or close it.
ON_CONTENT = frozenset({Action.PUBLISH, Action.HIDE, Action.MASK, Action.ESCALATE})
# Filed under what the item was raised for, whatever category the form says.
FILED_AS_ITEM = frozenset({Action.PUBLISH, Action.HIDE})


def _apply_decision(item: QueueItem, form: DecisionForm, *, by: User) -> str | None:
    """Take the form's decision on what the item is about, through `decision_apply`; returns
    why it cannot be taken on it, or None."""
    data = form.cleaned_data
    action = data["action"]
    post = item.post
    member = item.member or (post.author if post else None)
    if action in ON_CONTENT:
        target = item.message or post
        if target is None:
            return _("This decision needs a message; this item is about a member or a web address.")
        if not actions.accepts(action, target):
            return _(
                "A chat message can only be published or hidden here: disclosures in rooms "
                "already went to counsellors automatically."
            )
    elif action == Action.DISMISS:
        target = item
    elif member is None:
        return _("There is no member to apply this decision to.")
    else:
        target = member
    actions.decision_apply(
        target,
        action,
        by=by,
        reason=data["reason"],
        category=None if action in FILED_AS_ITEM else data["category"],
        until=form.until() if action in (Action.MUTE, Action.SUSPEND) else None,
        item=item,
        kind=(data["escalation_kind"] or None) if action == Action.ESCALATE else None,
    )
    if action == Action.RESTORE:
        # Lifting the restriction settles the item; closing it publishes nothing.
        actions.decision_apply(item, Action.DISMISS, by=by, reason=data["reason"])
    return None


@login_required
@require_POST
def report_misuse(request: HttpRequest, code: str) -> HttpResponse:
    """Warn a member who reports in bad faith (the report itself is closed without action)."""
    check_is_moderator(request.user)
    report = get_object_or_404(Report.objects.select_related("reporter", "queue_item"), code=code)
    if report.reporter is None:
        raise PermissionDenied
    try:
        changed = services.report_misuse(report, by=request.user)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or _("You cannot take this decision."))
        return redirect("moderation:queue")
    if changed:
        messages.success(request, _("The reporter received a warning for misuse of reporting."))
    return redirect(report.queue_item or "moderation:queue")


# --- Reports -----------------------------------------------------------------------------


def report_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    # Only a post one can read can be reported: a held or hidden one answers as a missing one.
    check_can_view_post(request.user, post)
    return _report(request, ReportForm, post=post)


def report_member(request: HttpRequest, username: str) -> HttpResponse:
    """A member is reported from a post of theirs that the visitor can read, where the page
    links to it (`shown_as_author`). Anyone else answers as a missing page, as a name nobody
    has: a member who never posted where the visitor can see, staff writing as professionals,
    a closed account. Otherwise the address would tell who has an account here, such as a
    young person who only uses the help chat."""
    member = get_object_or_404(User, username=username, is_active=True)
    if not shown_as_author(request.user, member):
        raise Http404
    return _report(request, ReportForm, member=member)


def report_url(request: HttpRequest) -> HttpResponse:
    return _report(request, UrlReportForm)


@login_required
def report_message(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a room message: only people who may be in that room can see it to report it."""
    message = chat().reportable_message(request.user, pk)
    if message is None:
        raise Http404
    return _report(request, ReportForm, message=message)


def _report(
    request: HttpRequest, form_class, *, post=None, member=None, message=None
) -> HttpResponse:
    form = form_class(request.POST or None)
    status = 400 if form.errors else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not ratelimit.request_allowed(request, "report"):
            form.add_error(
                None,
                _(
                    "You sent many reports in a short time. Wait a little, then send this one "
                    "again: what you wrote is still here."
                ),
            )
            return _report_form(request, form, post, message, member, status=429)
        # Past a few urgent reports an hour, one client's reports still reach the queue, but
        # not its urgent part.
        urgent = services.REPORT_PRIORITY.get(data["reason"]) == Priority.URGENT
        may_be_urgent = not urgent or ratelimit.request_allowed(request, "report_urgent")
        report = services.report_create(
            reporter=request.user if request.user.is_authenticated else None,
            reason=data["reason"],
            description=data.get("description", ""),
            language=current_language(),
            post=post,
            message=message,
            member=member,
            url=data.get("url", ""),
            contact=data.get("contact", ""),
            may_be_urgent=may_be_urgent,
        )
        return render(request, "moderation/report_done.html", {"report": report})
    return _report_form(request, form, post, message, member, status=status)


def _report_form(request: HttpRequest, form, post, message, member, *, status: int):
    return render(
        request,
        "moderation/report_form.html",
        {"form": form, "post": post, "reported_message": message, "reported_member": member},
        status=status,
    )


@never_cache
def report_status(request: HttpRequest, code: str) -> HttpResponse:
    report = get_object_or_404(Report, code=code.upper())
    return render(request, "moderation/report_status.html", {"report": report})


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    reports = Report.objects.filter(reporter=request.user).order_by("-created_at")
    return render(request, "moderation/my_reports.html", {"reports": reports})


# --- Decisions and appeals ----------------------------------------------------------------


@login_required
@never_cache
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("post", "post__topic", "message__room__theme"), pk=pk
    )
    check_can_view_decision(request.user, decision)
    if decision.member_id == request.user.pk and decision.seen_at is None:
        Decision.objects.filter(pk=decision.pk).update(seen_at=timezone.now())
    appeal = Appeal.objects.filter(decision=decision).first()
    form = None
    if decision.member_id == request.user.pk and decision.appealable and appeal is None:
        form = AppealForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            check_can_appeal(request.user, decision)
            services.appeal_create(decision, by=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Your appeal is sent. Another moderator will look at it."))
            return redirect(decision)
    too_late = (
        decision.member_id == request.user.pk
        and appeal is None
        and decision.action in APPEALABLE
        and decision.appeal_window_passed
    )
    return render(
        request,
        "moderation/decision.html",
        {
            "decision": decision,
            "appeal": appeal,
            "form": form,
            "too_late": too_late,
            # The topic is named only while the reader may see it (not once hidden or held).
            "topic_title": topic_title_for(
                request.user, decision.post.topic if decision.post else None
            ),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def appeal_suspended(request: HttpRequest) -> HttpResponse:
    """A suspended member cannot sign in; the token from the sign-in page lets them appeal."""
    try:
        pk = signing.loads(
            request.POST.get("token", ""), salt=APPEAL_SALT, max_age=APPEAL_TOKEN_AGE
        )
    except signing.BadSignature:
        raise PermissionDenied from None
    decision = get_object_or_404(Decision.objects.select_related("member"), pk=pk)
    form = AppealForm(request.POST)
    if not form.is_valid() or Appeal.objects.filter(decision=decision).exists():
        messages.error(request, _("Your appeal could not be sent. Sign in again to try again."))
        return redirect("account_login")
    services.appeal_create(decision, by=decision.member, text=form.cleaned_data["text"])
    messages.success(request, _("Your appeal is sent. Another moderator will look at it."))
    return redirect("home")


def _open_appeals():
    """Open appeals with what `has_stake` and the list read of them."""
    return Appeal.objects.filter(status=Appeal.Status.OPEN).select_related(
        "decision__moderator",
        "decision__member",
        "decision__queue_item__member",
        "decision__queue_item__post__author",
        "decision__queue_item__message__author",
    )


@login_required
@never_cache
def appeal_list(request: HttpRequest) -> HttpResponse:
    """The open appeals, without those about a decision this moderator has a stake in."""
    check_is_moderator(request.user)
    appeals = _open_appeals().without_stake_of(request.user)
    for appeal in appeals:
        appeal.refusal = decision_refusal(request.user, decision=appeal.decision)
    return render(request, "moderation/appeals.html", {"appeals": appeals})


@login_required
@never_cache
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check_is_moderator(request.user)
    appeal = get_object_or_404(
        Appeal.objects.select_related(
            "decision",
            "decision__post__topic",
            "decision__message",
            "decision__member",
            "decision__queue_item",
        ),
        pk=pk,
    )
    check_can_view_appeal(request.user, appeal)
    refusal = decision_refusal(request.user, decision=appeal.decision)
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        services.appeal_decide(
            appeal,
            by=request.user,
            reverse=form.cleaned_data["outcome"] == "reverse",
            outcome=form.cleaned_data["reason"],
        )
        messages.success(request, _("The appeal is decided. The member is told."))
        return redirect("moderation:appeals")
    status = 403 if request.method == "POST" and refusal else (400 if form.errors else 200)
    services.audit(request.user, "appeal.view", appeal)
    return render(
        request,
        "moderation/appeal.html",
        {"appeal": appeal, "form": form, "refusal": refusal, **_decided_on(appeal.decision)},
        status=status,
    )


# Decisions taken on a post or a room message (the others are about a member's account).
DECISIONS_ON_MESSAGES = frozenset({Action.HIDE, Action.PUBLISH, Action.MASK, Action.ESCALATE})


def _decided_on(decision: Decision) -> dict:
    """For a decision on a message: the message as it was when the decision was taken
    ("decided", None if no copy of it is kept), and as it is now ("current") if its author
    changed it since, or "deleted" if they took it away. An author can edit a hidden post
    before appealing: whoever decides the appeal judges what was decided on. The versions
    the author replaced are the case's evidence."""
    if decision.action not in DECISIONS_ON_MESSAGES:
        return {}
    post, message = decision.post, decision.message
    kept = decision.queue_item.evidence.all() if decision.queue_item_id else []
    versions = [
        {
            "title": version.title,
            "body": version.body,
            "masked_spans": version.masked_spans,
            "language": version.language,
            "written_at": version.written_at,
            "replaced_at": version.created_at,
        }
        for version in kept
    ]
    now = None
    if post is not None and not post.is_removed:
        now = {
            "title": post.topic.title if post.is_opening else "",
            "body": post.body,
            "masked_spans": post.masked_spans,
            "language": post.topic.language,
            "written_at": post.edited_at or post.created_at,
        }
    elif message is not None:
        now = {
            "title": "",
            "body": message.body,
            "masked_spans": message.masked_spans,
            "language": "",
            "written_at": message.created_at,
        }
    at = decision.created_at
    decided = next((v for v in versions if v["written_at"] <= at < v["replaced_at"]), None)
    if decided is None and now is not None and now["written_at"] <= at:
        decided = now
    return {
        "about_message": True,
        "decided": decided,
        "current": now if now is not decided else None,
        "deleted": now is None,
    }
