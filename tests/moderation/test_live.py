"""The live moderation queue: who may listen, and what they hear."""

from __future__ import annotations

import threading

import pytest
from asgiref.sync import sync_to_async
from django.db import connection

from cybersquad.models import Role
from forum import services as forum_services
from moderation import services
from moderation.models import QueueItem
from tests.chat.conftest import aclient, close_code, socket
from tests.conftest import make_user
from tests.moderation.test_policy import GROOMING_FR, SELF_HARM_FR


async def connect(path, user):
    """Through the real ASGI stack, with the user's session cookie (sockets check it)."""
    communicator = socket(path, await aclient(user))
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_moderators_hear_of_new_items_without_content(topic, moderator, other_member):
    communicator, connected, _ = await connect("/ws/moderation/queue/", moderator)
    assert connected
    await sync_to_async(forum_services.reply_create)(topic, author=other_member, body=GROOMING_FR)
    event = await communicator.receive_json_from(timeout=3)
    assert event == {"type": "changed", "change": "added"}
    await communicator.send_json_to({"type": "claim"})
    assert (await communicator.receive_json_from())["type"] == "error"
    await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", [Role.MEMBER, Role.COUNSELLOR])
async def test_others_cannot_listen_to_the_queue(role):
    user = await sync_to_async(make_user)(f"listener_{role}", role)
    assert await close_code(socket("/ws/moderation/queue/", await aclient(user))) == 4403


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_counsellors_hear_of_new_cases(topic, member, counsellor, moderator):
    communicator, connected, _ = await connect("/ws/counselling/", counsellor)
    assert connected
    await sync_to_async(forum_services.reply_create)(topic, author=member, body=SELF_HARM_FR)
    assert (await communicator.receive_json_from(timeout=3))["type"] == "changed"
    assert await close_code(socket("/ws/counselling/", await aclient(moderator))) == 4403
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_on_postgres_give_the_item_to_one(postgres, topic, other_member):
    forum_services.reply_create(topic, author=other_member, body=GROOMING_FR)
    item = QueueItem.objects.get()
    moderators = [make_user(f"mod_{i}", Role.MODERATOR) for i in range(8)]
    barrier = threading.Barrier(len(moderators))
    results = []

    def claim(moderator):
        try:
            barrier.wait()
            results.append(services.queue_claim(QueueItem.objects.get(pk=item.pk), by=moderator))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(m,)) for m in moderators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]
    item.refresh_from_db()
    assert item.claimed_by in moderators
