"""Reversals undo exactly what was decided (issue 8, item 10): each appealable verb has its
inverse, a reversed older restriction does not lift a newer one, and the decision records
that it was reversed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chat import services as chat_services
from chat.models import MessageStatus, Room
from cybersquad import broadcast
from cybersquad.groups import room_group
from cybersquad.models import Role, User
from forum import services as forum_services
from forum.models import Post, PostStatus
from moderation import services
from moderation.models import APPEALABLE, Action, Appeal, Decision, QueueItem
from tests.conftest import PASSWORD, client_for, make_user
from tests.moderation.test_policy import GROOMING_FR, PHONE_FR


@pytest.fixture
def second(db) -> User:
    """The moderator who decides appeals (another than the one who decided)."""
    return make_user("mod_bert", Role.MODERATOR)


def appeal_and_reverse(decision: Decision, *, by: User) -> None:
    appeal = services.appeal_create(decision, by=decision.member, text="Je ne suis pas d’accord.")
    assert services.appeal_decide(appeal, by=by, reverse=True, outcome="On s’est trompés.")
    decision.refresh_from_db()
    assert decision.reversed_at is not None
    assert decision.reversed_by == by


def test_every_appealable_decision_has_its_inverse():
    assert set(APPEALABLE) <= set(services.REVERSALS)


@pytest.fixture
def broadcasts(monkeypatch) -> list[tuple[str, dict]]:
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(broadcast, "send_now", lambda group, event: sent.append((group, event)))
    return sent


# --- Hide ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reversing_a_hidden_post_publishes_it(topic, other_member, moderator, second):
    post = forum_services.reply_create(topic, author=other_member, body=GROOMING_FR)
    item = QueueItem.objects.get(post=post)
    services.post_hide(post, by=moderator, reason="Grooming.", item=item)
    decision = Decision.objects.get()
    appeal_and_reverse(decision, by=second)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    # No second statement: the member reads the outcome on the decision itself.
    assert Decision.objects.count() == 1
    page = client_for(other_member).get(f"/nl/decisions/{decision.pk}/").content.decode()
    assert "Deze beslissing werd teruggedraaid" in page


@pytest.mark.django_db
def test_reversing_a_hide_never_brings_back_a_post_its_author_deleted(
    topic, other_member, moderator, second
):
    post = forum_services.reply_create(topic, author=other_member, body=GROOMING_FR)
    services.post_hide(post, by=moderator, reason="r", item=QueueItem.objects.get(post=post))
    forum_services.post_remove(Post.objects.get(pk=post.pk))
    appeal_and_reverse(Decision.objects.get(), by=second)
    # Deleted while hidden: it stays deleted, and out of everyone else's view.
    assert Post.objects.get(pk=post.pk).status == PostStatus.WITHDRAWN


@pytest.mark.django_db
def test_reversing_an_older_hide_leaves_a_newer_one_standing(
    topic, member, other_member, moderator, second
):
    post = forum_services.reply_create(topic, author=other_member, body="Salut, ça va ?")
    services.post_hide(post, by=moderator, reason="Premier avis.")
    services.post_publish(post, by=second, reason="Rien de grave.")
    services.post_hide(post, by=second, reason="Second avis.")
    older = Decision.objects.filter(action=Action.HIDE).order_by("pk").first()
    appeal_and_reverse(older, by=make_user("mod_carl", Role.MODERATOR))
    assert Post.objects.get(pk=post.pk).status == PostStatus.HIDDEN


@pytest.fixture
def room(theme, moderator) -> Room:
    chat_room = Room.objects.create(
        theme=theme, days="1234567", opens_at=datetime.time(0, 0), closes_at=datetime.time(23, 59)
    )
    chat_services.room_open(chat_room, by=moderator)
    return chat_room


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["room page", "queue"])
def test_reversing_a_hidden_room_message_shows_it_again_to_the_room(
    where, room, member, moderator, second, broadcasts, django_capture_on_commit_callbacks
):
    sent = chat_services.room_send(
        room.pk, user=member, client_id="m1", body="Salut tout le monde", language="fr"
    )
    message = sent.message
    if where == "room page":
        response = client_for(moderator).post(
            reverse("chat:message_action", args=[message.pk, "hide"])
        )
        assert response.status_code == 302
    else:
        services.report_create(
            reporter=make_user("kim"),
            reason="bullying",
            description="",
            language="fr",
            message=message,
        )
        item = QueueItem.objects.get(message=message)
        services.chat_message_decide(
            message, action=Action.HIDE, by=moderator, reason="r", item=item
        )
        item.refresh_from_db()
        assert not item.is_open
    message.refresh_from_db()
    assert message.status == MessageStatus.HIDDEN
    decision = Decision.objects.get(member=member)
    assert decision.action == Action.HIDE
    assert decision.message == message
    assert decision.reason  # a statement of reasons in the member's language, even from the room
    broadcasts.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeal_and_reverse(decision, by=second)
    message.refresh_from_db()
    assert message.status == MessageStatus.VISIBLE
    frames = [event for group, event in broadcasts if group == room_group(room.pk)]
    assert [f["type"] for f in frames] == ["chat.message"]
    assert frames[0]["message"]["id"] == message.pk
    assert message.pk in [m["id"] for m in chat_services.replay(room_id=room.pk, after=0)]


# --- Mute, suspend, ban ---------------------------------------------------------------------


def _days(n: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("verb", "field"), [("member_mute", "muted_until"), ("member_suspend", "suspended_until")]
)
def test_a_reversed_older_restriction_does_not_lift_a_newer_one(
    verb, field, other_member, moderator, second
):
    sanction = getattr(services, verb)
    sanction(other_member, by=moderator, until=_days(3), reason="Trois jours.")
    sanction(other_member, by=moderator, until=_days(7), reason="Une semaine.")
    older, newer = Decision.objects.order_by("pk")
    appeal_and_reverse(older, by=second)
    other_member.refresh_from_db()
    assert getattr(other_member, field) == newer.ends_at


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("verb", "field"), [("member_mute", "muted_until"), ("member_suspend", "suspended_until")]
)
def test_reversing_the_newer_restriction_falls_back_to_the_older_one(
    verb, field, other_member, moderator, second
):
    sanction = getattr(services, verb)
    sanction(other_member, by=moderator, until=_days(3), reason="Trois jours.")
    sanction(other_member, by=moderator, until=_days(7), reason="Une semaine.")
    older, newer = Decision.objects.order_by("pk")
    appeal_and_reverse(newer, by=second)
    other_member.refresh_from_db()
    assert getattr(other_member, field) == older.ends_at
    appeal_and_reverse(older, by=second)
    other_member.refresh_from_db()
    assert getattr(other_member, field) is None


@pytest.mark.django_db
def test_a_reversed_mute_lets_the_member_write_again(topic, other_member, moderator, second):
    services.member_mute(other_member, by=moderator, until=_days(3), reason="Calme-toi.")
    appeal_and_reverse(Decision.objects.get(), by=second)
    response = client_for(other_member).post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Merci de m’avoir écouté."}
    )
    assert response.status_code == 302
    assert topic.posts.count() == 2


@pytest.mark.django_db
def test_a_reversed_ban_lets_the_member_sign_in_again(other_member, moderator, second):
    services.member_ban(other_member, by=moderator, reason="Menaces.")
    appeal_and_reverse(Decision.objects.get(), by=second)
    other_member.refresh_from_db()
    assert other_member.banned_at is None
    client = Client()
    client.post(reverse("account_login"), {"login": other_member.username, "password": PASSWORD})
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_reversed_suspension_keeps_a_ban_that_still_stands(other_member, moderator, second):
    services.member_suspend(other_member, by=moderator, until=_days(3), reason="r")
    services.member_ban(other_member, by=moderator, reason="r")
    appeal_and_reverse(Decision.objects.get(action=Action.SUSPEND), by=second)
    other_member.refresh_from_db()
    assert other_member.suspended_until is None
    assert other_member.banned_at is not None


# --- Warn and mask ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reversed_warning_is_marked_and_shown_as_reversed(member, moderator, second):
    services.member_warn(member, by=moderator, reason="Reste poli.")
    decision = Decision.objects.get()
    appeal_and_reverse(decision, by=second)
    assert Appeal.objects.get().status == Appeal.Status.REVERSED
    page = client_for(member).get(decision.get_absolute_url()).content.decode()
    assert "Cette décision a été annulée" in page


@pytest.mark.django_db
def test_a_masking_is_not_undone_by_an_appeal(topic, member, moderator):
    post = forum_services.reply_create(topic, author=member, body=PHONE_FR)
    Post.objects.filter(pk=post.pk).update(masked_spans=[])
    services.post_mask(Post.objects.get(pk=post.pk), by=moderator, reason="Ton numéro.")
    decision = Decision.objects.get()
    assert not decision.appealable
    with pytest.raises(PermissionDenied):
        services.appeal_create(decision, by=member, text="Je veux qu’on voie mon numéro.")
    client = client_for(member)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Tu ne peux pas faire de recours" in page
    assert 'name="text"' not in page
    response = client.post(decision.get_absolute_url(), {"text": "Je veux qu’on voie mon numéro."})
    assert response.status_code == 200
    assert not Appeal.objects.exists()
    assert Post.objects.get(pk=post.pk).masked_spans


@pytest.mark.django_db
def test_the_appeal_page_says_what_reversing_undoes(other_member, moderator, second):
    services.member_mute(other_member, by=moderator, until=_days(3), reason="r")
    appeal = services.appeal_create(
        Decision.objects.get(), by=other_member, text="Ik deed niets verkeerd."
    )
    page = client_for(second).get(f"/nl/moderation/appeals/{appeal.pk}/").content.decode()
    assert "De demping stopt" in page
