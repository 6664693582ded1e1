"""Account deletion never removes an open case about that account: the case stays, with what
the young person wrote, the notes and the content that raised it, marked as left for the
counsellor, until retention erases it. The member's closed conversations go at once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chat import services
from chat.models import Conversation, Message, Note
from chat.permissions import ChatRefused
from composition.retention import retention_run
from cybersquad.models import User
from forum import services as forum_services
from moderation.models import Escalation
from tests.conftest import PASSWORD, client_for
from tests.texts import SELF_HARM_FR

pytestmark = pytest.mark.django_db

NOTE = "NOTEMARK risque élevé, rappeler demain"


@pytest.fixture(autouse=True)
def _always_open(settings):
    settings.CHAT_OPENING_HOURS = "mon-sun 00:00-24:00"


def disclosure(topic, member) -> Conversation:
    forum_services.reply_create(topic, author=member, body=SELF_HARM_FR)
    return Conversation.objects.get(member=member)


def delete_account(user: User) -> None:
    response = client_for(user).post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_an_open_case_stays_with_its_notes_and_the_counsellor_sees_the_member_left(
    topic, other_member, counsellor, settings
):
    conv = disclosure(topic, other_member)
    assert services.conversation_claim(conv, by=counsellor)
    services.note_add(conv, by=counsellor, body=NOTE)

    delete_account(other_member)

    conv.refresh_from_db()
    assert conv.status == Conversation.Status.ACTIVE
    assert conv.counsellor == counsellor
    assert conv.member is None
    assert conv.member_left_at is not None
    assert conv.anonymised_at is None
    assert conv.about == SELF_HARM_FR
    assert Note.objects.get(conversation=conv).body == NOTE
    assert Escalation.objects.get(pk=conv.escalation_id).content == SELF_HARM_FR
    page = client_for(counsellor).get(conv.get_workspace_url()).content.decode()
    assert "Conversation avec un membre qui a supprimé son compte" in page
    assert "Le jeune a supprimé son compte le" in page
    assert "NOTEMARK" in page
    assert "envie de mourir" in page
    workspace = client_for(counsellor).get(reverse("chat:workspace")).content.decode()
    assert "Compte supprimé" in workspace
    # Nobody can be written to any more.
    with pytest.raises(ChatRefused):
        services.conversation_send(
            conv.pk, user=counsellor, visitor_ids=set(), client_id="k", body="Tu es là ?"
        )
    assert not Message.objects.filter(conversation=conv).exists()

    # The counsellor closes it; once its retention period is over, its words go.
    assert services.conversation_close(conv, by=counsellor, outcome="left", referral="none")
    retention_run(timezone.now() + datetime.timedelta(days=settings.CHAT_RETENTION_DAYS - 1))
    assert Note.objects.filter(conversation=conv).exists()
    retention_run(timezone.now() + datetime.timedelta(days=settings.CHAT_RETENTION_DAYS + 1))
    conv.refresh_from_db()
    assert conv.anonymised_at is not None
    assert (conv.about, conv.outcome) == ("", "left")
    assert not Note.objects.filter(conversation=conv).exists()
    assert Escalation.objects.get(pk=conv.escalation_id).content == ""


def test_a_waiting_case_stays_in_the_queue_for_a_counsellor_to_read(
    topic, other_member, counsellor
):
    conv = disclosure(topic, other_member)
    delete_account(other_member)
    conv.refresh_from_db()
    assert conv.status == Conversation.Status.WAITING
    workspace = client_for(counsellor).get(reverse("chat:workspace")).content.decode()
    assert conv.get_workspace_url() in workspace
    assert "le jeune a supprimé son compte : à lire et à clôturer" in workspace


def test_retention_erases_a_left_case_that_nobody_closed(topic, other_member, counsellor, settings):
    conv = disclosure(topic, other_member)
    assert services.conversation_claim(conv, by=counsellor)
    services.conversation_send(
        conv.pk, user=counsellor, visitor_ids=set(), client_id="k", body="Je suis là."
    )
    services.note_add(conv, by=counsellor, body=NOTE)
    delete_account(other_member)
    retention_run(timezone.now() + datetime.timedelta(days=settings.CHAT_RETENTION_DAYS + 1))
    conv.refresh_from_db()
    assert conv.anonymised_at is not None
    assert conv.status == Conversation.Status.CLOSED
    assert conv.outcome == Conversation.Outcome.LEFT
    assert not Note.objects.filter(conversation=conv).exists()
    assert not Message.objects.filter(conversation=conv).exists()


def test_the_members_closed_conversations_go_at_once(topic, other_member, counsellor):
    conv = disclosure(topic, other_member)
    assert services.conversation_claim(conv, by=counsellor)
    services.note_add(conv, by=counsellor, body=NOTE)
    assert services.conversation_close(conv, by=counsellor, outcome="listened", referral="none")
    delete_account(other_member)
    conv.refresh_from_db()
    assert conv.anonymised_at is not None
    assert conv.member_left_at is None
    assert conv.about == ""
    assert not Note.objects.filter(conversation=conv).exists()
    assert Escalation.objects.get(pk=conv.escalation_id).content == ""
