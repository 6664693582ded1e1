"""Erase what Cybersquad no longer needs (composition/retention.py). Run it daily.

What the figures count (dates, categories, outcomes, decisions) stays; the words, the links
to the young people and the copies kept for moderation cases go when their period is over.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from composition.retention import retention_run


class Command(BaseCommand):
    help = "Erase conversations, room messages and moderation case data past their retention."

    def handle(self, *args, **options) -> None:
        done = retention_run()
        self.stdout.write(
            f"{done.conversations} conversation(s) closed more than "
            f"{settings.CHAT_RETENTION_DAYS} days ago anonymised; "
            f"{done.requeued} unanswered chat(s) returned to the queue."
        )
        self.stdout.write(
            f"{done.unanswered} request(s) waiting more than {settings.CHAT_RETENTION_DAYS} "
            f"days erased; {done.room_messages} room message(s) older than "
            f"{settings.CHAT_ROOM_RETENTION_DAYS} days deleted; {done.cases} moderation "
            f"case(s) closed more than {settings.MODERATION_RETENTION_DAYS} days ago emptied."
        )
