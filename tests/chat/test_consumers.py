"""The chat protocol over WebSockets: every message type and every refusal."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from chat import services
from chat.models import Conversation, Message
from cybersquad.broadcast import send_now
from cybersquad.groups import user_group
from tests import texts
from tests.chat.conftest import aclient, close_code, connected, socket
from tests.conftest import make_user

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


def path_of(conv: Conversation, after: int | None = None) -> str:
    query = f"?after={after}&lang=fr" if after is not None else "?lang=fr"
    return f"/ws/chat/conversations/{conv.pk}/{query}"


async def send(communicator, client_id: str, body: str) -> None:
    await communicator.send_json_to({"type": "send", "client_id": client_id, "body": body})


async def test_message_is_stored_acknowledged_and_delivered_to_both_sides(
    claimed, member, counsellor
):
    young = await connected(path_of(claimed), await aclient(member))
    staff = await connected(path_of(claimed), await aclient(counsellor))
    await send(young, "c-1", "Il menace de tout publier.")
    ack = await young.receive_json_from(timeout=3)
    stored = await sync_to_async(Message.objects.get)()
    assert ack == {
        "type": "ack",
        "client_id": "c-1",
        "id": stored.pk,
        "seq": 1,
        "status": "visible",
        "duplicate": False,
    }
    mine = await young.receive_json_from(timeout=3)
    theirs = await staff.receive_json_from(timeout=3)
    assert mine["mine"] is True
    assert theirs["mine"] is False
    assert theirs["type"] == "message"
    assert theirs["id"] == stored.pk
    assert theirs["html"] == "<p>Il menace de tout publier.</p>"
    assert theirs["role"] == "young"
    assert "sender" not in theirs
    assert theirs["author"] == ""
    assert stored.body == "Il menace de tout publier."
    assert stored.author_id == member.pk
    await young.disconnect()
    await staff.disconnect()


async def test_resending_a_client_id_returns_the_same_message(claimed, member):
    young = await connected(path_of(claimed), await aclient(member))
    await send(young, "same", "Bonjour")
    first = await young.receive_json_from(timeout=3)
    await young.receive_json_from(timeout=3)  # the broadcast
    await send(young, "same", "Bonjour")
    second = await young.receive_json_from(timeout=3)
    assert second["id"] == first["id"]
    assert second["duplicate"] is True
    assert await sync_to_async(Message.objects.count)() == 1
    assert await young.receive_nothing(timeout=0.3)
    await young.disconnect()


async def test_reconnecting_with_the_last_id_replays_what_was_missed_in_order(
    claimed, member, counsellor
):
    sent = []
    for n in range(5):
        result = await sync_to_async(services.conversation_send)(
            claimed.pk, user=counsellor, visitor_ids=set(), client_id=f"s{n}", body=f"Message {n}"
        )
        sent.append(result.message.pk)
    young = await connected(path_of(claimed, after=sent[1]), await aclient(member))
    replayed = [await young.receive_json_from(timeout=3) for _ in range(3)]
    assert [m["id"] for m in replayed] == sent[2:]
    assert [m["html"] for m in replayed] == [
        "<p>Message 2</p>",
        "<p>Message 3</p>",
        "<p>Message 4</p>",
    ]
    synced = await young.receive_json_from(timeout=3)
    assert synced == {"type": "synced", "last_seq": 5, "last_id": sent[-1]}
    await young.send_json_to({"type": "replay", "after": sent[3]})
    assert (await young.receive_json_from(timeout=3))["id"] == sent[4]
    assert (await young.receive_json_from(timeout=3))["type"] == "synced"
    await young.disconnect()


async def test_a_cursor_too_old_asks_the_client_to_reload(claimed, member, counsellor, settings):
    settings.CHAT_REPLAY_LIMIT = 10
    settings.CHAT_RATE_MESSAGES = 100
    for n in range(12):
        await sync_to_async(services.conversation_send)(
            claimed.pk, user=counsellor, visitor_ids=set(), client_id=f"s{n}", body=f"M{n}"
        )
    young = await connected(path_of(claimed, after=0), await aclient(member))
    assert await young.receive_json_from(timeout=3) == {"type": "reload"}
    await young.disconnect()


async def test_typing_reaches_the_other_side_only_and_is_never_stored(claimed, member, counsellor):
    young = await connected(path_of(claimed), await aclient(member))
    staff = await connected(path_of(claimed), await aclient(counsellor))
    await staff.send_json_to({"type": "typing"})
    assert await young.receive_json_from(timeout=3) == {"type": "typing", "role": "counsellor"}
    assert await staff.receive_nothing(timeout=0.3)
    await staff.send_json_to({"type": "typing"})  # within two seconds: dropped
    assert await young.receive_nothing(timeout=0.3)
    assert await sync_to_async(Message.objects.count)() == 0
    await young.disconnect()
    await staff.disconnect()


async def test_status_changes_reach_the_young_person(conversation, member, counsellor):
    young = await connected(path_of(conversation), await aclient(member))
    await sync_to_async(services.conversation_claim)(conversation, by=counsellor)
    assert await young.receive_json_from(timeout=3) == {"type": "status", "status": "active"}
    await young.disconnect()


async def test_a_waiting_young_person_hears_when_the_queue_moves(conversation, counsellor, member):
    ahead, _ = await sync_to_async(services.conversation_open)(
        member=await sync_to_async(make_user)("first_in_line"),
        about="Aide",
        category="self_harm",
        language="fr",
        after_hours=False,
    )
    young = await connected(path_of(conversation), await aclient(member))
    await sync_to_async(services.conversation_claim)(ahead, by=counsellor)
    assert await young.receive_json_from(timeout=3) == {"type": "queue"}
    await young.disconnect()


async def test_the_notification_socket_ignores_workspace_events(claimed, member, counsellor):
    notifications = await connected("/ws/notifications/", await aclient(counsellor))
    assert (await notifications.receive_json_from(timeout=3))["type"] == "unread"
    await sync_to_async(services.conversation_send)(
        claimed.pk, user=member, visitor_ids=set(), client_id="w1", body="Tu es là ?"
    )
    assert await notifications.receive_nothing(timeout=0.5)
    await notifications.disconnect()


async def test_a_visitor_is_known_by_their_browser_only(db):
    browser = Client()
    response = await sync_to_async(browser.post)(
        reverse("chat:start"), {"topic": "other", "about": texts.NOBODY_TO_TALK_TO_FR}
    )
    conv = await sync_to_async(Conversation.objects.get)()
    assert response.status_code == 302
    assert conv.member_id is None
    visitor = await connected(path_of(conv), browser)
    await send(visitor, "v1", "Il y a quelqu'un ?")
    assert (await visitor.receive_json_from(timeout=3))["type"] == "ack"
    stored = await sync_to_async(Message.objects.get)()
    assert stored.author_id is None
    assert stored.sender_key == "v"
    assert stored.role == "young"
    await visitor.disconnect()
    # Another browser, without the conversation in its session, is refused.
    stranger = Client()

    def open_a_session() -> None:
        session = stranger.session
        session["chat_conversations"] = [conv.pk + 1]
        session.save()
        stranger.cookies["sessionid"] = session.session_key

    await sync_to_async(open_a_session)()
    communicator = socket(path_of(conv), stranger)
    assert await close_code(communicator) == 4403
    assert await close_code(socket(path_of(conv))) == 4403


async def test_a_member_signed_out_while_the_socket_was_down_is_told_to_sign_in_again(
    claimed, member
):
    client = await aclient(member)
    young = await connected(path_of(claimed), client)
    await young.disconnect()  # the connection drops
    await sync_to_async(client.logout)()  # and the member signs out in another tab
    # Reconnecting, the page finds nobody signed in: "sign in again" (4401: it stops
    # retrying and says so), not "this chat is not yours" (4403).
    assert await close_code(socket(path_of(claimed), client)) == 4401


@pytest.mark.parametrize("who", ["other_member", "moderator"])
async def test_people_outside_the_conversation_are_refused(who, claimed, other_member, moderator):
    user = {"other_member": other_member, "moderator": moderator}[who]
    communicator = socket(path_of(claimed), await aclient(user))
    assert await close_code(communicator) == 4403


async def test_unknown_conversation_and_bad_origin_are_refused(claimed, member):
    unknown = socket("/ws/chat/conversations/999999/", await aclient(member))
    assert await close_code(unknown) == 4404
    foreign = socket(path_of(claimed), await aclient(member), origin=b"https://evil.example")
    connected_ok, _ = await foreign.connect()
    assert not connected_ok
    missing = socket(path_of(claimed), await aclient(member), origin=None)
    connected_ok, _ = await missing.connect()
    assert not connected_ok


async def test_a_counsellor_who_does_not_have_the_chat_cannot_write(claimed, member):
    other = await sync_to_async(make_user)("cf_other", "counsellor")
    staff = await connected(path_of(claimed), await aclient(other))
    await send(staff, "x1", "Bonjour")
    error = await staff.receive_json_from(timeout=3)
    assert error["type"] == "error"
    assert error["code"] == "not_yours"
    assert error["client_id"] == "x1"
    assert error["message"] == "Cette conversation est maintenant avec un autre conseiller."
    assert await sync_to_async(Message.objects.count)() == 0
    await staff.disconnect()


async def test_oversize_flood_empty_and_unreadable_frames_get_clear_errors(
    claimed, member, settings
):
    settings.CHAT_RATE_MESSAGES = 3
    settings.CHAT_RATE_SECONDS = 3600  # a fixed window must not roll over during the test
    young = await connected(path_of(claimed), await aclient(member))
    await send(young, "big", "x" * (settings.CHAT_MESSAGE_MAX_CHARS + 1))
    error = await young.receive_json_from(timeout=3)
    assert error["code"] == "too_long"
    assert "2000" in error["message"]
    await young.send_to(text_data="y" * 50_000)
    assert (await young.receive_json_from(timeout=3))["code"] == "too_long"
    await young.send_to(text_data="{not json")
    assert (await young.receive_json_from(timeout=3))["code"] == "bad_request"
    await send(young, "empty", "   ")
    assert (await young.receive_json_from(timeout=3))["code"] == "empty"
    await send(young, "bad id with spaces", "Bonjour")
    assert (await young.receive_json_from(timeout=3))["code"] == "bad_request"
    await young.send_json_to({"type": "dance"})
    assert (await young.receive_json_from(timeout=3))["code"] == "bad_request"
    codes = []
    for n in range(5):
        await send(young, f"f{n}", f"Message {n}")
        frame = await young.receive_json_from(timeout=3)
        if frame["type"] == "ack":
            await young.receive_json_from(timeout=3)  # its broadcast
        codes.append(frame.get("code", frame["type"]))
    assert codes == ["ack", "ack", "ack", "rate_limited", "rate_limited"]
    assert await sync_to_async(Message.objects.count)() == 3
    await young.disconnect()


async def test_a_flood_of_replay_and_typing_frames_is_refused_and_the_socket_stays_usable(
    claimed, member, counsellor, settings
):
    count, _ = settings.CYBERSQUAD_RATE_LIMITS["socket_frame"]
    # A window of an hour: it must not roll over during the test.
    settings.CYBERSQUAD_RATE_LIMITS = {
        **settings.CYBERSQUAD_RATE_LIMITS,
        "socket_frame": (count, 3600),
    }
    await sync_to_async(services.conversation_send)(
        claimed.pk, user=counsellor, visitor_ids=set(), client_id="hello", body="Je t'écoute."
    )
    young = await connected(path_of(claimed), await aclient(member))
    for _ in range(count):
        await young.send_json_to({"type": "replay", "after": 0})
        assert (await young.receive_json_from(timeout=3))["type"] == "message"
        assert (await young.receive_json_from(timeout=3))["type"] == "synced"
    for frame in ({"type": "replay", "after": 0}, {"type": "typing"}, {"type": "dance"}):
        await young.send_json_to(frame)
        error = await young.receive_json_from(timeout=3)
        assert error["type"] == "error"
        assert error["code"] == "slow_down"
        assert "Attends une minute" in error["message"]
    assert await young.receive_nothing(timeout=0.2)
    # Messages still go through, and other sockets keep their own count.
    await send(young, "still-here", "Tu es toujours là ?")
    assert (await young.receive_json_from(timeout=3))["type"] == "ack"
    assert (await young.receive_json_from(timeout=3))["type"] == "message"
    staff = await connected(path_of(claimed), await aclient(counsellor))
    await staff.send_json_to({"type": "replay", "after": 0})
    assert [(await staff.receive_json_from(timeout=3))["type"] for _ in range(3)] == [
        "message",
        "message",
        "synced",
    ]
    await young.disconnect()
    await staff.disconnect()


async def test_errors_are_in_the_language_of_the_page(claimed, other_member):
    await sync_to_async(Conversation.objects.filter(pk=claimed.pk).update)(member=other_member)
    young = await connected(
        f"/ws/chat/conversations/{claimed.pk}/?lang=nl", await aclient(other_member)
    )
    await send(young, "e1", "")
    assert (await young.receive_json_from(timeout=3))["message"] == "Schrijf eerst iets."
    await young.disconnect()


async def test_a_closed_conversation_takes_no_more_messages(claimed, member, counsellor):
    await sync_to_async(services.conversation_close)(
        claimed, by=counsellor, outcome="listened", referral="none"
    )
    young = await connected(path_of(claimed), await aclient(member))
    await send(young, "late", "Encore une chose")
    assert (await young.receive_json_from(timeout=3))["code"] == "closed"
    assert await sync_to_async(Message.objects.count)() == 0
    await young.disconnect()


async def test_when_storing_fails_nothing_is_broadcast_and_a_resend_works(
    claimed, member, counsellor, monkeypatch
):
    young = await connected(path_of(claimed), await aclient(member))
    staff = await connected(path_of(claimed), await aclient(counsellor))
    original = services._store

    def broken(*args, **kwargs):
        raise DatabaseError("database is down")

    monkeypatch.setattr(services, "_store", broken)
    await send(young, "r1", "Tu es là ?")
    error = await young.receive_json_from(timeout=3)
    assert error["code"] == "unavailable"
    assert error["client_id"] == "r1"
    assert await staff.receive_nothing(timeout=0.3)
    assert await sync_to_async(Message.objects.count)() == 0
    monkeypatch.setattr(services, "_store", original)
    await send(young, "r1", "Tu es là ?")
    assert (await young.receive_json_from(timeout=3))["type"] == "ack"
    assert (await staff.receive_json_from(timeout=3))["html"] == "<p>Tu es là ?</p>"
    await young.disconnect()
    await staff.disconnect()


async def test_signing_out_and_losing_the_chat_close_the_socket(claimed, member, counsellor):
    young = await connected(path_of(claimed), await aclient(member))
    staff = await connected(path_of(claimed), await aclient(counsellor))
    await sync_to_async(send_now)(user_group(member.pk), {"type": "session.end"})
    assert await young.receive_output(timeout=3) == {"type": "websocket.close", "code": 4401}
    colleague = await sync_to_async(make_user)("cf_colleague", "counsellor")
    await sync_to_async(services.shift_start)(colleague)
    await sync_to_async(services.conversation_transfer)(claimed, by=counsellor, to=colleague)
    output = await staff.receive_output(timeout=3)
    while output.get("type") == "websocket.send":  # the status frame comes first
        output = await staff.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": 4403}


async def test_counsellors_who_open_a_conversation_are_audited_others_are_refused_and_logged(
    claimed, counsellor, other_member
):
    from moderation.models import AuditRecord

    staff = await connected(path_of(claimed), await aclient(counsellor))
    views = AuditRecord.objects.filter(action="conversation.view", actor_id=counsellor.pk)
    assert await sync_to_async(views.count)() == 1
    refused = socket(path_of(claimed), await aclient(other_member))
    assert await close_code(refused) == 4403
    denied = AuditRecord.objects.filter(action="access.denied", actor_id=other_member.pk)
    assert await sync_to_async(denied.count)() == 1
    await staff.disconnect()


async def test_a_counsellor_only_reading_a_chat_does_not_show_as_typing(claimed, member):
    reader = await sync_to_async(make_user)("cf_reader", "counsellor")
    young = await connected(path_of(claimed), await aclient(member))
    staff = await connected(path_of(claimed), await aclient(reader))
    await staff.send_json_to({"type": "typing"})
    assert await young.receive_nothing(timeout=0.5)
    await young.disconnect()
    await staff.disconnect()
