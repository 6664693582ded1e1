"""The one rate limiter for everything anyone can send.

Posts, replies, reports, searches, help-chat openings, chat messages and return-code guesses
all count here, in the shared cache (Redis at scale, so every process sees the same counts).

Each limit is a sliding window approximated from two fixed windows (the current one and the
one before, weighted by how much of it still overlaps): unlike a plain fixed window, nobody
can send twice the limit by bursting across a window edge. Keys expire on their own after two
windows, and an entry that expired between ``add`` and ``incr`` is started again rather than
lost (the only expiry handling that was correct before, in the chat's limiter).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``seconds`` for one client of one action."""

    action: str
    count: int
    seconds: int


def limit_for(action: str) -> Limit:
    """The configured limit of an action (``settings.CYBERSQUAD_RATE_LIMITS``)."""
    count, seconds = settings.CYBERSQUAD_RATE_LIMITS[action]
    return Limit(action, count, seconds)


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth reads it: REMOTE_ADDR, or X-Forwarded-For only behind
    the number of proxies we configured (TRUSTED_PROXY_COUNT)."""
    return get_adapter(request).get_client_ip(request) or "unknown"


def client_key(request: HttpRequest) -> str:
    """Who sends: a signed-in person by account (whatever their address), a visitor by address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    return f"ip{client_ip(request)}"


def _cache_key(limit: Limit, who: str, window: int) -> str:
    # Hashed: an address or a code typed by someone never becomes part of a cache key verbatim.
    digest = hashlib.sha256(f"{limit.action}:{who}".encode()).hexdigest()[:32]
    return f"rl:{limit.action}:{digest}:{window}"


def _weighted(limit: Limit, who: str, now: float) -> tuple[float, str]:
    window, offset = divmod(now, limit.seconds)
    current = _cache_key(limit, who, int(window))
    previous = _cache_key(limit, who, int(window) - 1)
    counts = cache.get_many([current, previous])
    overlap = 1 - offset / limit.seconds
    return counts.get(previous, 0) * overlap + counts.get(current, 0), current


def _add_one(key: str, limit: Limit) -> None:
    cache.add(key, 0, timeout=limit.seconds * 2)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr: this hit starts it again
        cache.set(key, 1, timeout=limit.seconds * 2)


def hit(limit: Limit, who: str, *, now: float | None = None) -> bool:
    """Count one attempt. Returns False, counting nothing, when the limit is already reached."""
    used, key = _weighted(limit, who, time.time() if now is None else now)
    if used >= limit.count:
        return False
    _add_one(key, limit)
    return True


def exceeded(limit: Limit, who: str, *, now: float | None = None) -> bool:
    """Whether the limit is reached, without counting (for limits that count only failures)."""
    used, _ = _weighted(limit, who, time.time() if now is None else now)
    return used >= limit.count


def count(limit: Limit, who: str, *, now: float | None = None) -> None:
    """Count one attempt without checking (a failed guess, after it was allowed)."""
    window = int((time.time() if now is None else now) // limit.seconds)
    _add_one(_cache_key(limit, who, window), limit)


def request_allowed(request: HttpRequest, action: str) -> bool:
    """Count one attempt of ``action`` by the client making this request."""
    return hit(limit_for(action), client_key(request))


def first_within(action: str, who: str, seconds: int) -> bool:
    """True for the first call of ``action`` by ``who`` within ``seconds``, then False until
    they pass (one atomic ``cache.add``): enough to write something once per client and hour
    without letting repeated requests add more."""
    return cache.add(_cache_key(Limit(action, 1, seconds), who, 0), 1, timeout=seconds)
