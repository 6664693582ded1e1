"""Logs hold no search words, no chat or report paths that tie a visitor to a conversation,
and no database error details (which may quote a message); daphne's access log is off."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import shlex
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest
from django.conf import settings as django_settings
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from chat.models import Conversation
from cybersquad.request_log import RouteOnlyFilter, SingleLineFormatter
from moderation.models import Report

MARKER = "QX9LOGMARK"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def log_lines(caplog):
    """What our console handler would write: the site's formatter, on every logger."""
    caplog.set_level(logging.DEBUG)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        SingleLineFormatter(django_settings.LOGGING["formatters"]["safe"]["format"])
    )
    logging.getLogger().addHandler(handler)
    yield lambda: caplog.text + stream.getvalue()
    logging.getLogger().removeHandler(handler)


@pytest.mark.django_db
def test_requests_are_logged_by_route_without_what_ties_a_visitor_to_it(log_lines, settings):
    settings.CHAT_OPENING_HOURS = "mon-sun 00:00-24:00"
    browser = Client()
    browser.get(reverse("forum:search"), {"q": f"{MARKER} sextorsion"})
    browser.post(reverse("chat:start"), {"topic": "bullying", "about": f"{MARKER} aide-moi"})
    conversation = Conversation.objects.get()
    code = browser.get(conversation.get_absolute_url()).context["code"]
    Client().post(reverse("chat:return"), {"code": code})
    browser.post(
        reverse("moderation:report_url"),
        {"reason": "spam", "url": f"https://example.org/{MARKER}", "description": MARKER},
    )
    report = Report.objects.get()
    browser.get(reverse("moderation:report_status", args=[report.code]))
    browser.get(f"/fr/report/status/{MARKER}/")  # an unknown code: a 404
    text = log_lines()
    assert "forum:search 200" in text
    assert "chat:conversation 200" in text
    assert "moderation:report_status 404" in text
    for secret in (MARKER, code, report.code, f"chat/{conversation.pk}/", "?q="):
        assert secret not in text


@pytest.mark.django_db
def test_a_server_error_names_the_route_and_withholds_database_details(
    log_lines, monkeypatch, member
):
    from moderation import views

    def broken(*args, **kwargs):
        raise IntegrityError(f"violates check constraint\nDETAIL: Failing row contains ({MARKER})")

    monkeypatch.setattr(views, "render", broken)
    report = Report.objects.create(reason="spam", description="")
    response = Client(raise_request_exception=False).get(report.get_absolute_url())
    assert response.status_code == 500
    text = log_lines()
    assert "Internal Server Error: moderation:report_status" in text
    assert "IntegrityError: (details withheld" in text
    assert "Traceback" in text
    assert MARKER not in text
    assert report.code not in text


@pytest.mark.django_db
def test_a_refused_form_names_the_route_not_the_report_code(log_lines, moderator):
    report = Report.objects.create(reason="spam", description="")
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(reverse("moderation:report_misuse", args=[report.code]))
    assert response.status_code == 403
    text = log_lines()
    assert "moderation:report_misuse" in text
    assert report.code not in text


def test_database_error_chains_are_withheld_in_every_link():
    try:
        try:
            try:
                raise sqlite3.IntegrityError(f"UNIQUE constraint failed ({MARKER})")
            except sqlite3.IntegrityError as driver:
                raise IntegrityError(f"Failing row contains ({MARKER})") from driver
        except IntegrityError:
            raise RuntimeError("the message could not be stored")  # noqa: B904 - a context
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "store failed", (), None)
        record.exc_info = sys.exc_info()
    assert MARKER in logging.Formatter().format(record)  # what Python would write
    line = SingleLineFormatter("%(message)s").format(record)
    assert MARKER not in line
    assert "\n" not in line
    assert "sqlite3.IntegrityError: (details withheld" in line
    assert "django.db.utils.IntegrityError: (details withheld" in line
    assert "RuntimeError: the message could not be stored" in line
    assert "During handling of the above exception" in line


def test_the_development_servers_lines_name_the_route():
    record = logging.LogRecord(
        "django.channels.server",
        logging.INFO,
        __file__,
        1,
        "HTTP %(method)s %(path)s %(status)s",
        ({"method": "GET", "path": "/nl/chat/12/?after=3", "status": 200},),
        None,
    )
    RouteOnlyFilter().filter(record)
    assert record.getMessage() == "HTTP GET chat:conversation 200"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _daphne_command_of_make_run(port: int) -> list[str]:
    planned = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1", f"PORT={port}"],  # noqa: S607 - make from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return shlex.split(next(line for line in planned.splitlines() if "bin/daphne" in line))


async def _knock_on_a_chat_socket(port: int) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    # No Origin: refused at the handshake, which daphne's access log would record.
    with pytest.raises(InvalidStatus):
        async with connect(f"ws://127.0.0.1:{port}/ws/chat/conversations/987654/?lang=fr"):
            pass


def test_make_run_serves_without_daphnes_access_log(tmp_path):
    port = _free_port()
    command = _daphne_command_of_make_run(port)
    assert command[0].endswith("bin/daphne")
    env = {**os.environ, "SQLITE_PATH": str(tmp_path / "unused.sqlite3"), "LOG_LEVEL": "INFO"}
    server = subprocess.Popen(  # noqa: S603 - our own Makefile's command
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, "daphne did not start"
                assert time.monotonic() < deadline, "daphne did not start"
                time.sleep(0.1)
        # Neither request needs the database: a GET on a POST-only view, a refused socket.
        with pytest.raises(Exception, match="405"):
            urlopen(f"http://127.0.0.1:{port}/language/?q={MARKER}", timeout=10)  # noqa: S310
        asyncio.run(_knock_on_a_chat_socket(port))
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=15)
    text = output.decode(errors="replace")
    assert "language_switch 405" in text  # our own access log, by route name
    assert MARKER not in text
    assert "987654" not in text
    assert "/language/" not in text


def test_the_documented_daphne_commands_turn_daphnes_access_log_off():
    readme = (ROOT / "README.md").read_text()
    commands = [line for line in readme.splitlines() if "bin/daphne " in line]
    assert commands
    assert all(" -v 0 " in f" {line} " for line in commands)
