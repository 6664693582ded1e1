"""The moderation queue's rows are kept once rendered (moderation/queue_rows.py): the lists
are the same as the loop over the whole template wrote them, in French and Dutch; kept rows
never bring back to a moderator an item they have a stake in (about them, reported by them),
which their list leaves out; a change to anything a row shows gives the new row at once."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.cache import cache
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cybersquad.models import Role
from forum.post_html import templates_digest
from moderation import queue_rows
from moderation.models import Priority, QueueItem, Report
from tests.conftest import client_for, make_user

# The table as it was rendered before its rows were kept: one template, one loop.
BEFORE = (Path(__file__).parent / "fixtures" / "queue_table_before_kept_rows.html").read_text(
    encoding="utf-8"
)

ABOUT_STAFF = {
    "fr": "Concerne un membre de l’équipe",
    "nl": "Gaat over een teamlid",
}


def before(items, caption_id="urgent-title") -> str:
    template = engines["django"].from_string(BEFORE)
    return template.render({"items": items, "caption_id": caption_id})


def now_kept(items, caption_id="urgent-title") -> str:
    context = {"items": items, "caption_id": caption_id}
    return render_to_string("moderation/includes/_queue_table.html", context)


@pytest.fixture
def second_moderator(db):
    return make_user("mod_bram", Role.MODERATOR, language="nl")


@pytest.fixture
def items(member, other_member, moderator, second_moderator, counsellor):
    """Every kind of row: screened with signals, reported once and several times (once by the
    first moderator), about that moderator, about staff, taken by someone."""
    long_ago = timezone.now() - datetime.timedelta(days=1, hours=2)
    made = [
        QueueItem.objects.create(
            source="screening",
            priority=Priority.URGENT,
            category="self_harm",
            member=member,
            signals=[
                {"category": "self_harm", "severity": "urgent", "rule": "x", "kind": "disclosure"},
                {"category": "bullying", "severity": "medium"},
                {"category": "grooming"},
                {"category": "sexting", "severity": "high"},
            ],
            created_at=long_ago,
        ),
        QueueItem.objects.create(
            source="report",
            priority=Priority.HIGH,
            category="grooming",
            member=other_member,
            created_at=long_ago - datetime.timedelta(hours=1),
        ),
        QueueItem.objects.create(
            source="report",
            priority=Priority.MEDIUM,
            category="bullying",
            member=moderator,
            created_at=long_ago - datetime.timedelta(hours=2),
        ),
        QueueItem.objects.create(
            source="first_posts",
            priority=Priority.LOW,
            member=counsellor,
            claimed_by=second_moderator,
            created_at=long_ago - datetime.timedelta(hours=3),
        ),
    ]
    for reporter in (moderator, member, None):
        Report.objects.create(
            reporter=reporter, member=other_member, reason="grooming", queue_item=made[1]
        )
    Report.objects.create(reporter=member, member=moderator, reason="spam", queue_item=made[2])
    return made


def queue_lists(client, language: str) -> tuple[str, list]:
    response = client.get(f"/{language}/moderation/", {"fragment": "1"})
    assert response.status_code == 200
    context = response.context
    return response.content.decode(), [*context["urgent"], *context["others"]]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_rows_are_the_loops_rows_rendered_fresh_and_kept(items, second_moderator, language):
    client = client_for(second_moderator)
    fresh, shown = queue_lists(client, language)
    kept, _ = queue_lists(client, language)
    assert kept == fresh
    assert len(shown) == len(items)
    urgent = [item for item in shown if item.priority == Priority.URGENT]
    others = [item for item in shown if item.priority != Priority.URGENT]
    with translation.override(language):
        tables = [before(urgent, "urgent-title"), before(others, "others-title")]
        assert now_kept(urgent, "urgent-title") == tables[0]
        assert now_kept(others, "others-title") == tables[1]
    assert "".join(tables).count("<tr class=") == len(items)
    assert all(table in fresh for table in tables)
    assert ABOUT_STAFF[language] in tables[1]


@pytest.mark.django_db
def test_kept_rows_never_bring_back_what_a_moderator_has_a_stake_in(
    items, moderator, second_moderator
):
    first, second = client_for(moderator), client_for(second_moderator)
    for _ in range(2):  # each reads the other's kept rows, if any were shared
        mine, _ = queue_lists(first, "fr")
        theirs, _ = queue_lists(second, "fr")
        for staked in items[1:3]:  # reported by the first moderator; about them
            assert f'data-item="{staked.pk}"' not in mine
            assert reverse("moderation:item", args=[staked.pk]) not in mine
            assert f'data-item="{staked.pk}"' in theirs
        assert mine.count("<tr class=") == 2
        assert theirs.count("<tr class=") == 4


@pytest.mark.django_db
def test_a_change_to_what_a_row_shows_is_shown_at_once(items, moderator, second_moderator):
    client = client_for(second_moderator)
    queue_lists(client, "fr")
    QueueItem.objects.filter(pk=items[0].pk).update(claimed_by=second_moderator)
    Report.objects.create(reporter=None, member=moderator, reason="spam", queue_item=items[2])
    html, shown = queue_lists(client, "fr")
    row = html[html.index(f'data-item="{items[0].pk}"') :]
    assert "mod_bram" in row[: row.index("</tr>")]
    row = html[html.index(f'data-item="{items[2].pk}"') :]
    assert "2 signalements" in row[: row.index("</tr>")]
    with translation.override("fr"):
        assert before(shown[1:], "others-title") in html


@pytest.mark.django_db
def test_kept_rows_leave_out_the_waiting_time(items, moderator):
    client = client_for(moderator)
    html, shown = queue_lists(client, "fr")
    with translation.override("fr"):
        templates = templates_digest((queue_rows.TEMPLATE,))
        kept = [cache.get(queue_rows.cache_key(item, "fr", templates)) for item in shown]
    assert all(head.endswith('">') and tail.startswith("</time>") for head, tail in kept)
    assert "1\xa0jour" in html
    assert not any("jour" in head + tail for head, tail in kept)
