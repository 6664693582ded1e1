"""Benchmark settings: the production settings plus a hello-world baseline view."""

import os

from cybersquad.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# bench/pages.py loads the search page thousands of times from one address: without this,
# the per-client search limit would answer 429 and the figures would measure the refusal.
if os.environ.get("BENCH_UNLIMITED"):
    CYBERSQUAD_RATE_LIMITS = {  # noqa: F405
        name: (10**9, window)
        for name, (_limit, window) in CYBERSQUAD_RATE_LIMITS.items()  # noqa: F405
    }

# bench/topic_page.py's second server: no cache at all, so every page is rendered afresh.
if os.environ.get("BENCH_NO_CACHE"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
