"""The staff roles' checks, asked the same way by views, services, consumers, figures and the
admin: signed in, and `User.can_moderate` / `can_counsel` / `can_coordinate` (the role, on an
active account that is neither suspended nor banned). Default deny."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied


def can_moderate(user) -> bool:
    return user.is_authenticated and user.can_moderate


def can_counsel(user) -> bool:
    return user.is_authenticated and user.can_counsel


def can_coordinate(user) -> bool:
    return user.is_authenticated and user.can_coordinate


def check_is_moderator(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied


def check_is_counsellor(user) -> None:
    if not can_counsel(user):
        raise PermissionDenied


def check_is_coordinator(user) -> None:
    if not can_coordinate(user):
        raise PermissionDenied


def people_at(thing, paths: Iterable[str]) -> list:
    """The accounts at the end of these paths from ``thing`` (``"post__author"``), each once,
    in order, skipping empty links: whom a queue item or a case is about. The list pages
    filter on the same paths in SQL."""
    found: dict[int, object] = {}
    for path in paths:
        person = thing
        for name in path.split("__"):
            if person is None or getattr(person, f"{name}_id") is None:
                person = None
                break
            person = getattr(person, name)
        if person is not None:
            found.setdefault(person.pk, person)
    return list(found.values())
