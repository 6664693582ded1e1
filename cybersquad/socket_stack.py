"""The WebSocket entry: Channels' ``AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter
(routes)))`` in one step.

The same checks, in the same order, with the same results: the Origin header against
ALLOWED_HOSTS (refused before anything is read: daphne answers 403), the cookies, the session
named by the session cookie, the signed-in person (``channels.auth.get_user``, which also
flushes a session whose password hash no longer matches), then the route. Channels' stack
does it in five middleware layers, each copying the scope and each staying on the stack,
with its copy, for as long as the socket is open (about 4 KiB per idle socket). Here the
server's scope is filled in place (this is the outermost application: nothing upstream reads
it again) and one frame waits on the consumer.
"""

from __future__ import annotations

from importlib import import_module
from urllib.parse import urlparse

from channels.auth import get_user
from channels.routing import URLRouter
from channels.security.websocket import AllowedHostsOriginValidator, WebsocketDenier
from django.conf import settings
from django.http import parse_cookie


class SocketStack:
    def __init__(self, routes: list) -> None:
        self.router = URLRouter(routes)  # Channels' preparation of the routes
        self.origins = AllowedHostsOriginValidator(None)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            raise ValueError("SocketStack serves WebSocket connections only")
        return await (await self.application_for(scope))(scope, receive, send)

    async def application_for(self, scope: dict):
        """The consumer for this scope, once the scope has its cookies, session, user and
        route; a denier when the origin is not allowed."""
        if not self.origins.valid_origin(_origin(scope)):
            return WebsocketDenier()
        cookies = {}
        for name, value in scope["headers"]:
            if name == b"cookie":
                cookies = parse_cookie(value.decode("latin1"))
                break
        scope["cookies"] = cookies
        session_store = import_module(settings.SESSION_ENGINE).SessionStore
        scope["session"] = session_store(cookies.get(settings.SESSION_COOKIE_NAME))
        scope["user"] = await get_user(scope)
        return self.route(scope)

    def route(self, scope: dict):
        """URLRouter's matching, as the outermost router."""
        path = scope["path"]
        root_path = scope.get("root_path", "")
        if root_path:
            if not path.startswith(root_path):
                raise ValueError(f"No route found for path {path!r}.")
            path = path[len(root_path) :]
        path = path.lstrip("/")
        for route in self.router.routes:
            match = route.pattern.match(path)
            if match:
                remaining, args, kwargs = match
                kwargs.update(route.default_args)
                scope["path_remaining"] = remaining
                scope["url_route"] = {"args": args, "kwargs": kwargs}
                return route.callback
        raise ValueError(f"No route found for path {path!r}.")


def _origin(scope: dict):
    """The Origin header, parsed as OriginValidator does (the last one counts)."""
    parsed = None
    for name, value in scope["headers"]:
        if name == b"origin":
            try:
                parsed = urlparse(value.decode("latin1"))
            except UnicodeDecodeError:
                pass
    return parsed
