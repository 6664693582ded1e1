"""A new counsellor's first sign-in in a real browser, in both languages: the set-up of the
authenticator app, the recovery codes, then the code at the next sign-in; by keyboard, and
with no serious accessibility problem on the way."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import serious
from tests.conftest import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("fr", "Active la vérification en deux étapes"), ("nl", "Stel tweestapsverificatie in")],
)
def test_first_sign_in_sets_up_the_app_then_asks_for_its_code(open_session, demo, lang, heading):
    session = open_session(locale=f"{lang}-BE", bypass_csp=True)
    page = session.page
    axe = Axe()
    found = {}

    def sign_in() -> None:
        page.goto(f"/{lang}/accounts/login/")
        page.locator("#id_login").fill("demo_counsellor")
        page.locator("#id_password").fill("wafels-met-room-2026")
        page.locator("#id_password").press("Enter")

    def check(name: str) -> None:
        assert page.locator("html").get_attribute("lang") == lang
        problems = serious(axe.run(page))
        if problems:
            found[name] = problems

    sign_in()
    page.get_by_role("heading", name=heading).wait_for()
    check("set-up")
    # The counselling pages wait until the app is set up.
    page.goto(f"/{lang}/counselling/")
    page.get_by_role("heading", name=heading).wait_for()
    secret = page.locator("#totp-key").text_content().replace(" ", "")
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("#id_code").press("Enter")
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    assert page.locator(".recovery-codes li").count() == 10
    check("recovery codes")
    page.goto(f"/{lang}/counselling/")
    assert page.url.endswith(f"/{lang}/counselling/")

    page.locator("form[action$='/logout/'] button").first.click()
    page.wait_for_url(re.compile(rf"/{lang}/$"))
    sign_in()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    check("sign-in code")
    page.locator("#id_code").fill("000000")
    page.locator("#id_code").press("Enter")
    page.locator(".field-error").wait_for()
    check("wrong code")
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("#id_code").press("Enter")
    page.wait_for_url(re.compile(rf"/{lang}/$"))
    page.goto(f"/{lang}/counselling/")
    assert page.url.endswith(f"/{lang}/counselling/")
    assert found == {}
