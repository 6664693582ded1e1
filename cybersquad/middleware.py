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
    """Pages for signed-in people show personal things: never keep them in a cache.

    Views may also mark themselves with ``@never_cache``; this covers every page a signed-in
    person sees, so a shared computer's back button or cache never shows them to the next user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
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
