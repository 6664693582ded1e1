"""Logging that keeps one event on one line and never ties a visitor to what they did.

No log line holds what people wrote, what they searched for, or a path that names a
conversation, a report code or a decision: requests are logged by route name (our own access
log below, instead of daphne's, which `make run` turns off with `-v 0`), the paths in Django's
own request and CSRF warnings become route names, and database errors lose their details
(PostgreSQL's "Failing row contains (…)" would quote a message).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from types import TracebackType

from django.conf import settings
from django.db import Error as DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

access_logger = logging.getLogger("cybersquad.access")

NO_ROUTE = "(no route)"
DRIVER_MODULES = frozenset({"psycopg", "psycopg2", "sqlite3"})


def route_of(path: str) -> str:
    """The name of the URL pattern a path resolves to, never the path itself."""
    path = path.split("?", 1)[0]
    if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
        return "static"
    language = translation.get_language_from_path(path)
    try:
        with translation.override(language or translation.get_language()):
            match = resolve(path)
    except Resolver404:
        return NO_ROUTE
    return match.view_name or NO_ROUTE


def _route_of_request(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return match.view_name
    return route_of(request.path_info)


class RouteOnlyFilter(logging.Filter):
    """Replace the path in Django's request warnings and errors ("Not Found: /fr/chat/12/",
    "Forbidden (CSRF token missing.): /fr/report/status/CODE/") and in the development server's
    lines with the route's name. Attach it to the loggers that write them."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and isinstance(record.args, tuple):
            paths = {request.path, request.get_full_path(), request.path_info}
            route = _route_of_request(request)
            record.args = tuple(route if arg in paths else arg for arg in record.args)
        elif isinstance(record.args, dict) and "path" in record.args:
            record.args = {**record.args, "path": route_of(str(record.args["path"]))}
        return True


class SingleLineFormatter(logging.Formatter):
    """Escape CR and LF so a user-controlled value cannot forge a second log line."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the traceback text unredacted: always make our own.
        record.exc_text = None
        text = super().format(record)
        return text.replace("\r", "\\r").replace("\n", "\\n")

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        _, exception, _ = ei
        if exception is None or not _chain_has_database_error(exception):
            return super().formatException(ei)
        return "".join(_format_withholding_database_details(exception, set())).rstrip("\n")


def _chain(exception: BaseException):
    seen: set[int] = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        yield exception
        exception = exception.__cause__ or exception.__context__


def _is_database_error(exception: BaseException) -> bool:
    # Django wraps the driver's error and keeps it as the cause: both carry the details.
    module = type(exception).__module__
    return isinstance(exception, DatabaseError) or module.split(".")[0] in DRIVER_MODULES


def _chain_has_database_error(exception: BaseException) -> bool:
    return any(_is_database_error(e) for e in _chain(exception))


def _format_withholding_database_details(exception: BaseException, seen: set[int]) -> list[str]:
    """Like traceback.format_exception, with the message of every database error withheld."""
    seen.add(id(exception))
    lines: list[str] = []
    cause, context = exception.__cause__, exception.__context__
    if cause is not None and id(cause) not in seen:
        lines += _format_withholding_database_details(cause, seen)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and id(context) not in seen and not exception.__suppress_context__:
        lines += _format_withholding_database_details(context, seen)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    tb: TracebackType | None = exception.__traceback__
    if tb is not None:
        lines.append("Traceback (most recent call last):\n")
        lines += traceback.format_tb(tb)
    name = f"{type(exception).__module__}.{type(exception).__qualname__}"
    if _is_database_error(exception):
        lines.append(f"{name}: (details withheld: they may quote what someone wrote)\n")
    else:
        lines += traceback.format_exception_only(type(exception), exception)
    return lines


class AccessLogMiddleware:
    """One line per request: method, route name, status and time. No path, no query string,
    no address, no account: enough to run the site, nothing that tells who read what."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        access_logger.info(
            "%s %s %s %dms",
            request.method,
            _route_of_request(request),
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response
