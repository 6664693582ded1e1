"""The scheduled work (composition/periodic.py): once, or every ``--every`` seconds."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from composition.periodic import tick


class Command(BaseCommand):
    help = (
        "Return unanswered chats to the queue, close unattended rooms and, hourly, run the "
        "retention. With --every N, again every N seconds until stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="seconds between rounds")
        parser.add_argument(
            "--retention", action="store_true", help="run the retention now, whatever the hour"
        )

    def handle(self, *args, every: int, retention: bool, **options) -> None:
        try:
            self._run(every=every, retention=retention)
        except KeyboardInterrupt:
            return

    def _run(self, *, every: int, retention: bool) -> None:
        while True:
            done = tick(retention=True if retention else None)
            retention = False
            if done.requeued or done.rooms_closed or done.retention or not every:
                self.stdout.write(
                    f"{done.requeued} chat(s) returned to the queue; {done.rooms_closed} "
                    f"room(s) closed; retention {'run' if done.retention else 'not due'}."
                )
            if not every:
                return
            time.sleep(every)
            # A connection kept across rounds may have been dropped by the database meanwhile.
            close_old_connections()
