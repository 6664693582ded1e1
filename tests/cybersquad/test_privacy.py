"""What must never leak: content into logs, personal pages into caches."""

from __future__ import annotations

import logging

import pytest
from django.db import OperationalError
from django.urls import reverse

from cybersquad.request_log import SingleLineFormatter
from forum.models import Theme
from tests.conftest import client_for

MARKER = "ZX-PRIVATE-MARKER-42"


@pytest.mark.django_db
def test_logs_never_contain_what_members_write(caplog, member, other_member, topic):
    caplog.set_level(logging.DEBUG)
    client = client_for(other_member)
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": f"{MARKER} mon secret"})
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": ""})  # an error path too
    client_for(member).post(
        reverse("forum:topic_new"),
        {"theme": topic.theme.pk, "language": "fr", "title": f"{MARKER} titre", "body": MARKER * 2},
    )
    client.get(reverse("forum:search"), {"q": MARKER})
    assert MARKER not in caplog.text


def test_a_newline_cannot_forge_a_log_line():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "user=%s", ("a\nFAKE ok",), None)
    line = SingleLineFormatter("%(message)s").format(record)
    assert "\n" not in line
    assert line == "user=a\\nFAKE ok"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["account_settings", "forum:notifications", "account_export"])
def test_personal_pages_are_never_cached(member, name):
    response = client_for(member).get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_signed_in_topic_page_is_not_cached(member, topic):
    response = client_for(member).get(topic.get_absolute_url())
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_database_outage_answers_a_plain_503(visitor, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Theme.objects, "all", unreachable)
    response = visitor.get(reverse("forum:themes"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "116 000" in page
    assert "connection refused" not in page
