"""A burst of concurrent requests to one daphne never opens more PostgreSQL connections than
its pool allows (DB_POOL_MAX), and every request is answered: the others wait for a
connection instead of failing or exhausting the server's connections."""

from __future__ import annotations

import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from tests.browser.conftest import start_daphne, stop_daphne
from tests.conftest import client_for, require

BURST = 200


def _server_connections() -> int:
    """Connections to the test database other than this test's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_requests_stays_within_the_pool(member, django_db_blocker):
    require("postgres", connection.vendor == "postgresql", "DATABASE_URL is not PostgreSQL")
    pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
    assert pool, "PostgreSQL under daphne runs with psycopg's pool by default"
    cookie = client_for(member).cookies["sessionid"].value
    before = _server_connections()
    process = start_daphne(django_db_blocker)
    url = f"http://localhost:{process.port.value}/fr/notifications/"
    done = threading.Event()
    most = 0

    def watch() -> None:
        nonlocal most
        while not done.is_set():
            most = max(most, _server_connections() - before)
        connection.close()

    def fetch(_) -> tuple[int, str]:
        request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (our daphne)
            return response.status, response.read().decode()

    watcher = threading.Thread(target=watch)
    try:
        watcher.start()
        with ThreadPoolExecutor(max_workers=BURST) as executor:
            answers = list(executor.map(fetch, range(BURST)))
    finally:
        done.set()
        watcher.join()
        stop_daphne(process)
    assert [status for status, _ in answers] == [200] * BURST
    # Each answer is the member's own page (a session read from the database), not an error.
    assert all("lotte" in page for _, page in answers)
    assert 0 < most <= pool["max_size"]
