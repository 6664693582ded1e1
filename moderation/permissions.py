"""Who may see and do what in moderation. Default deny; denied attempts on sensitive things
are written to the audit trail."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext

from cybersquad import ratelimit
from cybersquad.permissions import (  # noqa: F401 (moderation's callers import them from here)
    can_counsel,
    can_moderate,
    check_is_counsellor,
    check_is_moderator,
    people_at,
)
from cybersquad.validators import is_staff_account
from moderation.models import (
    MISUSE_RULE_PREFIX,
    REPORT_OPEN_STATUSES,
    SUBJECT_PATHS,
    Action,
    Appeal,
    AuditRecord,
    Decision,
    QueueItem,
    Report,
)

# A loop of requests, or a throwaway account, must not grow the audit trail without bound: one
# row per person and object per this many seconds already says who tried what, and when.
DENIAL_SECONDS = 3600


def denied(user, what: str, target, *, client: str = "") -> None:
    """Write an unauthorised attempt to the audit trail.

    Staff (moderators, counsellors, coordinators): every attempt. Their accounts are few, made
    by a coordinator and behind a second factor, and a colleague probing cases that are not
    theirs must show in full: how often and when, not only that it happened.
    Members: at most one row per account and object and hour; anyone can make an account, so
    an account alone must not be a way to write without limit. Visitors: the same per client
    address (``client``; only its hash reaches the cache), or for all visitors together when
    the address is not known.
    """
    target_id = str(getattr(target, "pk", target))
    if not (user.is_authenticated and is_staff_account(user)):
        who = f"account:{user.pk}" if user.is_authenticated else (client or "visitor")
        if not ratelimit.first_within("audit_denied", f"{who}|{what}|{target_id}", DENIAL_SECONDS):
            return
    AuditRecord.objects.create(
        actor_id=user.pk if user.is_authenticated else None,
        actor_name=user.username if user.is_authenticated else "visitor",
        action="access.denied",
        target_type=what,
        target_id=target_id,
    )


def check_can_view_item(user, item: QueueItem) -> None:
    """Moderators, except on an item they have a stake in (`has_stake`): who reported them and
    why stays with the coordinator who decides it, and for them it does not exist (the queue
    leaves it out: `QueueItemQuerySet.without_stake_of`)."""
    if not can_moderate(user):
        denied(user, "queueitem", item)
        raise PermissionDenied
    if has_stake(user, item=item):
        denied(user, "queueitem", item)
        raise Http404


def check_can_view_decision(user, decision: Decision) -> None:
    """The member it falls on, and moderators without a stake in it: a decision about the
    person who reported a moderator, or appealed against them, is not theirs to read."""
    if user.is_authenticated and decision.member_id == user.pk:
        return
    if can_moderate(user):
        if not has_stake(user, decision=decision):
            return
        denied(user, "decision", decision)
    raise Http404


def check_can_view_appeal(user, appeal: Appeal) -> None:
    """Moderators without a stake in the decision appealed: what the member wrote about it
    stays with those who may decide the appeal."""
    check_is_moderator(user)
    if has_stake(user, decision=appeal.decision):
        denied(user, "appeal", appeal)
        raise Http404


def may_hear_of(user, change: dict) -> bool:
    """Whether a live change of the queue may reach this moderator's socket: not one about an
    item or an appeal they have a stake in (the list it would refresh leaves them out too)."""
    if change.get("item") is not None:
        item = (
            QueueItem.objects.select_related("member", "post__author", "message__author")
            .filter(pk=change["item"])
            .first()
        )
        return item is None or not has_stake(user, item=item)
    if change.get("appeal") is not None:
        appeal = Appeal.objects.select_related("decision").filter(pk=change["appeal"]).first()
        return appeal is None or not has_stake(user, decision=appeal.decision)
    return True


def check_can_appeal(user, decision: Decision) -> None:
    if not (user.is_authenticated and decision.member_id == user.pk and decision.appealable):
        raise PermissionDenied
    if Appeal.objects.filter(decision=decision).exists():
        raise PermissionDenied


# --- No one decides on themselves ------------------------------------------------------------

# Coordinators' accounts are managed by the people who run the platform, not by moderation.
NEVER_ON_COORDINATORS = frozenset({Action.SUSPEND, Action.BAN})


def _unique(people: Iterable) -> list:
    seen: set[int] = set()
    found = []
    for person in people:
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            found.append(person)
    return found


def item_subjects(item: QueueItem | Report) -> list:
    """The people a queue item (or a report) is about: its member, and the author of its post
    or message."""
    return people_at(item, SUBJECT_PATHS)


def _reporters(item: QueueItem) -> set[int]:
    return set(
        Report.objects.filter(queue_item=item, reporter__isnull=False).values_list(
            "reporter_id", flat=True
        )
    )


def _parties(*, item, member, decision, report) -> tuple[list, set[int]]:
    """Whom the decision falls on, and the ids of everyone with a stake in it (those included)."""
    subjects = [member]
    stake: set[int] = set()
    if item is not None:
        subjects += item_subjects(item)
        stake |= _reporters(item)
    if decision is not None:
        subjects.append(decision.member)
        stake.add(decision.moderator_id)
        if decision.queue_item_id:
            earlier = decision.queue_item
            stake |= {person.pk for person in item_subjects(earlier)} | _reporters(earlier)
        if decision.rule.startswith(MISUSE_RULE_PREFIX):
            misused = Report.objects.filter(code=decision.rule.removeprefix(MISUSE_RULE_PREFIX))
            for found in misused:
                stake |= {person.pk for person in item_subjects(found)}
    if report is not None:
        # A misuse warning falls on the reporter; whoever they reported has a stake in it.
        subjects.append(report.reporter)
        stake |= {person.pk for person in item_subjects(report)}
    subjects = _unique(subjects)
    stake |= {person.pk for person in subjects}
    stake.discard(None)
    return subjects, stake


def has_stake(user, *, item: QueueItem | None = None, decision: Decision | None = None) -> bool:
    """Whether this person has a stake in the item or the decision (see `_parties`): they are
    what it is about, reported it, took the decision, or the decision falls on someone they
    reported or who has an open report about them (`_reported_the_moderator`: the same
    report keeps them from deciding it). Such things are not theirs to see, nor to decide.
    `AppealQuerySet.without_stake_of` is the list form for appeals, `QueueItemQuerySet`'s
    for items."""
    subjects, stake = _parties(item=item, member=None, decision=decision, report=None)
    if user.pk in stake:
        return True
    return decision is not None and _reported_the_moderator(subjects, user)


def _reported_the_moderator(subjects: list, moderator) -> bool:
    """Whether someone the decision falls on has an open report about the moderator (their
    account, or something they wrote)."""
    return Report.objects.filter(
        reporter_id__in=[person.pk for person in subjects],
        member_id=moderator.pk,
        status__in=REPORT_OPEN_STATUSES,
    ).exists()


def decision_refusal(
    moderator,
    *,
    item: QueueItem | None = None,
    member=None,
    decision: Decision | None = None,
    report: Report | None = None,
    action: str | None = None,
) -> str | None:
    """Why this moderator may not take this decision, in the active language; None if they may.

    ``item``: the queue item decided; ``member``: the person the verb falls on (a post's
    author, a sanctioned member); ``decision``: the decision whose appeal is decided;
    ``report``: the report whose reporter is warned for misuse; ``action``: the verb.
    Nobody decides what concerns them (they are its subject, its author, reported it, or took
    the decision appealed) or falls on someone whose report about them is still open; what is
    about a member of staff goes to a coordinator other than that person; coordinators are
    never suspended or banned through moderation.
    """
    subjects, stake = _parties(item=item, member=member, decision=decision, report=report)
    if decision is not None and decision.moderator_id == moderator.pk:
        return gettext("You took the decision: another moderator must decide the appeal.")
    if moderator.pk in stake:
        return gettext("This case concerns you, so another moderator must decide it.")
    if _reported_the_moderator(subjects, moderator):
        # Deciding on someone whose report about you is still open looks like retaliation.
        return gettext(
            "This member reported you and the report is still open: another moderator must decide."
        )
    if action in NEVER_ON_COORDINATORS and any(person.is_coordinator for person in subjects):
        return gettext(
            "A coordinator cannot be suspended or banned through moderation: the people who "
            "run Cybersquad manage their account."
        )
    if not moderator.is_coordinator and any(person.is_professional for person in subjects):
        return gettext("This case is about a member of staff: only a coordinator can decide it.")
    return None


def check_can_decide(moderator, **about) -> None:
    """Raise PermissionDenied, with the reason in the active language, unless ``moderator`` may
    take this decision. Every moderation verb calls it; see `decision_refusal` for ``about``."""
    check_is_moderator(moderator)
    refusal = decision_refusal(moderator, **about)
    if refusal is not None:
        raise PermissionDenied(refusal)


def item_for_coordinator(item: QueueItem) -> bool:
    """Whether only a coordinator can decide this item (it is about a member of staff)."""
    return any(person.is_professional for person in item_subjects(item))
