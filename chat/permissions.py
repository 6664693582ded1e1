"""Who may see and write in a help conversation or a room. Default deny.

Views, services and consumers call the same functions. Refusals that the person should
understand raise ``ChatRefused`` with a code; a conversation that is not theirs is a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from chat.models import CASE_SUBJECT_PATHS, Conversation, Message, Room, RoomExclusion
from cybersquad.permissions import (
    can_counsel,
    check_is_counsellor,
    check_is_moderator,
    people_at,
)
from moderation.permissions import denied

SESSION_KEY = "chat_conversations"


class ChatRefused(Exception):  # noqa: N818 (a refusal, not an error of ours)
    """A refused chat action, with a code for clients and a message in the user's language."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        return refusal_text(self.code, **self.params)


def refusal_text(code: str, **params: object) -> str:
    if code == "too_long":
        limit = int(params.get("limit", 0))  # type: ignore[call-overload]
        return ngettext(
            "Your message is too long: at most %(limit)d character.",
            "Your message is too long: at most %(limit)d characters.",
            limit,
        ) % {"limit": limit}
    texts = {
        "empty": gettext("Write something first."),
        "rate_limited": gettext(
            "You are sending messages very quickly. Wait a few seconds, then send again."
        ),
        "bad_request": gettext("This message could not be read. Reload the page and try again."),
        "slow_down": gettext(
            "This page asked for too much at once. Wait a minute before you try again; your "
            "messages still go through."
        ),
        "closed": gettext("This conversation is closed. You can start a new one at any time."),
        "not_yours": gettext("This conversation is with another counsellor now."),
        "not_allowed": gettext("You cannot write here."),
        "muted": gettext("A moderator has muted you for a while, so you cannot write for now."),
        "room_closed": gettext("The room is closed right now. Look at its opening hours."),
        "removed": gettext("A moderator removed you from this room for a while."),
        "cap": gettext("You already have as many conversations as you can take at once."),
        "not_on_shift": gettext(
            "This colleague is not on shift: give the conversation to someone who is."
        ),
        "colleague_full": gettext(
            "This colleague already has as many conversations as they can take at once."
        ),
        "taken": gettext("Another counsellor has already picked up this conversation."),
        "unseen_text": gettext(
            "A new message joined this case while you had the page open: nothing was closed. "
            "Read it below first, then close the case if you still want to."
        ),
        "unavailable": gettext(
            "Your message could not be saved. It will be sent again when the connection is back."
        ),
    }
    return texts.get(code, texts["not_allowed"])


def visitor_conversation_ids(session) -> set[int]:
    """Conversations this browser opened or came back to with a code."""
    if session is None:
        return set()
    return {int(pk) for pk in session.get(SESSION_KEY, [])}


def remember_conversation(session, conversation: Conversation) -> None:
    ids = [int(pk) for pk in session.get(SESSION_KEY, [])]
    if conversation.pk not in ids:
        session[SESSION_KEY] = [*ids, conversation.pk][-20:]


def case_subjects(conversation: Conversation) -> list:
    """Whom a case is about (`CASE_SUBJECT_PATHS`): its young person, its escalation's member."""
    return people_at(conversation, CASE_SUBJECT_PATHS)


def case_for_coordinator(conversation: Conversation) -> bool:
    """Whether only a coordinator may counsel on this case (it is about a member of staff)."""
    return any(person.is_professional for person in case_subjects(conversation))


def may_counsel(user, conversation: Conversation) -> bool:
    """Counsellors, except on a case about themselves; a case about a member of staff (a
    counsellor's behaviour reported, say) is for the coordinators only: colleagues do not
    read, note or close each other's cases (SPEC: staff cases go to a coordinator). The list
    form is `ConversationQuerySet.for_counsellor`."""
    if not can_counsel(user):
        return False
    if any(person.pk == user.pk for person in case_subjects(conversation)):
        return False
    return user.can_coordinate or not case_for_coordinator(conversation)


def check_can_counsel(user, conversation: Conversation) -> None:
    """Raise unless ``user`` may counsel on this case (`may_counsel`): PermissionDenied for
    someone who is no counsellor, a 404 for a counsellor kept from it (audited)."""
    check_is_counsellor(user)
    if not may_counsel(user, conversation):
        denied(user, "conversation", conversation)
        raise Http404


def conversation_role(user, conversation: Conversation, visitor_ids: set[int]) -> str | None:
    """``young`` for the young person, ``counsellor`` for counsellors who may counsel on it
    (`may_counsel`), else None."""
    if user.is_authenticated:
        if not user.in_good_standing:
            return None
        if conversation.member_id == user.pk:
            return Message.Role.YOUNG
        if may_counsel(user, conversation):
            return Message.Role.COUNSELLOR
        return None
    if conversation.member_id is None and conversation.pk in visitor_ids:
        return Message.Role.YOUNG
    return None


def check_can_view_conversation(
    user, conversation: Conversation, visitor_ids: set[int], *, client: str = ""
) -> str:
    """Return the viewer's role; for anyone else the conversation does not exist.

    ``client``: a visitor's address, so their refused attempts are logged once an hour."""
    role = conversation_role(user, conversation, visitor_ids)
    if role is None or conversation.anonymised_at is not None:
        denied(user, "conversation", conversation, client=client)
        raise Http404
    return role


def check_can_write_conversation(user, conversation: Conversation, role: str) -> None:
    """Call with the conversation freshly read (under lock when storing)."""
    if conversation.status == Conversation.Status.CLOSED:
        raise ChatRefused("closed")
    if conversation.source == Conversation.Source.RISK:
        raise ChatRefused("not_allowed")  # nobody to write to: the member is never in it
    if conversation.member_left_at is not None:
        raise ChatRefused("not_allowed")  # nobody to write to: they deleted their account
    if role == Message.Role.COUNSELLOR and (
        conversation.status != Conversation.Status.ACTIVE or conversation.counsellor_id != user.pk
    ):
        raise ChatRefused("not_yours")


def check_can_handle(user, conversation: Conversation) -> None:
    """Act on a conversation as its counsellor (reply, transfer, return, close)."""
    check_can_counsel(user, conversation)
    if conversation.status != Conversation.Status.ACTIVE:
        raise ChatRefused("closed" if conversation.status == "closed" else "not_yours")
    if conversation.counsellor_id != user.pk and not user.can_coordinate:
        raise ChatRefused("not_yours")


def is_excluded(user, room: Room) -> bool:
    return RoomExclusion.objects.filter(room=room, member=user, until__gt=timezone.now()).exists()


def room_role(user, room: Room) -> str | None:
    """``moderator`` or ``member`` for people who may be in the room, else None."""
    if not user.is_authenticated or not user.in_good_standing:
        return None
    if user.can_moderate:
        return Message.Role.MODERATOR
    if user.is_professional:
        return None
    if is_excluded(user, room):
        return None
    return Message.Role.MEMBER


def check_can_enter_room(user, room: Room) -> str:
    role = room_role(user, room)
    if role is None:
        if user.is_authenticated and is_excluded(user, room):
            raise ChatRefused("removed")
        raise PermissionDenied
    return role


def check_can_write_room(user, room: Room, role: str) -> None:
    """Call with the room freshly read and ``role`` from ``room_role`` (which already
    refuses members removed from the room)."""
    if role == Message.Role.MODERATOR:
        return
    if user.is_muted():
        raise ChatRefused("muted")
    if not room.is_open():
        raise ChatRefused("room_closed")


def check_can_moderate_room(user) -> None:
    check_is_moderator(user)
