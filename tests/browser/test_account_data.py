"""A member reads their data in their language, downloads the same as a file, and the page
passes axe in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import off_loop
from tests.browser.test_accessibility import serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _member_with_a_report_and_a_decision() -> None:
    from cybersquad.models import User
    from moderation import services as moderation

    member = User.objects.get(username="demo_member")
    moderation.report_create(
        reporter=member,
        reason="bullying",
        description="Il se moque de moi en classe.",
        language="fr",
        member=User.objects.get(username="demo_member2"),
    )
    moderation.member_warn(
        member, by=User.objects.get(username="demo_moderator"), reason="Reste poli."
    )


@pytest.mark.parametrize(
    ("lang", "heading", "button"),
    [
        ("fr", "Tes données", "Télécharger mes données dans un fichier"),
        ("nl", "Jouw gegevens", "Mijn gegevens downloaden als bestand"),
    ],
)
def test_a_member_reads_and_downloads_their_data(open_session, demo, lang, heading, button):
    off_loop(_member_with_a_report_and_a_decision)
    session = open_session(locale=f"{lang}-BE", bypass_csp=True)
    page = session.page
    page.goto(f"/{lang}/accounts/login/")
    page.locator("#id_login").fill("demo_member")
    page.locator("#id_password").fill("demo-member-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{lang}/$"))
    page.goto(f"/{lang}/account/settings/")
    page.locator(f"a[href='/{lang}/account/data/']").click()
    page.get_by_role("heading", name=heading, level=1).wait_for()
    assert "Il se moque de moi en classe." in page.content()
    assert serious(Axe().run(page)) == []
    with page.expect_download() as download:
        page.get_by_role("link", name=button).click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["pseudonym"] == "demo_member"
    assert data["reports_made"][0]["your_description"] == "Il se moque de moi en classe."
    assert data["moderation_decisions"][0]["reason"] == "Reste poli."
