"""Floods (issue 8, item 11): reports are rate-limited per client through the shared limiter,
one client cannot fill the urgent part of the queue, and the queue says how many items wait
beyond its first page while urgent ones always stay in view."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cybersquad.models import Role
from forum import services as forum_services
from moderation.models import Priority, QueueItem, Report
from moderation.views import QUEUE_PAGE_SIZE
from tests.conftest import client_for, make_user
from tests.moderation.test_policy import GROOMING_FR, SELF_HARM_FR

VISITOR = "203.0.113.9"
OTHER_VISITOR = "198.51.100.4"


@pytest.fixture
def limits(settings):
    settings.CYBERSQUAD_RATE_LIMITS = {
        **settings.CYBERSQUAD_RATE_LIMITS,
        "report": (3, 3600),
        "report_urgent": (2, 3600),
    }


def report_url(client, address: str, n: int, reason: str = "spam", lang: str = "fr"):
    return client.post(
        f"/{lang}/report/",
        {"url": f"https://bad{n}.example/x", "reason": reason, "description": f"vu {n}"},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "words"), [("fr", "beaucoup de signalements"), ("nl", "veel meldingen")]
)
def test_visitors_reports_are_limited_by_address(limits, visitor, lang, words):
    for n in range(3):
        assert report_url(visitor, VISITOR, n, lang=lang).status_code == 200
    refused = report_url(visitor, VISITOR, 99, lang=lang)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert words in page
    # What they typed is still in the form, and nothing was stored.
    assert 'value="https://bad99.example/x"' in page
    assert "vu 99" in page
    assert Report.objects.count() == 3
    assert QueueItem.objects.count() == 3
    assert report_url(visitor, OTHER_VISITOR, 100, lang=lang).status_code == 200


@pytest.mark.django_db
def test_signed_in_reports_are_limited_by_account_on_every_report_page(
    limits, topic, member, other_member
):
    post = topic.posts.get()
    client = client_for(other_member)
    data = {"reason": "bullying", "description": "méchant"}
    targets = [
        reverse("moderation:report_post", args=[post.pk]),
        reverse("moderation:report_member", args=[member.username]),
        reverse("moderation:report_url"),
    ]
    for n, url in enumerate(targets):
        address = f"192.0.2.{n}"  # a new address does not reset an account's count
        response = client.post(url, {**data, "url": "https://x.example"}, REMOTE_ADDR=address)
        assert response.status_code == 200
    refused = client.post(targets[0], data, REMOTE_ADDR="192.0.2.200")
    assert refused.status_code == 429
    assert "méchant" in refused.content.decode()
    assert Report.objects.filter(reporter=other_member).count() == 3
    assert client_for(make_user("kim")).post(targets[0], data).status_code == 200


@pytest.mark.django_db
def test_one_client_cannot_fill_the_urgent_queue(limits, visitor):
    for n in range(3):
        report_url(visitor, VISITOR, n, reason="abuse_images")
    priorities = list(QueueItem.objects.order_by("pk").values_list("priority", flat=True))
    assert priorities == [Priority.URGENT, Priority.URGENT, Priority.HIGH]
    report_url(visitor, OTHER_VISITOR, 7, reason="abuse_images")
    assert QueueItem.objects.order_by("pk").last().priority == Priority.URGENT


@pytest.mark.django_db
def test_reports_of_one_web_address_share_one_item(visitor):
    for address in (VISITOR, OTHER_VISITOR):
        visitor.post(
            "/fr/report/",
            {"url": "https://same.example/a", "reason": "abuse_images", "description": ""},
            REMOTE_ADDR=address,
        )
    item = QueueItem.objects.get()
    assert item.reports.count() == 2
    assert item.priority == Priority.URGENT


# --- The queue under a flood -----------------------------------------------------------------


def visitor_urgent_items(count: int) -> None:
    """``count`` urgent items that only visitors reported, an hour old."""
    earlier = timezone.now() - datetime.timedelta(hours=1)
    items = QueueItem.objects.bulk_create(
        QueueItem(
            source=QueueItem.Source.REPORT,
            category="abuse_images",
            priority=Priority.URGENT,
            created_at=earlier,
        )
        for _ in range(count)
    )
    Report.objects.bulk_create(
        Report(code=f"F{n:06d}", url=f"https://f{n}.example", reason="abuse_images", queue_item=i)
        for n, i in enumerate(items)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        (
            "fr",
            "362 éléments en attente : 301 en urgence, 0 en priorité haute, "
            "0 en priorité moyenne, 61 en priorité basse.",
        ),
        ("nl", "362 items wachten: 301 dringend, 0 hoog, 0 gemiddeld, 61 laag."),
    ],
)
def test_a_flood_of_anonymous_reports_never_hides_a_disclosure(
    lang, summary, topic, other_member, moderator
):
    visitor_urgent_items(300)
    for _ in range(61):
        QueueItem.objects.create(source=QueueItem.Source.REPORT, priority=Priority.LOW)
    # A young person's disclosure arrives after the flood.
    forum_services.reply_create(topic, author=other_member, body=SELF_HARM_FR)
    disclosure = QueueItem.objects.get(post__author=other_member)
    assert disclosure.priority == Priority.URGENT

    response = client_for(moderator).get(f"/{lang}/moderation/")
    assert response.status_code == 200
    urgent = response.context["urgent"]
    assert urgent[0].pk == disclosure.pk
    assert len(urgent) == QUEUE_PAGE_SIZE
    page = response.content.decode()
    assert summary in page
    assert response.context["page"].paginator.count == 362
    # Every urgent item is reachable page by page, then the others, each once.
    pages = response.context["page"].paginator.num_pages
    seen = []
    for number in range(1, pages + 1):
        listed = client_for(moderator).get(f"/{lang}/moderation/?page={number}&fragment=1")
        assert summary in listed.content.decode()
        seen += [i.pk for i in listed.context["urgent"]] + [i.pk for i in listed.context["others"]]
    assert sorted(seen) == sorted(QueueItem.objects.values_list("pk", flat=True))
    assert seen[:301] == list(
        QueueItem.objects.filter(priority=Priority.URGENT).in_order().values_list("pk", flat=True)
    )
    # A page of other items sends back to the urgent ones.
    last = client_for(moderator).get(f"/{lang}/moderation/?page={pages}&fragment=1")
    assert last.context["urgent"] == []
    assert len(last.context["others"]) == 362 - 350
    assert f'href="/{lang}/moderation/"' in last.content.decode()


@pytest.mark.django_db
def test_urgent_items_reported_by_members_come_before_visitors_reports(member, moderator):
    visitor_urgent_items(5)
    reporter = make_user("kim")
    signed = QueueItem.objects.create(
        source=QueueItem.Source.REPORT, priority=Priority.URGENT, member=member
    )
    Report.objects.create(reporter=reporter, member=member, reason="self_harm", queue_item=signed)
    urgent = client_for(moderator).get("/fr/moderation/").context["urgent"]
    assert urgent[0].pk == signed.pk
    assert len(urgent) == 6


@pytest.mark.django_db
def test_the_queue_pages_stay_for_moderators(member, counsellor):
    for user in (member, counsellor, make_user("cf_b", Role.COUNSELLOR)):
        assert client_for(user).get("/fr/moderation/?page=2").status_code == 403


@pytest.mark.django_db
def test_the_queue_summary_counts_items_beyond_the_first_page(moderator, topic, other_member):
    forum_services.reply_create(topic, author=other_member, body=GROOMING_FR)
    page = client_for(moderator).get("/fr/moderation/").content.decode()
    assert (
        "1 élément en attente : 0 en urgence, 1 en priorité haute, 0 en priorité moyenne, "
        "0 en priorité basse." in page
    )


# --- Review of issue 8, finding 7: floods of signed-in reports, floods of screened messages --

SEXTORTION_FR = (
    "Il menace d'envoyer mes nudes à toute ma classe si je lui paie pas 200 euros ce soir"
)


def member_urgent_reports(count: int, reporter) -> list[QueueItem]:
    """``count`` urgent items, each reported by a signed-in member, an hour old."""
    earlier = timezone.now() - datetime.timedelta(hours=1)
    items = QueueItem.objects.bulk_create(
        QueueItem(
            source=QueueItem.Source.REPORT,
            category="self_harm",
            priority=Priority.URGENT,
            created_at=earlier,
        )
        for _ in range(count)
    )
    Report.objects.bulk_create(
        Report(code=f"M{n:06d}", reporter=reporter, reason="self_harm", queue_item=i)
        for n, i in enumerate(items)
    )
    return items


@pytest.mark.django_db
def test_a_flood_of_signed_in_reports_never_hides_a_later_disclosure(theme, moderator):
    member_urgent_reports(120, make_user("flood"))
    victim = make_user("victime")
    forum_services.topic_create(
        victim, theme=theme, title="Aide", body=SEXTORTION_FR, language="fr"
    )
    disclosure = QueueItem.objects.get(member=victim)
    response = client_for(moderator).get("/fr/moderation/")
    assert response.context["urgent"][0].pk == disclosure.pk
    assert disclosure.get_absolute_url() in response.content.decode()
    assert "121 en urgence" in response.content.decode()
    # The reports are all reachable after it.
    second = client_for(moderator).get("/fr/moderation/?page=2&fragment=1")
    third = client_for(moderator).get("/fr/moderation/?page=3&fragment=1")
    assert len(second.context["urgent"]) == QUEUE_PAGE_SIZE
    assert len(third.context["urgent"]) == 121 - 2 * QUEUE_PAGE_SIZE


@pytest.mark.django_db
def test_within_a_priority_screening_comes_before_reports(topic, member, other_member, moderator):
    reported = QueueItem.objects.create(
        source=QueueItem.Source.REPORT,
        priority=Priority.HIGH,
        member=member,
        created_at=timezone.now() - datetime.timedelta(hours=2),
    )
    Report.objects.create(
        reporter=make_user("kim"), member=member, reason="grooming", queue_item=reported
    )
    forum_services.reply_create(topic, author=other_member, body=GROOMING_FR)
    screened = QueueItem.objects.get(post__author=other_member)
    assert screened.priority == Priority.HIGH
    others = client_for(moderator).get("/fr/moderation/").context["others"]
    assert [i.pk for i in others] == [screened.pk, reported.pk]


def screened_disclosures(count: int) -> None:
    """``count`` urgent disclosures from screening, two hours old."""
    earlier = timezone.now() - datetime.timedelta(hours=2)
    signal = {"category": "self_harm", "kind": "disclosure", "severity": "urgent", "rule": "x"}
    QueueItem.objects.bulk_create(
        QueueItem(
            source=QueueItem.Source.SCREENING,
            category="self_harm",
            priority=Priority.URGENT,
            signals=[signal],
            created_at=earlier,
        )
        for _ in range(count)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "title"), [("fr", "Confidences les plus récentes"), ("nl", "Nieuwste onthullingen")]
)
def test_the_first_page_always_shows_the_newest_disclosures(theme, moderator, lang, title):
    screened_disclosures(QUEUE_PAGE_SIZE + 10)
    victim = make_user("victime")
    forum_services.topic_create(
        victim, theme=theme, title="Aide", body=SEXTORTION_FR, language="fr"
    )
    disclosure = QueueItem.objects.get(member=victim)
    response = client_for(moderator).get(f"/{lang}/moderation/")
    assert disclosure.pk not in [i.pk for i in response.context["urgent"]]  # oldest first
    assert response.context["newest"][0].pk == disclosure.pk
    page = response.content.decode()
    assert title in page
    assert disclosure.get_absolute_url() in page
    # It stays in its place in the queue too.
    second = client_for(moderator).get(f"/{lang}/moderation/?page=2&fragment=1")
    assert second.context["urgent"][-1].pk == disclosure.pk
    assert second.context["newest"] == []


@pytest.mark.django_db
def test_no_newest_disclosures_section_when_they_are_on_the_page(theme, moderator):
    screened_disclosures(3)
    page = client_for(moderator).get("/fr/moderation/")
    assert page.context["newest"] == []
    assert "Confidences les plus récentes" not in page.content.decode()
