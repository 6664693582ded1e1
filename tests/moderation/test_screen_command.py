from __future__ import annotations

import io
import json
import random

from django.core.management import call_command


def run(lines: list[str], tmp_path) -> tuple[list[dict], str]:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("screen", str(path), stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_one_line_per_input_and_per_shared_conversation(tmp_path):
    lines = [
        json.dumps({"id": 1, "text": "bel me op 0470 12 34 56", "lang": "nl"}),
        json.dumps({"id": 2, "text": "Merci pour les conseils !"}),
        json.dumps({"id": "a", "text": "t'as quel age ?", "lang": "fr", "conversation": "c1"}),
        json.dumps(
            {"id": "b", "text": "dis rien à tes parents", "lang": "fr", "conversation": "c1"}
        ),
        "this is not json",
        json.dumps({"id": 5}),
    ]
    results, errors = run(lines, tmp_path)
    by_id = {r["id"]: r for r in results if "id" in r}
    assert set(by_id) == {1, 2, "a", "b"}
    first = by_id[1]
    assert first["action"] == "mask"
    assert first["max_severity"] == "medium"
    assert first["signals"][0]["category"] == "personal_info"
    assert set(first["signals"][0]) >= {"category", "severity", "rule", "span"}
    assert first["signals"][0]["kind"] == "info"
    assert first["signals"][0]["source"] == "rule"
    assert first["signals"][0]["score"] is None
    assert by_id[2] == {"id": 2, "signals": [], "max_severity": None, "action": "publish"}
    conversation = [r for r in results if "conversation" in r]
    assert len(conversation) == 1
    assert conversation[0]["conversation"] == "c1"
    assert conversation[0]["score"] >= 3
    assert conversation[0]["signals"]
    assert {tuple(s["messages"]) for s in conversation[0]["signals"]} == {("a",), ("b",)}
    assert "line 5" in errors
    assert "line 6" in errors


def test_a_few_thousand_lines(tmp_path):
    rng = random.Random(7)
    samples = [
        "Salut, comment on met son compte en privé ?",
        "Ik word gepest in de klasgroep, wat moet ik doen?",
        "send nudes",
        "je veux mourir",
        "bel me op 0470 12 34 56",
    ]
    lines = [
        json.dumps({"id": i, "text": rng.choice(samples), "conversation": i % 50})
        for i in range(3000)
    ]
    results, errors = run(lines, tmp_path)
    assert len([r for r in results if "id" in r]) == 3000
    assert len([r for r in results if "conversation" in r]) == 50
    assert errors == ""


def test_a_conversation_of_one_line_still_gets_its_conversation_line(tmp_path):
    line = json.dumps(
        {
            "id": "x1",
            "text": "hoe oud ben je? waar woon je? ben je alleen thuis? zeg het aan niemand",
            "lang": "nl",
            "conversation": "solo",
        }
    )
    results, _ = run([line], tmp_path)
    conversation = [r for r in results if r.get("conversation") == "solo"]
    assert len(conversation) == 1
    pattern = [s for s in conversation[0]["signals"] if s["rule"] == "any.grooming.pattern"]
    assert pattern
    assert pattern[0]["messages"] == ["x1"]
    assert {"age", "location", "alone", "secrecy"} <= set(pattern[0]["stages"])
    assert conversation[0]["max_severity"] in ("high", "urgent")


def test_model_signals_say_their_source_score_and_words(tmp_path, screening_models):
    line = json.dumps(
        {"id": 1, "text": "il menace d'envoyer mes photos à toute ma classe si je paie pas"}
    )
    results, _ = run([line], tmp_path)
    models = [s for s in results[0]["signals"] if s["source"] == "model"]
    rules = [s for s in results[0]["signals"] if s["source"] == "rule"]
    assert rules or models
    for signal in models:
        assert 0 <= signal["score"] <= 1
        assert signal["rule"].startswith("model.")
        assert signal["words"]
