"""Pages of the help chat, the counsellors' workspace and the rooms.

The pages render what is stored; live updates come over the WebSockets in consumers.py.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from chat import availability, services
from chat.forms import (
    CheckInForm,
    CloseForm,
    HelpRequestForm,
    NoteForm,
    ReturnCodeForm,
    RoomSanctionForm,
    TransferForm,
)
from chat.models import CannedReply, CheckIn, Conversation, Message, MessageStatus, Room
from chat.permissions import (
    ChatRefused,
    case_for_coordinator,
    check_can_counsel,
    check_can_enter_room,
    check_can_moderate_room,
    check_can_view_conversation,
    check_is_counsellor,
    remember_conversation,
    visitor_conversation_ids,
)
from cybersquad import ratelimit
from cybersquad.i18n import current_language
from cybersquad.models import User
from forum.models import Notification
from moderation import actions as moderation_actions
from moderation import services as moderation
from moderation.models import Action, Category, Escalation, Priority
from moderation.permissions import denied

ROOM_HISTORY = 100
# Waiting cases per page of the counsellors' queue.
QUEUE_PAGE_SIZE = 50
OPEN_PER_BROWSER = 3


def _chat_context(**extra) -> dict:
    return {"max_chars": settings.CHAT_MESSAGE_MAX_CHARS, **extra}


# --- The young person's side ---------------------------------------------------------------


@never_cache
def start(request: HttpRequest) -> HttpResponse:
    """Talk to a counsellor: say what it is about, then wait in the queue (or leave a message)."""
    user = request.user
    if user.is_authenticated and user.is_professional:
        return render(request, "chat/start.html", _start_context(None, staff=True))
    mine = _open_conversations(request)
    form = HelpRequestForm(request.POST or None)
    if request.method == "POST":
        if len(mine) >= (1 if user.is_authenticated else OPEN_PER_BROWSER):
            messages.info(request, _("You already have a conversation open; it continues here."))
            return redirect(mine[0])
        if form.is_valid() and not user.is_authenticated and _too_many_from(request):
            form.add_error(
                None,
                _(
                    "Many conversations were started from this connection in the last hour. "
                    "Go back to yours, or call 116 000."
                ),
            )
        elif form.is_valid():
            conversation, code = services.conversation_open(
                member=user if user.is_authenticated else None,
                about=form.cleaned_data["about"],
                category=form.cleaned_data["topic"],
                language=current_language(),
                after_hours=not availability.is_available(),
            )
            services.check_in_record(
                conversation, moment=CheckIn.Moment.BEFORE, feeling=form.cleaned_data["feeling"]
            )
            if not user.is_authenticated:
                remember_conversation(request.session, conversation)
                request.session[f"chat_code_{conversation.pk}"] = code
            return redirect(conversation)
    context = _start_context(form, staff=False)
    context["open_conversations"] = mine
    return render(request, "chat/start.html", context, status=400 if form.errors else 200)


def _too_many_from(request: HttpRequest) -> bool:
    """Visitors open a limited number of conversations an hour from one address, so that
    nobody can flood the counsellors' queue by dropping their cookie."""
    return not ratelimit.hit(ratelimit.limit_for("chat_open"), ratelimit.client_ip(request))


def _start_context(form: HelpRequestForm | None, *, staff: bool) -> dict:
    return {
        "form": form,
        "staff": staff,
        "available": availability.is_available(),
        "in_hours": availability.in_opening_hours(),
        "hours": availability.opening_hours_text(),
    }


def _open_conversations(request: HttpRequest) -> list[Conversation]:
    if request.user.is_authenticated:
        found = Conversation.objects.filter(member=request.user)
    else:
        ids = visitor_conversation_ids(request.session)
        found = Conversation.objects.filter(pk__in=ids, member__isnull=True)
    return list(
        found.exclude(status=Conversation.Status.CLOSED)
        .filter(anonymised_at=None)
        .order_by("-created_at")
    )


@never_cache
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    conv = get_object_or_404(Conversation.objects.select_related("counsellor"), pk=pk)
    role = check_can_view_conversation(
        request.user,
        conv,
        visitor_conversation_ids(request.session),
        client=ratelimit.client_ip(request),
    )
    if role == Message.Role.COUNSELLOR:
        return redirect(conv.get_workspace_url())
    if request.user.is_authenticated:
        Notification.objects.filter(
            recipient=request.user, link=request.path, read_at__isnull=True
        ).update(read_at=timezone.now())
    history = list(conv.messages.visible().select_related("author"))
    code = request.session.pop(f"chat_code_{conv.pk}", "")
    return render(
        request,
        "chat/conversation.html",
        _chat_context(
            history=history,
            socket=f"/ws/chat/conversations/{conv.pk}/",
            can_write=conv.status != Conversation.Status.CLOSED,
            my_sender=services.sender_key(request.user),
            code=code,
            **_status_context(conv),
        ),
    )


@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The young person's answers after a closed conversation (each may be skipped)."""
    conv = get_object_or_404(Conversation, pk=pk)
    role = check_can_view_conversation(
        request.user,
        conv,
        visitor_conversation_ids(request.session),
        client=ratelimit.client_ip(request),
    )
    if role != Message.Role.YOUNG:
        raise PermissionDenied
    form = CheckInForm(request.POST)
    if form.is_valid() and services.check_in_record(
        conv,
        moment=CheckIn.Moment.AFTER,
        feeling=form.cleaned_data["feeling"],
        heard=form.cleaned_data["heard"],
    ):
        messages.success(request, _("Thank you for your answers."))
    return redirect(conv)


@never_cache
def support(request: HttpRequest, pk: int) -> HttpResponse:
    """Right after a disclosure was escalated: first aid for its category, and the truth
    about the conversation with counsellors (nobody has read it yet, who is on shift, the
    wait, the hours, 116 000 now)."""
    conv = get_object_or_404(Conversation, pk=pk, source=Conversation.Source.ESCALATION)
    check_can_view_conversation(
        request.user,
        conv,
        visitor_conversation_ids(request.session),
        client=ratelimit.client_ip(request),
    )
    if conv.member_id != request.user.pk:
        raise Http404  # a page for the young person only
    escalation = conv.escalation
    concern = escalation is not None and escalation.kind == Escalation.Kind.CONCERN
    return render(
        request,
        "chat/support.html",
        _status_context(conv, category=conv.category, concern=concern),
    )


def _status_context(conv: Conversation, **extra) -> dict:
    if conv.status == Conversation.Status.CLOSED:
        extra["check_in_form"] = CheckInForm()
        extra["checked_in"] = conv.check_ins.filter(moment=CheckIn.Moment.AFTER).exists()
    return {
        "conversation": conv,
        "wait": availability.wait_for(conv),
        "available": availability.is_available(),
        "hours": availability.opening_hours_text(),
        **extra,
    }


@never_cache
def conversation_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The waiting panel, refetched when the conversation's state changes."""
    conv = get_object_or_404(Conversation.objects.select_related("counsellor"), pk=pk)
    check_can_view_conversation(
        request.user,
        conv,
        visitor_conversation_ids(request.session),
        client=ratelimit.client_ip(request),
    )
    return render(request, "chat/includes/_status.html", _status_context(conv))


@never_cache
def return_with_code(request: HttpRequest) -> HttpResponse:
    """A visitor comes back to their conversation with the code they were given."""
    form = ReturnCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.session.session_key is None:
            request.session.save()  # every browser gets its own count of tries
        tries = [
            (ratelimit.limit_for("return_code_browser"), request.session.session_key),
            # The client's address as allauth reads it (TRUSTED_PROXY_COUNT behind a proxy).
            (ratelimit.limit_for("return_code_address"), ratelimit.client_ip(request)),
        ]
        if any(ratelimit.exceeded(limit, who) for limit, who in tries):
            form.add_error(None, _("Too many tries. Wait a quarter of an hour and try again."))
        else:
            conv = services.conversation_find_by_code(form.cleaned_data["code"])
            if conv is not None:
                request.session.cycle_key()
                remember_conversation(request.session, conv)
                return redirect(conv)
            for limit, who in tries:
                ratelimit.count(limit, who)
            form.add_error("code", _("We do not know this code. Check it and try again."))
    return render(request, "chat/return.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@never_cache
def mine(request: HttpRequest) -> HttpResponse:
    conversations = (
        Conversation.objects.filter(member=request.user, anonymised_at=None)
        .annotate(answers=Count("messages", filter=Q(messages__role=Message.Role.COUNSELLOR)))
        .order_by("-created_at")
    )
    return render(request, "chat/mine.html", {"conversations": conversations})


# --- The counsellors' workspace ------------------------------------------------------------


def _queue_context(user: User, page_number: str | None = None) -> dict:
    mine = list(
        Conversation.objects.active_for(user.pk)
        .for_counsellor(user)
        .select_related("member")
        .annotate(last_young=Max("messages__created_at", filter=Q(messages__role="young")))
        .order_by("claimed_at")
    )
    for conv in mine:
        conv.needs_answer = conv.last_young is not None and (
            conv.last_counsellor_reply_at is None or conv.last_young > conv.last_counsellor_reply_at
        )
    # Every waiting case this counsellor may take, in pages: most urgent first, then longest
    # waiting, so an urgent case is on the first page unless more urgent ones waited longer,
    # and none is left out.
    in_order = Conversation.objects.in_queue_order().for_counsellor(user)
    counts = dict(
        in_order.order_by().values("priority").annotate(n=Count("pk")).values_list("priority", "n")
    )
    paginator = Paginator(
        in_order.select_related("member", "escalation__member").annotate(
            joined_count=Count("escalation__joined")
        ),
        QUEUE_PAGE_SIZE,
    )
    paginator.count = sum(counts.values())  # counted above: no second count of the queue
    page = paginator.get_page(page_number)
    waiting = list(page.object_list)
    for conv in waiting:
        conv.for_coordinator = case_for_coordinator(conv)
    return {
        "waiting": waiting,
        "page": page,
        "waiting_total": paginator.count,
        "waiting_urgent": counts.get(Priority.URGENT, 0),
        "mine": mine,
        "on_shift": user.pk in availability.counsellors_on_shift(),
        "counsellors_on_shift": len(availability.counsellors_on_shift()),
        "in_hours": availability.in_opening_hours(),
        "cap": settings.CHAT_MAX_ACTIVE_PER_COUNSELLOR,
    }


@login_required
@never_cache
def workspace(request: HttpRequest) -> HttpResponse:
    check_is_counsellor(request.user)
    template = "chat/includes/_queue.html" if request.GET.get("fragment") else "chat/workspace.html"
    return render(request, template, _queue_context(request.user, request.GET.get("page")))


@login_required
@require_POST
def shift(request: HttpRequest) -> HttpResponse:
    check_is_counsellor(request.user)
    if request.POST.get("action") == "end":
        services.shift_end(request.user)
        messages.info(request, _("Your shift has ended. Young people now see when we open again."))
    else:
        services.shift_start(request.user)
        messages.success(request, _("You are on shift: young people can now start a chat."))
    return redirect("chat:workspace")


def _case(request: HttpRequest, pk: int) -> Conversation:
    try:
        check_is_counsellor(request.user)
    except PermissionDenied:
        denied(request.user, "conversation", pk)
        raise
    conv = get_object_or_404(
        Conversation.objects.select_related(
            "member", "counsellor", "escalation__post__topic", "escalation__member"
        ),
        pk=pk,
        anonymised_at=None,
    )
    # Not a case about this counsellor, nor about staff unless they coordinate: a 404.
    check_can_counsel(request.user, conv)
    return conv


@login_required
@never_cache
def case(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _case(request, pk)
    moderation.audit(request.user, "conversation.view", conv)
    services.conversation_mark_opened(conv, by=request.user)
    return _render_case(request, conv)


def _written_since(conv: Conversation) -> list[dict]:
    """What the young person (or the member a risk case is about) wrote after the case
    opened, oldest first: further messages that joined it and new versions of its posts."""
    carrier = conv.escalation
    if carrier is None:
        return []
    joined = list(carrier.joined.select_related("post__topic").order_by("created_at", "pk"))
    texts = []
    for escalation in [carrier, *joined]:
        title = escalation.post.topic.title if escalation.post is not None else ""
        if escalation is not carrier:
            texts.append({"at": escalation.created_at, "text": escalation.content, "title": title})
        for edit in escalation.edits:
            at = parse_datetime(edit["at"]) or escalation.created_at
            texts.append({"at": at, "text": edit["content"], "title": title, "edit": True})
    texts.sort(key=lambda text: text["at"])
    return texts


def _render_case(request: HttpRequest, conv: Conversation, status: int = 200, **forms):
    mine_now = conv.status == Conversation.Status.ACTIVE and conv.counsellor_id == request.user.pk
    # Read before the texts: anything joining in between is shown, so never closed unseen.
    seen = services.case_seen(conv)
    return render(
        request,
        "chat/case.html",
        _chat_context(
            conversation=conv,
            history=list(conv.messages.select_related("author")),
            written_since=_written_since(conv),
            notes=conv.notes.select_related("author"),
            mine_now=mine_now,
            socket=f"/ws/chat/conversations/{conv.pk}/",
            # A behaviour case has nobody to write to: the member it is about is never in it.
            # Nor one whose young person deleted their account.
            can_write=mine_now
            and conv.source != Conversation.Source.RISK
            and conv.member_left_at is None,
            viewer_is_counsellor=True,
            my_sender=services.sender_key(request.user),
            canned=CannedReply.objects.all(),
            note_form=forms.get("note_form") or NoteForm(),
            close_form=forms.get("close_form") or CloseForm(initial={"seen": seen}),
            confirm_close=forms.get("confirm_close", False),
            transfer_form=forms.get("transfer_form")
            or TransferForm(exclude=request.user, conversation=conv),
            member_conversations=(
                Conversation.objects.filter(member=conv.member).exclude(pk=conv.pk).count()
                if conv.member_id
                else 0
            ),
        ),
        status=status,
    )


def _refused(request: HttpRequest, refused: ChatRefused) -> None:
    messages.error(request, refused.message)


@login_required
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _case(request, pk)
    try:
        if services.conversation_claim(conv, by=request.user):
            return redirect(conv.get_workspace_url())
        messages.error(request, _("Another counsellor has already picked up this conversation."))
    except ChatRefused as refused:
        _refused(request, refused)
    return redirect("chat:workspace")


@login_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _case(request, pk)
    try:
        services.conversation_release(conv, by=request.user)
        messages.info(request, _("The conversation is back in the queue."))
    except ChatRefused as refused:
        _refused(request, refused)
    return redirect("chat:workspace")


@login_required
@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _case(request, pk)
    form = TransferForm(request.POST, exclude=request.user, conversation=conv)
    if not form.is_valid():
        return _render_case(request, conv, status=400, transfer_form=form)
    try:
        services.conversation_transfer(conv, by=request.user, to=form.cleaned_data["to"])
    except ChatRefused as refused:
        _refused(request, refused)
        return redirect(conv.get_workspace_url())
    except PermissionDenied:
        form.add_error("to", _("This person cannot take conversations."))
        return _render_case(request, conv, status=400, transfer_form=form)
    messages.success(request, _("The conversation now continues with your colleague."))
    return redirect("chat:workspace")


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _case(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _render_case(request, conv, status=400, close_form=form)
    if request.POST.get("confirm") != "yes":
        # Nothing is closed before the counsellor has seen what they chose and said yes.
        return _render_case(request, conv, close_form=form, confirm_close=True)
    try:
        services.conversation_close(
            conv,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            referral=form.cleaned_data["referral"],
            # A form without it (a page from before this field) is not checked.
            seen=form.cleaned_data["seen"] if "seen" in request.POST else None,
        )
    except ChatRefused as refused:
        _refused(request, refused)
        return redirect(conv.get_workspace_url())
    messages.success(request, _("The conversation is closed."))
    return redirect("chat:workspace")


@login_required
@require_POST
def invite_writer(request: HttpRequest, pk: int) -> HttpResponse:
    """After reading a behaviour case, a counsellor judges its writer to be at risk instead."""
    conv = _case(request, pk)
    if services.conversation_invite_writer(conv, by=request.user):
        messages.success(
            request, _("The writer is invited to this conversation and gets a notification.")
        )
    return redirect(conv.get_workspace_url())


@login_required
@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _case(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_case(request, conv, status=400, note_form=form)
    services.note_add(conv, by=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Note saved. Only counsellors can read it."))
    return redirect(conv.get_workspace_url() + "#notes")


# --- Rooms ---------------------------------------------------------------------------------


def room_list(request: HttpRequest) -> HttpResponse:
    rooms = list(Room.objects.select_related("theme", "moderator"))
    return render(request, "chat/rooms.html", {"rooms": rooms})


def _room(slug: str) -> Room:
    return get_object_or_404(Room.objects.select_related("theme", "moderator"), theme__slug=slug)


@login_required
@never_cache
def room(request: HttpRequest, slug: str) -> HttpResponse:
    chat_room = _room(slug)
    try:
        role = check_can_enter_room(request.user, chat_room)
    except ChatRefused as refused:
        return render(
            request,
            "chat/room_refused.html",
            {"room": chat_room, "reason": refused.message},
            status=403,
        )
    recent = list(
        chat_room.messages.visible().select_related("author").order_by("-pk")[:ROOM_HISTORY]
    )[::-1]
    is_moderator = role == Message.Role.MODERATOR
    if is_moderator and services.room_moderator_seen(chat_room.pk, request.user):
        chat_room.refresh_from_db()
    return render(
        request,
        "chat/room.html",
        _chat_context(
            room=chat_room,
            history=recent,
            socket=f"/ws/chat/rooms/{chat_room.pk}/",
            # A closed room still gets its (disabled) form: chat.js enables it when a
            # moderator opens the room, without a reload.
            can_write=is_moderator or not request.user.is_muted(),
            my_sender=services.sender_key(request.user),
            is_moderator=is_moderator,
            is_open=chat_room.is_open(),
            held=_held(chat_room) if is_moderator else [],
            muted=request.user.is_muted(),
        ),
    )


def _held(chat_room: Room) -> list[Message]:
    return list(
        chat_room.messages.filter(status=MessageStatus.HELD)
        .select_related("author")
        .order_by("pk")[:100]
    )


@login_required
@never_cache
def room_held(request: HttpRequest, slug: str) -> HttpResponse:
    check_can_moderate_room(request.user)
    chat_room = _room(slug)
    return render(
        request, "chat/includes/_held.html", {"room": chat_room, "held": _held(chat_room)}
    )


@login_required
@require_POST
def room_moderate(request: HttpRequest, slug: str) -> HttpResponse:
    check_can_moderate_room(request.user)
    chat_room = _room(slug)
    if request.POST.get("action") == "close":
        services.room_close(chat_room, by=request.user)
        messages.info(request, _("You left the room; it is closed until a moderator opens it."))
    else:
        services.room_open(chat_room, by=request.user)
        if chat_room.in_hours():
            messages.success(request, _("You are moderating this room; it is open."))
        else:
            messages.info(
                request, _("You are moderating this room; it opens at its next opening hour.")
            )
    return redirect(chat_room)


@login_required
@require_POST
def message_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Hide a room message, or publish a held one."""
    check_can_moderate_room(request.user)
    message = get_object_or_404(Message.objects.select_related("room__theme"), pk=pk)
    if message.room is None:
        raise Http404
    if action not in ("hide", "publish"):
        raise Http404
    # A moderation decision like any other: the author gets the statement of reasons and can
    # appeal a hiding, and the queue item about the message is closed with it.
    moderation_actions.decision_apply(
        message, Action.HIDE if action == "hide" else Action.PUBLISH, by=request.user
    )
    return redirect(message.room)


@login_required
@never_cache
def room_sanction(request: HttpRequest, slug: str, username: str) -> HttpResponse:
    """Mute a member on the whole site or remove them from this room, with reasons."""
    check_can_moderate_room(request.user)
    chat_room = _room(slug)
    member = get_object_or_404(User, username=username)
    if member.is_professional:
        raise PermissionDenied
    form = RoomSanctionForm(request.POST or None)
    status = 400 if form.errors else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        until = timezone.now() + datetime.timedelta(hours=data["hours"])
        # Both are moderation decisions: the same rules, a statement of reasons, an appeal.
        try:
            verb = Action.MUTE if data["action"] == "mute" else Action.ROOM_REMOVE
            moderation_actions.decision_apply(
                member,
                verb,
                by=request.user,
                until=until,
                room=chat_room,
                reason=data["reason"],
                category=Category.OTHER,
            )
            if verb == Action.MUTE:
                messages.success(request, _("The member is muted and receives the reasons."))
            else:
                messages.success(
                    request, _("The member is out of this room for now and receives the reasons.")
                )
            return redirect(chat_room)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal) or _("You cannot take this decision."))
            status = 403
    return render(
        request,
        "chat/room_sanction.html",
        {"room": chat_room, "member": member, "form": form},
        status=status,
    )
