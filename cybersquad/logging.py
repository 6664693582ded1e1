"""Log formatting that keeps one event on one line."""

from __future__ import annotations

import logging


class SingleLineFormatter(logging.Formatter):
    """Escape CR and LF so a user-controlled value cannot forge a second log line."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.replace("\r", "\\r").replace("\n", "\\n")
