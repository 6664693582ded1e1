"""Screen JSON lines: re-check history after a rule or model change.

Input, one JSON object per line: {"id": ..., "text": ..., "lang": optional,
"conversation": optional}. Output, one line per input:
{"id", "signals": [{"category", "severity", "rule", "span", "kind", "source", "score"}],
"max_severity", "action"}, then one line per conversation (also one given as a single line):
{"conversation", "signals", "max_severity", "score"}, where each conversation signal also has
"messages": the ids of the inputs behind it, and "stages" for grooming.
``source`` is "rule" or "model"; ``score`` is a model's probability (null for a rule). Models
run as configured (SCREENING_MODELS); ``--rules-only`` leaves them out.
Bad lines are reported on stderr with their line number and skipped; nothing else stops it.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from moderation.screening.engine import LANGUAGES, SEVERITY_RANK
from moderation.screening.learned import _rules_only, get_screener


def _signal_out(signal, *, conversation: bool = False) -> dict:
    out = {
        "category": signal.category,
        "severity": signal.severity,
        "rule": signal.rule,
        "span": list(signal.span),
        "kind": signal.kind,
        "source": signal.source,
        "score": signal.score,
    }
    if signal.context:
        out["context"] = signal.context
    if signal.words:
        out["words"] = list(signal.words)
    if conversation:
        out["messages"] = list(signal.messages)
        if signal.stages:
            out["stages"] = list(signal.stages)
    return out


class Command(BaseCommand):
    help = "Screen JSON lines from a file or stdin and print one JSON line per input."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default="-", help="A .jsonl file, or - for stdin.")
        parser.add_argument("--rules-only", action="store_true", help="Leave the models out.")

    def handle(self, *args, path: str, rules_only: bool = False, **options) -> None:
        screener = _rules_only() if rules_only else get_screener()
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
        conversations: dict[str, list[tuple[object, str, str | None]]] = {}
        bad = 0
        with stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    text = record["text"]
                    if not isinstance(text, str):
                        raise TypeError("text must be a string")
                except (ValueError, KeyError, TypeError) as error:
                    bad += 1
                    self.stderr.write(f"line {number}: skipped ({type(error).__name__}: {error})")
                    continue
                lang = record.get("lang") if record.get("lang") in LANGUAGES else None
                result = screener.screen(text, lang)
                self.stdout.write(
                    json.dumps(
                        {
                            "id": record.get("id"),
                            "signals": [_signal_out(s) for s in result.signals],
                            "max_severity": result.max_severity,
                            "action": result.action,
                        },
                        ensure_ascii=False,
                    )
                )
                if record.get("conversation") is not None:
                    key = str(record["conversation"])
                    conversations.setdefault(key, []).append((record.get("id"), text, lang))
        for conversation, messages in conversations.items():
            lang = next((lang for _, _, lang in messages if lang), None)
            result = screener.screen_conversation(
                [text for _, text, _ in messages], lang, ids=[i for i, _, _ in messages]
            )
            signals = list(result.signals)
            self.stdout.write(
                json.dumps(
                    {
                        "conversation": conversation,
                        "signals": [_signal_out(s, conversation=True) for s in signals],
                        "max_severity": max(
                            (s.severity for s in signals),
                            key=SEVERITY_RANK.__getitem__,
                            default=None,
                        ),
                        "score": result.score,
                    },
                    ensure_ascii=False,
                )
            )
        if bad:
            self.stderr.write(f"{bad} line(s) skipped")
