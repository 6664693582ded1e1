"""Erase the words of counselling conversations closed longer ago than CHAT_RETENTION_DAYS.

Run it daily (cron or a scheduler). What the figures count (dates, category, outcome,
referral) stays; the messages, notes, first words and the link to the young person go.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from chat.services import conversations_anonymise, conversations_requeue_stale


class Command(BaseCommand):
    help = "Anonymise closed counselling conversations older than CHAT_RETENTION_DAYS."

    def handle(self, *args, **options) -> None:
        count = conversations_anonymise()
        requeued = conversations_requeue_stale()
        self.stdout.write(
            f"{count} conversation(s) closed more than {settings.CHAT_RETENTION_DAYS} days ago "
            f"anonymised; {requeued} unanswered chat(s) returned to the queue."
        )
