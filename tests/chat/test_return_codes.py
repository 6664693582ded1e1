"""Visitors' return codes are stored as an HMAC keyed with the server's secret."""

from __future__ import annotations

import hashlib
import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from chat import services
from chat.models import Conversation, code_digest, code_sha256

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("chat.migrations.0006_return_code_hmac")


def open_as_visitor() -> tuple[Conversation, str]:
    return services.conversation_open(
        member=None,
        about="Quelqu'un me fait chanter.",
        category="other",
        language="fr",
        after_hours=False,
    )


def comes_back(code: str) -> Client:
    browser = Client()
    response = browser.post(reverse("chat:return"), {"code": code})
    assert response.status_code == 302, response.content.decode()[:300]
    return browser


def test_the_stored_value_is_not_a_bare_hash_of_the_code():
    conversation, code = open_as_visitor()
    conversation.refresh_from_db()
    bare = hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    assert len(conversation.code_digest) == 64
    assert conversation.code_digest != bare
    assert code not in conversation.code_digest
    # Without the server's key, the same code gives another value.
    assert conversation.code_digest != code_digest(code, secret="another-" + "k" * 50)
    browser = comes_back(code.lower().replace("-", " "))
    assert browser.get(conversation.get_absolute_url()).status_code == 200


def test_codes_stored_before_as_sha256_are_converted_and_still_work(member):
    conversation, code = open_as_visitor()
    Conversation.objects.filter(pk=conversation.pk).update(code_digest=code_sha256(code))
    members, _ = services.conversation_open(
        member=member, about="Autre chose.", category="other", language="fr", after_hours=False
    )
    MIGRATION.hmac_the_stored_digests(apps, None)
    conversation.refresh_from_db()
    assert conversation.code_digest == code_digest(code) != code_sha256(code)
    members.refresh_from_db()
    assert members.code_digest == ""  # a member's conversation has no code
    browser = comes_back(code)
    assert browser.get(conversation.get_absolute_url()).status_code == 200


def test_a_code_survives_a_key_change_listed_in_the_fallbacks(settings):
    conversation, code = open_as_visitor()
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-" + "n" * 50
    assert services.conversation_find_by_code(code) is None  # the old key is not listed
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert services.conversation_find_by_code(code) == conversation
    conversation.refresh_from_db()
    assert conversation.code_digest == code_digest(code)  # now under the new key
