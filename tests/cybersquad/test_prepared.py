"""Queries compiled once per process (cybersquad/prepared.py) give what the queryset gives, for
every value they are called with, and go through Django's cursor (counted, logged)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from cybersquad.models import User
from cybersquad.prepared import Prepared
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
    prepared = Prepared(topics, 2)
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
    prepared = Prepared(lambda pk: User.objects.filter(pk=pk), 1)
    other = make_user("third")
    with CaptureQueriesContext(connection) as queries:
        assert [u.username for u in prepared(member.pk)] == [member.username]
        assert [u.username for u in prepared(other.pk)] == ["third"]
    assert len(queries) == 2
    assert str(other.pk) in queries[1]["sql"] or other.pk in queries[1].get("params", ())


@pytest.mark.django_db
def test_only_ids_are_accepted():
    with pytest.raises(TypeError):
        Prepared(lambda pk: User.objects.filter(pk=pk), 1)("1")  # type: ignore[arg-type]
    # A value the field changes on its way (a name, made a string) cannot be found again.
    with pytest.raises(ValueError, match="as it is"):
        Prepared(lambda name: User.objects.filter(username=name), 1)(1)
    # An argument that never reaches the SQL is refused too.
    with pytest.raises(ValueError, match="as it is"):
        Prepared(lambda pk: User.objects.all(), 1)(1)


@pytest.mark.django_db
def test_a_changed_setting_compiles_again(topic, member, settings):
    prepared = Prepared(lambda pk: User.objects.filter(pk=pk), 1)
    prepared(member.pk)
    assert prepared._compiled
    settings.TIME_ZONE = "UTC"
    assert not prepared._compiled
    assert [u.pk for u in prepared(member.pk)] == [member.pk]
