"""What people write in chats never reaches the logs; coordinators edit the ready answers."""

from __future__ import annotations

import logging

import pytest
from django.db import DatabaseError
from django.urls import reverse

from chat import services
from chat.models import CannedReply
from chat.permissions import ChatRefused
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

MARKER = "LOGMARKER-5512"


def test_chat_text_never_reaches_the_logs(claimed, member, counsellor, room, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    services.conversation_send(
        claimed.pk, user=member, visitor_ids=set(), client_id="a", body=f"{MARKER} aide"
    )
    services.room_send(
        room.pk,
        user=member,
        client_id="b",
        body=f"{MARKER} il menace de publier mes nudes si je ne paie pas",
        language="fr",
    )
    client_for(counsellor).get(claimed.get_workspace_url())

    def broken(*args, **kwargs):
        raise DatabaseError("the database is down")

    monkeypatch.setattr(services, "_store", broken)
    with pytest.raises(DatabaseError):
        services.conversation_send(
            claimed.pk, user=member, visitor_ids=set(), client_id="c", body=f"{MARKER} encore"
        )
    with pytest.raises(ChatRefused):
        services.conversation_send(
            claimed.pk, user=member, visitor_ids=set(), client_id="d", body=MARKER * 500
        )
    assert MARKER not in caplog.text


def test_coordinators_edit_ready_answers_in_both_languages(coordinator, counsellor):
    response = client_for(coordinator).post(
        reverse("admin:chat_cannedreply_add"),
        {
            "title_fr": "Accueil",
            "title_nl": "Welkom",
            "body_fr": "Bonjour, je t'écoute.",
            "body_nl": "Hallo, ik luister.",
            "position": 0,
        },
    )
    assert response.status_code == 302
    reply = CannedReply.objects.get()
    assert (reply.body_fr, reply.body_nl) == ("Bonjour, je t'écoute.", "Hallo, ik luister.")
    assert client_for(counsellor).get(reverse("admin:chat_cannedreply_add")).status_code in (
        302,
        403,
    )
