"""What a decision was taken on survives while it can be appealed, and whoever decides the
appeal sees that version next to the current one (review of issue 8, finding 6)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from chat import services as chat
from chat.models import Message, MessageStatus, Room
from composition.retention import retention_run
from cybersquad.models import Role
from forum import services as forum_services
from forum.models import Post, PostStatus
from moderation import services
from moderation.models import Appeal, Decision, QueueItem
from tests import texts
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

ORIGINAL = texts.BULLYING_FR
EDITED = "Désolé, je retire ce que je disais."


@pytest.fixture
def room(theme, moderator) -> Room:
    chat_room = Room.objects.create(
        theme=theme, days="1234567", opens_at=datetime.time(0, 0), closes_at=datetime.time(23, 59)
    )
    chat.room_open(chat_room, by=moderator)
    return chat_room


@pytest.fixture
def hidden_live(room, member, moderator) -> Message:
    """A room message a moderator hid in the room itself: no queue item, one decision."""
    message = chat.room_send(
        room.pk, user=member, client_id="m1", body="Salut tout le monde", language="fr"
    ).message
    response = client_for(moderator).post(reverse("chat:message_action", args=[message.pk, "hide"]))
    assert response.status_code == 302
    assert not QueueItem.objects.filter(message=message).exists()
    return message


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_a_room_message_hidden_live_stays_while_it_can_be_appealed_and_a_reversal_restores_it(
    hidden_live, member
):
    Message.objects.filter(pk=hidden_live.pk).update(created_at=days_ago(31))
    retention_run()
    assert Message.objects.filter(pk=hidden_live.pk).exists()  # it can still be appealed

    decision = Decision.objects.get(member=member)
    appeal = services.appeal_create(decision, by=member, text="Je n'ai rien dit de mal.")
    retention_run(timezone.now() + datetime.timedelta(days=400))
    assert Message.objects.filter(pk=hidden_live.pk).exists()  # under appeal, however old
    decision.refresh_from_db()
    assert decision.message_id == hidden_live.pk

    second = make_user("mod_bert", Role.MODERATOR)
    page = client_for(second).get(reverse("moderation:appeal", args=[appeal.pk])).content.decode()
    assert "Version sur laquelle porte la décision" in page
    assert "Salut tout le monde" in page
    services.appeal_decide(appeal, by=second, reverse=True, outcome="Rien de grave.")
    hidden_live.refresh_from_db()
    assert hidden_live.status == MessageStatus.VISIBLE  # shown again in the room


def test_a_room_message_hidden_live_goes_once_its_appeal_window_has_passed(
    hidden_live, member, settings
):
    settings.MODERATION_RETENTION_DAYS = 200
    decision = Decision.objects.get(member=member)
    Message.objects.filter(pk=hidden_live.pk).update(created_at=days_ago(201))
    Decision.objects.filter(pk=decision.pk).update(created_at=days_ago(201))
    decision.refresh_from_db()
    assert not decision.appealable
    with pytest.raises(PermissionDenied):
        services.appeal_create(decision, by=member, text="Trop tard ?")
    page = client_for(member).get(decision.get_absolute_url()).content.decode()
    assert "Le délai pour faire appel de cette décision est dépassé." in page
    retention_run()
    assert not Message.objects.filter(pk=hidden_live.pk).exists()


def test_an_open_appeal_keeps_the_message_after_the_window(hidden_live, member, settings):
    settings.MODERATION_RETENTION_DAYS = 200
    decision = Decision.objects.get(member=member)
    services.appeal_create(decision, by=member, text="Je n'ai rien dit de mal.")
    Message.objects.filter(pk=hidden_live.pk).update(created_at=days_ago(400))
    Decision.objects.filter(pk=decision.pk).update(created_at=days_ago(400))
    retention_run()
    assert Message.objects.filter(pk=hidden_live.pk).exists()
    assert Appeal.objects.get().status == Appeal.Status.OPEN


def test_the_text_of_a_hidden_post_stays_while_its_decision_can_be_appealed(
    topic, member, moderator, settings
):
    settings.MODERATION_RETENTION_DAYS = 200
    old = forum_services.reply_create(topic, author=member, body=ORIGINAL)
    Post.objects.filter(pk=old.pk).update(created_at=days_ago(300))  # written long ago
    services.post_hide(old, by=moderator, reason="Insulte.")  # hidden today, without a case
    retention_run()
    old.refresh_from_db()
    assert (old.status, old.body) == (PostStatus.HIDDEN, ORIGINAL)

    Decision.objects.filter(post=old).update(created_at=days_ago(201))
    retention_run()
    old.refresh_from_db()
    assert old.body == ""  # nothing can be appealed any more: the text goes


@pytest.fixture
def hidden_then_edited(topic, member, other_member, moderator) -> Appeal:
    """A reply reported and hidden; its author then edits it and appeals."""
    post = forum_services.reply_create(topic, author=member, body=ORIGINAL)
    client_for(other_member).post(
        reverse("moderation:report_post", args=[post.pk]),
        {"reason": "bullying", "description": "Il m'insulte."},
    )
    item = QueueItem.objects.get(post=post)
    services.post_hide(post, by=moderator, reason="Insulte.", item=item)
    forum_services.post_edit(post, body=EDITED)
    decision = Decision.objects.get(post=post)
    return services.appeal_create(decision, by=member, text="C'était une blague.")


def test_the_appeal_page_shows_the_version_decided_on_next_to_the_current_one(
    hidden_then_edited,
):
    second = make_user("mod_bert", Role.MODERATOR)
    url = reverse("moderation:appeal", args=[hidden_then_edited.pk])
    page = client_for(second).get(url).content.decode()
    assert "Son auteur a modifié le message après la décision" in page
    decided = page.index("Version sur laquelle porte la décision")
    current = page.index("Version actuelle")
    assert decided < page.index(ORIGINAL) < current < page.index(EDITED)

    page_nl = client_for(second).get(url.replace("/fr/", "/nl/")).content.decode()
    assert "Versie waarover beslist is" in page_nl
    assert "Huidige versie" in page_nl
    assert "De schrijver heeft het bericht na de beslissing aangepast" in page_nl


def test_the_appeal_page_says_when_the_message_is_unchanged(topic, member, moderator):
    post = forum_services.reply_create(topic, author=member, body=ORIGINAL)
    services.post_hide(post, by=moderator, reason="Insulte.")
    decision = Decision.objects.get(post=post)
    appeal = services.appeal_create(decision, by=member, text="C'était une blague.")
    second = make_user("mod_bert", Role.MODERATOR)
    page = client_for(second).get(reverse("moderation:appeal", args=[appeal.pk])).content.decode()
    assert "inchangé depuis la décision" in page
    assert page.count(ORIGINAL) == 1
    assert "Version actuelle" not in page


def test_the_appeal_page_shows_the_version_decided_on_after_its_author_deleted_it(
    hidden_then_edited, member
):
    post = hidden_then_edited.decision.post
    forum_services.post_remove(post)
    second = make_user("mod_bert", Role.MODERATOR)
    url = reverse("moderation:appeal", args=[hidden_then_edited.pk])
    page = client_for(second).get(url).content.decode()
    assert "Son auteur a supprimé le message après la décision." in page
    assert ORIGINAL in page
    assert "Version actuelle" not in page
