"""Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

from tests.conftest import require

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The quick exit's destination never comes from the network: sessions that go there
    # answer it themselves (Session's quick_exit), any other request for it fails at once.
    "--host-resolver-rules=MAP www.meteo.be ~NOTFOUND",
]
EXIT_URL = "https://www.meteo.be/"
# Chromium's headless mode still preloads the address bar's pop-up, a WebUI page in a renderer
# of its own, for every window (so every context): a third of Chromium's processor time in a
# run of short browser tests. Turned off by adding these to Playwright's own --disable-features
# (Chromium reads one such switch: a second would replace Playwright's list).
NO_OMNIBOX_POPUP = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")


def _chromium_browsers() -> dict[int, list[str]]:
    """The command lines of the Chromium browser processes started under this process."""
    children: dict[int, list[int]] = {}
    if not Path("/proc").is_dir():  # not Linux: launch() starts Chromium as Playwright does
        return {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            parent = int(stat[stat.rfind(")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = {}, list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if Path(args[0]).name == "chromium" and not any(a.startswith("--type=") for a in args):
            found[pid] = args
    return found


def _launched(browser_type, **options) -> tuple[object, list[str]]:
    """Launch, and the --disable-features switches of the Chromium process it started."""
    before = set(_chromium_browsers())
    browser = browser_type.launch(**options)
    started = [args for pid, args in _chromium_browsers().items() if pid not in before]
    switches = [a for a in started[0] if a.startswith("--disable-features=")] if started else []
    return browser, switches if len(started) == 1 else []


def launch(browser_type, *, args: list[str] = CHROMIUM_ARGS, **options):
    """Debian's Chromium with ``args``, without the address bar's pop-up (NO_OMNIBOX_POPUP) when
    Playwright's own --disable-features switch can be extended; else as Playwright launches it."""
    options = {"executable_path": shutil.which("chromium"), "args": args, **options}
    browser, switches = _launched(browser_type, **options)
    if len(switches) != 1:
        return browser
    browser.close()
    lean = f"{switches[0]},{','.join(NO_OMNIBOX_POPUP)}"
    ignored = [*options.pop("ignore_default_args", []), switches[0]]
    options["args"] = [*args, lean]
    browser, switches = _launched(browser_type, ignore_default_args=ignored, **options)
    if switches == [lean]:
        return browser
    browser.close()  # not as expected: Playwright's launch as it is
    options["args"] = args
    return browser_type.launch(**options)


def off_loop(function: Callable, *args, **kwargs):
    """Run set-up code in a thread without Playwright's event loop, as a request would run."""

    def call():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()  # the test database is dropped at the end

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(call).result()


def give_app(username: str) -> None:
    """The staff member has set up an authenticator app, with the tests' key."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from cybersquad.models import User
    from tests.conftest import TOTP_SECRET

    def set_up() -> None:
        user = User.objects.get(username=username)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, TOTP_SECRET)

    off_loop(set_up)


def type_code(page) -> None:
    """Sign-in's second step, for a staff member given an app by ``give_app``."""
    from tests.conftest import totp_code

    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.locator("#id_code").fill(totp_code())
    page.locator("main form button[type=submit]").first.click()


@pytest.fixture
def demo(transactional_db) -> None:
    from django.core.management import call_command

    off_loop(call_command, "seed_demo", quiet_accounts=True)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    chromium = shutil.which("chromium")
    require("browser", chromium is not None, "Debian's chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        require("browser", False, "playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # tests themselves are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = launch(playwright.chromium)
        yield browser
        browser.close()


class Session:
    """One browser context (one person) with a record of every request it made."""

    def __init__(
        self,
        browser,
        base_url: str,
        *,
        locale: str = "fr-BE",
        bypass_csp: bool = False,
        quick_exit: bool = False,
        **options,
    ):
        """``options`` go to Playwright's new_context (a phone: viewport, has_touch...).

        ``quick_exit``: the person goes to the quick exit's destination (EXIT_URL), which
        this context then answers itself. Only those contexts route requests: a context
        that routes any request loses Chromium's HTTP cache, and the others then take the
        site's style sheets and scripts from it as a browser does, not once per page.
        """
        self.context = browser.new_context(
            base_url=base_url,
            locale=locale,
            bypass_csp=bypass_csp,
            extra_http_headers={"Accept-Language": locale},
            **options,
        )
        self.context.set_default_timeout(10_000)
        self.base_host = urlsplit(base_url).netloc
        self.foreign_requests: list[str] = []
        self.quick_exit = quick_exit
        self.context.on("request", self._record)
        if quick_exit:
            # The quick-exit destination is outside: answer it here, never from the network.
            self.context.route(
                EXIT_URL + "**",
                lambda route: route.fulfill(
                    status=200, content_type="text/html", body="<h1>Météo</h1>"
                ),
            )
        self.page = self.context.new_page()

    def _record(self, request) -> None:
        host = urlsplit(request.url).netloc
        if request.url.startswith("data:"):
            return
        if self.quick_exit and request.url.startswith(EXIT_URL):
            return
        if host != self.base_host:
            self.foreign_requests.append(request.url)

    def close(self) -> None:
        self.context.close()


def _sessions(browser, base_url: str, **defaults) -> Iterator[Callable[..., Session]]:
    """Open people's browser sessions (``defaults``: Session's options for each); at the end,
    none may have called another host."""
    sessions: list[Session] = []

    def factory(**kwargs) -> Session:
        session = Session(browser, base_url, **{**defaults, **kwargs})
        sessions.append(session)
        return session

    yield factory
    for session in sessions:
        assert session.foreign_requests == [], "requests to other hosts"
        session.close()


@pytest.fixture(scope="session", autouse=True)
def _static_files_cached() -> Iterator[None]:
    """The test servers (pytest-django's live server, daphne) send the site's static files
    with a day's Cache-Control, as production's WhiteNoise sends them for a year: a browser
    then reads them once per context, not again on every page. They never change during a
    run (set before daphne forks, so its copy has it too)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandlerMixin

    serve = StaticFilesHandlerMixin.serve

    def serve_cached(self, request):
        response = serve(self, request)
        if response.status_code == 200:
            response["Cache-Control"] = "max-age=86400"
        return response

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StaticFilesHandlerMixin, "serve", serve_cached)
        yield


@pytest.fixture
def open_session(browser, live_server, settings):
    """Sessions against pytest-django's live server (plain HTTP)."""
    settings.CYBERSQUAD_QUICK_EXIT_URL = EXIT_URL
    yield from _sessions(browser, live_server.url)


def _daphne_setup() -> None:
    """In the forked server: fresh thread pools and channel layers.

    The database settings already name the test database (pytest-django set them before the
    fork). A fork copies the parent's executors without their threads (earlier async tests
    started them), so work sent to them would wait for ever; the in-memory channel layer may
    hold queues tied to event loops of earlier tests.
    """
    from asgiref.sync import SyncToAsync
    from channels.layers import channel_layers

    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    channel_layers.backends = {}


def start_daphne(django_db_blocker):
    """Fork a real daphne (HTTP and WebSockets) on the test database; the caller stops it.

    It copies the settings as they are now (wrap the call in ``override_settings`` to
    change them for that server).
    """
    from functools import partial

    from channels.testing.live import make_application
    from daphne.testing import DaphneProcess
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    process = DaphneProcess(
        "localhost",
        partial(make_application, static_wrapper=ASGIStaticFilesHandler),
        setup=_daphne_setup,
    )
    # A forked process must not share the parent's open database socket: close it first
    # (the parent reconnects on its next query), and close psycopg's pool, whose idle
    # connections the child would otherwise share.
    connections.close_all()
    for wrapper in connections.all():
        if wrapper.alias in getattr(wrapper, "_connection_pools", {}):
            wrapper.close_pool()
    with django_db_blocker.unblock():  # the forked server inherits database access
        process.start()
    if not process.ready.wait(timeout=30):
        process.terminate()
        pytest.fail("daphne did not start")
    return process


def stop_daphne(process) -> None:
    process.terminate()
    process.join(timeout=10)


@pytest.fixture(scope="session")
def daphne_url(django_db_setup, django_db_blocker) -> Iterator[str]:
    """A real daphne in its own process, for the whole session."""
    process = start_daphne(django_db_blocker)
    yield f"http://localhost:{process.port.value}"
    stop_daphne(process)


@pytest.fixture
def open_live_session(browser, daphne_url, transactional_db):
    """Sessions against daphne, so pages get their WebSockets."""
    yield from _sessions(browser, daphne_url)
