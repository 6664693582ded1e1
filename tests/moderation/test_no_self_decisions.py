"""No one decides on themselves (issue 8, item 8): not on an item about them or that they
reported, not an appeal about their account or their decision, not a misuse warning for a
report made against them; staff cases go to a coordinator, and coordinators are never
suspended or banned through moderation. Every verb is checked in the service itself."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from chat import services as chat_services
from chat.models import Room
from cybersquad.models import Role, User
from forum import services as forum_services
from forum.models import Post, PostStatus
from moderation import services
from moderation.models import (
    Appeal,
    AuditRecord,
    Decision,
    Escalation,
    Priority,
    QueueItem,
    Report,
)
from tests import texts
from tests.conftest import client_for, make_user

PHONE = texts.PHONE_FR


def _until() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=3)


VERBS = {
    "publish": lambda item, by: services.post_publish(item.post, by=by, reason="r", item=item),
    "hide": lambda item, by: services.post_hide(item.post, by=by, reason="r", item=item),
    "mask": lambda item, by: services.post_mask(item.post, by=by, reason="r", item=item),
    "escalate": lambda item, by: services.post_escalate(
        item.post, by=by, category="grooming", reason="r", item=item
    ),
    "warn": lambda item, by: services.member_warn(item.member, by=by, reason="r", item=item),
    "mute": lambda item, by: services.member_mute(
        item.member, by=by, until=_until(), reason="r", item=item
    ),
    "suspend": lambda item, by: services.member_suspend(
        item.member, by=by, until=_until(), reason="r", item=item
    ),
    "ban": lambda item, by: services.member_ban(item.member, by=by, reason="r", item=item),
    "restore": lambda item, by: services.member_restore(item.member, by=by, reason="r", item=item),
    "dismiss": lambda item, by: services.item_dismiss(item, by=by, reason="r"),
}


def held_item(topic, author: User) -> QueueItem:
    """A held reply by ``author`` with personal details in it, waiting in the queue."""
    post = forum_services.reply_create(topic, author=author, body=PHONE)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.HELD, masked_spans=[])
    User.objects.filter(pk=author.pk).update(held_for_review=True)
    return QueueItem.objects.create(
        source=QueueItem.Source.SCREENING,
        priority=Priority.HIGH,
        post=Post.objects.get(pk=post.pk),
        member=User.objects.get(pk=author.pk),
    )


def assert_untouched(item: QueueItem) -> None:
    item.refresh_from_db()
    post = Post.objects.get(pk=item.post_id)
    member = User.objects.get(pk=item.member_id)
    assert item.is_open
    assert post.status == PostStatus.HELD
    assert not post.masked_spans
    assert member.held_for_review
    assert (member.muted_until, member.suspended_until, member.banned_at) == (None, None, None)
    assert not Decision.objects.exists()
    assert not Escalation.objects.exists()
    assert not AuditRecord.objects.filter(action__startswith="post.").exists()
    assert not AuditRecord.objects.filter(action__startswith="member.").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("verb", VERBS)
def test_a_moderator_never_decides_on_their_own_post(verb, topic, moderator):
    item = held_item(topic, moderator)
    with pytest.raises(PermissionDenied, match="te concerne"):
        VERBS[verb](item, moderator)
    assert_untouched(item)


@pytest.mark.django_db
@pytest.mark.parametrize("verb", VERBS)
def test_a_moderator_never_decides_an_item_they_reported(verb, topic, member, moderator):
    item = held_item(topic, member)
    services.report_create(
        reporter=moderator, reason="bullying", description="", language="fr", post=item.post
    )
    item.refresh_from_db()
    with pytest.raises(PermissionDenied, match="te concerne"):
        VERBS[verb](item, moderator)
    assert_untouched(item)
    other = make_user("mod_bert", Role.MODERATOR)
    assert VERBS[verb](QueueItem.objects.get(pk=item.pk), other) is True


@pytest.mark.django_db
@pytest.mark.parametrize("verb", VERBS)
def test_items_about_staff_go_to_a_coordinator(verb, topic, counsellor, moderator, coordinator):
    item = held_item(topic, counsellor)
    with pytest.raises(PermissionDenied, match="seul un coordinateur"):
        VERBS[verb](item, moderator)
    assert_untouched(item)
    assert VERBS[verb](QueueItem.objects.get(pk=item.pk), coordinator) is True


@pytest.mark.django_db
@pytest.mark.parametrize("verb", VERBS)
def test_a_coordinator_does_not_decide_about_themselves_either(verb, topic, coordinator):
    item = held_item(topic, coordinator)
    with pytest.raises(PermissionDenied):
        VERBS[verb](item, coordinator)
    assert_untouched(item)


@pytest.mark.django_db
@pytest.mark.parametrize("verb", ["suspend", "ban"])
def test_no_one_suspends_or_bans_a_coordinator_through_moderation(verb, topic, coordinator):
    item = held_item(topic, coordinator)
    other = make_user("coord_lea", Role.COORDINATOR)
    with pytest.raises(PermissionDenied, match="ne peut pas être suspendu"):
        VERBS[verb](item, other)
    assert_untouched(item)


@pytest.mark.django_db
def test_a_coordinator_can_warn_or_mute_another_coordinator(topic, coordinator):
    item = held_item(topic, coordinator)
    other = make_user("coord_lea", Role.COORDINATOR)
    assert services.member_mute(coordinator, by=other, until=_until(), reason="r", item=item)


@pytest.mark.django_db
def test_a_sanction_without_an_item_is_checked_too(member, moderator, counsellor):
    with pytest.raises(PermissionDenied):
        services.member_mute(moderator, by=moderator, until=_until(), reason="r")
    with pytest.raises(PermissionDenied):
        services.member_warn(counsellor, by=moderator, reason="r")
    with pytest.raises(PermissionDenied):
        services.member_ban(member, by=counsellor, reason="r")  # not a moderator at all
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_room_messages_follow_the_same_rule(theme, member, moderator):
    room = Room.objects.create(
        theme=theme, days="1234567", opens_at=datetime.time(0, 0), closes_at=datetime.time(23, 59)
    )
    chat_services.room_open(room, by=moderator)
    sent = chat_services.room_send(
        room.pk, user=member, client_id="m1", body="Salut à tous", language="fr"
    )
    services.report_create(
        reporter=moderator,
        reason="bullying",
        description="",
        language="fr",
        message=sent.message,
    )
    with pytest.raises(PermissionDenied, match="te concerne"):
        services.chat_message_decide(sent.message, action="hide", by=moderator)
    sent.message.refresh_from_db()
    assert sent.message.status == "visible"
    assert not Decision.objects.exists()


# --- Report misuse -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_moderator_cannot_sanction_a_report_made_against_them(topic, member, moderator):
    own = forum_services.reply_create(topic, author=moderator, body="Bonne soirée à tous.")
    report = services.report_create(
        reporter=member, reason="spam", description="", language="fr", post=own
    )
    with pytest.raises(PermissionDenied, match="te concerne"):
        services.report_misuse(report, by=moderator)
    report.refresh_from_db()
    assert report.status == Report.Status.RECEIVED
    assert not Decision.objects.exists()
    # The view says why, in the moderator's language, and stores nothing.
    response = client_for(moderator).post(
        reverse("moderation:report_misuse", args=[report.code]), follow=True
    )
    assert "te concerne" in response.content.decode()
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_a_moderator_cannot_warn_themselves_for_their_own_report(topic, member, moderator):
    post = forum_services.reply_create(topic, author=member, body="Bonne soirée à tous.")
    report = services.report_create(
        reporter=moderator, reason="spam", description="", language="fr", post=post
    )
    with pytest.raises(PermissionDenied):
        services.report_misuse(report, by=moderator)
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_a_staff_reporters_misuse_goes_to_a_coordinator(topic, member, moderator, coordinator):
    post = forum_services.reply_create(topic, author=member, body="Bonne soirée à tous.")
    report = services.report_create(
        reporter=make_user("cf_tom", Role.COUNSELLOR),
        reason="spam",
        description="",
        language="fr",
        post=post,
    )
    with pytest.raises(PermissionDenied, match="seul un coordinateur"):
        services.report_misuse(report, by=moderator)
    assert services.report_misuse(report, by=coordinator)


# --- Appeals -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_appeals_about_ones_own_account_or_decision_go_to_someone_else(
    topic, moderator, coordinator
):
    item = held_item(topic, moderator)
    services.post_hide(item.post, by=coordinator, reason="r", item=item)
    decision = Decision.objects.get()
    appeal = services.appeal_create(decision, by=moderator, text="Ce n’était pas méchant.")
    for who in (moderator, coordinator, make_user("mod_bert", Role.MODERATOR)):
        with pytest.raises(PermissionDenied):
            services.appeal_decide(appeal, by=who, reverse=True, outcome="ok")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.OPEN
    assert services.appeal_decide(
        appeal, by=make_user("coord_lea", Role.COORDINATOR), reverse=False, outcome="Confirmé."
    )


@pytest.mark.django_db
def test_the_reporter_of_an_item_does_not_decide_its_appeal(topic, member, moderator):
    item = held_item(topic, member)
    services.report_create(
        reporter=moderator, reason="bullying", description="", language="fr", post=item.post
    )
    other = make_user("mod_bert", Role.MODERATOR)
    services.post_hide(item.post, by=other, reason="r", item=QueueItem.objects.get(pk=item.pk))
    appeal = services.appeal_create(Decision.objects.get(), by=member, text="Pas d’accord du tout.")
    with pytest.raises(PermissionDenied, match="te concerne"):
        services.appeal_decide(appeal, by=moderator, reverse=True, outcome="ok")
    response = client_for(moderator).post(
        reverse("moderation:appeal", args=[appeal.pk]), {"outcome": "reverse", "reason": "ok"}
    )
    assert response.status_code == 404  # for the reporter, the appeal is not there at all
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.OPEN
    assert Post.objects.get(pk=item.post_id).status == PostStatus.HIDDEN


# --- What moderators see ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "tag", "notice"),
    [
        ("fr", "Concerne un membre de l’équipe", "seul un coordinateur"),
        ("nl", "Gaat over een teamlid", "alleen een coördinator"),
    ],
)
def test_the_queue_and_item_page_show_staff_items_are_for_a_coordinator(
    lang, tag, notice, topic, counsellor, moderator
):
    item = held_item(topic, counsellor)
    client = client_for(moderator)
    queue = client.get(f"/{lang}/moderation/").content.decode()
    assert tag in queue
    page = client.get(f"/{lang}/moderation/items/{item.pk}/").content.decode()
    assert notice in page
    assert f'action="/{lang}/moderation/items/{item.pk}/decide/"' not in page
    response = client.post(
        f"/{lang}/moderation/items/{item.pk}/decide/",
        {"action": "hide", "category": "other", "reason": "Pas ici."},
    )
    assert response.status_code == 403
    assert notice in response.content.decode()
    item.refresh_from_db()
    assert item.claimed_by is None
    assert item.is_open
    claim = client.post(f"/{lang}/moderation/items/{item.pk}/claim/", follow=True)
    assert notice in claim.content.decode()
    item.refresh_from_db()
    assert item.claimed_by is None


@pytest.mark.django_db
def test_a_moderator_cannot_open_an_item_about_them(topic, moderator, coordinator):
    item = held_item(topic, moderator)
    client = client_for(moderator)
    queue = client.get("/fr/moderation/").content.decode()
    assert f'data-item="{item.pk}"' not in queue
    assert item.get_absolute_url() not in queue
    assert client.get(item.get_absolute_url()).status_code == 404
    assert AuditRecord.objects.filter(
        action="access.denied", actor_id=moderator.pk, target_id=str(item.pk)
    ).exists()
    assert client_for(coordinator).get(item.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_refusals_are_worded_in_french_and_dutch(topic, counsellor, moderator):
    item = held_item(topic, counsellor)
    for lang, words in (("fr", "coordinateur"), ("nl", "coördinator")):
        with translation.override(lang), pytest.raises(PermissionDenied) as refused:
            services.post_hide(item.post, by=moderator, reason="r", item=item)
        assert words in str(refused.value)
