from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cybersquad.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-test-key-that-is-long-enough-0123456789",
    "ALLOWED_HOSTS": "cybersquad.example",
    "SITE_URL": "https://cybersquad.example",
    "SQLITE_PATH": ":memory:",
}


def clean_environ() -> dict[str, str]:
    """The environment without the variables that select the at-scale stores or test modes."""
    drop = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def run_django(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_environ(), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_FLAG", "Off")
    assert env_bool("X_FLAG", True) is False


def test_env_int_refuses_nonsense_and_too_small(monkeypatch):
    monkeypatch.setenv("X_NUM", "12a")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("X_NUM", 1, minimum=0)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.example, b.example ,,")
    assert env_list("X_LIST") == ["a.example", "b.example"]


@pytest.mark.parametrize(
    ("worker", "url", "expected"),
    [
        ("", "redis://127.0.0.1:6379/5", "redis://127.0.0.1:6379/5"),
        ("gw0", "redis://127.0.0.1:6379/5", "redis://127.0.0.1:6379/5"),
        ("gw1", "redis://127.0.0.1:6379/5", "redis://127.0.0.1:6379/6"),
        ("gw1", "redis://:secret@cache.example:6380", "redis://:secret@cache.example:6380/1"),
        ("gw1", "", ""),
    ],
)
def test_each_test_worker_empties_only_its_own_redis_database(monkeypatch, worker, url, expected):
    """make test's workers (pytest-xdist gw0, gw1) each clear the cache: one database each."""
    from cybersquad.settings import _redis_url_of_test_worker

    monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    assert _redis_url_of_test_worker(url) == expected


def test_production_settings_pass_check_deploy():
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "at least 50 random characters"),
        ({"SECRET_KEY": "ab" * 40}, "at least 50 random characters"),
        ({"SECRET_KEY": " " + "k" * 20 + "-padded-key-0123456789-abcdefghijklmnop "}, "no spaces"),
        (
            {"SECRET_KEY": "insecure-embedded-default-key-only-for-local-development-0123456789"},
            "must not be a development key",
        ),
        ({"SECRET_KEY_FALLBACKS": "old-short-key"}, "SECRET_KEY_FALLBACKS must be at least"),
        ({"SITE_URL": ""}, "SITE_URL must be set"),
        ({"SITE_URL": "http://cybersquad.example"}, "public https address"),
        ({"SITE_URL": "https://cybersquad.example/fr/"}, "public https address"),
        ({"SITE_URL": "https://elsewhere.example"}, "one of ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "never '*'"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
        ({"MIN_AGE": "twelve"}, "MIN_AGE must be a whole number"),
    ],
)
def test_production_settings_fail_loudly(override, message):
    result = run_django(["check"], {**PROD_ENV, **override})
    assert result.returncode != 0
    assert message in result.stderr


PROD_HEADERS_SCRIPT = """
import django, json
django.setup()
from django.test import Client
r = Client().get("/fr/no-such-page/", secure=True, HTTP_HOST="cybersquad.example")
csrf = r.cookies["csrftoken"]
print(json.dumps({"status": r.status_code, "headers": dict(r.headers),
                  "csrf_secure": bool(csrf["secure"]), "csrf_httponly": bool(csrf["httponly"]),
                  "csrf_samesite": csrf["samesite"]}))
"""


@pytest.mark.long
def test_production_headers_on_a_real_response(tmp_path):
    env = {**clean_environ(), **PROD_ENV, "DJANGO_SETTINGS_MODULE": "cybersquad.settings"}
    env["STATIC_ROOT"] = str(tmp_path / "static")
    collected = run_django(["collectstatic", "--noinput", "-v0"], env)
    assert collected.returncode == 0, collected.stderr
    result = subprocess.run(
        [sys.executable, "-c", PROD_HEADERS_SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    headers = data["headers"]
    assert data["status"] == 404
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert data["csrf_secure"]
    assert data["csrf_httponly"]
    assert data["csrf_samesite"] == "Lax"
    # The error page is the site's own, never a traceback.
    assert "Traceback" not in result.stdout


def test_production_settings_have_no_fallback_key_or_address():
    """Without SECRET_KEY and SITE_URL, production mode does not start at all."""
    env = {k: v for k, v in PROD_ENV.items() if k not in ("SECRET_KEY", "SITE_URL")}
    result = run_django(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    result = run_django(["check"], {**env, "SECRET_KEY": PROD_ENV["SECRET_KEY"]})
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr


@pytest.mark.long
def test_seed_demo_refuses_production_mode_and_writes_nothing(tmp_path):
    env = {**PROD_ENV, "SQLITE_PATH": str(tmp_path / "prod.sqlite3")}
    migrated = run_django(["migrate", "--noinput", "-v0"], env)
    assert migrated.returncode == 0, migrated.stderr
    result = run_django(["seed_demo"], env)
    assert result.returncode != 0
    assert "does not run in production mode" in result.stderr
    assert "demo_member" not in result.stdout  # no published password printed
    with sqlite3.connect(tmp_path / "prod.sqlite3") as db:
        users = db.execute("SELECT count(*) FROM cybersquad_user").fetchone()[0]
        themes = db.execute("SELECT count(*) FROM forum_theme").fetchone()[0]
    assert (users, themes) == (0, 0)
