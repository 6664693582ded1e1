"""One path per decision (issue 11, item 2): the queue, the room page and its socket, report
misuse and appeals all go through `moderation.actions.decision_apply`, so each of them records
the Decision with a statement of reasons, tells the member, audits and closes the open queue
item; each verb has its own module, and its inverse when it can be appealed."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.urls import reverse

from chat import services as chat_services
from chat.models import MessageStatus, Room
from forum import services as forum_services
from forum.models import Notification, PostStatus
from moderation import actions, services
from moderation.models import APPEALABLE, Action, AuditRecord, Decision, QueueItem, Report
from tests.conftest import client_for, make_user


def test_every_action_has_one_verb_module_and_every_appealable_one_its_inverse():
    assert set(actions.VERBS) == set(Action.values)
    for action, verb in actions.VERBS.items():
        assert verb is importlib.import_module(f"moderation.actions.{action}")
    assert set(APPEALABLE) <= {a for a, verb in actions.VERBS.items() if verb.reverse is not None}
    assert set(services.REVERSALS) == set(actions.REVERSALS)


@pytest.fixture
def room(theme, moderator) -> Room:
    chat_room = Room.objects.create(
        theme=theme, days="1234567", opens_at=datetime.time(0, 0), closes_at=datetime.time(23, 59)
    )
    chat_services.room_open(chat_room, by=moderator)
    return chat_room


@pytest.fixture
def reported_message(room, member):
    """A message in the room that another member reported: an open queue item is about it."""
    sent = chat_services.room_send(
        room.pk, user=member, client_id="m1", body="T’es vraiment nul.", language="fr"
    )
    services.report_create(
        reporter=make_user("kim"),
        reason="bullying",
        description="",
        language="fr",
        message=sent.message,
    )
    return sent.message


def _hide_from(where: str, message, moderator, item: QueueItem):
    if where == "room page":
        return client_for(moderator).post(reverse("chat:message_action", args=[message.pk, "hide"]))
    return client_for(moderator).post(
        reverse("moderation:item_decide", args=[item.pk]),
        {"action": "hide", "category": "bullying", "reason": "Pas d’insultes ici.", "seen": ""},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["room page", "queue"])
def test_hiding_a_room_message_decides_and_closes_its_item_from_every_path(
    where, reported_message, member, moderator
):
    item = QueueItem.objects.get(message=reported_message)
    assert item.is_open
    response = _hide_from(where, reported_message, moderator, item)
    assert response.status_code == 302
    reported_message.refresh_from_db()
    assert reported_message.status == MessageStatus.HIDDEN
    item.refresh_from_db()
    assert not item.is_open
    assert item.closed_by == moderator
    report = Report.objects.get(queue_item=item)
    assert report.status == Report.Status.ACTION_TAKEN
    decision = Decision.objects.get(member=member)
    assert decision.action == Action.HIDE
    assert decision.message == reported_message
    assert decision.queue_item == item
    assert decision.moderator == moderator
    assert decision.category == "bullying"
    assert decision.reason  # a statement of reasons, even when the room page asks for none
    notice = Notification.objects.get(recipient=member, kind=Notification.Kind.DECISION)
    assert notice.link.endswith(f"/decisions/{decision.pk}/")
    assert AuditRecord.objects.filter(actor_id=moderator.pk, action="member.hide").exists()


@pytest.mark.django_db
def test_the_room_socket_hides_through_the_same_path(reported_message, member, moderator):
    # What the room consumer's 'hide' frame calls (chat/consumers.py).
    assert services.chat_message_decide(reported_message, action=Action.HIDE, by=moderator)
    item = QueueItem.objects.get(message=reported_message)
    assert not item.is_open
    assert Decision.objects.get(member=member).queue_item == item


@pytest.mark.django_db
def test_hiding_a_post_without_naming_its_item_still_closes_it(topic, other_member, moderator):
    post = forum_services.reply_create(topic, author=other_member, body="Salut, ça va ?")
    services.report_create(
        reporter=make_user("kim"), reason="bullying", description="", language="fr", post=post
    )
    item = QueueItem.objects.get(post=post)
    assert services.post_hide(post, by=moderator, reason="Pas d’insultes ici.")
    item.refresh_from_db()
    assert not item.is_open
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert Decision.objects.get(post=post).queue_item == item


@pytest.mark.django_db
def test_a_verb_refuses_what_it_does_not_apply_to(member, moderator):
    with pytest.raises(actions.NotApplicable):
        actions.decision_apply(member, Action.MASK, by=moderator, reason="r")
    assert not Decision.objects.exists()
