"""Shared fixtures: named personas, a theme and a topic, and the rule for skipping.

Tests that need a browser, PostgreSQL or Redis skip when those are absent, except the kinds
listed in CYBERSQUAD_REQUIRE (comma-separated: browser, postgres, redis), which fail instead.
.ci/run sets it, so CI never passes with those tests silently skipped.
"""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, connections, transaction
from django.test import Client, TransactionTestCase
from django.utils import translation

from cybersquad.models import Role, User
from forum import services
from forum.models import Theme
from tests import texts

PASSWORD = "correct-horse-battery-9"
# Staff personas' authenticator app (base32, as an app would store it).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
REQUIRED = {kind.strip() for kind in os.environ.get("CYBERSQUAD_REQUIRE", "").split(",") if kind}


def require(kind: str, available: bool, reason: str) -> None:
    if available:
        return
    if kind in REQUIRED:
        pytest.fail(f"{kind} tests must run here (CYBERSQUAD_REQUIRE), but: {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(items) -> None:
    """Browser tests last: Playwright keeps an event loop running in the main thread. Within
    each kind the tests marked ``long`` first: ``make test``'s workers (pytest-xdist) take
    tests in this order, so none is left running a long one while the other has finished."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None,
            item.get_closest_marker("long") is None,
        )
    )


# Rows that the post_migrate signal would write again after every flush, the same each time.
KEPT_ON_FLUSH = frozenset({"django_content_type", "auth_permission"})


def _empty_tables(self: TransactionTestCase) -> None:
    """TransactionTestCase's flush after each test, as Django's ``flush`` leaves the database
    (the post_migrate signal included) but in a tenth of the time: PostgreSQL's TRUNCATE costs
    a new file per table, a DELETE of a few rows does not, and the content types and
    permissions, which the signal would write again row by row, are kept."""
    for alias in self._databases_names(include_mirrors=False):
        conn = connections[alias]
        tables = conn.introspection.django_table_names(only_existing=True, include_views=False)
        with transaction.atomic(using=alias), conn.cursor() as cursor:
            for table in sorted(set(tables) - KEPT_ON_FLUSH):
                cursor.execute(f"DELETE FROM {conn.ops.quote_name(table)}")  # noqa: S608
        emit_post_migrate_signal(verbosity=0, interactive=False, db=alias)


@pytest.fixture(scope="session", autouse=True)
def _fast_flush():
    """Transactional tests (live server, sockets, browsers) end with ``_empty_tables``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", _empty_tables)
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Accounts are made by the thousand here: hash their passwords cheaply (tests/hashers.py)."""
    settings.PASSWORD_HASHERS = ["tests.hashers.FastPBKDF2PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_premoderation(settings):
    """Most tests post as established members; the pre-moderation tests switch it back on."""
    settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS = 0


@pytest.fixture(autouse=True)
def _rules_only_screening(settings):
    """Tests of other features must not hang on a statistical model's opinion of their
    fixture text (a retrained model could flip it): screening runs its rules only. Tests of
    the learned models ask for ``screening_models``."""
    settings.SCREENING_MODELS = "off"


@pytest.fixture
def screening_models(settings):
    """Screening with the committed learned models on, as in production."""
    settings.SCREENING_MODELS = "on"


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

    def capture(group: str, event: dict) -> bool:
        sent.append((group, event))
        return True  # delivered, as far as the sender can tell

    monkeypatch.setattr("cybersquad.broadcast.send_now", capture)
    return sent


@pytest.fixture
def postgres(db) -> None:
    require("postgres", connection.vendor == "postgresql", "DATABASE_URL is not PostgreSQL")


def make_user(
    username: str, role: str = Role.MEMBER, language: str = "fr", *, totp: bool = True, **extra
) -> User:
    """A member, or a staff member who has set up their authenticator app (unless totp=False)."""
    user = User(username=username, role=role, language=language, **extra)
    if role == Role.MEMBER:
        user.birth_year, user.birth_month = 2011, 3
    user.set_password(PASSWORD)
    user.save()
    if role != Role.MEMBER and totp:
        TOTP.activate(user, TOTP_SECRET)
    return user


def totp_code(secret: str = TOTP_SECRET, *, step: int = 0) -> str:
    """The code an authenticator app shows now (RFC 6238), or ``step`` periods later."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + step
    return format_hotp_value(hotp_value(secret, counter))


def pass_second_factor(session, user: User) -> None:
    """Record in the session what allauth records when its second-factor step is passed."""
    from allauth.account.internal.flows.login import record_authentication

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    request = SimpleNamespace(session=session)
    record_authentication(request, user, "password", username=user.username)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    session.save()


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
    """Signed in; staff with an authenticator app have passed it in this session."""
    client = Client()
    client.force_login(user)
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        pass_second_factor(client.session, user)
    return client


def session_for(user: User):
    """The session client_for(user) signs in with, for consumers tested on their own scope."""
    return client_for(user).session


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
        title=texts.PRIVACY_TITLE_FR,
        body=texts.PRIVACY_QUESTION_FR,
        language="fr",
    )
