"""The old name of `manage.py retention`, kept for schedules that still call it.

It runs the whole retention (composition/retention.py), not only the chat's part: a schedule
that runs this name keeps erasing everything on time.
"""

from __future__ import annotations

from composition.management.commands.retention import Command as RetentionCommand


class Command(RetentionCommand):
    help = "Same as manage.py retention (the old name)."
