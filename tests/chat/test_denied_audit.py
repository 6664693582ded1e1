"""Nobody but staff can grow the audit trail without bound (issue 8, item 19; review finding
13): a refused attempt on an object is written once per hour for each visitor's address and
each member's account; every attempt by staff is kept."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from moderation.models import AuditRecord
from tests.chat.conftest import close_code, socket
from tests.conftest import client_for, make_user

DENIED = AuditRecord.objects.filter(action="access.denied", target_type="conversation")


@pytest.mark.django_db
def test_a_hundred_refused_visitor_requests_write_one_row(conversation, visitor, other_member):
    for n in range(100):
        url = conversation.get_absolute_url() if n % 2 else f"/fr/chat/{conversation.pk}/status/"
        assert visitor.get(url, REMOTE_ADDR="203.0.113.9").status_code == 404
    assert DENIED.count() == 1
    record = DENIED.get()
    assert (record.actor_id, record.actor_name, record.target_id) == (
        None,
        "visitor",
        str(conversation.pk),
    )
    # Another address is another client; the address itself is never stored.
    visitor.get(conversation.get_absolute_url(), REMOTE_ADDR="198.51.100.4")
    assert DENIED.count() == 2
    assert not AuditRecord.objects.filter(reason__contains="203.0.113").exists()


@pytest.mark.django_db
def test_a_member_writes_one_row_per_object_and_hour_and_staff_every_attempt(
    conversation, other_member, moderator, settings
):
    member_client = client_for(other_member)
    for n in range(100):
        url = conversation.get_absolute_url() if n % 2 else f"/fr/chat/{conversation.pk}/status/"
        assert member_client.get(url).status_code == 404
    assert list(DENIED.values_list("actor_id", "actor_name", "target_id")) == [
        (other_member.pk, other_member.username, str(conversation.pk))
    ]
    # Another account is another row.
    other = make_user("noor")
    client_for(other).get(conversation.get_absolute_url())
    assert DENIED.filter(actor_id=other.pk).count() == 1
    # A moderator who is not a counsellor has no business in help chats: each try shows.
    staff_client = client_for(moderator)
    for _ in range(3):
        assert staff_client.get(conversation.get_absolute_url()).status_code == 404
    assert DENIED.filter(actor_id=moderator.pk).count() == 3


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_refused_visitor_sockets_write_one_row_per_address(conversation):
    for _ in range(5):
        refused = socket(f"/ws/chat/conversations/{conversation.pk}/")
        # A member's conversation, nobody signed in: refused with "sign in again" (4401).
        assert await close_code(refused) == 4401
    assert await sync_to_async(DENIED.count)() == 1
