"""A member's topic page from a kept frame (forum/views.py, _member_page): everything but the
posts is kept for everyone who shares what it shows, with the member's CSRF token, address,
id, name, unread count and posts put in its slots. The page is byte for byte the one rendered
afresh, for every kind of reader and state, and nothing one member sees as theirs reaches
another."""

from __future__ import annotations

import pickle
import re

import pytest
from django.core.cache import cache
from django.db.models import F
from django.shortcuts import render

from forum import services, views
from forum.models import Notification, PostStatus, Subscription, Topic
from tests.conftest import client_for, make_user


@pytest.fixture
def locmem(settings):
    """The cache in this process's memory, so a test can read what was stored in it."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def kept_frames() -> dict[str, list[str]]:
    return {
        key: pickle.loads(value)  # noqa: S301 - our own cache, this process
        for key, value in cache._cache.items()  # type: ignore[attr-defined]
        if ":topic-frame:" in key
    }


def unmasked(html: str) -> str:
    """CSRF tokens are masked afresh on every page: compare pages without them."""
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", html)


def get(client, topic, query: str = "", language: str = "fr") -> str:
    response = client.get(f"/{language}/topics/{topic.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def fresh(client, topic, monkeypatch, **kwargs) -> str:
    """The page as the template renders it on every request, without the kept frame."""
    with monkeypatch.context() as patch:
        patch.setattr(
            views,
            "_member_page",
            lambda request, topic, context: render(request, "forum/topic_detail.html", context),
        )
        return get(client, topic, **kwargs)


def assert_same_as_fresh(client, topic, monkeypatch, **kwargs) -> str:
    expected = unmasked(fresh(client, topic, monkeypatch, **kwargs))
    # Once made (the frame is kept), once from the kept frame.
    assert unmasked(get(client, topic, **kwargs)) == expected
    html = get(client, topic, **kwargs)
    assert unmasked(html) == expected
    return html


@pytest.fixture
def reply(topic, other_member):
    return services.reply_create(topic, author=other_member, body="Parles-en à un adulte.")


def bump(topic: Topic, **fields) -> None:
    """Change the topic as the services do: its version moves with it."""
    Topic.objects.filter(pk=topic.pk).update(version=F("version") + 1, **fields)


READERS = ["member", "other_member", "moderator", "counsellor", "coordinator"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", READERS)
def test_the_page_from_the_kept_frame_is_the_page_rendered_afresh(
    locmem, request, monkeypatch, topic, reply, who
):
    reader = request.getfixturevalue(who)
    client = client_for(reader)
    html = assert_same_as_fresh(client, topic, monkeypatch)
    assert f"({reader.username})" in html and f'data-reader="{reader.pk}"' in html
    assert_same_as_fresh(client, topic, monkeypatch, language="nl")
    assert_same_as_fresh(client, topic, monkeypatch, query="?page=1&x=%3Cb%3E")
    follows = Subscription.objects.filter(topic=topic, user=reader).exists()
    following = f'name="subscribed" value="{0 if follows else 1}"'
    assert following in html
    services.subscription_set(topic, user=reader, subscribed=not follows)
    html = assert_same_as_fresh(client, topic, monkeypatch)
    assert following not in html
    assert kept_frames()


@pytest.mark.django_db
def test_a_held_or_deleted_topic_is_the_page_rendered_afresh(
    locmem, monkeypatch, topic, reply, member, other_member
):
    bump(topic, status=PostStatus.HELD)
    asker = assert_same_as_fresh(client_for(member), topic, monkeypatch)
    assert "Ta question attend" in asker
    bump(topic, status=PostStatus.REMOVED)
    for reader in (member, other_member):
        html = assert_same_as_fresh(client_for(reader), topic, monkeypatch)
        assert "(question supprimée par son auteur)" in html


@pytest.mark.django_db
def test_the_unread_count_and_a_name_to_escape_are_each_members_own(
    locmem, monkeypatch, topic, reply
):
    odd, third = make_user("x<b>&'y"), make_user("third")
    for _ in range(3):
        Notification.objects.create(recipient=odd, kind=Notification.Kind.DECISION, link="/")
    odd_client, third_client = client_for(odd), client_for(third)
    html = assert_same_as_fresh(odd_client, topic, monkeypatch)
    assert "(x&lt;b&gt;&amp;&#x27;y)" in html
    assert '<span class="badge" id="unread-count" aria-live="polite">3</span>' in html
    # The third member shares the odd one's frame (same roles, same state), with their own
    # values in it.
    [(_key, parts)] = kept_frames().items()
    frame = "".join(parts)
    assert "x&lt;b&gt;" not in frame and f'data-reader="{odd.pk}"' not in frame
    mine = get(third_client, topic)
    assert len(kept_frames()) == 1
    assert "(third)" in mine and f'data-reader="{third.pk}"' in mine
    assert "x&lt;b&gt;" not in mine and f'data-reader="{odd.pk}"' not in mine
    assert '<span class="badge" id="unread-count" aria-live="polite"></span>' in mine
    assert unmasked(mine) == unmasked(fresh(third_client, topic, monkeypatch))


@pytest.mark.django_db
def test_reading_the_topic_marks_its_notifications_read_and_counts_the_rest(
    locmem, monkeypatch, topic, reply, member
):
    Notification.objects.create(recipient=member, topic=topic, post=reply)
    Notification.objects.create(recipient=member, kind=Notification.Kind.DECISION, link="/")
    html = get(client_for(member), topic)
    assert '<span class="badge" id="unread-count" aria-live="polite">1</span>' in html
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 1
    assert_same_as_fresh(client_for(member), topic, monkeypatch)


@pytest.mark.django_db
def test_a_members_message_is_shown_on_a_page_rendered_for_them(locmem, topic, reply, member):
    client = client_for(member)
    response = client.post(f"/fr/topics/{topic.pk}/subscribe/", {"subscribed": "1"}, follow=True)
    assert response.status_code == 200
    assert b'class="messages"' in response.content
    assert not kept_frames()
    assert 'class="messages"' not in get(client, topic)
    assert kept_frames()
