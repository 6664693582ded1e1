"""Shared fixtures: named personas, a theme and a topic, and the rule for skipping.

Tests that need a browser, PostgreSQL or Redis skip when those are absent, except the kinds
listed in CYBERSQUAD_REQUIRE (comma-separated: browser, postgres, redis), which fail instead.
.ci/run sets it, so CI never passes with those tests silently skipped.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation

from cybersquad.models import Role, User
from forum import services
from forum.models import Theme

PASSWORD = "correct-horse-battery-9"
REQUIRED = {kind.strip() for kind in os.environ.get("CYBERSQUAD_REQUIRE", "").split(",") if kind}


def require(kind: str, available: bool, reason: str) -> None:
    if available:
        return
    if kind in REQUIRED:
        pytest.fail(f"{kind} tests must run here (CYBERSQUAD_REQUIRE), but: {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(items) -> None:
    """Browser tests last: Playwright keeps an event loop running in the main thread."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _no_premoderation(settings):
    """Most tests post as established members; the pre-moderation tests switch it back on."""
    settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS = 0


@pytest.fixture(autouse=True)
def _fresh_state():
    """No test inherits another's rate-limit counters (in the cache) or active language."""
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def broadcasts(monkeypatch) -> list[tuple[str, dict]]:
    """What services broadcast, captured without a channel layer or a socket: (group, event)
    pairs. Broadcasts go out on commit: wrap the action in
    ``django_capture_on_commit_callbacks(execute=True)``."""
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr("cybersquad.broadcast.send_now", lambda g, e: sent.append((g, e)))
    return sent


@pytest.fixture
def postgres(db) -> None:
    require("postgres", connection.vendor == "postgresql", "DATABASE_URL is not PostgreSQL")


def make_user(username: str, role: str = Role.MEMBER, language: str = "fr", **extra) -> User:
    user = User(username=username, role=role, language=language, **extra)
    if role == Role.MEMBER:
        user.birth_year, user.birth_month = 2011, 3
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def member(db) -> User:
    return make_user("lotte", language="fr")


@pytest.fixture
def other_member(db) -> User:
    return make_user("jonas", language="nl")


@pytest.fixture
def moderator(db) -> User:
    return make_user("mod_anna", Role.MODERATOR)


@pytest.fixture
def counsellor(db) -> User:
    return make_user("cf_sarah", Role.COUNSELLOR)


@pytest.fixture
def coordinator(db) -> User:
    return make_user("coord_marc", Role.COORDINATOR)


@pytest.fixture
def visitor() -> Client:
    return Client()


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def theme(db) -> Theme:
    return Theme.objects.create(
        slug="sextortion",
        name_fr="Sextorsion",
        name_nl="Sextortion",
        description_fr="Chantage avec des images.",
        description_nl="Chantage met beelden.",
    )


@pytest.fixture
def topic(member, theme):
    return services.topic_create(
        member,
        theme=theme,
        title="Comment rendre mon compte privé ?",
        body="Je voudrais que seuls mes amis voient mes photos.",
        language="fr",
    )
