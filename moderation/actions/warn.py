"""Warn: a statement of reasons and nothing else; reversing it leaves the record saying so.

Also the warning a reporter gets for misusing reporting (``target.report``): the report is
closed without action and the rule names it, so it is given once per report."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext

from moderation.actions.base import ACTION_TAKEN, Result, Target, nothing_to_undo
from moderation.models import MISUSE_RULE_PREFIX, Action, Category, Decision, Report

ACTION = Action.WARN
TARGETS = ("member",)
reverse = nothing_to_undo


def apply(target: Target) -> Result:
    if target.report is not None:
        return _misuse(target)
    item = target.item
    if item is not None and Decision.objects.filter(queue_item=item, action=ACTION).exists():
        return Result(False)
    return Result(True, decide=True, close=ACTION_TAKEN)


def _misuse(target: Target) -> Result:
    report = target.report
    target.rule = f"{MISUSE_RULE_PREFIX}{report.code}"
    if (
        report.status == Report.Status.NO_ACTION
        and Decision.objects.filter(member=report.reporter, rule=target.rule).exists()
    ):
        return Result(False)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.NO_ACTION, status_changed_at=timezone.now()
    )
    with translation.override(report.reporter.language):
        target.reason = gettext(
            "You reported content that breaks no rule, in a way that looks deliberate. "
            "Reporting is there to protect people: misusing it can lead to a mute or a suspension."
        )
    return Result(True, decide=True, category=Category.OTHER)
