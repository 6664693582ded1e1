"""Measure screening on text it was not built from.

    manage.py screening_eval              # held-out corpus, heldout.jsonl, PAN12 held-out part
    manage.py screening_eval --last 200   # also the last 200 items moderators decided

Prints, for the rules alone and for rules and models together: precision and recall per
category and language (recall of "raised the category" and of "held or escalated it"), and how
many ordinary messages were escalated (treated as a disclosure), held or flagged; then
conversation-level precision, recall and F1. The held-out files are only ever read here.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from moderation.screening.engine import get_engine
from moderation.screening.learned import (
    CONVERSATION_MODEL,
    MESSAGE_MODEL,
    LinearModel,
    Screener,
)


def _pct(value: float | None) -> str:
    return "  —  " if value is None else f"{value:5.2f}"


class Command(BaseCommand):
    help = "Precision and recall of screening on held-out messages and conversations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--models", type=Path, default=None, help="A folder of models.")
        parser.add_argument("--last", type=int, default=0, help="Also the last N decided items.")
        parser.add_argument("--no-pan12", action="store_true")
        parser.add_argument("--misses", action="store_true", help="List what was missed.")

    def handle(self, *args, **options) -> None:
        try:
            from moderation.screening import training
        except ImportError as error:
            raise CommandError(f"measuring needs numpy and scikit-learn: {error}") from None
        folder = options["models"]
        message_model = LinearModel.load(folder / MESSAGE_MODEL.name if folder else MESSAGE_MODEL)
        conversation_model = LinearModel.load(
            folder / CONVERSATION_MODEL.name if folder else CONVERSATION_MODEL
        )
        engine = get_engine()
        rules = Screener(engine, None, None, "off")
        both = Screener(engine, message_model, conversation_model, "on")
        sets = [
            (
                "held-out corpus",
                training.messages_from(training.read_jsonl(training.HELDOUT_MESSAGES)),
            ),
            ("evaluation/heldout.jsonl", training.evaluation_rows()),
        ]
        for name, rows in sets:
            for label, screener in (("rules", rules), ("rules + models", both)):
                self._messages(
                    f"{name}: {label}",
                    training.evaluate_messages(screener.screen, rows),
                    options["misses"],
                )
        conversation_sets = [
            (
                "held-out corpus conversations",
                training.corpus_conversations(training.read_jsonl(training.HELDOUT_CONVERSATIONS)),
            )
        ]
        if not options["no_pan12"] and training.PAN12.exists():
            _, heldout = training.pan12_split()
            conversation_sets.append(
                ("PAN12 Dutch, held-out part", training.pan12_conversations(heldout))
            )
        for name, conversations in conversation_sets:
            self._conversations(name, training.evaluate_conversations(both, conversations))
        if options["last"]:
            from moderation.labels import decided_rows

            rows = decided_rows(options["last"])
            self.stdout.write(f"\nlast {len(rows)} decided items (moderators' labels)")
            for label, screener in (("rules", rules), ("rules + models", both)):
                self._messages(
                    f"decided items: {label}",
                    training.evaluate_messages(screener.screen, rows),
                    False,
                )

    def _messages(self, title: str, result: dict, misses: bool) -> None:
        write = self.stdout.write
        write(f"\n== {title}")
        write(
            f"{'category':<14} {'lang':<4} {'n':>4}  {'P':>5} {'R':>5}  {'R held':>6}  "
            f"{'raised':>6} {'missed':>6}"
        )
        raised, acted = result["raised"], result["acted"]
        for (category, lang), counts in sorted(raised.items()):
            n = counts.tp + counts.fn
            if not n and not counts.fp:
                continue
            strict = acted[(category, lang)]
            write(
                f"{category:<14} {lang:<4} {n:>4}  {_pct(counts.precision)} "
                f"{_pct(counts.recall)}  {_pct(strict.recall):>6}  {counts.tp:>6} {counts.fn:>6}"
            )
        b = result["benign"]
        total = b["total"] or 1
        write(
            f"ordinary messages: {b['total']}; escalated (treated as a disclosure) "
            f"{b['escalate'] / total:.1%} ({b['escalate']}), held {b['hold'] / total:.1%}, flagged "
            f"{b['flag'] / total:.1%}, any signal {b['any'] / total:.1%}"
        )
        if misses:
            for row in result["misses"]:
                write(f"  missed {row.category}/{row.kind} [{row.lang}]: {row.text}")

    def _conversations(self, title: str, result: dict) -> None:
        write = self.stdout.write
        write(f"\n== {title}")
        for name, counts in result.items():
            write(
                f"{name:<11} P {_pct(counts.precision)}  R {_pct(counts.recall)}  "
                f"F1 {_pct(counts.f1)}  (tp {counts.tp}, fp {counts.fp}, fn {counts.fn})"
            )
