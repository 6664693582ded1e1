"""Request middleware: the member's saved language, and no caching of personal pages."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

logger = logging.getLogger(__name__)


class MemberLocaleMiddleware(LocaleMiddleware):
    """Language from the URL prefix; without one, the member's saved choice, then the browser's."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        if translation.get_language_from_path(request.path_info):
            return
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language


class SuspendedAccountMiddleware:
    """A suspended or banned member is signed out on their next request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_suspended():
            logout(request)
        return self.get_response(request)


class SensitivePageMiddleware:
    """Personal pages are never kept, neither in a cache nor in the back/forward cache.

    Every page a signed-in person sees shows personal things (at least their pseudonym), and
    every answer to a form shows what was typed (errors echo it back). Visitors' own pages
    (their help conversation, a report followed by its code) say ``@never_cache`` themselves.
    So after a quick exit or on a shared computer, Back, a reload or a reopened tab asks the
    server again, which answers according to the session as it is then.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        # Read before the view runs: a sign-out or a quick exit leaves an anonymous user.
        signed_in = user is not None and user.is_authenticated
        response = self.get_response(request)
        sent_form = request.method not in ("GET", "HEAD", "OPTIONS")
        if (signed_in or sent_form) and "Cache-Control" not in response:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer 503 with the plain error page (no trace)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable: %s", type(exception).__name__)
        response = HttpResponse(
            loader.render_to_string("500.html"), status=503, content_type="text/html"
        )
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response
