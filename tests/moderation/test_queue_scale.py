"""The moderation queue with thousands of open items: reports are counted for the shown items
only, the page says how many wait in total, and its query count does not grow with the queue."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from moderation.models import Priority, QueueItem, Report
from moderation.views import QUEUE_PAGE_SIZE
from tests.conftest import client_for, make_user


def open_items(n: int, member) -> list[QueueItem]:
    return QueueItem.objects.bulk_create(
        QueueItem(source="report", priority=Priority.LOW, member=member) for _ in range(n)
    )


def report(item: QueueItem, member, reporter) -> Report:
    return Report.objects.create(reporter=reporter, member=member, reason="spam", queue_item=item)


def queue_page(moderator) -> str:
    return client_for(moderator).get(reverse("moderation:queue")).content.decode()


@pytest.mark.django_db
def test_queue_says_how_many_wait_in_total_beyond_the_page(member, moderator):
    open_items(QUEUE_PAGE_SIZE * 3 + 7, member)
    assert "157 éléments en attente" in queue_page(moderator)


@pytest.mark.django_db
def test_report_counts_are_those_of_each_shown_item(member, other_member, moderator):
    first, second = open_items(2, member)
    report(first, member, other_member)
    report(first, member, make_user("kim"))
    report(second, member, other_member)
    page = queue_page(moderator)
    assert "2 signalements" in page
    assert re.search(r"\b1 signalement\b(?!s)", page)


@pytest.mark.django_db
@pytest.mark.parametrize("waiting", [10, 5000])
def test_queue_query_count_does_not_grow_with_the_queue(
    waiting, member, other_member, moderator, django_assert_max_num_queries
):
    for item in open_items(waiting, member)[:20]:
        report(item, member, other_member)
    client = client_for(moderator)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("moderation:queue"))
    assert len(response.context["items"]) == min(waiting, QUEUE_PAGE_SIZE)


QUEUE_QUERIES = 10
