"""Behaviour (risk) cases: counsellors get a case about a member who may put others at risk;
that member is never in it, never told, and the case keeps their name while it lives.

Review of issue 8, findings 4 (a disclosure becomes a risk case) and 9 (the name survives the
account's deletion until retention)."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse

from chat import services
from chat.models import Conversation, Message
from cybersquad.groups import conversation_group
from forum import services as forum_services
from forum.models import Notification, PostStatus
from moderation import services as moderation
from moderation.models import AuditRecord, Decision, Escalation, QueueItem, Report
from tests import texts
from tests.chat.conftest import aclient, connected
from tests.conftest import client_for

SEXTORTION_FR = (
    "Il menace d'envoyer mes nudes à toute ma classe si je lui paie pas 200 euros ce soir"
)


def disclosure_by(member, theme):
    """A disclosure that screening escalated: the writer is invited and has seen the page."""
    topic = forum_services.topic_create(
        member, theme=theme, title="J'ai besoin d'aide", body=SEXTORTION_FR, language="fr"
    )
    post = topic.posts.get()
    conversation = Conversation.objects.get(escalation__post=post)
    assert conversation.member == member
    assert Notification.objects.filter(recipient=member, kind="help_invite").exists()
    return post, conversation


@pytest.mark.django_db
def test_escalating_a_disclosure_again_as_behaviour_makes_it_a_risk_case(
    member,
    other_member,
    theme,
    moderator,
    counsellor,
    broadcasts,
    django_capture_on_commit_callbacks,
):
    post, conversation = disclosure_by(member, theme)
    young = client_for(member)
    assert young.get(conversation.get_absolute_url()).status_code == 200
    report = moderation.report_create(
        reporter=other_member,
        reason=Report.Reason.GROOMING,
        description="il me drague",
        language="fr",
        post=post,
    )
    item = report.queue_item
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(moderator).post(
            reverse("moderation:item_decide", args=[item.pk]),
            {
                "action": "escalate",
                "escalation_kind": "behaviour",
                "category": "grooming",
                "reason": "Ce message ne respecte pas les règles.",
                "seen": moderation.post_version(post),
            },
        )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    conversation.refresh_from_db()
    assert escalation.kind == Escalation.Kind.BEHAVIOUR
    assert escalation.member == member
    assert escalation.category == "grooming"
    assert conversation.source == Conversation.Source.RISK
    assert conversation.member is None
    # The writer is not told: no trace of counsellors, only why their message is hidden.
    assert not Notification.objects.filter(
        recipient=member, kind__in=["help_invite", "help_opened", "help_reply"]
    ).exists()
    assert list(Decision.objects.filter(member=member).values_list("action", flat=True)) == ["hide"]
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert young.get(conversation.get_absolute_url()).status_code == 404
    assert young.get(reverse("chat:support", args=[conversation.pk])).status_code == 404
    assert conversation.get_absolute_url() not in young.get(reverse("chat:mine")).content.decode()
    # Their open pages on it close.
    revoke = (conversation_group(conversation.pk), {"type": "chat.access", "revoke": member.pk})
    assert revoke in broadcasts
    # Audited, and counsellors have it as a case without a chat.
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"conversation.withdraw_writer", "escalation.to_behaviour"} <= actions
    case = client_for(counsellor).get(conversation.get_workspace_url())
    assert case.status_code == 200
    assert case.context["can_write"] is False
    assert "Comportement de lotte" in case.content.decode()


@pytest.mark.django_db
def test_the_review_path_disclosure_then_behaviour_by_a_coordinator(
    member, theme, topic, moderator, coordinator
):
    """A moderator escalated it as a disclosure; a coordinator then escalates it as behaviour."""
    post = topic.posts.get()
    moderation.post_escalate(post, by=moderator, category="grooming", reason="x")
    conversation = Conversation.objects.get()
    assert conversation.member == member
    assert moderation.post_escalate(
        post, by=coordinator, category="grooming", reason="x", kind=Escalation.Kind.BEHAVIOUR
    )
    escalation = Escalation.objects.get()
    conversation.refresh_from_db()
    assert escalation.kind == Escalation.Kind.BEHAVIOUR
    assert conversation.source == Conversation.Source.RISK
    assert conversation.member is None
    assert Decision.objects.filter(member=member, action="escalate").count() == 1  # not again
    # Escalating it again as a disclosure does not invite them back: counsellors decide that.
    moderation.post_escalate(post, by=moderator, category="grooming", reason="x")
    conversation.refresh_from_db()
    assert conversation.member is None
    assert Escalation.objects.get().kind == Escalation.Kind.BEHAVIOUR
    assert Decision.objects.filter(member=member, action="escalate").count() == 1


@pytest.mark.django_db
def test_only_moderation_turns_a_case_into_a_risk_case(member, theme, counsellor):
    _, conversation = disclosure_by(member, theme)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.conversation_withdraw_writer(conversation, by=counsellor)
    with pytest.raises(PermissionDenied):
        services.conversation_withdraw_writer(conversation, by=member)
    conversation.refresh_from_db()
    assert conversation.member == member


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_writers_open_chat_closes_when_it_becomes_a_risk_case(member, theme, moderator):
    post, conversation = await sync_to_async(disclosure_by)(member, theme)
    young = await connected(
        f"/ws/chat/conversations/{conversation.pk}/?lang=fr", await aclient(member)
    )
    await sync_to_async(moderation.post_escalate)(
        post, by=moderator, category="grooming", reason="x", kind=Escalation.Kind.BEHAVIOUR
    )
    while True:
        output = await young.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            break
        assert '"status"' not in output.get("text", "")  # nothing more about it reaches them
    assert output["code"] == 4403
    assert await sync_to_async(Message.objects.count)() == 0
    assert await sync_to_async(QueueItem.objects.filter(post=post).count)() == 1


GROOMER_FR = texts.GROOMING_FR


@pytest.mark.django_db
def test_a_risk_case_keeps_the_name_of_a_member_who_deletes_their_account(
    theme, member, moderator, counsellor, settings
):
    """Finding 9: a groomer deleting their account does not make the case anonymous; the
    name goes with the case's words when retention erases them."""
    import datetime

    from django.utils import timezone

    from composition.accounts import account_delete
    from composition.retention import retention_run
    from tests.conftest import make_user

    groomer = make_user("leo2")
    topic = forum_services.topic_create(
        groomer, theme=theme, title="Salut", body=GROOMER_FR, language="fr"
    )
    post = topic.posts.get()
    moderation.post_escalate(
        post,
        by=moderator,
        category="grooming",
        reason="r",
        item=QueueItem.objects.get(post=post),
        kind=Escalation.Kind.BEHAVIOUR,
    )
    # A young person's own disclosure loses their name; its case, still open, keeps what
    # they wrote for a counsellor until retention (test_member_left.py).
    _, disclosed = disclosure_by(member, theme)
    account_delete(groomer)
    account_delete(member)
    risk = Escalation.objects.get(kind=Escalation.Kind.BEHAVIOUR)
    assert risk.member is None
    assert risk.member_name == "leo2"
    disclosure = Escalation.objects.exclude(pk=risk.pk).get()
    assert disclosure.member is None
    assert disclosure.member_name == ""
    disclosed.refresh_from_db()
    assert disclosed.member is None
    assert disclosed.member_left_at is not None
    case = risk.conversation
    staff = client_for(counsellor)
    for lang, title in (
        ("fr", "Comportement de leo2 (compte supprimé)"),
        ("nl", "Gedrag van leo2 (account verwijderd)"),
    ):
        page = staff.get(f"/{lang}{case.get_workspace_url()[3:]}").content.decode()
        assert title in page
        assert "“”" not in page  # the topic went with the account: no empty title
    # Closed, then past CHAT_RETENTION_DAYS: the name goes with the words.
    assert services.conversation_claim(case, by=counsellor)
    assert services.conversation_close(case, by=counsellor, outcome="referred", referral="police")
    later = timezone.now() + datetime.timedelta(days=settings.CHAT_RETENTION_DAYS + 1)
    retention_run(now=later)
    risk.refresh_from_db()
    assert risk.member_name == ""
    assert risk.content == ""
    assert staff.get(case.get_workspace_url()).status_code == 404
