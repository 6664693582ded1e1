"""Queries compiled once per process (cybersquad/prepared.py) give what the queryset gives, for
every value they are called with, and go through Django's cursor (counted, logged)."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cybersquad.models import User
from cybersquad.prepared import Prepared
from cybersquad.sessions import SessionStore
from forum import services
from forum.models import Subscription, Topic
from tests.conftest import make_user


def topics(pk: int, user_id: int):
    return (
        Topic.objects.select_related("theme")
        .defer("search_document")
        .annotate(
            subscribed=Exists(Subscription.objects.filter(topic=OuterRef("pk"), user=user_id)),
            post_count=Count("posts"),
        )
        .filter(pk=pk)
    )


def fields(obj) -> dict:
    return {k: v for k, v in obj.__dict__.items() if not k.startswith("_")}


@pytest.mark.django_db
def test_the_instances_are_the_querysets_for_every_value(topic, member, other_member):
    services.reply_create(topic, author=other_member, body="Parles-en à un adulte.")
    second = services.topic_create(
        other_member, theme=topic.theme, title="Une autre question", body="Et ceci ?", language="fr"
    )
    prepared = Prepared(topics, int, int)
    for pk in (topic.pk, second.pk, second.pk + 1000):
        for user in (member, other_member):
            expected = list(topics(pk, user.pk))
            got = prepared(pk, user.pk)
            assert [fields(o) for o in got] == [fields(o) for o in expected]
            assert [fields(o.theme) for o in got] == [fields(o.theme) for o in expected]
            # Deferred as in the queryset, loaded when asked for.
            assert all("search_document" in o.get_deferred_fields() for o in got)
    [mine] = prepared(topic.pk, member.pk)
    assert mine.subscribed and mine.post_count == 2
    assert isinstance(mine.created_at, datetime.datetime) and mine.created_at.tzinfo
    [theirs] = prepared(second.pk, member.pk)
    assert not theirs.subscribed and theirs.post_count == 1
    assert prepared(second.pk + 1000, member.pk) == []


@pytest.mark.django_db
def test_each_call_is_one_query_through_djangos_cursor(topic, member):
    prepared = Prepared(lambda pk: User.objects.filter(pk=pk), int)
    other = make_user("third")
    by_name = Prepared(lambda name: User.objects.filter(username=name), str)
    with CaptureQueriesContext(connection) as queries:
        assert [u.username for u in prepared(member.pk)] == [member.username]
        assert [u.username for u in prepared(other.pk)] == ["third"]
        assert [u.pk for u in by_name("third")] == [other.pk]
        assert by_name("thir") == []
    assert len(queries) == 4
    assert f'"id" = {other.pk}' in queries[1]["sql"]
    assert "'thir'" in queries[3]["sql"]


@pytest.mark.django_db
def test_only_values_passed_as_they_are_are_accepted():
    with pytest.raises(TypeError):
        Prepared(lambda pk: User.objects.filter(pk=pk), int)("1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Prepared(lambda pk: User.objects.filter(pk=pk), int)(True)
    # A value the field changes on its way (an id given as a string, a pattern for LIKE)
    # cannot be found again.
    with pytest.raises(ValueError):
        Prepared(lambda pk: User.objects.filter(pk=pk), str)("1")
    with pytest.raises(ValueError, match="as it is"):
        Prepared(lambda name: User.objects.filter(username__contains=name), str)("a")
    # An argument that never reaches the SQL is refused too.
    with pytest.raises(ValueError, match="as it is"):
        Prepared(lambda pk: User.objects.all(), int)(1)


@pytest.mark.django_db
def test_a_changed_setting_compiles_again(topic, member, settings):
    prepared = Prepared(lambda pk: User.objects.filter(pk=pk), int)
    prepared(member.pk)
    assert prepared._compiled
    settings.TIME_ZONE = "UTC"
    assert not prepared._compiled
    assert [u.pk for u in prepared(member.pk)] == [member.pk]


@pytest.mark.django_db
def test_a_session_is_found_until_it_expires_or_is_deleted(member, monkeypatch):
    store = SessionStore()
    store["marker"] = "kept"
    store.set_expiry(600)
    store.save()
    key = store.session_key
    assert SessionStore(key).load() == {"marker": "kept", "_session_expiry": 600}
    assert SessionStore("nonexistent-key-123").load() == {}
    now = timezone.now()
    with monkeypatch.context() as clock:
        clock.setattr(timezone, "now", lambda: now + datetime.timedelta(seconds=601))
        expired = SessionStore(key)
        assert expired.load() == {} and expired.session_key is None
    assert SessionStore(key).load()["marker"] == "kept"
    Session.objects.filter(session_key=key).delete()
    assert SessionStore(key).load() == {}


def test_the_sessions_are_ours():
    assert settings.SESSION_ENGINE == "cybersquad.sessions"
