"""A message looks the same whether the page loaded it or it arrived live: the `element` of a
`message` frame is the page's own `<li>` for that message, for each kind of viewer."""

from __future__ import annotations

import datetime
import re

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from chat.models import Conversation, Message, Room
from tests.chat.conftest import aclient, connected

pytestmark = [pytest.mark.django_db(transaction=True)]

XSS = 'Regarde <script>alert("x")</script> <img src=x onerror=alert(1)>'


def conversation_socket(conv: Conversation, lang: str = "fr", after_seq: int | None = None) -> str:
    query = f"?lang={lang}" + (f"&after_seq={after_seq}" if after_seq is not None else "")
    return f"/ws/chat/conversations/{conv.pk}/{query}"


def room_socket(room: Room, lang: str) -> str:
    return f"/ws/chat/rooms/{room.pk}/?lang={lang}"


async def next_message(communicator) -> dict:
    while True:
        frame = await communicator.receive_json_from(timeout=3)
        if frame["type"] == "message":
            return frame


async def say(communicator, client_id: str, body: str) -> dict:
    await communicator.send_json_to({"type": "send", "client_id": client_id, "body": body})
    return await next_message(communicator)


@sync_to_async
def page_item(user, url: str, message_id: int) -> str:
    """The message's `<li>` in the page as the server renders it for `user`."""
    from tests.conftest import client_for

    html = client_for(user).get(url).content.decode()
    found = re.search(rf'<li class="chat-message[^"]*" data-id="{message_id}".*?</li>', html, re.S)
    assert found, f"message {message_id} is not on {url}"
    return found.group(0)


@sync_to_async
def url_in(lang: str, place) -> str:
    with translation.override(lang):
        return place.get_absolute_url()


@sync_to_async
def workspace_url_in(lang: str, conv: Conversation) -> str:
    with translation.override(lang):
        return conv.get_workspace_url()


@pytest.mark.asyncio
async def test_a_live_message_is_the_young_persons_page_item(claimed, member, counsellor):
    young = await connected(conversation_socket(claimed), await aclient(member))
    staff = await connected(conversation_socket(claimed), await aclient(counsellor))
    await say(staff, "c-1", "Je suis là. Tu veux m'en dire plus ?")
    live = await next_message(young)
    assert live["element"] == await page_item(member, await url_in("fr", claimed), live["id"])
    await young.disconnect()
    await staff.disconnect()


@pytest.mark.asyncio
async def test_a_live_message_is_the_counsellors_page_item_in_their_language(
    claimed, member, counsellor
):
    young = await connected(conversation_socket(claimed), await aclient(member))
    staff = await connected(conversation_socket(claimed, "nl"), await aclient(counsellor))
    await say(young, "c-1", "Il a mes photos.")
    live = await next_message(staff)
    page = await page_item(counsellor, await workspace_url_in("nl", claimed), live["id"])
    assert live["element"] == page
    await young.disconnect()
    await staff.disconnect()


@pytest.mark.asyncio
async def test_ones_own_live_message_is_ones_own_page_item(claimed, member):
    young = await connected(conversation_socket(claimed), await aclient(member))
    own = await say(young, "c-1", "Il a mes photos.")
    assert own["element"] == await page_item(member, await url_in("fr", claimed), own["id"])
    await young.disconnect()


@pytest.mark.asyncio
async def test_a_replayed_message_is_the_page_item(claimed, member, counsellor):
    staff = await connected(conversation_socket(claimed), await aclient(counsellor))
    await say(staff, "c-1", "Bonjour, je suis là.")
    await staff.disconnect()
    young = await connected(conversation_socket(claimed, after_seq=0), await aclient(member))
    replayed = await next_message(young)
    page = await page_item(member, await url_in("fr", claimed), replayed["id"])
    assert replayed["element"] == page
    await young.disconnect()


@pytest.mark.asyncio
async def test_a_room_message_is_each_viewers_page_item(room, member, other_member, moderator):
    writer = await connected(room_socket(room, "fr"), await aclient(member))
    reader = await connected(room_socket(room, "nl"), await aclient(other_member))
    watcher = await connected(room_socket(room, "nl"), await aclient(moderator))
    own = await say(writer, "r-1", "Salut tout le monde")
    as_member = await next_message(reader)
    as_moderator = await next_message(watcher)
    room_fr, room_nl = await url_in("fr", room), await url_in("nl", room)
    assert own["element"] == await page_item(member, room_fr, own["id"])
    assert as_member["element"] == await page_item(other_member, room_nl, own["id"])
    assert as_moderator["element"] == await page_item(moderator, room_nl, own["id"])
    for communicator in (writer, reader, watcher):
        await communicator.disconnect()


@pytest.mark.asyncio
async def test_the_moderators_element_has_hide_and_sanction(room, member, moderator):
    writer = await connected(room_socket(room, "fr"), await aclient(member))
    watcher = await connected(room_socket(room, "fr"), await aclient(moderator))
    sent = await say(writer, "r-1", "Salut")
    element = (await next_message(watcher))["element"]
    assert f'data-hide="{sent["id"]}"' in element
    assert f"/members/{member.username}/" in element
    await writer.disconnect()
    await watcher.disconnect()


@pytest.mark.asyncio
async def test_a_members_element_reports_others_messages_not_their_own(room, member, other_member):
    writer = await connected(room_socket(room, "fr"), await aclient(member))
    reader = await connected(room_socket(room, "fr"), await aclient(other_member))
    own = await say(writer, "r-1", "Salut")
    theirs = await next_message(reader)
    assert "/report/message/" not in own["element"]
    assert f"/report/message/{own['id']}/" in theirs["element"]
    await writer.disconnect()
    await reader.disconnect()


@pytest.mark.asyncio
async def test_markup_in_a_message_arrives_escaped_in_its_element(claimed, member, counsellor):
    young = await connected(conversation_socket(claimed), await aclient(member))
    staff = await connected(conversation_socket(claimed), await aclient(counsellor))
    await say(young, "c-1", XSS)
    element = (await next_message(staff))["element"]
    assert "<script" not in element
    assert "<img" not in element
    assert "&lt;script&gt;" in element
    await young.disconnect()
    await staff.disconnect()


@pytest.mark.asyncio
async def test_the_frame_keeps_its_documented_fields(claimed, member, counsellor):
    young = await connected(conversation_socket(claimed), await aclient(member))
    own = await say(young, "c-1", "Bonjour")
    documented = {"type", "id", "seq", "client_id", "role", "author", "avatar", "html"}
    assert documented | {"created_at", "mine", "element"} <= set(own)
    await young.disconnect()


def test_a_broadcast_carries_every_variant_of_its_message(
    claimed, member, broadcasts, django_capture_on_commit_callbacks
):
    from chat import services

    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_send(
            claimed.pk, user=member, visitor_ids=set(), client_id="c-1", body="Bonjour"
        )
    event = next(e for _, e in broadcasts if e["type"] == "chat.message")
    assert sorted(event["elements"]) == sorted(
        f"{viewer}:{lang}:{mine}"
        for viewer in (Message.Role.YOUNG, Message.Role.COUNSELLOR)
        for lang in ("fr", "nl")
        for mine in ("mine", "other")
    )


@pytest.mark.asyncio
async def test_a_broadcast_without_elements_gets_its_element_from_the_socket(
    claimed, member, counsellor
):
    """An event from a process that does not render elements yet (during a deploy)."""
    from channels.layers import get_channel_layer

    from chat import services
    from cybersquad.groups import conversation_group

    young = await connected(conversation_socket(claimed), await aclient(member))
    staff = await connected(conversation_socket(claimed), await aclient(counsellor))
    sent = await say(staff, "c-1", "Je suis là.")
    await next_message(young)
    payload = await sync_to_async(
        lambda: services.message_payload(Message.objects.get(pk=sent["id"]))
    )()
    await get_channel_layer().group_send(
        conversation_group(claimed.pk), {"type": "chat.message", "message": payload}
    )
    again = await next_message(young)
    assert again["element"] == await page_item(member, await url_in("fr", claimed), sent["id"])
    await young.disconnect()
    await staff.disconnect()


def test_the_outbox_sweep_sends_a_room_message_with_its_elements(room, member, broadcasts):
    from chat import services

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("cybersquad.broadcast.send_now", lambda group, event: False)
        for n in range(3):
            services.room_send(
                room.pk, user=member, client_id=f"r{n}", body=f"Salut {n}", language="fr"
            )
    # Their back-off over, one read for the messages with their room (then one outbox
    # marker written per message).
    later = timezone.now() + datetime.timedelta(hours=1)
    with CaptureQueriesContext(connection) as queries:
        services.messages_broadcast_pending(older_than=0, now=later)
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 1
    moderators = [e["elements"]["moderator:nl:other"] for _, e in broadcasts]
    assert len(moderators) == 3
    assert all(f"/members/{member.username}/" in element for element in moderators)
