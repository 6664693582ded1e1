"""The moderation queue, decisions with statements of reasons, appeals, audit."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cybersquad.models import Role
from forum import services as forum_services
from forum.models import Notification, Post, PostStatus
from moderation import services
from moderation.models import (
    Action,
    Appeal,
    AuditRecord,
    Decision,
    Escalation,
    Priority,
    QueueItem,
    Report,
)
from tests.conftest import PASSWORD, client_for, make_user
from tests.moderation.test_policy import GROOMING_FR


@pytest.fixture
def held_reply(topic, other_member):
    return forum_services.reply_create(topic, author=other_member, body=GROOMING_FR)


@pytest.fixture
def item(held_reply):
    return QueueItem.objects.get(post=held_reply)


def decide(client, item, **data):
    """Post a decision as the item page does, with the version of the message it showed."""
    if item.post_id is not None and "seen" not in data:
        data["seen"] = services.post_version(Post.objects.get(pk=item.post_id))
    return client.post(reverse("moderation:item_decide", args=[item.pk]), data)


@pytest.mark.django_db
def test_queue_is_ordered_by_priority_then_age(member, topic, moderator):
    low = QueueItem.objects.create(source="report", priority=Priority.LOW, member=member)
    urgent_new = QueueItem.objects.create(source="report", priority=Priority.URGENT, member=member)
    urgent_old = QueueItem.objects.create(
        source="report",
        priority=Priority.URGENT,
        member=member,
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )
    response = client_for(moderator).get(reverse("moderation:queue"))
    assert [i.pk for i in response.context["items"]] == [urgent_old.pk, urgent_new.pk, low.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "member", "counsellor"])
def test_only_moderators_see_the_queue(who, item, visitor, member, counsellor):
    client = {
        "visitor": visitor,
        "member": client_for(member),
        "counsellor": client_for(counsellor),
    }[who]
    for url in [
        reverse("moderation:queue"),
        reverse("moderation:queue") + "?fragment=1",
        reverse("moderation:item", args=[item.pk]),
        reverse("moderation:appeals"),
    ]:
        assert client.get(url).status_code in (302, 403), url
    for url in [
        reverse("moderation:item_claim", args=[item.pk]),
        reverse("moderation:item_decide", args=[item.pk]),
    ]:
        assert client.post(
            url, {"action": "publish", "reason": "x", "category": "other"}
        ).status_code in (302, 403)
    item.refresh_from_db()
    assert item.claimed_by is None
    assert item.is_open


@pytest.mark.django_db
def test_viewing_an_item_is_audited_and_denied_attempts_too(item, moderator, member):
    client_for(moderator).get(reverse("moderation:item", args=[item.pk]))
    client_for(member).get(reverse("moderation:item", args=[item.pk]))
    actions = list(AuditRecord.objects.values_list("action", "actor_name", "target_id"))
    assert ("queue.view", "mod_anna", str(item.pk)) in actions
    assert ("access.denied", "lotte", str(item.pk)) in actions


@pytest.mark.django_db
def test_claim_is_exclusive(item, moderator):
    other = make_user("mod_bert", Role.MODERATOR)
    assert services.queue_claim(item, by=moderator) is True
    assert services.queue_claim(item, by=other) is False
    item.refresh_from_db()
    assert item.claimed_by == moderator
    response = decide(client_for(other), item, action="publish", category="other", reason="ok")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_open  # the other moderator could not act on it


@pytest.mark.django_db
def test_hide_writes_audit_and_a_statement_in_the_authors_language(
    item, held_reply, moderator, other_member
):
    assert other_member.language == "nl"
    client = client_for(moderator)
    response = decide(
        client,
        item,
        action="hide",
        category="grooming",
        reason="Je vroeg iemand om geheimen en om naar Snapchat te gaan.",
    )
    assert response.status_code == 302
    held_reply.refresh_from_db()
    assert held_reply.status == PostStatus.HIDDEN
    decision = Decision.objects.get()
    assert (decision.action, decision.moderator, decision.automated) == ("hide", moderator, False)
    assert "grooming" in decision.rule
    record = AuditRecord.objects.get(action="post.hide")
    assert record.actor_name == "mod_anna"
    assert GROOMING_FR not in record.reason
    notice = Notification.objects.get(recipient=other_member, kind="decision")
    assert notice.link == f"/nl/decisions/{decision.pk}/"
    page = client_for(other_member).get(notice.link).content.decode()
    assert "Beslissing van een moderator" in page
    assert "Je vroeg iemand om geheimen" in page
    assert "beroep" in page.lower()
    item.refresh_from_db()
    assert not item.is_open
    # Idempotent: hiding again changes nothing and writes no second statement.
    assert services.post_hide(held_reply, by=moderator, reason="again") is False
    assert Decision.objects.count() == 1


@pytest.mark.django_db
def test_publish_a_false_alarm_counts_and_notifies(topic, item, held_reply, moderator, member):
    services.post_publish(held_reply, by=moderator, reason="Fausse alerte.", item=item)
    held_reply.refresh_from_db()
    topic.refresh_from_db()
    assert held_reply.status == PostStatus.PUBLISHED
    assert topic.reply_count == 1
    assert Notification.objects.filter(recipient=member, kind="reply").exists()
    assert services.post_publish(held_reply, by=moderator, reason="again") is False


@pytest.mark.django_db
def test_escalate_creates_one_case_for_counsellors(item, held_reply, moderator):
    assert services.post_escalate(
        held_reply, by=moderator, category="grooming", reason="r", item=item
    )
    assert not services.post_escalate(held_reply, by=moderator, category="grooming", reason="r")
    escalation = Escalation.objects.get()
    assert escalation.category == "grooming"
    assert escalation.escalated_by == moderator


@pytest.mark.django_db
def test_mute_suspend_ban(moderator, other_member, topic):
    until = timezone.now() + datetime.timedelta(days=3)
    assert services.member_mute(other_member, by=moderator, until=until, reason="r")
    assert not services.member_mute(other_member, by=moderator, until=until, reason="r")
    other_member.refresh_from_db()
    assert other_member.is_muted()
    client = client_for(other_member)
    response = client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Coucou tout le monde"}
    )
    assert response.status_code == 400
    assert topic.posts.count() == 1
    assert services.member_suspend(other_member, by=moderator, until=until, reason="r")
    # The open session ends at the next request, and signing in again is refused.
    response = client.get(reverse("account_settings"))
    assert response.status_code == 302
    fresh = Client()
    fresh.post(reverse("account_login"), {"login": other_member.username, "password": PASSWORD})
    assert "_auth_user_id" not in fresh.session
    assert services.member_ban(other_member, by=moderator, reason="r")
    assert not services.member_ban(other_member, by=moderator, reason="r")


@pytest.mark.django_db
def test_restore_lifts_the_hold(item, other_member, moderator):
    other_member.refresh_from_db()
    assert other_member.held_for_review
    decide(client_for(moderator), item, action="restore", category="other", reason="Vérifié.")
    other_member.refresh_from_db()
    assert not other_member.held_for_review


@pytest.mark.django_db
def test_audit_records_cannot_be_changed_or_deleted(item, moderator):
    record = services.audit(moderator, "test.action", item)
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(PermissionError):
        AuditRecord.objects.all().update(reason="x")
    with pytest.raises(PermissionError):
        AuditRecord.objects.all().delete()
    coordinator = make_user("coord_z", Role.COORDINATOR)
    client = client_for(coordinator)
    assert client.get(f"/fr/admin/moderation/auditrecord/{record.pk}/change/").status_code == 200
    assert client.post(f"/fr/admin/moderation/auditrecord/{record.pk}/delete/").status_code == 403
    assert AuditRecord.objects.filter(pk=record.pk).exists()


@pytest.mark.django_db
def test_appeal_goes_to_a_different_moderator(item, held_reply, moderator, other_member):
    services.post_hide(held_reply, by=moderator, reason="Grooming.", item=item)
    decision = Decision.objects.get()
    member_client = client_for(other_member)
    response = member_client.post(
        decision.get_absolute_url(), {"text": "Ik bedoelde het niet zo, echt niet."}
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    same = client_for(moderator)
    response = same.post(
        reverse("moderation:appeal", args=[appeal.pk]), {"outcome": "reverse", "reason": "ok"}
    )
    assert response.status_code == 404  # an appeal against their own decision: not theirs
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.OPEN
    second = client_for(make_user("mod_bert", Role.MODERATOR))
    response = second.post(
        reverse("moderation:appeal", args=[appeal.pk]),
        {"outcome": "reverse", "reason": "Het was een misverstand."},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    held_reply.refresh_from_db()
    assert appeal.status == Appeal.Status.REVERSED
    assert held_reply.status == PostStatus.PUBLISHED
    assert (
        "Het was een misverstand."
        in member_client.get(decision.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_decisions_are_private(item, held_reply, moderator, member):
    services.post_hide(held_reply, by=moderator, reason="r", item=item)
    decision = Decision.objects.get()
    assert client_for(member).get(decision.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_visitor_reports_a_url_without_any_file(visitor):
    response = visitor.post(
        reverse("moderation:report_url"),
        {
            "url": "https://bad.example/x",
            "reason": "abuse_images",
            "description": "vu sur un forum",
        },
    )
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.reporter is None
    assert report.url == "https://bad.example/x"
    assert report.queue_item.priority == Priority.URGENT
    assert not any(
        f.get_internal_type() == "FileField"
        for f in Report._meta.get_fields()
        if hasattr(f, "get_internal_type")
    )
    status = visitor.get(report.get_absolute_url())
    assert status.status_code == 200
    assert "Reçu" in status.content.decode()


@pytest.mark.django_db
def test_reported_urls_are_never_links_for_moderators(visitor, moderator):
    visitor.post(
        reverse("moderation:report_url"),
        {"url": "https://bad.example/abc", "reason": "abuse_images", "description": ""},
    )
    item = QueueItem.objects.get()
    page = client_for(moderator).get(item.get_absolute_url()).content.decode()
    assert "https://bad.example/abc" in page
    assert 'href="https://bad.example' not in page


@pytest.mark.django_db
def test_reports_on_one_post_share_one_item_and_follow_the_decision(
    topic, member, other_member, moderator
):
    post = forum_services.reply_create(topic, author=member, body="Rien de spécial ici.")
    client_for(other_member).post(
        reverse("moderation:report_post", args=[post.pk]), {"reason": "spam", "description": ""}
    )
    client_for(make_user("kim")).post(
        reverse("moderation:report_post", args=[post.pk]),
        {"reason": "bullying", "description": "méchant"},
    )
    item = QueueItem.objects.get()
    assert item.priority == Priority.MEDIUM
    assert item.reports.count() == 2
    services.post_hide(post, by=moderator, reason="Insultes.", item=item)
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.ACTION_TAKEN}
    page = client_for(other_member).get(reverse("moderation:my_reports")).content.decode()
    assert "Mesure prise" in page


@pytest.mark.django_db
def test_misuse_of_reporting_can_be_sanctioned(topic, member, other_member, moderator):
    post = forum_services.reply_create(topic, author=member, body="Bonne journée à tous !")
    client_for(other_member).post(
        reverse("moderation:report_post", args=[post.pk]),
        {"reason": "abuse_images", "description": "lol"},
    )
    report = Report.objects.get()
    assert (
        client_for(member).post(reverse("moderation:report_misuse", args=[report.code])).status_code
        == 403
    )
    client_for(moderator).post(reverse("moderation:report_misuse", args=[report.code]))
    report.refresh_from_db()
    assert report.status == Report.Status.NO_ACTION
    warning = Decision.objects.get(member=other_member)
    assert warning.action == Action.WARN
    assert warning.rule == f"report-misuse:{report.code}"
    assert not services.report_misuse(report, by=moderator)


@pytest.mark.django_db
def test_suspended_member_is_told_why_and_can_appeal_without_signing_in(moderator, other_member):
    until = timezone.now() + datetime.timedelta(days=7)
    services.member_suspend(other_member, by=moderator, until=until, reason="Bedreigingen.")
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": other_member.username, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Bedreigingen." in page
    token = response.context["token"]
    response = client.post(
        reverse("moderation:appeal_suspended"),
        {"token": token, "text": "Ik heb niemand bedreigd, het was een grap tussen vrienden."},
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.decision.member == other_member
    forged = client.post(
        reverse("moderation:appeal_suspended"), {"token": "1:abc", "text": "x" * 20}
    )
    assert forged.status_code == 403
    assert Appeal.objects.count() == 1
