"""Chat pages: user text cannot run anywhere it is shown, and the hot pages stay cheap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chat import services
from chat.elements import message_elements
from chat.models import Conversation
from tests.conftest import client_for, make_user
from tests.cybersquad.test_rendering import MARK, XSS_CORPUS
from tests.htmlcheck import problems

pytestmark = pytest.mark.django_db


def test_payloads_through_every_chat_page_and_broadcast(
    claimed, member, counsellor, room, other_member, settings
):
    settings.CHAT_RATE_MESSAGES = 1000
    Conversation.objects.filter(pk=claimed.pk).update(about=f"{MARK} " + " ".join(XSS_CORPUS))
    for n, payload in enumerate(XSS_CORPUS):
        young = services.conversation_send(
            claimed.pk, user=member, visitor_ids=set(), client_id=f"y{n}", body=f"{MARK} {payload}"
        )
        services.conversation_send(
            claimed.pk, user=counsellor, visitor_ids=set(), client_id=f"c{n}", body=payload
        )
        services.note_add(claimed, by=counsellor, body=f"{MARK} {payload}")
        in_room = services.room_send(
            room.pk, user=other_member, client_id=f"r{n}", body=f"{MARK} {payload}", language="fr"
        )
        for message in (young.message, in_room.message):
            assert problems(services.message_payload(message)["html"]) == [], payload
            # The live element of every viewer (chat/elements.py).
            for key, element in message_elements(message).items():
                assert problems(element) == [], (key, payload)
    pages = [
        (member, claimed.get_absolute_url()),
        (member, reverse("chat:conversation_status", args=[claimed.pk])),
        (counsellor, claimed.get_workspace_url()),
        (counsellor, reverse("chat:workspace")),
        (other_member, room.get_absolute_url()),
        (room.moderator, room.get_absolute_url()),
        (room.moderator, reverse("chat:room_held", args=[room.theme.slug])),
    ]
    for user, url in pages:
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        assert problems(response.content.decode()) == [], url


def test_the_hot_chat_pages_do_a_fixed_number_of_queries(
    claimed, member, counsellor, room, other_member, django_assert_max_num_queries, settings
):
    settings.CHAT_RATE_MESSAGES = 1000
    for n in range(30):
        services.conversation_send(
            claimed.pk, user=member, visitor_ids=set(), client_id=f"y{n}", body=f"Message {n}"
        )
        services.room_send(
            room.pk, user=other_member, client_id=f"r{n}", body=f"Salut {n}", language="fr"
        )
    for n in range(10):
        services.conversation_open(
            member=make_user(f"waiting{n}"),
            about="Aide",
            category="other",
            language="fr",
            after_hours=False,
        )
    young, staff, in_room = client_for(member), client_for(counsellor), client_for(other_member)
    # Whatever the number of messages and waiting conversations. Staff pages read one more
    # row: that the account still has its second factor (cybersquad/staff_access.py).
    with django_assert_max_num_queries(10):
        assert young.get(claimed.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(11):
        assert staff.get(claimed.get_workspace_url()).status_code == 200
    with django_assert_max_num_queries(9):
        assert staff.get(reverse("chat:workspace")).status_code == 200
    with django_assert_max_num_queries(7):
        assert in_room.get(room.get_absolute_url()).status_code == 200
