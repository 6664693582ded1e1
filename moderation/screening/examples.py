"""Run every rule's examples: which fail, and precision/recall over all of them.

``python -m moderation.screening.examples`` prints a report; the tests call ``check()``.
A "match" example of rule R counts as a true positive when R fires on it; a "no_match"
example counts as a false positive when R fires. Precision and recall are given per category,
taking every example of the category (for category-level firing) into account.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from moderation.screening.engine import Engine, Rule, get_engine


@dataclass
class Failure:
    rule: str
    expected: bool
    example: str
    fired: list[str]


def check(engine: Engine | None = None) -> list[Failure]:
    engine = engine or get_engine()
    failures = []
    for rule in engine.rules:
        lang = None if rule.language == "any" else rule.language
        for text, expected in [(t, True) for t in rule.examples_match] + [
            (t, False) for t in rule.examples_no_match
        ]:
            fired = [s.rule for s in engine.screen(text, lang).signals]
            if (rule.id in fired) != expected:
                failures.append(Failure(rule.id, expected, text, fired))
    return failures


def category_scores(engine: Engine | None = None) -> dict[str, dict[str, float]]:
    """Per category: does the category fire on its positive examples, and not on negatives."""
    engine = engine or get_engine()
    counts: dict[str, Counter] = {}
    for rule in engine.rules:
        lang = None if rule.language == "any" else rule.language
        c = counts.setdefault(rule.category, Counter())
        for text in rule.examples_match:
            hit = rule.category in engine.screen(text, lang).categories
            c["tp" if hit else "fn"] += 1
        for text in rule.examples_no_match:
            hit = rule.category in engine.screen(text, lang).categories
            c["fp" if hit else "tn"] += 1
    scores = {}
    for category, c in sorted(counts.items()):
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        scores[category] = {
            "precision": precision,
            "recall": recall,
            **{k: c[k] for k in ("tp", "fp", "fn", "tn")},
        }
    return scores


def rule_counts(rules: list[Rule]) -> dict[tuple[str, str], int]:
    return dict(Counter((r.category, r.language) for r in rules))


def main() -> None:
    engine = get_engine()
    failures = check(engine)
    for f in failures:
        want = "should match" if f.expected else "should NOT match"
        print(f"FAIL {f.rule} {want}: {f.example!r} (fired: {', '.join(f.fired) or 'none'})")
    print(f"{len(engine.rules)} rules, {len(failures)} failing examples")
    for (category, language), n in sorted(rule_counts(engine.rules).items()):
        print(f"  {category:<14} {language:<4} {n}")
    for category, s in category_scores(engine).items():
        print(
            f"  {category:<14} precision {s['precision']:.2f} recall {s['recall']:.2f} "
            f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']}, tn {s['tn']})"
        )


if __name__ == "__main__":
    main()
