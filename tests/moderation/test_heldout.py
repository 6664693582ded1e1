"""Messages written apart from the rules (moderation/evaluation/heldout.jsonl): the honest
measure of what screening catches and what it wrongly flags."""

from __future__ import annotations

import json
from pathlib import Path

from moderation.screening import get_engine

HELDOUT = Path(__file__).resolve().parents[2] / "moderation" / "evaluation" / "heldout.jsonl"


def evaluate() -> dict:
    engine = get_engine()
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line]
    tp = fn = fp = tn = 0
    misses, false_alarms = [], []
    for row in rows:
        result = engine.screen(row["text"], row["lang"])
        risky = {s.category for s in result.signals if s.kind != "info" or row["expect"]}
        if row["expect"]:
            if row["expect"] in risky:
                tp += 1
            else:
                fn += 1
                misses.append(row["text"])
        elif result.of_kind("disclosure") or result.action in ("hold", "escalate"):
            fp += 1
            false_alarms.append(row["text"])
        else:
            tn += 1
    return {"tp": tp, "fn": fn, "fp": fp, "tn": tn, "misses": misses, "false": false_alarms}


def test_heldout_messages():
    scores = evaluate()
    recall = scores["tp"] / (scores["tp"] + scores["fn"])
    assert recall >= 0.8, scores["misses"]
    assert scores["fp"] <= 1, scores["false"]
