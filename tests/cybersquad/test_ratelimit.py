"""The one rate limiter: a sliding window in the shared cache."""

from __future__ import annotations

from django.test import RequestFactory

from cybersquad import ratelimit
from cybersquad.ratelimit import Limit
from tests.conftest import make_user

LIMIT = Limit("test", 3, 60)
T0 = 1_800_000_000.0 - (1_800_000_000 % 60)  # the start of a window


def test_allows_up_to_the_limit_then_refuses_without_counting():
    assert [ratelimit.hit(LIMIT, "a", now=T0 + i) for i in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    # Another client has its own count.
    assert ratelimit.hit(LIMIT, "b", now=T0 + 5)


def test_no_burst_of_twice_the_limit_across_a_window_edge():
    # A fixed window would let 3 through just before the edge and 3 more just after it.
    attempts = [T0 + 57 + i for i in range(6)]
    allowed = sum(ratelimit.hit(LIMIT, "a", now=t) for t in attempts)
    assert allowed <= LIMIT.count + 1
    # Once the burst has slid out of the window, there is room again.
    assert ratelimit.hit(LIMIT, "a", now=T0 + 60 + 59)


def test_exceeded_and_count_for_limits_that_count_only_failures():
    for _ in range(3):
        assert not ratelimit.exceeded(LIMIT, "guess", now=T0)
        ratelimit.count(LIMIT, "guess", now=T0)
    assert ratelimit.exceeded(LIMIT, "guess", now=T0 + 1)


def test_members_count_by_account_and_visitors_by_address(db):
    factory = RequestFactory()
    visitor = factory.get("/", REMOTE_ADDR="203.0.113.9")
    from django.contrib.auth.models import AnonymousUser

    visitor.user = AnonymousUser()
    assert ratelimit.client_key(visitor) == "ip203.0.113.9"
    member = factory.get("/", REMOTE_ADDR="203.0.113.9")
    member.user = make_user("rl_member")
    assert ratelimit.client_key(member) == f"u{member.user.pk}"


def test_the_address_behind_an_untrusted_proxy_is_the_direct_one(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.77"
    )
    assert ratelimit.client_ip(request) == "198.51.100.1"
