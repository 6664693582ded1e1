"""Train the screening models and write them to moderation/screening/trained/.

    manage.py screening_train                      # the corpus, rule examples and PAN12
    manage.py screening_train --with-decisions     # also the labels moderators gave
    manage.py screening_train --messages tiny.jsonl --conversations tiny.jsonl --no-pan12 \
        --out /tmp/models                          # a small run (the tests do this)

Fixed seeds: the same inputs give byte-identical files. Needs scikit-learn (a development
dependency); the web processes only read the files it writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from moderation.screening.learned import CONVERSATION_MODEL, MESSAGE_MODEL, TRAINED_DIR


class Command(BaseCommand):
    help = "Train the learned screening models (messages and conversations) reproducibly."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--messages", type=Path, default=None)
        parser.add_argument("--conversations", type=Path, default=None)
        parser.add_argument("--pan12", type=Path, default=None)
        parser.add_argument("--no-pan12", action="store_true", help="Train without PAN12.")
        parser.add_argument("--no-rule-examples", action="store_true")
        parser.add_argument(
            "--with-decisions",
            action="store_true",
            help="Also train on moderators' decisions about screened items.",
        )
        parser.add_argument("--out", type=Path, default=TRAINED_DIR)

    def handle(self, *args, **options) -> None:
        try:
            from moderation.screening import training
        except ImportError as error:  # scikit-learn is a development dependency
            raise CommandError(f"training needs scikit-learn: {error}") from None

        messages_path = options["messages"] or training.TRAIN_MESSAGES
        conversations_path = options["conversations"] or training.TRAIN_CONVERSATIONS
        pan12_path = None if options["no_pan12"] else (options["pan12"] or training.PAN12)
        if pan12_path is not None and not pan12_path.exists():
            raise CommandError(f"{pan12_path} not found (or pass --no-pan12)")
        out: Path = options["out"]
        log = self.stdout.write

        labelled = training.messages_from(training.read_jsonl(messages_path))
        extra = [] if options["no_rule_examples"] else training.rule_examples(training.get_engine())
        decisions_blob = b""
        if options["with_decisions"]:
            from moderation.labels import training_labels

            decided = training_labels()
            extra += [training.Labelled(*row) for row in decided]
            decisions_blob = json.dumps(decided, ensure_ascii=False).encode()
            log(f"{len(decided)} labels from moderators' decisions")
        settings = {**training.message_settings(), "rule_examples": not options["no_rule_examples"]}
        digest = training.digest(paths=[messages_path], extra=[decisions_blob], settings=settings)
        log(f"messages: {len(labelled)} from {messages_path.name}, {len(extra)} more")
        model = training.train_message_model(labelled, extra=extra, digest_value=digest, log=log)
        target = out / MESSAGE_MODEL.name
        training.save(model, target)
        log(f"wrote {target} ({len(model['features'])} features)")

        conversations = training.corpus_conversations(training.read_jsonl(conversations_path))
        paths = [conversations_path]
        if pan12_path is not None:
            pan12_train, _ = training.pan12_split(pan12_path)
            conversations += training.pan12_conversations(pan12_train)
            paths.append(pan12_path)
            if out == training.EXTERNAL_INPUTS.parent:
                training.EXTERNAL_INPUTS.write_text(
                    json.dumps({pan12_path.name: training.file_sha256(pan12_path)}, indent=2) + "\n"
                )
        settings = {**training.conversation_settings(), "pan12": pan12_path is not None}
        digest = training.digest(paths=paths, settings=settings)
        log(f"conversations: {len(conversations)}")
        model = training.train_conversation_model(conversations, digest_value=digest, log=log)
        target = out / CONVERSATION_MODEL.name
        training.save(model, target)
        log(f"wrote {target} ({len(model['features'])} features)")
