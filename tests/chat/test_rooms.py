"""Moderated rooms: screened before broadcast, held and escalated, hidden live, mute, remove."""

from __future__ import annotations

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse

from chat import services
from chat.models import Conversation, Message, Room
from moderation import services as moderation
from moderation.models import Escalation, Priority, QueueItem, Report
from tests import texts
from tests.chat.conftest import aclient, close_code, connected, socket
from tests.conftest import client_for, make_user

SEXTORTION_NL = (
    "Hij dreigt mijn naaktfoto's naar iedereen te sturen als ik hem geen 200 euro betaal."
)


def path_of(room: Room, lang: str = "fr") -> str:
    return f"/ws/chat/rooms/{room.pk}/?lang={lang}"


async def send(communicator, client_id: str, body: str) -> None:
    await communicator.send_json_to({"type": "send", "client_id": client_id, "body": body})


async def frames_until(communicator, kind: str, limit: int = 5) -> dict:
    for _ in range(limit):
        frame = await communicator.receive_json_from(timeout=3)
        if frame["type"] == kind:
            return frame
    raise AssertionError(f"no {kind} frame")


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_room_message_reaches_everyone_with_personal_info_masked(
    room, member, other_member
):
    one = await connected(path_of(room), await aclient(member))
    two = await connected(path_of(room, "nl"), await aclient(other_member))
    await send(one, "m1", "Salut ! Mon numéro c'est 0470 12 34 56, écrivez-moi")
    ack = await one.receive_json_from(timeout=3)
    assert ack["status"] == "visible"
    seen = await two.receive_json_from(timeout=3)
    assert seen["type"] == "message"
    assert seen["author"] == "lotte"
    assert seen["role"] == "member"
    assert "0470" not in seen["html"]
    assert "Salut" in seen["html"]
    stored = await sync_to_async(Message.objects.get)()
    assert stored.masked_spans
    assert "0470" in stored.body
    await one.disconnect()
    await two.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_disclosure_is_held_never_broadcast_and_urgent_for_counsellors(
    room, member, other_member, moderator
):
    listener = await connected(path_of(room), await aclient(member))
    writer = await connected(path_of(room, "nl"), await aclient(other_member))
    watcher = await connected(path_of(room), await aclient(moderator))
    await send(writer, "d1", SEXTORTION_NL)
    ack = await writer.receive_json_from(timeout=3)
    assert ack["status"] == "held"
    assert (await writer.receive_json_from(timeout=3))["type"] == "held"
    assert await watcher.receive_json_from(timeout=3) == {"type": "held_changed"}
    assert await listener.receive_nothing(timeout=0.5)
    message = await sync_to_async(Message.objects.get)()
    assert message.status == "held"
    escalation = await sync_to_async(Escalation.objects.get)()
    assert escalation.category == "sextortion"
    assert escalation.priority == Priority.URGENT
    conversation = await sync_to_async(Conversation.objects.in_queue_order().first)()
    assert conversation.escalation_id == escalation.pk
    assert conversation.priority == Priority.URGENT
    item = await sync_to_async(QueueItem.objects.get)()
    assert item.message_id == message.pk
    assert item.priority == Priority.URGENT
    # A late joiner's replay does not contain it either.
    late = await connected(path_of(room) + "&after=0", await aclient(member))
    synced = await late.receive_json_from(timeout=3)
    assert synced == {"type": "synced", "last_seq": 0, "last_id": 0}
    for communicator in (listener, writer, watcher, late):
        await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_moderator_hides_a_message_for_everyone_live(room, member, other_member, moderator):
    one = await connected(path_of(room), await aclient(member))
    mod = await connected(path_of(room), await aclient(moderator))
    await send(one, "m1", "Bonjour tout le monde")
    ack = await one.receive_json_from(timeout=3)
    await mod.receive_json_from(timeout=3)
    await one.send_json_to({"type": "hide", "id": ack["id"]})
    assert (await frames_until(one, "error"))["code"] == "not_allowed"
    await mod.send_json_to({"type": "hide", "id": ack["id"]})
    assert await frames_until(one, "hidden") == {"type": "hidden", "id": ack["id"]}
    assert (await sync_to_async(Message.objects.get)()).status == "hidden"
    # Hidden messages are not replayed.
    late = await connected(path_of(room) + "&after=0", await aclient(other_member))
    assert (await late.receive_json_from(timeout=3))["type"] == "synced"
    for communicator in (one, mod, late):
        await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_closed_rooms_muted_and_removed_members_cannot_write(room, member, moderator):
    one = await connected(path_of(room), await aclient(member))
    await sync_to_async(services.room_close)(room, by=moderator)
    assert (await one.receive_json_from(timeout=3)) == {"type": "room_state", "open": False}
    await send(one, "c1", "Il y a quelqu'un ?")
    assert (await one.receive_json_from(timeout=3))["code"] == "room_closed"
    mod = await connected(path_of(room), await aclient(moderator))
    await send(mod, "c2", "Le salon ouvre à 16 h.")
    assert (await frames_until(mod, "ack"))["status"] == "visible"
    await sync_to_async(services.room_open)(room, by=moderator)
    await sync_to_async(moderation.member_mute)(
        member,
        by=moderator,
        until=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1),
        reason="Calme-toi un peu.",
    )
    await send(one, "c3", "Pourquoi ?")
    assert (await frames_until(one, "error"))["code"] == "muted"
    await sync_to_async(moderation.member_room_remove)(
        member, room=room, by=moderator, hours=24, reason="Insultes"
    )
    output = await one.receive_output(timeout=3)
    while output.get("type") == "websocket.send":
        output = await one.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": 4403}
    again = socket(path_of(room), await aclient(member))
    assert await close_code(again) == 4403
    assert await sync_to_async(Message.objects.filter(author=member).count)() == 0
    await mod.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_visitors_and_counsellors_are_not_in_rooms(room, counsellor):
    # Nobody signed in: the room's page is for members, so its socket says to sign in (4401).
    assert await close_code(socket(path_of(room))) == 4401
    assert await close_code(socket(path_of(room), await aclient(counsellor))) == 4403
    assert await close_code(socket("/ws/chat/rooms/99999/", await aclient(counsellor))) == 4404


@pytest.mark.django_db
def test_a_member_reports_a_room_message(room, member, other_member):
    sent = services.room_send(
        room.pk, user=member, client_id="m1", body="T'es vraiment nul", language="fr"
    )
    response = client_for(other_member).post(
        reverse("moderation:report_message", args=[sent.message.pk]),
        {"reason": "bullying", "description": "Il m'insulte"},
    )
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.message == sent.message
    assert report.member == member
    assert report.queue_item.message == sent.message
    outsider = make_user("excluded")
    moderation.member_room_remove(outsider, room=room, by=room.moderator, hours=1, reason="x")
    assert (
        client_for(outsider)
        .get(reverse("moderation:report_message", args=[sent.message.pk]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_moderators_publish_or_hide_held_messages_from_the_queue(room, member, moderator):
    sent = services.room_send(
        room.pk,
        user=member,
        client_id="m1",
        body=texts.PICTURE_REQUEST_FR,
        language="fr",
    )
    assert sent.message.status == "held"
    item = QueueItem.objects.get(message=sent.message)
    page = client_for(moderator).get(item.get_absolute_url()).content.decode()
    assert "sous-vêtements" in page
    client_for(moderator).post(
        reverse("moderation:item_decide", args=[item.pk]),
        {"action": "hide", "reason": "Demande de photo intime.", "category": "sexting"},
    )
    sent.message.refresh_from_db()
    item.refresh_from_db()
    assert sent.message.status == "hidden"
    assert item.closed_at is not None
    assert member.decisions.get().action == "hide"


@pytest.mark.django_db
def test_the_room_page_shows_history_and_the_moderator_panel(room, member, moderator):
    services.room_send(room.pk, user=member, client_id="a", body="Coucou", language="fr")
    page = client_for(member).get(room.get_absolute_url())
    assert page.status_code == 200
    assert "Coucou" in page.content.decode()
    assert not page.context["is_moderator"]
    assert page.context["can_write"]
    mod_page = client_for(moderator).get(room.get_absolute_url())
    assert mod_page.context["is_moderator"]
    assert "no-store" in page["Cache-Control"]
    rooms = client_for(member).get(reverse("chat:rooms")).content.decode()
    assert room.get_absolute_url() in rooms


@pytest.mark.django_db(transaction=True)
def test_the_same_client_id_sent_concurrently_is_stored_once(postgres, room, member):
    import threading

    from django.db import connection

    barrier = threading.Barrier(6)
    ids: list[int] = []

    def send_once() -> None:
        barrier.wait()
        sent = services.room_send(
            room.pk, user=member, client_id="same-id", body="Coucou", language="fr"
        )
        ids.append(sent.message.pk)
        connection.close()

    threads = [threading.Thread(target=send_once) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ids) == 6
    assert len(set(ids)) == 1
    assert Message.objects.filter(client_id="same-id").count() == 1


@pytest.mark.django_db
def test_a_room_closes_when_its_moderator_signs_out(room, moderator):
    from django.test import Client

    from tests.conftest import PASSWORD

    browser = Client()
    assert browser.login(username=moderator.username, password=PASSWORD)
    assert room.is_open()
    browser.post(reverse("account_logout"))
    room.refresh_from_db()
    assert room.moderator is None
    assert not room.is_open()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_held_message_let_through_later_is_replayed_to_who_was_away(
    room, member, other_member, moderator
):
    held = await sync_to_async(services.room_send)(
        room.pk,
        user=other_member,
        client_id="h1",
        body=texts.PICTURE_REQUEST_FR,
        language="fr",
    )
    seen = await sync_to_async(services.room_send)(
        room.pk, user=other_member, client_id="v1", body="Bonjour", language="fr"
    )
    assert held.message.status == "held"
    assert seen.message.pk > held.message.pk
    # The member left after seeing "Bonjour"; meanwhile a moderator lets the held one through.
    await sync_to_async(services.message_publish)(held.message, by=moderator)
    back = await connected(path_of(room) + f"&after={seen.message.pk}", await aclient(member))
    replayed = await back.receive_json_from(timeout=3)
    assert replayed["type"] == "message"
    assert replayed["id"] == held.message.pk
    # Let through after "Bonjour": it comes after it in the room's order.
    assert replayed["seq"] == 2
    synced = await back.receive_json_from(timeout=3)
    assert synced == {"type": "synced", "last_seq": 2, "last_id": seen.message.pk}
    await back.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_members_hear_when_the_room_closes_at_the_end_of_its_hours(room, member, settings):
    from django.utils import timezone

    settings.CHAT_HEARTBEAT_SECONDS = 1
    one = await connected(path_of(room), await aclient(member))
    # Its hours end: today is no longer one of its days (moving the clock instead would also
    # end the member's session, whatever the time of day the test runs).
    today = str(timezone.localtime().isoweekday())
    await Room.objects.filter(pk=room.pk).aupdate(days="1234567".replace(today, ""))
    assert await one.receive_json_from(timeout=4) == {"type": "room_state", "open": False}
    await one.disconnect()


@pytest.mark.django_db
def test_a_moderator_who_left_without_closing_is_no_longer_present(room, member):
    from django.utils import timezone

    assert room.is_open()
    Room.objects.filter(pk=room.pk).update(
        moderator_seen_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    room.refresh_from_db()
    assert room.moderator is not None
    assert not room.is_open()
    with pytest.raises(services.ChatRefused) as refused:
        services.room_send(room.pk, user=member, client_id="x", body="Salut", language="fr")
    assert refused.value.code == "room_closed"
