"""Screen JSON lines: re-check history after a rule change.

Input, one JSON object per line: {"id": ..., "text": ..., "lang": optional,
"conversation": optional}. Output, one line per input:
{"id", "signals": [{"category", "severity", "rule", "span"}], "max_severity", "action"},
then one line per conversation that had several inputs:
{"conversation", "signals", "max_severity", "score"}.
Bad lines are reported on stderr with their line number and skipped; nothing else stops it.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from moderation.screening import get_engine
from moderation.screening.engine import LANGUAGES


def _signal_out(signal) -> dict:
    return {
        "category": signal.category,
        "severity": signal.severity,
        "rule": signal.rule,
        "span": list(signal.span),
    }


class Command(BaseCommand):
    help = "Screen JSON lines from a file or stdin and print one JSON line per input."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default="-", help="A .jsonl file, or - for stdin.")

    def handle(self, *args, path: str, **options) -> None:
        engine = get_engine()
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
        conversations: dict[str, list[tuple[str, str | None]]] = {}
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
                result = engine.screen(text, lang)
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
                    conversations.setdefault(str(record["conversation"]), []).append((text, lang))
        for conversation, messages in conversations.items():
            if len(messages) < 2:
                continue
            lang = next((lang for _, lang in messages if lang), None)
            result = engine.screen_conversation([text for text, _ in messages], lang)
            self.stdout.write(
                json.dumps(
                    {
                        "conversation": conversation,
                        "signals": [_signal_out(s) for s in result.signals],
                        "max_severity": result.max_severity,
                        "score": result.score,
                    },
                    ensure_ascii=False,
                )
            )
        if bad:
            self.stderr.write(f"{bad} line(s) skipped")
