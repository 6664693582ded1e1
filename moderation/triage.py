"""The one place that turns what screening found, or what people reported, into a category
and a priority: for the moderation queue (a post's or message's verdict, a report), for a
case given to counsellors, and for a young person's request to talk to one.

Priorities: the urgent categories (sextortion, self-harm, abuse images) come first whenever
they hold or escalate; otherwise the most severe signal that decided the action says."""

from __future__ import annotations

from collections.abc import Sequence

from moderation.models import URGENT_CATEGORIES, Category, Priority, Report
from moderation.screening import Signal
from moderation.screening.engine import SEVERITY_RANK, action_for


def verdict_category(signals: Sequence[Signal], action: str) -> str:
    """The most serious category among the signals that decided the action; a model's guess
    below its confident threshold names it only when nothing surer does."""
    deciding = [s for s in signals if action_for(s) == action] or list(signals)
    if not deciding:
        return Category.OTHER
    sure = [s for s in deciding if s.context not in ("unsure", "weak")] or deciding
    top = max(sure, key=lambda s: SEVERITY_RANK[s.severity])
    return top.category if top.category in Category.values else Category.OTHER


def verdict_priority(signals: Sequence[Signal], action: str) -> int:
    if verdict_category(signals, action) in URGENT_CATEGORIES and action in ("hold", "escalate"):
        return Priority.URGENT
    severities = [s.severity for s in signals if action_for(s) == action]
    if not severities:
        return Priority.LOW
    return Priority.for_severity(max(severities, key=SEVERITY_RANK.__getitem__))


def escalation_priority(category: str) -> int:
    """A case a moderator gives to counsellors."""
    return Priority.URGENT if category in URGENT_CATEGORIES else Priority.HIGH


def help_request_rank(category: str, signals: list[dict]) -> tuple[str, int]:
    """A request to talk to a counsellor: what the young person chose, raised by what
    screening found in their words (never above medium unless urgent or sexual)."""
    strongest = max(signals, key=lambda s: SEVERITY_RANK[s["severity"]], default=None)
    if strongest and (category == Category.OTHER or strongest["category"] in URGENT_CATEGORIES):
        category = strongest["category"] if strongest["category"] in Category.values else category
    if category in URGENT_CATEGORIES:
        return category, Priority.URGENT
    severity = Priority.for_severity(strongest["severity"]) if strongest else Priority.MEDIUM
    if category in (Category.GROOMING, Category.SEXTING):
        severity = min(severity, Priority.HIGH)
    return category, min(severity, Priority.MEDIUM)


REPORT_PRIORITY = {
    Report.Reason.ABUSE_IMAGES: Priority.URGENT,
    Report.Reason.SEXTORTION: Priority.URGENT,
    Report.Reason.SELF_HARM: Priority.URGENT,
    Report.Reason.GROOMING: Priority.HIGH,
    Report.Reason.SEXUAL: Priority.HIGH,
    Report.Reason.BULLYING: Priority.MEDIUM,
    Report.Reason.PERSONAL_INFO: Priority.MEDIUM,
}
REPORT_CATEGORY = {
    Report.Reason.ABUSE_IMAGES: Category.ABUSE_IMAGES,
    Report.Reason.SEXTORTION: Category.SEXTORTION,
    Report.Reason.SELF_HARM: Category.SELF_HARM,
    Report.Reason.GROOMING: Category.GROOMING,
    Report.Reason.SEXUAL: Category.SEXTING,
    Report.Reason.BULLYING: Category.BULLYING,
    Report.Reason.PERSONAL_INFO: Category.PERSONAL_INFO,
    Report.Reason.SPAM: Category.SPAM,
}


def report_rank(reason: str, *, may_be_urgent: bool = True) -> tuple[str, int]:
    """A report's category and priority. ``may_be_urgent=False`` (the client already sent many
    urgent reports) queues it as high at most, so one client cannot fill the urgent part."""
    priority = REPORT_PRIORITY.get(reason, Priority.LOW)
    if not may_be_urgent:
        priority = max(priority, Priority.HIGH)
    return REPORT_CATEGORY.get(reason, Category.OTHER), priority
