"""Not one message lost: an order that cannot be overtaken (sequence numbers), stored means
delivered (the outbox marker and its sweep), no task outliving its socket, close codes a
browser reads."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection, transaction

from chat import services
from chat.consumers import Outbox
from chat.models import Conversation, Message
from cybersquad import sockets
from cybersquad.groups import conversation_group
from tests.chat.conftest import aclient, connected

pytestmark = [pytest.mark.django_db(transaction=True)]


def path_of(conv: Conversation, query: str = "") -> str:
    return f"/ws/chat/conversations/{conv.pk}/?lang=fr{query}"


def counsellor_says(conv: Conversation, counsellor, client_id: str, body: str):
    return services.conversation_send(
        conv.pk, user=counsellor, visitor_ids=set(), client_id=client_id, body=body
    )


def stored_without_broadcast(conv, counsellor, client_id: str, body: str) -> Message:
    """As if the process died between the commit and the broadcast."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "broadcast_on_commit", lambda message: None)
        return counsellor_says(conv, counsellor, client_id, body).message


async def group_channels(group: str) -> set[str]:
    """The channels in a group, from the in-memory layer or from Redis."""
    layer = get_channel_layer()
    if hasattr(layer, "groups"):
        return set(layer.groups.get(group, {}))
    async with layer.connection(layer.consistent_hash(group)) as conn:
        return {c.decode() for c in await conn.zrange(layer._group_key(group), 0, -1)}


async def only_channel(group: str) -> str:
    (channel,) = await group_channels(group)
    return channel


async def frames_until(communicator, kind: str) -> list[dict]:
    frames = []
    while True:
        frame = await communicator.receive_json_from(timeout=5)
        frames.append(frame)
        if frame["type"] == kind:
            return frames


# --- 1. Order -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_messages_are_numbered_in_the_order_they_are_published(claimed, member, counsellor):
    young = await connected(path_of(claimed), await aclient(member))
    await young.send_json_to({"type": "send", "client_id": "y1", "body": "Salut"})
    ack = await young.receive_json_from(timeout=3)
    assert ack["seq"] == 1
    assert (await young.receive_json_from(timeout=3))["seq"] == 1
    await sync_to_async(counsellor_says)(claimed, counsellor, "c1", "Bonjour")
    assert (await young.receive_json_from(timeout=3))["seq"] == 2
    # A resend takes no number: the next message is 3, not 4.
    await young.send_json_to({"type": "send", "client_id": "y1", "body": "Salut"})
    assert (await young.receive_json_from(timeout=3))["duplicate"] is True
    await sync_to_async(counsellor_says)(claimed, counsellor, "c2", "Tu es là ?")
    assert (await young.receive_json_from(timeout=3))["seq"] == 3
    assert await sync_to_async(lambda: Conversation.objects.get().last_seq)() == 3
    await young.disconnect()


@pytest.mark.asyncio
async def test_an_overtaken_message_is_replayed_by_number_after_a_drop(claimed, member, counsellor):
    """Message 1 is stored but its broadcast never arrives (overtaken, then the connection
    dropped); the client saw 2. Replaying after the number it has everything up to (0), not
    after the newest id it saw, brings 1 back."""
    young = await connected(path_of(claimed), await aclient(member))
    first = await sync_to_async(stored_without_broadcast)(claimed, counsellor, "c1", "Un")
    await sync_to_async(counsellor_says)(claimed, counsellor, "c2", "Deux")
    seen = await young.receive_json_from(timeout=3)
    assert seen["seq"] == 2  # a gap: the client asks at once
    await young.send_json_to({"type": "replay", "after_seq": 0})
    frames = await frames_until(young, "synced")
    assert [f["id"] for f in frames if f["type"] == "message"][0] == first.pk
    assert frames[-1]["last_seq"] == 2
    await young.disconnect()
    # After a drop, the page reconnects with after_seq=<contiguous number>.
    back = await connected(path_of(claimed, "&after_seq=0"), await aclient(member))
    frames = await frames_until(back, "synced")
    assert [f["seq"] for f in frames if f["type"] == "message"] == [1, 2]
    await back.disconnect()


@pytest.mark.asyncio
async def test_the_servers_catch_up_starts_at_the_first_hole(claimed, member, counsellor):
    """The socket's own cursor (used when Redis lost its data) is the number up to which it
    delivered everything, not the newest it delivered."""
    young = await connected(path_of(claimed, "&after_seq=0"), await aclient(member))
    assert (await young.receive_json_from(timeout=3))["type"] == "synced"
    await sync_to_async(stored_without_broadcast)(claimed, counsellor, "c1", "Un")
    await sync_to_async(counsellor_says)(claimed, counsellor, "c2", "Deux")
    assert (await young.receive_json_from(timeout=3))["seq"] == 2
    channel = await only_channel(conversation_group(claimed.pk))
    await get_channel_layer().send(channel, {"type": "test.catch_up"})
    frames = await frames_until(young, "synced")
    assert [f["seq"] for f in frames if f["type"] == "message"] == [1, 2]
    await young.disconnect()


@pytest.mark.asyncio
async def test_the_old_id_cursor_still_replays(claimed, member, counsellor):
    sent = [
        (await sync_to_async(counsellor_says)(claimed, counsellor, f"c{n}", f"M{n}")).message
        for n in range(3)
    ]
    young = await connected(path_of(claimed, f"&after={sent[0].pk}"), await aclient(member))
    frames = await frames_until(young, "synced")
    assert [f["id"] for f in frames if f["type"] == "message"] == [m.pk for m in sent[1:]]
    assert frames[-1] == {"type": "synced", "last_seq": 3, "last_id": sent[-1].pk}
    await young.disconnect()


def test_a_number_is_never_committed_before_a_smaller_one(postgres, claimed, counsellor, member):
    """Overtaking forced: the first writer holds its transaction open after taking number 1;
    the second writer waits for it, so it can never commit number 2 first."""
    hold = threading.Event()
    taken = threading.Event()
    results: dict[str, int] = {}

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                result = counsellor_says(claimed, counsellor, "slow", "Lent")
                taken.set()
                hold.wait(10)
            results["slow"] = result.message.seq
        finally:
            connection.close()

    def fast_writer() -> None:
        try:
            results["fast"] = services.conversation_send(
                claimed.pk, user=member, visitor_ids=set(), client_id="fast", body="Rapide"
            ).message.seq
        finally:
            connection.close()

    slow = threading.Thread(target=slow_writer)
    slow.start()
    assert taken.wait(10)
    fast = threading.Thread(target=fast_writer)
    fast.start()
    fast.join(0.5)
    assert fast.is_alive()  # waiting for the first transaction, not overtaking it
    assert not Message.objects.filter(client_id="fast").exists()
    hold.set()
    slow.join(10)
    fast.join(10)
    assert results == {"slow": 1, "fast": 2}


# --- 2. Stored means delivered --------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_resend_broadcasts_a_message_stored_but_never_broadcast(
    claimed, member, counsellor
):
    """The process died between commit and broadcast: the resend gets duplicate: true, and
    the counsellor gets the message now."""
    staff = await connected(path_of(claimed), await aclient(counsellor))

    def young_sends():
        return services.conversation_send(
            claimed.pk, user=member, visitor_ids=set(), client_id="y1", body="Au secours"
        )

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "broadcast_on_commit", lambda message: None)
        stored = (await sync_to_async(young_sends)()).message
    assert await staff.receive_nothing(timeout=0.2)
    assert stored.broadcast_at is None
    young = await connected(path_of(claimed), await aclient(member))
    await young.send_json_to({"type": "send", "client_id": "y1", "body": "Au secours"})
    frames = await frames_until(young, "ack")
    assert frames[-1]["duplicate"] is True
    assert frames[-1]["id"] == stored.pk
    got = await staff.receive_json_from(timeout=3)
    assert got["type"] == "message"
    assert got["id"] == stored.pk
    await sync_to_async(stored.refresh_from_db)()
    assert stored.broadcast_at is not None
    # Marked: a further resend broadcasts nothing more.
    await young.send_json_to({"type": "send", "client_id": "y1", "body": "Au secours"})
    await frames_until(young, "ack")
    assert await staff.receive_nothing(timeout=0.3)
    for communicator in (young, staff):
        await communicator.disconnect()


@pytest.mark.asyncio
async def test_a_failed_broadcast_is_retried_after_its_back_off_and_arrives_once(
    claimed, member, counsellor, settings
):
    # The periodic sweep is far away: only the message's own retry can bring it in time.
    settings.CHAT_OUTBOX_SWEEP_SECONDS = 60
    settings.CHAT_BROADCAST_RETRY_SECONDS = 1
    staff = await connected(path_of(claimed), await aclient(counsellor))
    layer = get_channel_layer()
    real_send = layer.group_send
    failures = []

    async def failing_once(group, event):
        if event["type"] == "chat.message" and not failures:
            failures.append(group)
            raise ConnectionError("Redis went away")
        await real_send(group, event)

    layer.group_send = failing_once
    try:
        sent = await sync_to_async(services.conversation_send)(
            claimed.pk, user=member, visitor_ids=set(), client_id="y1", body="Tu m'entends ?"
        )
        assert failures == [conversation_group(claimed.pk)]
        # No resend, no sweep: the retry of this process sends it after a second.
        got = await staff.receive_json_from(timeout=5)
    finally:
        layer.group_send = real_send
    assert got["type"] == "message"
    assert got["id"] == sent.message.pk
    assert await staff.receive_nothing(timeout=1.5)  # exactly once
    await sync_to_async(sent.message.refresh_from_db)()
    assert sent.message.broadcast_at is not None
    assert sent.message.broadcast_attempts == 1
    await staff.disconnect()


def test_the_back_off_doubles_up_to_its_maximum(settings):
    settings.CHAT_BROADCAST_RETRY_SECONDS = 1
    settings.CHAT_BROADCAST_RETRY_MAX_SECONDS = 6
    delays = [services.broadcast_retry_delay(n) for n in range(1, 6)]
    assert delays == [1, 2, 4, 6, 6]


def test_the_sweep_tries_a_failed_broadcast_again_only_once_its_back_off_is_over(
    claimed, counsellor, monkeypatch, settings
):
    import datetime

    settings.CHAT_BROADCAST_RETRY_SECONDS = 10
    tries: list[int] = []
    layer_up = False

    def send_now(group, event):
        tries.append(event["message"]["id"])
        return layer_up

    monkeypatch.setattr("cybersquad.broadcast.send_now", send_now)
    message = counsellor_says(claimed, counsellor, "c1", "Tu es là ?").message
    message.refresh_from_db()
    assert (message.broadcast_attempts, message.broadcast_at) == (1, None)
    first_due = message.broadcast_retry_at
    early = first_due - datetime.timedelta(seconds=1)
    assert services.messages_broadcast_pending(older_than=0, now=early) == (0, 0)
    assert tries == [message.pk]
    # Due: tried, failed again, and the next try waits twice as long.
    assert services.messages_broadcast_pending(older_than=0, now=first_due) == (0, 1)
    message.refresh_from_db()
    assert message.broadcast_attempts == 2
    assert message.broadcast_retry_at - first_due >= datetime.timedelta(seconds=19)
    layer_up = True
    assert services.messages_broadcast_pending(now=message.broadcast_retry_at) == (1, 0)
    assert tries == [message.pk] * 3
    message.refresh_from_db()
    assert message.broadcast_at is not None
    assert services.messages_broadcast_pending(now=message.broadcast_retry_at) == (0, 0)


def test_the_sweep_sends_only_unmarked_visible_messages(claimed, counsellor, monkeypatch):
    lost = stored_without_broadcast(claimed, counsellor, "c1", "Perdu")
    sent: list[tuple[str, int]] = []

    def layer_takes_it(group: str, event: dict) -> bool:
        sent.append((group, event["message"]["id"]))
        return True

    monkeypatch.setattr("cybersquad.broadcast.send_now", layer_takes_it)
    counsellor_says(claimed, counsellor, "c2", "Envoyé")
    sent.clear()
    assert services.messages_broadcast_pending(older_than=3600) == (0, 0)  # too recent
    assert services.messages_broadcast_pending(older_than=0) == (1, 0)
    assert sent == [(conversation_group(claimed.pk), lost.pk)]
    assert services.messages_broadcast_pending(older_than=0) == (0, 0)  # marked now


# --- 3. No task outlives its socket ---------------------------------------------------------


@pytest.mark.asyncio
async def test_a_consumer_that_raises_leaves_its_groups_and_stops_its_heartbeat(
    claimed, member, settings
):
    settings.CHAT_HEARTBEAT_SECONDS = 1
    before = sockets.live_tasks()
    young = await connected(path_of(claimed), await aclient(member))
    layer = get_channel_layer()
    group = conversation_group(claimed.pk)
    channel = await only_channel(group)
    assert sockets.live_tasks() == before + 1
    await layer.send(channel, {"type": "test.explode"})
    with pytest.raises(RuntimeError, match="boom"):
        await young.wait(timeout=3)
    assert channel not in await group_channels(group)
    assert sockets.live_tasks() == before
    # No heartbeat is left to add the dead channel back.
    assert not any(c.channel_name == channel for c in Outbox.consumers)


@pytest.mark.asyncio
async def test_a_page_gone_while_a_message_was_on_its_way_ends_its_consumer_quietly(
    claimed, member, monkeypatch
):
    """daphne refuses to send on a socket that closed ("Attempt to send on a closed
    protocol"): the consumer ends as if the page had said goodbye, without a traceback."""
    from autobahn.exception import Disconnected

    real = sockets.send_or_stop

    async def daphne_closed_it(send, message):
        async def refused(message):
            raise Disconnected("Attempt to send on a closed protocol")

        await real(refused if message["type"] == "websocket.send" else send, message)

    monkeypatch.setattr(sockets, "send_or_stop", daphne_closed_it)
    young = await connected(path_of(claimed), await aclient(member))
    group = conversation_group(claimed.pk)
    channel = await only_channel(group)
    await get_channel_layer().group_send(group, {"type": "chat.hidden", "id": 1})
    await young.wait(timeout=3)  # ends, and raises nothing
    assert channel not in await group_channels(group)


# --- 6. Frames ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_binary_frame_is_a_bad_request(claimed, member):
    young = await connected(path_of(claimed), await aclient(member))
    await young.send_to(bytes_data=b"\x00\x01")
    frame = await young.receive_json_from(timeout=3)
    assert frame["type"] == "error"
    assert frame["code"] == "bad_request"
    # Even a binary frame longer than any message: bad_request, not too_long.
    await young.send_to(bytes_data=b"\x00" * 100_000)
    frame = await young.receive_json_from(timeout=3)
    assert frame["code"] == "bad_request"
    # The socket stays open: a message still goes through.
    await young.send_json_to({"type": "send", "client_id": "after-binary", "body": "Tu es là ?"})
    frames = await frames_until(young, "ack")
    assert frames[-1]["client_id"] == "after-binary"
    await young.disconnect()


@pytest.fixture(autouse=True)
def _test_handlers(monkeypatch):
    """Events only these tests send: one that makes a consumer raise, one that runs its
    catch-up (what a Redis restart triggers)."""
    from chat.consumers import ChatConsumer

    async def explode(self, event):
        raise RuntimeError("boom")

    async def catch_up(self, event):
        await self.catch_up()

    monkeypatch.setattr(ChatConsumer, "test_explode", explode, raising=False)
    monkeypatch.setattr(ChatConsumer, "test_catch_up", catch_up, raising=False)


# --- 4. Statements per message and per heartbeat --------------------------------------------


class StatementCounter:
    """Every SQL statement run while it is active, from any thread (Channels runs database
    calls on a thread of its own)."""

    def __init__(self, monkeypatch):
        from django.db.backends import utils

        self.statements: list[str] = []
        real = utils.CursorWrapper._execute_with_wrappers

        def counting(cursor, sql, params, many, executor):
            self.statements.append(sql)
            return real(cursor, sql, params, many, executor)

        monkeypatch.setattr(utils.CursorWrapper, "_execute_with_wrappers", counting)


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    return StatementCounter(monkeypatch).statements


def test_statements_per_message_are_pinned(
    claimed, counsellor, member, room, statements, monkeypatch
):
    """Authorise, number, store, the follow-up (an answer notifies the young person), commit,
    then mark the broadcast: pinned so that nothing creeps back in."""
    monkeypatch.setattr("cybersquad.broadcast.send_now", lambda group, event: True)
    counsellor_says(claimed, counsellor, "c1", "Bonjour")
    assert len(statements) <= 14, statements
    statements.clear()
    services.room_send(room.pk, user=member, client_id="r1", body="Salut", language="fr")
    assert len(statements) <= 12, statements


@pytest.mark.asyncio
async def test_a_heartbeat_reads_nothing_from_the_database_when_nothing_changed(
    claimed, member, settings, statements, monkeypatch
):
    from chat.consumers import ConversationConsumer

    settings.CHAT_HEARTBEAT_SECONDS = 1
    settings.CHAT_SESSION_RECHECK_BEATS = 10
    beats = asyncio.Queue()

    async def counted_beat(self):
        await beats.put(len(statements))

    monkeypatch.setattr(ConversationConsumer, "on_beat", counted_beat, raising=False)
    young = await connected(path_of(claimed), await aclient(member))
    first = await asyncio.wait_for(beats.get(), timeout=5)
    second = await asyncio.wait_for(beats.get(), timeout=5)
    assert second == first  # not one statement between two beats
    await young.disconnect()
