"""Scheduled work in one place (issue 11, item 4): `manage.py tick` returns unanswered chats to
the queue, closes unattended rooms and runs the retention hourly; page views do none of it;
a bad CHAT_OPENING_HOURS stops the start-up."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from chat.models import Conversation, Room
from composition import periodic
from cybersquad.groups import room_group
from moderation.models import AuditRecord
from tests.conftest import client_for
from tests.cybersquad.test_settings import run_django

pytestmark = pytest.mark.django_db


def _stale(claimed: Conversation, settings) -> None:
    settings.CHAT_CLAIM_TIMEOUT_SECONDS = 60
    Conversation.objects.filter(pk=claimed.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(seconds=120)
    )


def test_a_page_view_returns_nothing_to_the_queue(claimed, counsellor, member, settings):
    _stale(claimed, settings)
    assert client_for(counsellor).get(reverse("chat:workspace")).status_code == 200
    assert client_for(member).get(claimed.get_absolute_url()).status_code == 200
    claimed.refresh_from_db()
    assert claimed.status == Conversation.Status.ACTIVE


def test_tick_returns_an_unanswered_chat_to_the_queue(claimed, settings):
    _stale(claimed, settings)
    out = StringIO()
    call_command("tick", stdout=out)
    claimed.refresh_from_db()
    assert claimed.status == Conversation.Status.WAITING
    assert claimed.counsellor is None
    assert "1 chat(s) returned to the queue" in out.getvalue()


def test_tick_closes_a_room_whose_moderator_left_without_leaving(
    room, broadcasts, django_capture_on_commit_callbacks
):
    assert room.is_open()
    Room.objects.filter(pk=room.pk).update(
        moderator_seen_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = periodic.tick(retention=False)
    assert done.rooms_closed == 1
    room.refresh_from_db()
    assert room.moderator is None
    assert (room_group(room.pk), {"type": "chat.room_state"}) in broadcasts
    assert AuditRecord.objects.filter(action="room.close", reason="moderator gone").exists()


def test_tick_leaves_a_moderated_room_in_its_hours_open(room):
    assert periodic.tick(retention=False).rooms_closed == 0
    room.refresh_from_db()
    assert room.moderator is not None


def test_tick_closes_a_room_past_its_hours(room):
    Room.objects.filter(pk=room.pk).update(days="")  # no day of the week is one of its days
    assert periodic.tick(retention=False).rooms_closed == 1
    room.refresh_from_db()
    assert room.moderator is None


def test_the_retention_runs_once_an_hour(claimed, settings):
    cache.clear()
    assert periodic.tick().retention is not None
    assert periodic.tick().retention is None
    assert periodic.tick(retention=True).retention is not None


def test_a_bad_opening_hours_setting_stops_the_start_up():
    result = run_django(["check"], {"CHAT_OPENING_HOURS": "mon-fri 10h to 22h"})
    assert result.returncode != 0
    assert "CHAT_OPENING_HOURS" in result.stderr
