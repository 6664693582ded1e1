"""Benchmark settings: the production settings plus a hello-world baseline view."""

from cybersquad.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
