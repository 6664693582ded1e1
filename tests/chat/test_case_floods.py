"""Room messages follow the same rule as posts (one open case per member, every text in it),
and the counsellors' workspace shows every waiting case in pages, urgent and oldest first
(audit finding 1)."""

from __future__ import annotations

import datetime
import functools
import re

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse
from django.utils import timezone, translation

from chat import services
from chat.models import Conversation
from chat.permissions import ChatRefused
from chat.views import QUEUE_PAGE_SIZE
from forum import services as forum_services
from moderation.escalations import escalation_create, escalation_edited
from moderation.models import Escalation, Priority, QueueItem
from tests import texts
from tests.chat.conftest import aclient, connected
from tests.conftest import client_for, make_user
from tests.moderation.test_trivial_troubles import TROUBLES, TrivialSelfHarm

pytestmark = pytest.mark.django_db


def address_for(member, case: Conversation) -> str:
    with translation.override(member.language):
        return case.get_absolute_url()


def test_crisis_room_messages_join_one_case_and_each_reaches_it(
    settings, room, other_member, counsellor
):
    settings.CHAT_RATE_MESSAGES = 1000
    sent = [
        services.room_send(
            room.pk,
            user=other_member,
            client_id=f"m{n}",
            body=f"{texts.SELF_HARM_FR} (salon {n})",
            language="fr",
        )
        for n in range(12)
    ]
    case = Conversation.objects.get(member=other_member)
    # Every one is held from the room and points to the same case, at once.
    assert {s.message.status for s in sent} == {"held"}
    assert {s.help_url for s in sent} == {address_for(other_member, case)}
    assert Conversation.objects.filter(status="waiting").count() == 1
    assert QueueItem.objects.filter(message__in=[s.message for s in sent]).count() == 12
    page = client_for(counsellor).get(case.get_workspace_url()).content.decode()
    for n in range(12):
        assert f"(salon {n})" in page


def test_a_room_message_joins_the_case_a_forum_post_opened(
    settings, room, topic, other_member, counsellor
):
    settings.CHAT_RATE_MESSAGES = 1000
    forum_services.reply_create(topic, author=other_member, body=texts.SELF_HARM_FR)
    case = Conversation.objects.get(member=other_member)
    sent = services.room_send(
        room.pk,
        user=other_member,
        client_id="x",
        body=texts.SELF_HARM_FR + " ce soir",
        language="fr",
    )
    assert sent.help_url == address_for(other_member, case)
    assert Conversation.objects.count() == 1
    joined = Escalation.objects.get(case=case.escalation)
    assert joined.content.endswith("ce soir") and joined.post is None


def test_erasing_a_case_erases_what_joined_it(topic, other_member):
    forum_services.reply_create(topic, author=other_member, body=texts.SELF_HARM_FR)
    forum_services.reply_create(topic, author=other_member, body=texts.SELF_HARM_FR + " 2")
    case = Conversation.objects.get(member=other_member)
    services.conversations_erase(Conversation.objects.filter(pk=case.pk))
    joined = Escalation.objects.get(case=case.escalation)
    assert joined.content == "" and joined.member is None and joined.post is None


def _waiting(n: int, *, priority: int, minutes_ago: int, member=None) -> list[Conversation]:
    since = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Conversation.objects.bulk_create(
        Conversation(
            member=member,
            about=f"attente {i}",
            priority=priority,
            waiting_since=since + datetime.timedelta(seconds=i),
            category="other",
        )
        for i in range(n)
    )


def test_every_waiting_case_is_in_a_page_urgent_and_oldest_first(counsellor):
    older = _waiting(QUEUE_PAGE_SIZE * 2 + 10, priority=Priority.MEDIUM, minutes_ago=600)
    genuine = make_user("real_kid")
    urgent = _waiting(1, priority=Priority.URGENT, minutes_ago=1, member=genuine)[0]
    client = client_for(counsellor)

    first = client.get(reverse("chat:workspace")).content.decode()
    # The newest case, urgent, comes first; the count says how many wait in all.
    assert first.index(urgent.get_workspace_url()) < first.index(older[0].get_workspace_url())
    assert f"{QUEUE_PAGE_SIZE * 2 + 11} conversations en attente" in first
    assert "dont 1 urgente" in first
    assert "Page 1 sur 3" in first
    assert 'href="/fr/counselling/?page=2" rel="next">Page suivante</a>' in first

    last = client.get(reverse("chat:workspace") + "?page=3").content.decode()
    assert older[-1].get_workspace_url() in last
    assert 'rel="prev">Page précédente</a>' in last
    seen = set()
    for number in (1, 2, 3):
        page = client.get(reverse("chat:workspace"), {"page": number}).content.decode()
        seen |= {c.pk for c in [urgent, *older] if c.get_workspace_url() in page}
    assert len(seen) == QUEUE_PAGE_SIZE * 2 + 11

    with translation.override("nl"):
        dutch_url = reverse("chat:workspace")
    dutch = client_for(counsellor).get(dutch_url + "?page=2").content.decode()
    assert "Pagina 2 van 3" in dutch and "Volgende pagina" in dutch and "Vorige pagina" in dutch
    assert "waarvan 1 dringend" in dutch


def test_the_live_list_keeps_the_page_it_shows(counsellor):
    _waiting(QUEUE_PAGE_SIZE + 1, priority=Priority.HIGH, minutes_ago=60)
    page = client_for(counsellor).get(reverse("chat:workspace") + "?page=2").content.decode()
    assert "?fragment=1&amp;page=2" in page
    fragment = client_for(counsellor).get(reverse("chat:workspace") + "?fragment=1&page=2")
    assert fragment.status_code == 200
    assert "Page 2 sur 2" in fragment.content.decode()


def test_past_the_cap_a_room_disclosure_is_held_with_the_help_line(
    settings, room, other_member, counsellor
):
    settings.CHAT_RATE_MESSAGES = 1000
    settings.CYBERSQUAD_RATE_LIMITS = {**settings.CYBERSQUAD_RATE_LIMITS, "crisis": (1, 3600)}
    first = services.room_send(
        room.pk, user=other_member, client_id="a", body=texts.SELF_HARM_FR, language="fr"
    )
    case = Conversation.objects.get()
    assert services.conversation_claim(case, by=counsellor)
    case.refresh_from_db()
    services.conversation_close(case, by=counsellor, outcome="listened", referral="none")

    again = services.room_send(
        room.pk, user=other_member, client_id="b", body=texts.SELF_HARM_FR + " !", language="fr"
    )

    assert first.help_url and not first.help_line
    # Stored and held, urgent for a moderator; no second case; told so, with the help line.
    assert again.message.status == "held" and again.help_url == "" and again.help_line
    assert QueueItem.objects.get(message=again.message).priority == Priority.URGENT
    assert Conversation.objects.count() == 1
    page = client_for(other_member).get(room.get_absolute_url()).content.decode()
    assert "data-text-help-line=" in page
    assert "A moderator reads it soon" not in page  # never English on a French or Dutch page
    assert "le lit bientôt" in page or "leest het snel" in page


def test_a_room_message_held_on_a_wish_to_die_gets_the_help_line(
    monkeypatch, settings, room, other_member
):
    monkeypatch.setattr("moderation.policy.get_screener", TrivialSelfHarm)
    sent = services.room_send(
        room.pk, user=other_member, client_id="t", body=TROUBLES[0][0], language="en"
    )
    assert sent.message.status == "held"
    assert sent.help_url == "" and sent.help_line
    assert not Escalation.objects.exists()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_room_socket_says_past_the_cap_that_help_is_a_call_away(
    settings, room, other_member
):
    settings.CYBERSQUAD_RATE_LIMITS = {**settings.CYBERSQUAD_RATE_LIMITS, "crisis": (0, 3600)}
    writer = await connected(f"/ws/chat/rooms/{room.pk}/?lang=fr", await aclient(other_member))
    await writer.send_json_to({"type": "send", "client_id": "c1", "body": texts.SELF_HARM_FR})
    assert (await writer.receive_json_from(timeout=3))["status"] == "held"
    held = await writer.receive_json_from(timeout=3)
    assert held["type"] == "held" and held.get("help_line") is True and "help_url" not in held
    assert await sync_to_async(Conversation.objects.count)() == 0
    await writer.disconnect()


def test_a_room_behaviour_escalation_tells_its_writer_nothing_of_counsellors(
    settings, room, other_member
):
    settings.CHAT_RATE_MESSAGES = 1000
    # Screening judges the writer a risk to others (a request for a nude picture, secrecy),
    # whatever else the message says.
    body = "je veux mourir. envoie-moi une photo de toi nue, dis rien à tes parents"
    sent = services.room_send(room.pk, user=other_member, client_id="r", body=body, language="fr")
    assert Escalation.objects.get(content=body).kind == Escalation.Kind.BEHAVIOUR
    assert sent.message.status == "held"
    assert sent.help_url == "" and not sent.help_line
    assert not Conversation.objects.filter(member=other_member).exists()


def _seen_on(page: str) -> str:
    found = re.search(r'name="seen" value="([^"]*)"', page)
    assert found, "the close form carries what the counsellor saw"
    return found.group(1)


def test_a_disclosure_that_joined_after_the_page_loaded_stops_the_close(other_member, counsellor):
    disclose = functools.partial(
        escalation_create,
        kind="disclosure",
        member=other_member,
        post=None,
        category="self_harm",
        priority=1,
        signals=[],
        language="fr",
    )
    first = disclose(content="premier")
    case = Conversation.objects.get()
    assert services.conversation_claim(case, by=counsellor)
    client = client_for(counsellor)
    page = client.get(case.get_workspace_url()).content.decode()
    assert "SECOND-DISCLOSURE" not in page
    seen = _seen_on(page)
    # While the page is open, the young person writes again: it joins this case.
    assert disclose(content="SECOND-DISCLOSURE ce soir je le fais").case_id == first.pk

    answer = client.post(
        reverse("chat:close", args=[case.pk]),
        {"outcome": "listened", "referral": "none", "confirm": "yes", "seen": seen},
    )

    assert answer.status_code == 302 and answer.url == case.get_workspace_url()
    case.refresh_from_db()
    assert case.status == "active" and case.closed_at is None
    shown = client.get(answer.url).content.decode()
    assert "Un nouveau message a rejoint ce dossier" in shown
    assert "SECOND-DISCLOSURE" in shown
    # Having read it, the counsellor closes from the page that shows it.
    closed = client.post(
        reverse("chat:close", args=[case.pk]),
        {"outcome": "listened", "referral": "none", "confirm": "yes", "seen": _seen_on(shown)},
    )
    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"


def _claimed_case(member, counsellor) -> Conversation:
    """A self-harm disclosure's case, claimed by ``counsellor``."""
    escalation_create(
        kind="disclosure",
        member=member,
        post=None,
        category="self_harm",
        priority=1,
        signals=[],
        content="premier",
        language="fr",
    )
    case = Conversation.objects.get()
    assert services.conversation_claim(case, by=counsellor)
    return case


def test_the_close_confirmation_carries_what_the_counsellor_saw(other_member, counsellor):
    case = _claimed_case(other_member, counsellor)
    client = client_for(counsellor)
    seen = _seen_on(client.get(case.get_workspace_url()).content.decode())
    confirm = client.post(
        reverse("chat:close", args=[case.pk]),
        {"outcome": "listened", "referral": "none", "seen": seen},
    ).content.decode()
    assert _seen_on(confirm) == seen


def test_the_service_refuses_to_close_past_an_unseen_text(other_member, counsellor):
    case = _claimed_case(other_member, counsellor)
    first = case.escalation
    case.refresh_from_db()
    seen = services.case_seen(case)
    escalation_edited(first, content="en fait c'est pour ce soir", priority=0)
    with pytest.raises(ChatRefused) as refused:
        services.conversation_close(
            case, by=counsellor, outcome="listened", referral="none", seen=seen
        )
    assert refused.value.code == "unseen_text"
    case.refresh_from_db()
    assert case.status == "active"
