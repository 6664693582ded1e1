"""Learned screening models: training, the committed files, what they add to the policy,
shadow mode, labels from moderators, explanations (issue 9, items 3–6)."""

from __future__ import annotations

import datetime
import gzip
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum import services as forum_services
from forum.models import Post, PostStatus
from moderation import retention, services
from moderation.models import (
    Escalation,
    QueueItem,
    Report,
    ScreeningLabel,
    ShadowVerdict,
)
from moderation.screening import training
from moderation.screening.engine import CONVERSATION_RULE
from moderation.screening.learned import (
    CONVERSATION_MODEL,
    CONVERSATION_MODEL_RULE,
    MESSAGE_MODEL,
    TRAINED_DIR,
    LinearModel,
    get_screener,
)
from tests import texts
from tests.conftest import client_for

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TINY = [
    "--messages",
    str(FIXTURES / "tiny_messages.jsonl"),
    "--conversations",
    str(FIXTURES / "tiny_conversations.jsonl"),
    "--no-pan12",
    "--no-rule-examples",
]
# Written for these tests, in no corpus: the rules see nothing in them.
HIDDEN_SELF_HARM = (
    "j'ai donné mes affaires à ma soeur et écrit une lettre pour chacun, ce soir c'est la fin"
)
ORDINARY = "merci pour ton aide avec les devoirs de math, t'es top"


def train(out: Path, *extra: str) -> str:
    stdout = io.StringIO()
    call_command("screening_train", *TINY, *extra, "--out", str(out), stdout=stdout)
    return stdout.getvalue()


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    train(out)
    return out


def test_training_on_a_tiny_corpus_runs_and_is_reproducible(tiny_models, tmp_path):
    train(tmp_path)
    for name in (MESSAGE_MODEL.name, CONVERSATION_MODEL.name):
        assert (tmp_path / name).read_bytes() == (tiny_models / name).read_bytes(), name
    model = LinearModel.load(tiny_models / MESSAGE_MODEL.name)
    assert {"self_harm", "sextortion", "grooming", "disclosure", "concern"} <= set(model.outputs)
    for thresholds in model.thresholds.values():
        assert thresholds["flag"] <= thresholds["hold"] <= thresholds["act"]
        assert thresholds["flag"] <= thresholds["light"] <= thresholds["hold"]
    with gzip.open(tiny_models / MESSAGE_MODEL.name, "rt", encoding="utf-8") as stream:
        data = json.load(stream)  # plain JSON arrays: nothing to unpickle
    assert data["format"] == 1
    assert all(isinstance(w, int) for row in data["weights"] for w in row)


def test_the_committed_models_match_what_they_were_trained_from():
    """Retrain (`manage.py screening_train`) after changing the corpus, the rules or the
    training code: the digest in each committed model names its exact inputs."""
    messages = LinearModel.load(MESSAGE_MODEL)
    assert messages is not None, "moderation/screening/trained/messages.json.gz is missing"
    expected = training.digest(
        paths=[training.TRAIN_MESSAGES],
        extra=[b""],
        settings={**training.message_settings(), "rule_examples": True},
    )
    assert messages.digest == expected, "the message model is stale: run screening_train"
    conversations = LinearModel.load(CONVERSATION_MODEL)
    assert conversations is not None
    # Without ../shared/data on this machine, PAN12 counts by the hash kept at training time.
    known = json.loads(training.EXTERNAL_INPUTS.read_text())
    if training.PAN12.exists():
        assert known[training.PAN12.name] == training.file_sha256(training.PAN12)
    expected = training.digest(
        paths=[training.TRAIN_CONVERSATIONS, training.PAN12],
        settings={**training.conversation_settings(), "pan12": True},
        known=known,
    )
    assert conversations.digest == expected, "the conversation model is stale"


def test_a_web_process_scores_without_numpy_or_scikit_learn():
    code = (
        "import django, os, sys;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cybersquad.settings');"
        "django.setup();"
        "from moderation.screening.learned import get_screener;"
        f"r = get_screener().screen({HIDDEN_SELF_HARM!r}, 'fr');"
        "assert any(s.source == 'model' for s in r.signals);"
        "print(sorted(m for m in ('numpy', 'scipy', 'sklearn') if m in sys.modules))"
    )
    env = {"PATH": "/usr/bin:/bin", "SCREENING_MODELS": "on"}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_model_signal_says_what_fired(screening_models):
    result = get_screener().screen(HIDDEN_SELF_HARM, "fr")
    assert not [s for s in result.signals if s.source == "rule"]
    signal = next(s for s in result.signals if s.category == "self_harm")
    assert signal.source == "model"
    assert signal.rule == "model.self_harm"
    assert 0.5 <= signal.score <= 1
    assert signal.kind == "disclosure"
    assert "lettre" in signal.words
    assert signal.explanation["fr"]
    assert signal.explanation["nl"]
    assert signal.as_dict()["source"] == "model"
    assert signal.as_dict()["words"]
    assert result.action == "escalate"


def test_models_off_leave_the_rules_alone(settings):
    settings.SCREENING_MODELS = "off"
    assert get_screener().screen(HIDDEN_SELF_HARM, "fr").signals == ()


@pytest.mark.django_db
def test_with_models_a_disclosure_the_rules_miss_reaches_a_counsellor(
    screening_models, member, theme
):
    client = client_for(member)
    response = client.post(
        reverse("forum:topic_new"),
        {"theme": theme.pk, "language": "fr", "title": "ce soir", "body": HIDDEN_SELF_HARM},
    )
    assert response.status_code == 302
    assert "/support/" in response.url
    escalation = Escalation.objects.get()
    assert escalation.category == "self_harm"
    assert escalation.kind == Escalation.Kind.DISCLOSURE
    assert escalation.signals[0]["source"] == "model"
    assert Post.objects.get().status == PostStatus.HELD
    member.refresh_from_db()
    assert not member.held_for_review


@pytest.mark.django_db
def test_with_models_an_ordinary_post_is_published_untouched(screening_models, member, theme):
    client_for(member).post(
        reverse("forum:topic_new"),
        {"theme": theme.pk, "language": "fr", "title": "Merci", "body": ORDINARY},
    )
    assert Post.objects.get().status == PostStatus.PUBLISHED
    assert not QueueItem.objects.exists()


def test_a_models_guess_alone_never_restricts_the_writer(screening_models):
    from moderation.policy import Verdict

    guess = next(
        s
        for s in get_screener().screen("stuur me een foto van jou in je ondergoed", "nl").signals
        if s.category in ("sexting", "grooming")
    )
    assert not Verdict(action="hold", signals=[learned_behaviour(guess)]).restricts_author


def learned_behaviour(signal):
    from dataclasses import replace

    return replace(signal, kind="behaviour", severity="high", source="model")


def test_the_conversation_model_names_messages_and_stages(screening_models):
    messages = [
        "hey hoe oud ben je",
        "13",
        "ik ben 27 maar je lijkt ouder",
        "zijn je ouders thuis?",
        "nee",
        texts.SECRECY_NL,
        "zullen we afspreken zaterdag aan het station?",
    ]
    result = get_screener().screen_conversation(messages, "nl", ids=list(range(101, 108)))
    signal = next(s for s in result.signals if s.rule == CONVERSATION_MODEL_RULE)
    assert signal.source == "model"
    assert signal.score >= 0.5
    assert signal.words
    assert {"age", "alone", "secrecy", "meeting"} <= set(signal.stages)
    assert set(signal.messages) <= set(range(101, 108))
    assert 101 in signal.messages
    assert any(s.rule == CONVERSATION_RULE for s in result.signals)


def test_an_ordinary_chat_gets_no_conversation_signal(screening_models):
    messages = ["wie komt er voetballen", "ik", "om tien uur?", "ja", "neem een bal mee", "ok"]
    result = get_screener().screen_conversation(messages, "nl")
    assert not [s for s in result.signals if s.rule == CONVERSATION_MODEL_RULE]


# --- Shadow mode ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_models_in_shadow_are_recorded_never_applied(settings, member, theme):
    settings.SCREENING_MODELS = "off"
    settings.SCREENING_SHADOW_MODELS = str(TRAINED_DIR)
    response = client_for(member).post(
        reverse("forum:topic_new"),
        {"theme": theme.pk, "language": "fr", "title": "ce soir", "body": HIDDEN_SELF_HARM},
    )
    assert response.status_code == 302
    assert "/support/" not in response.url
    post = Post.objects.get()
    assert post.status == PostStatus.PUBLISHED
    assert not Escalation.objects.exists()
    shadow = ShadowVerdict.objects.get()
    assert shadow.post == post
    assert shadow.applied_action == "publish"
    assert shadow.shadow_action == "escalate"
    assert shadow.category == "self_harm"
    assert shadow.digest
    assert all(not s["matched"] and not s["words"] for s in shadow.signals)


# --- Labels from moderators ------------------------------------------------------------------


@pytest.fixture
def held(other_member, topic):
    body = "t'es trop mignonne, dis rien à tes parents, on parle sur snap"
    reply = forum_services.reply_create(topic, author=other_member, body=body)
    return reply, QueueItem.objects.get(post=reply)


@pytest.mark.django_db
def test_a_published_screened_post_is_a_false_alarm(held, moderator):
    reply, item = held
    services.post_publish(reply, by=moderator, reason="Des amis qui plaisantent.", item=item)
    label = ScreeningLabel.objects.get()
    assert label.raised
    assert not label.harmful
    assert label.category == "grooming"
    assert label.text == reply.body
    assert label.language == "fr"
    assert label.decision is not None


@pytest.mark.django_db
def test_a_hidden_screened_post_is_a_true_alarm(held, moderator):
    reply, item = held
    services.post_hide(reply, by=moderator, reason="Grooming.", item=item)
    label = ScreeningLabel.objects.get()
    assert label.raised
    assert label.harmful


@pytest.mark.django_db
def test_harm_only_a_report_found_is_a_miss(topic, other_member, member, moderator):
    body = "on a tous voté pour que tu partes du groupe"
    reply = forum_services.reply_create(topic, author=other_member, body=body)
    assert reply.status == PostStatus.PUBLISHED
    services.report_create(
        reporter=member, reason=Report.Reason.BULLYING, description="", language="fr", post=reply
    )
    item = QueueItem.objects.get(post=reply)
    services.post_hide(reply, by=moderator, reason="Menace.", item=item)
    label = ScreeningLabel.objects.get()
    assert label.harmful
    assert not label.raised
    assert label.category == "bullying"


@pytest.mark.django_db
def test_retention_erases_the_words_of_labels(held, moderator, settings):
    reply, item = held
    services.post_hide(reply, by=moderator, reason="Grooming.", item=item)
    later = timezone.now() + datetime.timedelta(days=settings.MODERATION_RETENTION_DAYS + 1)
    retention.cases_expire(later)
    label = ScreeningLabel.objects.get()
    assert label.text == ""
    assert label.harmful
    assert label.category == "grooming"


@pytest.mark.django_db
def test_training_with_decisions_uses_the_labels(held, moderator, tmp_path):
    reply, item = held
    services.post_publish(reply, by=moderator, reason="ok", item=item)
    out = train(tmp_path, "--with-decisions")
    assert "1 labels from moderators' decisions" in out
    assert LinearModel.load(tmp_path / MESSAGE_MODEL.name).trained_on["extra"] == 1


@pytest.mark.django_db
def test_screening_eval_measures_on_held_out_data_and_decided_items(held, moderator, tiny_models):
    reply, item = held
    services.post_hide(reply, by=moderator, reason="Grooming.", item=item)
    out = io.StringIO()
    call_command(
        "screening_eval", "--models", str(tiny_models), "--no-pan12", "--last", "5", stdout=out
    )
    text = out.getvalue()
    assert "== held-out corpus: rules + models" in text
    assert "ordinary messages:" in text
    assert "escalated (treated as a disclosure)" in text
    assert "== held-out corpus conversations" in text
    assert "F1" in text
    assert "last 1 decided items" in text
    # Each row counts what was raised and missed beside the rates, so a recall near an aim
    # (0.946 prints as 0.95) can be read exactly: the one hidden grooming item is one or other.
    decided = text.split("last 1 decided items")[1]
    row = re.search(r"^grooming\s+all\s+1\s.*\s(\d+)\s+(\d+)$", decided, re.M)
    assert row is not None, decided
    assert int(row[1]) + int(row[2]) == 1


# --- What people see ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_item_page_explains_a_model_signal(moderator, member, topic):
    post = forum_services.reply_create(topic, author=member, body=HIDDEN_SELF_HARM)
    signal = {
        "category": "self_harm",
        "kind": "disclosure",
        "severity": "urgent",
        "rule": "model.self_harm",
        "span": [0, 0],
        "matched": "",
        "source": "model",
        "score": 0.874,
        "context": "unsure",
        "words": ["pilules", "soir"],
    }
    item = QueueItem.objects.create(
        source=QueueItem.Source.SCREENING, category="self_harm", post=post, signals=[signal]
    )
    client = client_for(moderator)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Modèle appris, sûr à 87 %" in page
    assert "Mots qui ont le plus pesé : pilules, soir" in page
    assert "ton jugement qui décide" in page
    nl = client.get(item.get_absolute_url().replace("/fr/", "/nl/")).content.decode()
    assert "Getraind model, 87% zeker" in nl
    assert "Woorden die het zwaarst wogen" in nl
    assert client_for(member).get(item.get_absolute_url()).status_code in (403, 404)


@pytest.mark.django_db
def test_the_figures_page_shows_false_alarm_and_miss_rates(coordinator, held, moderator, member):
    reply, item = held
    services.post_publish(reply, by=moderator, reason="ok", item=item)
    year = timezone.localdate().year
    client = client_for(coordinator)
    page = client.get(reverse("figures_year", args=[year])).content.decode()
    assert "Taux de fausses alertes" in page
    assert "Taux de ratés" in page
    assert "100" in page  # one raised, one false alarm
    nl = client.get(reverse("figures_year", args=[year]).replace("/fr/", "/nl/")).content
    assert "Aandeel vals alarm" in nl.decode()
    assert "Aandeel gemist" in nl.decode()
    assert client_for(member).get(reverse("figures_year", args=[year])).status_code in (403, 404)


@pytest.mark.django_db
def test_retention_also_erases_the_words_a_model_quoted(screening_models, member, theme, settings):
    client_for(member).post(
        reverse("forum:topic_new"),
        {"theme": theme.pk, "language": "fr", "title": "ce soir", "body": HIDDEN_SELF_HARM},
    )
    item = QueueItem.objects.get()
    assert any(s.get("words") for s in item.signals)
    QueueItem.objects.filter(pk=item.pk).update(closed_at=timezone.now())
    later = timezone.now() + datetime.timedelta(days=settings.MODERATION_RETENTION_DAYS + 1)
    retention.cases_expire(later)
    item.refresh_from_db()
    assert item.signals
    assert all(not s.get("words") and not s["matched"] for s in item.signals)
    assert {s["source"] for s in item.signals} == {"model"}  # what fired stays
