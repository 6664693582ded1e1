"""Cross-validated screening on the training corpus only (rules + message model).

    .venv/bin/python bench/screening_cv.py [--misses [CATEGORY ...]] [--false-alarms]

Each training message is scored by a message model fitted on the other folds (plus the rules'
examples; the folds are ``training.message_folds``, as ``screening_train``'s: a situation's
translations and variations never on both sides, ``--random-folds`` for the old ones that
flatter), with thresholds chosen as ``screening_train`` chooses them (from the held-back
scores of the ordinary messages), and combined with the rules as the screener combines them.
Prints recall per category and language, how many ordinary messages were escalated, held or
flagged, and optionally the training messages that were missed or escalated. It reads
``moderation/corpus/train/`` only: the held-out sets are for ``screening_eval`` alone.

``--judge N`` (``--judge-end M``) scores lines N.. (to M) with a model fitted on the lines
before N only: a new batch as text another author wrote, before it is learned from. The last
line says what escalated the ordinary messages that were escalated (a rule or a model, and
its category; ``fresh:`` for the judged lines); with ``--judge``, ``--false-alarms`` lists the
judged lines only, each with what raised it and what set its action ("rule self_harm").
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cybersquad.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from moderation.screening import training  # noqa: E402
from moderation.screening.engine import action_for, get_engine  # noqa: E402
from moderation.screening.learned import (  # noqa: E402
    MODEL_CATEGORIES,
    MODEL_KINDS,
    grounded,
    message_features,
    model_signal,
    outranked,
    raised_by_passages,
    settled,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", nargs="*", default=None, help="List misses (of categories).")
    parser.add_argument("--false-alarms", action="store_true", help="List escalated/held benign.")
    parser.add_argument("--flagged", action="store_true", help="Also list flagged benign.")
    parser.add_argument("--budget", nargs="*", default=[], help="category=flag budget")
    parser.add_argument("--act", type=float, default=None, help="Another ACT_BUDGET.")
    parser.add_argument("--hold", type=float, default=None, help="Another HOLD_BUDGET.")
    parser.add_argument("--c", type=float, default=None, help="Another C for the fits.")
    parser.add_argument("--boost", type=float, default=None, help="Another BOOST.")
    parser.add_argument("--char-sizes", default=None, help="Other character n-gram sizes: 3,4.")
    parser.add_argument(
        "--judge",
        type=int,
        default=None,
        help="Score the messages from this line on with a model fitted on the lines before it "
        "only (fresh text: how new messages fare before they are learned from).",
    )
    parser.add_argument(
        "--judge-end",
        type=int,
        default=None,
        help="With --judge: judge only the lines before this one (one part of a batch); later "
        "lines are scored by the folds as usual.",
    )
    parser.add_argument(
        "--keep-outranked", action="store_true", help="Keep weak guesses a meant harm outranks."
    )
    parser.add_argument(
        "--random-folds",
        action="store_true",
        help="Deal messages into folds one by one, as before the grouping (translations and "
        "variations of a situation then fall on both sides: the figures flatter).",
    )
    parser.add_argument("--span", type=int, default=None, help="Another GROUP_SPAN.")
    parser.add_argument("--top", default=None, help="Ordinary messages scored highest for it.")
    parser.add_argument(
        "--raised-on", default=None, help="List messages of other categories raising this one."
    )
    parser.add_argument(
        "--judge-first",
        type=int,
        default=None,
        help="Score only the first N training messages; later ones (a new batch) always train.",
    )
    args = parser.parse_args()

    if args.act is not None:
        training.ACT_BUDGET = args.act
    if args.hold is not None:
        training.HOLD_BUDGET = args.hold
    if args.c:
        training.C_MESSAGES = args.c
    if args.boost:
        training.BOOST = args.boost
    if args.char_sizes:
        training.CHAR_SIZES = tuple(int(n) for n in args.char_sizes.split(","))
    engine = get_engine()
    labelled = training.messages_from(training.read_jsonl(training.TRAIN_MESSAGES))
    # A new batch judged on text another author wrote: it only ever trains.
    batch = labelled[args.judge_first :] if args.judge_first else []
    labelled = labelled[: args.judge_first] if args.judge_first else labelled
    extra = [*batch, *training.rule_examples(engine)]
    everything = [*labelled, *extra]
    rule_signals = [engine.screen(m.text, m.lang).signals for m in everything]
    feature_sets = [
        message_features(m.text, s).counts(training.CHAR_SIZES)
        for m, s in zip(everything, rule_signals, strict=True)
    ]
    features = training.vocabulary(feature_sets)
    x = training.design(feature_sets, {f: n for n, f in enumerate(features)})
    targets = training._message_targets(everything)
    outputs = [*MODEL_CATEGORIES, *MODEL_KINDS]
    strata = np.array([m.category for m in labelled])
    extra_rows = np.arange(len(labelled), len(everything))
    risky = np.array([n for n, m in enumerate(everything) if m.category != "none"])
    held = np.zeros((len(labelled), len(outputs)))
    # Each message's best passage score per category (long messages: learned.passages).
    best = np.zeros((len(labelled), len(MODEL_CATEGORIES)))
    passages_of = training.passage_design(
        labelled, rule_signals, {f: n for n, f in enumerate(features)}
    )

    def fit_and_score(train: np.ndarray, test: np.ndarray) -> None:
        """Every output fitted on the rows ``train`` and scored on the rows ``test``."""
        for column, name in enumerate(outputs):
            if name in MODEL_KINDS:
                rows = np.intersect1d(train, risky)
                y = np.array([everything[n].kind == name for n in rows])
                weights, bias = training._fit(x[rows], y, training.C_MESSAGES)
            else:
                weights, bias = training._fit(
                    *training.fold_target(x, targets[name], train), training.C_MESSAGES
                )
            held[test, column] = training._probabilities(x[test], weights, bias)
            if name in MODEL_CATEGORIES:
                training.best_passages(best, column, test, passages_of, weights, bias)

    folds = training.message_folds(labelled, grouped=not args.random_folds, span=args.span)
    for train, test in folds:
        fit_and_score(np.concatenate([train, extra_rows]), test)
    if args.judge is not None:
        older = np.concatenate([np.arange(args.judge), extra_rows])
        judge_end = args.judge_end or len(labelled)
        fit_and_score(older, np.arange(args.judge, judge_end))
    benign = strata == "none"
    budgets = {k: float(v) for k, v in (b.split("=") for b in args.budget)}
    thresholds = {
        category: training.category_thresholds(
            category,
            held[benign, column],
            budgets.get(category),
            held[training.weighed_rows(labelled, rule_signals, category), column],
        )
        for column, category in enumerate(MODEL_CATEGORIES)
    }

    for category, t in thresholds.items():
        print(f"thresholds {category:<14} " + " ".join(f"{k} {v:.3f}" for k, v in t.items()))
    if args.top:
        column = MODEL_CATEGORIES.index(args.top)
        order = np.argsort(-held[:, column])
        for n in [n for n in order if benign[n]][:60]:
            print(f"TOP {held[n, column]:.2f} [{labelled[n].lang}] {labelled[n].text}")
    raised_by = {}
    stats: dict[tuple[str, str], list[int]] = {}
    # Per category: messages of another category (or ordinary ones) that raised it, by their label.
    wrongly: dict[str, dict[str, int]] = {c: {} for c in MODEL_CATEGORIES}
    b = {"total": 0, "escalate": 0, "hold": 0, "flag": 0}
    fresh_b = dict(b)
    # What leaving out the outranked guesses cost (a hit) and saved (a wrong one), per category.
    lost = {c: [0, 0] for c in MODEL_CATEGORIES}
    missed, alarms = [], []
    escalated_by: dict[str, int] = {}  # ordinary messages escalated, by what escalated them
    for n, m in enumerate(labelled):
        scores = raised_by_passages(
            dict(zip(MODEL_CATEGORIES, held[n, : len(MODEL_CATEGORIES)], strict=True)),
            dict(zip(MODEL_CATEGORIES, best[n], strict=True)),
            thresholds,
        )
        kinds = dict(zip(MODEL_KINDS, held[n, len(MODEL_CATEGORIES) :], strict=True))
        signals = list(settled(rule_signals[n], scores, thresholds, kinds))
        meant = {s.category for s in signals if s.context is None}
        otherwise = {s.category for s in signals if s.context is not None}
        for category in MODEL_CATEGORIES:
            score, t = scores[category], thresholds[category]
            if category in meant or score < t["flag"]:
                continue
            signals.append(
                model_signal(
                    category,
                    score,
                    t,
                    kinds,
                    read_otherwise=category in otherwise,
                    grounded=grounded(category, feature_sets[n]),
                    told="q:told" in feature_sets[n],
                )
            )
        kept = {s.category for s in signals}
        if not args.keep_outranked:
            signals = outranked(signals)
        raised = {s.category for s in signals}
        for category in kept - raised:
            lost[category][m.category == category] += 1
        action = max((action_for(s) for s in signals), key=training.SEEN.index, default="publish")
        raised_by[n] = raised
        for category in raised - {m.category}:
            wrongly[category][m.category] = wrongly[category].get(m.category, 0) + 1
            if category == args.raised_on:
                alarms.append(("raised " + category, m, sorted(raised)))
        fresh = args.judge is not None and args.judge <= n < (args.judge_end or len(labelled))
        part = "fresh:" if fresh else ""
        if m.category == "none":
            for counts in (b, fresh_b) if part else (b,):
                counts["total"] += 1
                if action in counts:
                    counts[action] += 1
            if action == "escalate":
                for s in signals:
                    if action_for(s) == "escalate":
                        what = f"{part}{s.source or 'rule'} {s.category}"
                        escalated_by[what] = escalated_by.get(what, 0) + 1
            shown = action in ("escalate", "hold") or (args.flagged and action == "flag")
            if shown and (args.judge is None or part):
                # What did it: "rule self_harm", "model sexting"…
                by = sorted(
                    {
                        f"{s.source or 'rule'} {s.category}"
                        for s in signals
                        if action_for(s) == action
                    }
                )
                alarms.append((action, m, [*sorted(raised), *by]))
            continue
        for key in ((part + m.category, m.lang), (part + m.category, "all")):
            counts = stats.setdefault(key, [0, 0, 0])
            counts[0] += 1
            counts[1] += m.category in raised
            counts[2] += action == "escalate"
        if m.category not in raised and (args.judge is None or part):
            missed.append((m, sorted(raised), held[n, MODEL_CATEGORIES.index(m.category)]))

    # R: the category raised; E: the message escalated (by any signal: treated as a disclosure).
    print(
        f"{'category':<14} {'lang':<4} {'n':>4}  {'R':>5}  {'E':>5}  {'missed':>6} {'not esc.':>8}"
    )
    for (category, lang), (total, hit, escalated) in sorted(stats.items()):
        print(
            f"{category:<14} {lang:<4} {total:>4}  {hit / total:5.2f}  {escalated / total:5.2f}  "
            f"{total - hit:>6} {total - escalated:>8}"
        )
    print("precision (raised on messages of another label: which labels)")
    for category, others in wrongly.items():
        hit = stats.get((category, "all"), [0, 0, 0])[1]
        wrong = sum(others.values())
        labels = ", ".join(f"{k} {v}" for k, v in sorted(others.items(), key=lambda i: -i[1]))
        print(f"{category:<14} P {hit / max(1, hit + wrong):5.2f}  ({wrong}: {labels})")
    for category, (saved, cost) in lost.items():
        if saved or cost:
            print(f"outranked {category}: {cost} hits and {saved} wrong raisings left out")
    for name, counts in (("ordinary", b), ("fresh ordinary", fresh_b)):
        total = counts["total"] or 1
        print(
            f"{name}: {counts['total']}; escalated {counts['escalate'] / total:.1%}, held "
            f"{counts['hold'] / total:.1%}, flagged {counts['flag'] / total:.1%}"
        )
    by = ", ".join(f"{k} {v}" for k, v in sorted(escalated_by.items()))
    print(f"ordinary escalated by: {by}")
    if args.misses is not None:
        for m, raised, score in missed:
            if not args.misses or m.category in args.misses:
                print(f"MISS {m.category}/{m.kind} [{m.lang}] {score:.2f} {raised}: {m.text}")
    if args.false_alarms or args.raised_on:
        for action, m, raised in alarms:
            print(f"ALARM {action} [{m.lang}] {raised}: {m.text}")


if __name__ == "__main__":
    main()
