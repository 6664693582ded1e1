"""A sextortion disclosure in Dutch: never public, help at once, urgent at the top of a live
queue, escalated by a moderator, and the statement of reasons reaches the author in Dutch."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from forum.models import PostStatus, Topic
from moderation.models import Decision, Escalation, Priority, QueueItem
from tests.browser.conftest import give_app, off_loop, type_code
from tests.browser.test_accessibility import serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISCLOSURE = (
    "Hij dreigt mijn naaktfoto's naar mijn vrienden te sturen als ik hem geen 200 euro betaal. "
    "Ik weet niet wat ik moet doen."
)


def sign_in_nl(page, username: str, password: str) -> None:
    staff = not username.startswith("demo_member")
    if staff:
        give_app(username)
    page.goto("/nl/accounts/login/")
    page.get_by_label("Pseudoniem").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    if staff:
        type_code(page)
    page.wait_for_url(re.compile(r"/nl/$"))


@pytest.mark.long
def test_disclosure_reaches_the_live_queue_and_the_author_hears_back(open_live_session):
    from django.core.management import call_command

    off_loop(call_command, "seed_demo", quiet_accounts=True)
    moderator = open_live_session(locale="nl-BE")
    sign_in_nl(moderator.page, "demo_moderator", "tulpen-in-gent-2026")
    moderator.page.goto("/nl/moderation/")
    moderator.page.get_by_role("heading", name="Moderatiewachtrij").wait_for()
    moderator.page.locator('[data-live-list][data-live="open"]').wait_for()

    member = open_live_session(locale="nl-BE")
    sign_in_nl(member.page, "demo_member2", "demo-member2-2026")
    member.page.goto("/nl/topics/new/?theme=sextortion")
    member.page.get_by_label("Taal van je vraag").select_option("nl")
    member.page.get_by_label("Je vraag in een paar woorden").fill("Iemand wil geld van mij")
    member.page.get_by_label("Vertel meer").fill(DISCLOSURE)
    member.page.get_by_role("button", name="Mijn vraag plaatsen").click()
    member.page.get_by_text("Betaal niet en stuur niets meer.").wait_for()
    assert member.page.locator("html").get_attribute("lang") == "nl"
    # Only what is true: sent to the counsellors, nobody has opened it yet, 116 000 now.
    support = member.page.locator("main").inner_text()
    assert "Nog geen enkele hulpverlener heeft je bericht geopend" in support
    assert "heeft gelezen wat je schreef" not in support
    assert "hulpverlener heeft je bericht gelezen (" not in support
    assert "116" in support
    topic = Topic.objects.get(title="Iemand wil geld van mij")
    assert topic.status == PostStatus.HELD

    # The moderator's queue shows it at the top, as urgent, without reloading.
    first_row = moderator.page.locator("table.queue tbody tr").first
    first_row.get_by_text("Dringend", exact=True).wait_for(timeout=15_000)
    assert "Sextortion" in first_row.inner_text()
    item = QueueItem.objects.get(post__topic=topic)
    assert item.priority == Priority.URGENT

    # Visitors never see it.
    visitor = open_live_session(locale="nl-BE")
    response = visitor.page.goto(topic.get_absolute_url())
    assert response.status == 404

    first_row.get_by_role("link").click()
    moderator.page.get_by_role("button", name="Dit item nemen").click()
    moderator.page.get_by_label("Doorsturen naar een hulpverlener").check()
    moderator.page.get_by_label(re.compile("^Categorie")).select_option("sextortion")
    moderator.page.get_by_label("Reden, zoals het lid ze zal lezen").fill(
        "Je bericht staat niet online: een hulpverlener van Child Focus neemt contact met je op."
    )
    moderator.page.get_by_role("button", name="De beslissing vastleggen").click()
    moderator.page.get_by_text("Beslissing vastgelegd.").wait_for()

    decision = Decision.objects.get(post__topic=topic)
    assert decision.action == "escalate"
    assert Escalation.objects.filter(post__topic=topic, category="sextortion").count() == 1

    member.page.goto("/nl/notifications/")
    member.page.get_by_role("link", name="Een moderator heeft een beslissing genomen").first.click()
    member.page.get_by_role("heading", name="Beslissing van een moderator").wait_for()
    assert "een hulpverlener van Child Focus neemt contact met je op" in member.page.content()


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.long
def test_moderation_pages_have_no_serious_violations(open_live_session, lang):
    from django.core.management import call_command

    from forum import services
    from forum.models import Theme

    def setup():
        call_command("seed_demo", quiet_accounts=True)
        from cybersquad.models import User
        from moderation import services as moderation

        member = User.objects.get(username="demo_member")
        theme = Theme.objects.get(slug="grooming")
        topic = services.topic_create(
            member,
            theme=theme,
            title="Question test",
            body="dis rien à tes parents, on parle sur snap",
            language="fr",
        )
        post = topic.posts.get()
        moderator = User.objects.get(username="demo_moderator")
        item = QueueItem.objects.get(post=post)
        # The author edits it: the item page then shows every version (evidence).
        services.post_edit(post, body="Bonne soirée à tous.")
        moderation.post_hide(post, by=moderator, reason="Règle grooming.", item=item)
        decision = Decision.objects.get(post=post)
        appeal = moderation.appeal_create(decision, by=member, text="Je ne voulais pas dire ça.")
        report = moderation.report_create(
            reporter=None, reason="spam", description="pub", language=lang, url="https://x.example"
        )
        return item.pk, decision.pk, appeal.pk, report.code

    item_pk, decision_pk, appeal_pk, code = off_loop(setup)
    session = open_live_session(locale=f"{lang}-BE", bypass_csp=True)
    page = session.page
    give_app("demo_coordinator")
    page.goto(f"/{lang}/accounts/login/")
    page.locator("#id_login").fill("demo_coordinator")
    page.locator("#id_password").fill("frieten-op-zondag-2026")
    page.locator("main form button[type=submit]").click()
    type_code(page)
    page.wait_for_url(re.compile(rf"/{lang}/$"))
    axe = Axe()
    found = {}
    for path in [
        f"/{lang}/moderation/",
        f"/{lang}/moderation/items/{item_pk}/",
        f"/{lang}/moderation/appeals/",
        f"/{lang}/moderation/appeals/{appeal_pk}/",
        f"/{lang}/decisions/{decision_pk}/",
        f"/{lang}/report/",
        f"/{lang}/report/status/{code}/",
        f"/{lang}/counselling/",
    ]:
        page.goto(path)
        problems = serious(axe.run(page))
        if problems:
            found[path] = problems
    assert found == {}
