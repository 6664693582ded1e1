"""Evidence survives: a post in a case keeps its reported version when edited or deleted, and
deleting an account keeps the cases about it (with what they need) until retention."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from composition.accounts import account_delete
from forum import services as forum_services
from forum.models import Post, PostStatus
from moderation import services
from moderation.models import (
    Action,
    Appeal,
    AuditRecord,
    Decision,
    Evidence,
    QueueItem,
    Report,
)
from moderation.policy import post_verdict
from tests import texts
from tests.conftest import client_for
from tests.moderation.test_policy import GROOMING_FR, PHONE_FR, SELF_HARM_FR

pytestmark = pytest.mark.django_db

ORIGINAL = texts.BULLYING_FR
EDITED = "Désolé, je retire ce que je disais."


def report(post, by) -> QueueItem:
    client_for(by).post(
        reverse("moderation:report_post", args=[post.pk]),
        {"reason": "bullying", "description": "Il m'insulte."},
    )
    return QueueItem.objects.get(post=post)


def test_editing_a_reported_post_keeps_the_reported_version_for_the_moderator(
    topic, member, other_member, moderator
):
    post = forum_services.reply_create(topic, author=member, body=ORIGINAL)
    item = report(post, other_member)
    response = client_for(member).post(reverse("forum:post_edit", args=[post.pk]), {"body": EDITED})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == EDITED
    kept = Evidence.objects.get(queue_item=item)
    assert (kept.body, kept.reason) == (ORIGINAL, Evidence.Reason.EDITED)
    page = client_for(moderator).get(item.get_absolute_url()).content.decode()
    assert "Le message tel qu’il est arrivé dans la file" in page
    assert page.index(ORIGINAL) < page.index(EDITED)  # oldest first, the current one last
    assert "Version actuelle" in page
    assert "Modifié par son auteur" in page


def test_deleting_a_held_post_keeps_it_and_its_title_for_the_moderator(member, theme, moderator):
    topic = forum_services.topic_create(
        member, theme=theme, title="Une question", body=GROOMING_FR, language="fr"
    )
    post = topic.posts.get()
    assert post.status == PostStatus.HELD
    item = QueueItem.objects.get(post=post)
    client_for(member).post(reverse("forum:post_delete", args=[post.pk]))
    post.refresh_from_db()
    assert post.body == ""
    # Deleted while held: it stays out of everyone else's view.
    assert post.status == PostStatus.WITHDRAWN
    kept = Evidence.objects.get(queue_item=item)
    assert (kept.title, kept.body, kept.reason) == ("Une question", GROOMING_FR, "deleted")
    page = client_for(moderator).get(item.get_absolute_url()).content.decode()
    assert "Une question" in page
    assert "Supprimé par son auteur" in page
    assert "dis rien à tes parents" in page


def test_masked_details_are_highlighted_for_the_moderator_in_every_version(
    topic, member, other_member, moderator
):
    verdict = post_verdict(member, body=PHONE_FR, language="fr")
    post = forum_services.reply_create(topic, author=member, body=PHONE_FR, verdict=verdict)
    assert post.masked_spans
    item = report(post, other_member)
    forum_services.post_edit(post, body=EDITED)
    page = client_for(moderator).get(item.get_absolute_url()).content.decode()
    assert '<mark class="masked">0470 12 34 56</mark>' in page
    assert "caché aux autres" in page


def test_an_edit_that_no_case_needs_keeps_no_copy(topic, member, other_member, moderator):
    post = forum_services.reply_create(topic, author=member, body=ORIGINAL)
    forum_services.post_edit(post, body=EDITED)
    old_case = report(post, other_member)
    services.item_dismiss(old_case, by=moderator, reason="Rien à signaler.")
    QueueItem.objects.filter(pk=old_case.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=400)
    )
    forum_services.post_remove(post)
    assert not Evidence.objects.exists()


def test_deleting_the_account_keeps_open_cases_decisions_and_reports_about_it(
    topic, member, other_member, moderator
):
    post = forum_services.reply_create(topic, author=member, body=ORIGINAL)
    item = report(post, other_member)
    services.member_warn(member, by=moderator, reason="Reste poli.")
    decision = Decision.objects.get(member=member)
    services.appeal_create(decision, by=member, text="Je ne comprends pas pourquoi.")
    account_delete(member)
    item.refresh_from_db()
    assert item.is_open
    assert item.member is None
    assert item.member_name == "lotte"
    assert Post.objects.get(pk=post.pk).body == ""
    assert Evidence.objects.get(queue_item=item).body == ORIGINAL
    assert Report.objects.get().member is None  # the report about them stays, with its words
    assert Report.objects.get().description == "Il m'insulte."
    decision.refresh_from_db()
    assert decision.member is None
    assert decision.action == Action.WARN
    appeal = Appeal.objects.get()
    assert appeal.status == Appeal.Status.WITHDRAWN
    assert appeal.text == ""
    page = client_for(moderator).get(item.get_absolute_url()).content.decode()
    assert "lotte" in page
    assert ORIGINAL in page
    assert "a supprimé son compte" in page


def test_deleting_the_account_keeps_a_reported_room_message(theme, member, other_member, moderator):
    from chat import services as chat
    from chat.models import Message, Room

    room = Room.objects.create(
        theme=theme, days="1234567", opens_at=datetime.time(0, 0), closes_at=datetime.time(23, 59)
    )
    chat.room_open(room, by=moderator)
    sent = chat.room_send(room.pk, user=member, client_id="a", body=ORIGINAL, language="fr")
    client_for(other_member).post(
        reverse("moderation:report_message", args=[sent.message.pk]),
        {"reason": "bullying", "description": ""},
    )
    item = QueueItem.objects.get()
    account_delete(member)
    assert not Message.objects.exists()
    item.refresh_from_db()
    assert item.message is None
    assert item.is_open
    assert Evidence.objects.get(queue_item=item).body == ORIGINAL
    assert ORIGINAL in client_for(moderator).get(item.get_absolute_url()).content.decode()


def test_a_young_persons_own_disclosure_goes_with_their_account(topic, member):
    post = forum_services.reply_create(topic, author=member, body=SELF_HARM_FR)
    item = QueueItem.objects.get(post=post)
    assert any(s["matched"] for s in item.signals)
    account_delete(member)
    item.refresh_from_db()
    assert not item.is_open
    assert item.member_name == ""
    assert not Evidence.objects.exists()
    assert all(s["matched"] == "" for s in item.signals)
    assert AuditRecord.objects.filter(action="queue.close", target_id=str(item.pk)).exists()


def test_retention_erases_what_a_closed_case_kept(topic, member, other_member, moderator, settings):
    settings.MODERATION_RETENTION_DAYS = 30
    post = forum_services.reply_create(topic, author=member, body=GROOMING_FR)
    item = QueueItem.objects.get(post=post)
    # Reported while it was public (nobody else can report it once held).
    services.report_create(
        reporter=other_member,
        reason="bullying",
        description="Il m'insulte.",
        language="fr",
        post=post,
    )
    account_delete(member)
    item.refresh_from_db()
    assert item.member_name == "lotte"
    assert Evidence.objects.filter(queue_item=item).exists()
    services.item_dismiss(item, by=moderator, reason="Compte supprimé.")
    from composition.retention import retention_run

    retention_run(timezone.now() + datetime.timedelta(days=29))
    assert Evidence.objects.filter(queue_item=item).exists()
    retention_run(timezone.now() + datetime.timedelta(days=31))
    item.refresh_from_db()
    assert item.member_name == ""
    assert not Evidence.objects.filter(queue_item=item).exists()
    assert item.signals
    assert all(s["matched"] == "" for s in item.signals)
    reported = Report.objects.get()
    assert (reported.description, reported.contact) == ("", "")
    assert reported.reason == "bullying"
    assert reported.status == Report.Status.NO_ACTION


def test_an_appeal_keeps_a_closed_case_alive(topic, member, other_member, moderator, settings):
    settings.MODERATION_RETENTION_DAYS = 30
    post = forum_services.reply_create(topic, author=member, body=ORIGINAL)
    item = report(post, other_member)
    services.post_hide(post, by=moderator, reason="Insulte.", item=item)
    decision = Decision.objects.get(action=Action.HIDE)
    later = timezone.now() + datetime.timedelta(days=60)
    forum_services.post_edit(post, body=EDITED)
    services.appeal_create(decision, by=member, text="C'était une blague.")
    from composition.retention import retention_run

    retention_run(later)
    assert Evidence.objects.get(queue_item=item).body == ORIGINAL
    post.refresh_from_db()
    assert post.body == EDITED  # a hidden post under appeal is not erased either
