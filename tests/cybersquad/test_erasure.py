"""Erasure is complete: after an account deletion, and after retention with a moved clock, no
table holds what people wrote (the database is scanned cell by cell for a marker)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chat import services as chat
from chat.models import Conversation, Message, Room
from cybersquad.models import User
from forum import services as forum
from forum.models import Notification, Post, Reaction, ReactionKind, Subscription
from moderation import services as moderation
from moderation.models import Action, Appeal, AuditRecord, Decision, QueueItem, Report
from tests.conftest import PASSWORD, client_for, make_user
from tests.moderation.test_policy import SELF_HARM_FR

pytestmark = pytest.mark.django_db

MARKER = "QX7ERASEMARK"
EVIDENCE = "QX7EVIDENCEMARK"


@pytest.fixture(autouse=True)
def _always_open(settings):
    settings.CHAT_OPENING_HOURS = "mon-sun 00:00-24:00"


def tables_holding(text: str) -> set[str]:
    """Every table with a cell (text, JSON or anything else) that contains ``text``."""
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 - table names from the schema
            for row in cursor.fetchall():
                cells = (
                    bytes(v).decode(errors="ignore")
                    if isinstance(v, (bytes, memoryview))
                    else str(v)
                    for v in row
                )
                if any(text in cell for cell in cells):
                    found.add(table)
                    break
    return found


def open_room(theme, moderator) -> Room:
    room = Room.objects.create(
        theme=theme, days="1234567", opens_at=datetime.time(0, 0), closes_at=datetime.time(23, 59)
    )
    chat.room_open(room, by=moderator)
    return room


def move_clock(monkeypatch, days: int) -> None:
    later = timezone.now() + datetime.timedelta(days=days)
    monkeypatch.setattr(timezone, "now", lambda: later)


def test_deleting_an_account_leaves_no_trace_of_what_the_member_wrote(
    member, other_member, moderator, counsellor, theme, monkeypatch, settings
):
    mine = forum.topic_create(
        member, theme=theme, title=f"{MARKER} titre", body=f"{MARKER} question", language="fr"
    )
    theirs = forum.topic_create(
        other_member,
        theme=theme,
        title="Vraag",
        body="Hoe zet ik mijn account op privé?",
        language="nl",
    )
    their_question = theirs.posts.get()
    forum.reply_create(mine, author=other_member, body="Courage !")  # notifies the member
    reply = forum.reply_create(theirs, author=member, body=f"{MARKER} réponse")
    forum.post_edit(reply, body=f"{MARKER} réponse corrigée")
    reported = forum.reply_create(theirs, author=member, body=f"{EVIDENCE} tu es nul")
    client_for(other_member).post(
        reverse("moderation:report_post", args=[reported.pk]),
        {"reason": "bullying", "description": "Il m'insulte."},
    )
    forum.post_edit(reported, body=f"{EVIDENCE} plus rien")  # a later version, also kept
    forum.reaction_toggle(their_question, user=member, kind=ReactionKind.SUPPORT)
    client_for(member).post(
        reverse("moderation:report_post", args=[their_question.pk]),
        {"reason": "spam", "description": f"{MARKER} description", "contact": f"{MARKER}@x.be"},
    )
    moderation.member_warn(member, by=moderator, reason="Reste poli.")
    moderation.appeal_create(Decision.objects.get(member=member), by=member, text=MARKER)
    room = open_room(theme, moderator)
    chat.room_send(room.pk, user=member, client_id="r", body=f"{MARKER} salon", language="fr")
    conversation, _ = chat.conversation_open(
        member=member, about=f"{MARKER} aide", category="other", language="fr", after_hours=False
    )
    chat.conversation_claim(conversation, by=counsellor)
    chat.conversation_send(
        conversation.pk, user=member, visitor_ids=set(), client_id="c", body=f"{MARKER} chat"
    )
    chat.conversation_send(
        conversation.pk, user=counsellor, visitor_ids=set(), client_id="k", body="Je suis là."
    )
    chat.note_add(conversation, by=counsellor, body=f"{MARKER} note")
    # A closed conversation goes with the account (an open case stays for a counsellor until
    # retention: tests/chat/test_member_left.py).
    assert chat.conversation_close(conversation, by=counsellor, outcome="listened", referral="none")
    assert Notification.objects.filter(recipient=member).exists()
    assert {"forum_post", "forum_topic", "moderation_report", "moderation_appeal"} <= (
        tables_holding(MARKER)
    )
    pk = member.pk

    response = client_for(member).post(reverse("account_delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=pk).exists()
    assert tables_holding(MARKER) == set()
    # The open case about the reported post keeps the reported version, and nothing else.
    assert tables_holding(EVIDENCE) == {"moderation_evidence"}
    assert not Notification.objects.filter(recipient_id=pk).exists()
    assert not Reaction.objects.filter(user_id=pk).exists()
    assert not Subscription.objects.filter(user_id=pk).exists()
    assert not AuditRecord.objects.filter(actor_name="lotte").exists()
    assert not AuditRecord.objects.filter(actor_id=pk).exists()
    report = Report.objects.get(reason="spam")
    assert report.reporter is None
    assert report.status == Report.Status.RECEIVED
    assert Decision.objects.filter(action=Action.WARN, member=None).exists()

    # The case closes; once its retention period is over, its copy goes too.
    item = QueueItem.objects.get(member_name="lotte")
    moderation.item_dismiss(item, by=moderator, reason="Compte supprimé.")
    move_clock(monkeypatch, settings.MODERATION_RETENTION_DAYS + 1)
    call_command("retention", stdout=StringIO())
    assert tables_holding(EVIDENCE) == set()
    assert not QueueItem.objects.exclude(member_name="").exists()


def test_retention_leaves_no_trace_of_what_people_wrote(
    member, other_member, moderator, counsellor, coordinator, theme, topic, monkeypatch, settings
):
    settings.CHAT_RETENTION_DAYS = 60
    settings.CHAT_ROOM_RETENTION_DAYS = 7
    settings.MODERATION_RETENTION_DAYS = 90
    # A visitor's request nobody answered, with what they added while waiting.
    waiting, _ = chat.conversation_open(
        member=None, about=f"{MARKER} visiteur", category="other", language="fr", after_hours=True
    )
    chat.conversation_send(
        waiting.pk, user=None, visitor_ids={waiting.pk}, client_id="v", body=f"{MARKER} encore"
    )
    # A member's conversation, closed, with a note; the audit trail names the member.
    talk, _ = chat.conversation_open(
        member=member, about=f"{MARKER} aide", category="other", language="fr", after_hours=False
    )
    chat.conversation_claim(talk, by=counsellor)
    chat.conversation_send(
        talk.pk, user=member, visitor_ids=set(), client_id="m", body=f"{MARKER} chat"
    )
    chat.conversation_send(
        talk.pk, user=counsellor, visitor_ids=set(), client_id="k", body="Je suis là."
    )
    chat.note_add(talk, by=counsellor, body=f"{MARKER} note")
    chat.conversation_close(talk, by=counsellor, outcome="listened", referral="none")
    assert AuditRecord.objects.filter(
        target_type="conversation", target_id=str(talk.pk), actor_name="lotte"
    ).exists()
    # A room message.
    room = open_room(theme, moderator)
    chat.room_send(room.pk, user=member, client_id="r", body=f"{MARKER} salon", language="fr")
    # A disclosure that was never published: quoted by screening, closed by a moderator, and
    # escalated to counsellors, where nobody took it.
    disclosure = forum.reply_create(topic, author=member, body=f"{SELF_HARM_FR} {MARKER}")
    disclosure_item = QueueItem.objects.get(post=disclosure)
    assert any(s["matched"] == "je veux plus vivre" for s in disclosure_item.signals)
    moderation.item_dismiss(disclosure_item, by=moderator, reason="Chez les conseillers.")
    assert Conversation.objects.get(escalation__post=disclosure).status == "waiting"
    # A visitor's report of a web address, with a way to reach them, handled.
    Client().post(
        reverse("moderation:report_url"),
        {
            "reason": "abuse_images",
            "url": f"https://example.org/{MARKER}",
            "description": f"{MARKER} description",
            "contact": f"{MARKER}@x.be",
        },
    )
    url_item = Report.objects.get().queue_item
    moderation.item_dismiss(url_item, by=moderator, reason="Transmis à la hotline.")
    # A hidden post and a decided appeal.
    rude = forum.reply_create(topic, author=member, body=f"{MARKER} t'es nul")
    moderation.post_hide(rude, by=moderator, reason="Insulte.")
    moderation.appeal_create(Decision.objects.get(action=Action.HIDE), by=member, text=MARKER)
    moderation.appeal_decide(
        Appeal.objects.get(), by=make_user("mod_bo", "moderator"), reverse=False, outcome="Non."
    )
    written = {"chat_message", "chat_note", "chat_conversation", "forum_post", "moderation_report"}
    assert written <= tables_holding(MARKER)

    move_clock(monkeypatch, 91)
    out = StringIO()
    call_command("chat_retention", stdout=out)  # the old name runs everything

    assert tables_holding(MARKER) == set()
    assert tables_holding("je veux plus vivre") == set()
    assert not AuditRecord.objects.filter(
        target_type="conversation", target_id=str(talk.pk), actor_name="lotte"
    ).exists()
    assert not Message.objects.exists()
    assert Post.objects.get(pk=rude.pk).body == ""
    assert User.objects.filter(pk=member.pk).exists()
    own_view = client_for(member).get(topic.get_absolute_url()).content.decode()
    assert "Ce message est resté caché" in own_view  # the author is told why it is empty
    assert "2 request(s) waiting" in out.getvalue()  # the visitor, the escalation
    assert "1 moderation case(s)" in out.getvalue()  # the quoted disclosure


def test_the_audit_trail_stays_append_only(member):
    moderation.audit(member, "conversation.open", member)
    record = AuditRecord.objects.get()
    with pytest.raises(PermissionError):
        AuditRecord.objects.all().update(actor_name="x")
    with pytest.raises(PermissionError):
        AuditRecord.objects.all().delete()
    record.actor_name = "x"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    assert AuditRecord.objects.get().actor_name == "lotte"
    assert AuditRecord.objects.filter(action="other").forget_person(member.pk) == 0
    assert AuditRecord.objects.get().actor_name == "lotte"
