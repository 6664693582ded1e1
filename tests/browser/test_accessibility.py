"""axe-core finds no serious or critical violations on the main pages, in both languages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from forum.models import HelpArticle, Theme, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.long
def test_main_pages_have_no_serious_violations(open_session, demo, lang):
    theme = Theme.objects.get(slug="sextortion")
    topic = Topic.objects.filter(language=lang).first()
    article = HelpArticle.objects.first()
    # bypass_csp lets axe inject its script; the pages themselves are unchanged.
    session = open_session(locale=f"{lang}-BE", bypass_csp=True)
    axe = Axe()
    found = {}
    for path in [
        f"/{lang}/",
        f"/{lang}/themes/",
        theme.get_absolute_url().replace("/fr/", f"/{lang}/"),
        topic.get_absolute_url().replace("/fr/", f"/{lang}/"),
        f"/{lang}/accounts/signup/",
        f"/{lang}/accounts/login/",
        f"/{lang}/help/",
        article.get_absolute_url().replace("/fr/", f"/{lang}/"),
        f"/{lang}/get-help/",
        f"/{lang}/house-rules/",
        f"/{lang}/privacy/",
        f"/{lang}/help/shared-phone/",
        f"/{lang}/search/?q=instagram",
        # The help chat's request, with its optional check-in question.
        f"/{lang}/chat/",
    ]:
        session.page.goto(path)
        problems = serious(axe.run(session.page))
        if problems:
            found[path] = problems
    assert found == {}
