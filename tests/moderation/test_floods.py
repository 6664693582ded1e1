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
from moderation.views import QUEUE_PAGE_SIZE, URGENT_SHOWN
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
    assert 'value="https://bad99.example/x"' in page and "vu 99" in page
    assert Report.objects.count() == 3 and QueueItem.objects.count() == 3
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
    assert refused.status_code == 429 and "méchant" in refused.content.decode()
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
    assert item.reports.count() == 2 and item.priority == Priority.URGENT


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
    assert urgent[0].pk == disclosure.pk and len(urgent) == URGENT_SHOWN
    page = response.content.decode()
    assert summary in page
    assert response.context["urgent_not_shown"] == 301 - URGENT_SHOWN
    assert response.context["page"].paginator.count == 61
    assert len(response.context["page"].object_list) == QUEUE_PAGE_SIZE
    # The next page holds the rest, and sends back to the urgent items on the first page.
    second = client_for(moderator).get(f"/{lang}/moderation/?page=2&fragment=1")
    assert len(second.context["page"].object_list) == 61 - QUEUE_PAGE_SIZE
    assert f'href="/{lang}/moderation/"' in second.content.decode()
    assert summary in second.content.decode()


@pytest.mark.django_db
def test_urgent_items_reported_by_members_come_before_visitors_reports(member, moderator):
    visitor_urgent_items(5)
    reporter = make_user("kim")
    signed = QueueItem.objects.create(
        source=QueueItem.Source.REPORT, priority=Priority.URGENT, member=member
    )
    Report.objects.create(reporter=reporter, member=member, reason="self_harm", queue_item=signed)
    urgent = client_for(moderator).get("/fr/moderation/").context["urgent"]
    assert urgent[0].pk == signed.pk and len(urgent) == 6


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
