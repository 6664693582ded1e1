"""Rooms with the learned screening models: disclosures the rules miss, grooming that builds
up over messages, shadow models, and moderators' decisions kept as labels."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chat import services
from moderation.models import Escalation, QueueItem, ScreeningLabel, ShadowVerdict
from moderation.screening.learned import CONVERSATION_MODEL_RULE, TRAINED_DIR
from tests import texts
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HIDDEN_SELF_HARM = "ik heb al mijn spullen weggegeven, morgen ben ik er niet meer"


def send(room, user, n, body, language="nl"):
    return services.room_send(room.pk, user=user, client_id=f"m{n}", body=body, language=language)


def test_a_disclosure_the_rules_miss_is_held_and_escalated(screening_models, room, other_member):
    sent = send(room, other_member, 1, HIDDEN_SELF_HARM)
    assert sent.message.status == "held"
    assert sent.help_url
    escalation = Escalation.objects.get()
    assert escalation.category == "self_harm"
    assert escalation.kind == Escalation.Kind.DISCLOSURE
    assert escalation.conversation.member == other_member


def test_grooming_that_builds_up_in_a_room_is_named_with_its_messages(
    screening_models, room, other_member
):
    lines = [
        "hey hoe oud ben je",
        "ik ben 27 maar je lijkt ouder",
        "zijn je ouders thuis?",
        texts.SECRECY_NL,
    ]
    sent = [send(room, other_member, n, line) for n, line in enumerate(lines)]
    last = sent[-1].message
    assert last.status == "held"
    item = QueueItem.objects.get(message=last)
    signals = {s["rule"]: s for s in item.signals}
    model = signals.get(CONVERSATION_MODEL_RULE) or signals["any.grooming.pattern"]
    assert {"age", "alone", "secrecy"} <= set(model["stages"])
    assert model["messages"]


def test_shadow_models_are_recorded_for_room_messages(settings, room, other_member):
    settings.SCREENING_MODELS = "off"
    settings.SCREENING_SHADOW_MODELS = str(TRAINED_DIR)
    sent = send(room, other_member, 1, HIDDEN_SELF_HARM)
    assert sent.message.status == "visible"
    assert not Escalation.objects.exists()
    shadow = ShadowVerdict.objects.get(message=sent.message)
    assert shadow.applied_action == "publish"
    assert shadow.shadow_action == "escalate"


def test_a_moderators_decision_on_a_room_message_is_a_label(room, member, moderator):
    sent = services.room_send(
        room.pk,
        user=member,
        client_id="m1",
        body=texts.PICTURE_REQUEST_FR,
        language="fr",
    )
    item = QueueItem.objects.get(message=sent.message)
    client_for(moderator).post(
        reverse("moderation:item_decide", args=[item.pk]),
        {"action": "hide", "reason": "Demande de photo intime.", "category": "sexting"},
    )
    label = ScreeningLabel.objects.get()
    assert label.harmful
    assert label.raised
    assert label.category == "sexting"
    assert label.text == sent.message.body
