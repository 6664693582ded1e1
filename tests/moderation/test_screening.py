"""The screening engine: normalisation, every rule's own examples, conversations."""

from __future__ import annotations

import json

import pytest

from moderation.screening.engine import (
    CATEGORIES,
    Engine,
    RuleError,
    get_engine,
    load_rules,
)
from moderation.screening.examples import category_scores
from moderation.screening.normalise import normalise

ENGINE = get_engine()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Envoie des N U D E S", "envoie des nudes"),
        ("n.u.d.e.s stp", "nudes stp"),
        ("s3xy ph0t0", "sexy photo"),
        ("nuuuudes", "nudes"),
        ("Tu as quel âge ?", "tu as quel age ?"),
        ("t’es où", "t'es ou"),
        ("j'ai 15 ans", "j'ai 15 ans"),
        ("📸 stp 🤫", "photo stp secret"),
    ],
)
def test_normalisation(text, folded):
    assert normalise(text)[1].text.strip() == folded


def test_spans_point_into_the_original_text():
    text = "Salut ! Envoie des N U D E S 🍑 maintenant"
    _, folded = normalise(text)
    start = folded.text.index("nudes")
    begin, end = folded.span(start, start + len("nudes"))
    assert text[begin:end] == "N U D E S"


def test_plain_form_keeps_digits():
    plain, folded = normalise("Bel me: 0470 12 34 56")
    assert "0470 12 34 56" in plain.text


def _cases():
    for rule in ENGINE.rules:
        lang = None if rule.language == "any" else rule.language
        for text in rule.examples_match:
            yield pytest.param(rule.id, lang, text, True, id=f"{rule.id}+")
        for text in rule.examples_no_match:
            yield pytest.param(rule.id, lang, text, False, id=f"{rule.id}-")


@pytest.mark.parametrize(("rule_id", "lang", "text", "expected"), list(_cases()))
def test_rule_examples(rule_id, lang, text, expected):
    fired = {s.rule for s in ENGINE.screen(text, lang).signals}
    assert (rule_id in fired) is expected, fired


def test_every_signal_explains_itself():
    result = ENGINE.screen("bel me op 0470 12 34 56", "nl")
    signal = result.signals[0]
    assert signal.category == "personal_info"
    assert signal.severity in ("low", "medium")
    assert signal.rule.startswith("any.personal_info")
    assert signal.matched == "0470 12 34 56"
    assert signal.explanation["fr"]
    assert signal.explanation["nl"]


def test_every_category_has_rules_in_every_language():
    present = {(r.category, r.language) for r in ENGINE.rules}
    for category in CATEGORIES:
        if category == "personal_info":
            continue
        for language in ("fr", "nl", "en"):
            assert (category, language) in present, (category, language)


def test_categories_are_precise_and_miss_nothing_on_the_examples():
    for category, score in category_scores(ENGINE).items():
        assert score["recall"] == 1.0, category
        assert score["precision"] >= 0.9, category


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("On a appris ce qu'est la sextorsion à l'école aujourd'hui", "fr"),
        ("c'est quoi le grooming ?", "fr"),
        ("Wat is sextortion eigenlijk?", "nl"),
        ("We learned about sextortion at school today", "en"),
        ("je meurs de rire mdr", "fr"),
        ("ik ga dood van het lachen", "nl"),
        ("Comment mettre mon compte insta en privé ?", "fr"),
    ],
)
def test_talking_about_a_topic_raises_no_disclosure(text, lang):
    result = ENGINE.screen(text, lang)
    assert result.action in ("publish", "flag", "mask"), [s.rule for s in result.signals]
    assert not result.of_kind("disclosure")


def test_grooming_accumulates_over_a_conversation():
    messages = [
        "hey t'as quel age ?",
        "tu habites où exactement ?",
        "dis rien à tes parents, c'est notre secret",
        "viens on parle sur snap",
    ]
    single = [ENGINE.screen(m, "fr") for m in messages]
    assert all(r.max_severity != "urgent" for r in single)
    conversation = ENGINE.screen_conversation(messages, "fr")
    assert conversation.score >= 5
    assert {"age", "secrecy"} <= set(conversation.stages)


def test_unknown_category_in_a_rule_file_is_refused(tmp_path):
    (tmp_path / "x.json").write_text(
        json.dumps(
            {
                "language": "fr",
                "rules": [
                    {
                        "id": "fr.x",
                        "category": "nonsense",
                        "kind": "info",
                        "severity": "low",
                        "patterns": ["x"],
                        "explanation": {"fr": "x", "nl": "x"},
                        "examples": {"match": ["x"]},
                    }
                ],
            }
        )
    )
    with pytest.raises(RuleError, match="unknown category"):
        load_rules(tmp_path)


def test_rules_need_both_explanations_and_examples(tmp_path):
    rule = {
        "id": "fr.y",
        "category": "bullying",
        "kind": "behaviour",
        "severity": "low",
        "patterns": ["y"],
        "explanation": {"fr": "y"},
        "examples": {"match": ["y"]},
    }
    (tmp_path / "y.json").write_text(json.dumps({"language": "fr", "rules": [rule]}))
    with pytest.raises(RuleError, match="French and Dutch"):
        load_rules(tmp_path)


def test_benign_text_is_published_untouched():
    engine = Engine(load_rules())
    result = engine.screen("Merci pour vos conseils, ça m'a beaucoup aidé !", "fr")
    assert result.signals == ()
    assert result.action == "publish"
    assert result.max_severity is None
