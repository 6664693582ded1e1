"""One rule for what staff may do (issue 11, item 3): the role, on an account that is active and
neither suspended nor banned, asked the same way by pages, sockets, figures and the admin."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cybersquad.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _suspend(user: User) -> None:
    User.objects.filter(pk=user.pk).update(
        suspended_until=timezone.now() + datetime.timedelta(days=1)
    )
    user.refresh_from_db()


def test_the_helpers_follow_role_and_standing(member, moderator, counsellor, coordinator):
    assert moderator.can_moderate
    assert not moderator.can_counsel
    assert counsellor.can_counsel
    assert not counsellor.can_moderate
    assert coordinator.can_moderate
    assert coordinator.can_counsel
    assert coordinator.can_coordinate
    assert not (member.can_moderate or member.can_counsel or member.can_coordinate)
    _suspend(coordinator)
    assert not (coordinator.can_moderate or coordinator.can_counsel or coordinator.can_coordinate)
    moderator.is_active = False
    assert not moderator.can_moderate


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("moderator", "moderation:queue"),
        ("counsellor", "chat:workspace"),
        ("coordinator", "figures"),
    ],
)
def test_a_suspended_member_of_staff_is_refused_their_pages(request, persona, page):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(reverse(page)).status_code == 200
    _suspend(user)
    assert client.get(reverse(page)).status_code in (302, 403)


def test_a_suspended_coordinator_is_refused_the_admin(coordinator):
    client = client_for(coordinator)
    assert client.get(reverse("admin:index")).status_code == 200
    _suspend(coordinator)
    assert client.get(reverse("admin:index")).status_code == 302
