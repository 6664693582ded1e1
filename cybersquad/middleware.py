"""Request middleware: the member's saved language, and no caching of personal pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control


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
