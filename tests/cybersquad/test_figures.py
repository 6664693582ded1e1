"""The coordinators' figures page and its CSV export."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from chat.models import Conversation
from composition import figures as stats
from cybersquad.models import Role
from moderation.models import Action, Appeal, Category, Decision, Escalation, Priority, Report
from tests.conftest import client_for, make_user
from tests.htmlcheck import problems

YEAR = 2024
HELP = Conversation.Source.HELP
ESCALATION = Conversation.Source.ESCALATION
Outcome = Conversation.Outcome
Referral = Conversation.Referral


def at(month: int, day: int, hour: int = 12, minute: int = 0, *, year: int = YEAR):
    """A moment in Brussels time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=stats.LOCAL)


def minutes(n: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


def conversation(
    start: datetime.datetime,
    category: str,
    *,
    priority: int = Priority.MEDIUM,
    wait: datetime.timedelta | None = None,
    answer: datetime.timedelta | None = None,
    outcome: str = "",
    referral: str = "",
    **extra,
) -> Conversation:
    closed = bool(outcome)
    return Conversation.objects.create(
        category=category,
        priority=priority,
        created_at=start,
        waiting_since=start,
        first_claimed_at=start + wait if wait is not None else None,
        first_response_at=start + answer if answer is not None else None,
        status=Conversation.Status.CLOSED if closed else Conversation.Status.WAITING,
        closed_at=start + datetime.timedelta(hours=20) if closed else None,
        outcome=outcome,
        referral=referral,
        **extra,
    )


def escalation(start: datetime.datetime, category: str, priority: int, *, by, **conv) -> None:
    made = Escalation.objects.create(
        category=category, priority=priority, escalated_by=by, created_at=start
    )
    conversation(start, category, priority=priority, source=ESCALATION, escalation=made, **conv)


def decision(member, action: str, when: datetime.datetime, **extra) -> Decision:
    return Decision.objects.create(
        action=action, member=member, reason="rule 3", created_at=when, **extra
    )


@pytest.fixture
def year_data(member, moderator) -> None:
    """Two months of 2024, one conversation each side of the new year, and some of 2023."""
    # January: two live chats.
    conversation(
        at(1, 10),
        Category.GROOMING,
        priority=Priority.HIGH,
        wait=minutes(2),
        answer=minutes(4),
        outcome=Outcome.INFORMED,
        referral=Referral.NONE,
        member=member,
    )
    conversation(
        at(1, 20),
        Category.SEXTORTION,
        priority=Priority.URGENT,
        wait=minutes(4),
        answer=minutes(10),
        outcome=Outcome.REFERRED,
        referral=Referral.POLICE,
    )
    escalation(at(1, 21), Category.GROOMING, Priority.HIGH, by=moderator)
    # March: a live chat still open, an after-hours message, one who left (anonymised since).
    conversation(
        at(3, 2), Category.PERSONAL_INFO, wait=minutes(10), answer=minutes(20), language="nl"
    )
    conversation(
        at(3, 3, 22),
        Category.BULLYING,
        after_hours=True,
        wait=minutes(12 * 60),
        answer=minutes(13 * 60),
        outcome=Outcome.LISTENED,
    )
    conversation(
        at(3, 4),
        Category.SELF_HARM,
        priority=Priority.URGENT,
        outcome=Outcome.LEFT,
        anonymised_at=at(3, 20),
    )
    escalation(
        at(3, 5),
        Category.SEXTORTION,
        Priority.URGENT,
        by=None,
        wait=minutes(30),
        answer=minutes(45),
        outcome=Outcome.SAFETY_PLAN,
        referral=Referral.FOLLOW_UP_116000,
    )
    # Late on New Year's Eve in Brussels (already 2025 nowhere) and just after midnight
    # (still 2024 in UTC): the first is December 2024, the second is 2025.
    conversation(at(12, 31, 23, 30), Category.OTHER, priority=Priority.LOW)
    conversation(at(1, 1, 0, 30, year=YEAR + 1), Category.GROOMING, wait=minutes(1))

    hide = decision(member, Action.HIDE, at(1, 11), automated=True)
    suspend = decision(member, Action.SUSPEND, at(3, 6), moderator=moderator)
    warn = decision(member, Action.WARN, at(3, 7), moderator=moderator)
    ban = decision(member, Action.BAN, at(4, 1), moderator=moderator)
    assert not hide.moderator_id
    Appeal.objects.create(
        decision=suspend, text="…", status=Appeal.Status.REVERSED, created_at=at(3, 8)
    )
    Appeal.objects.create(decision=warn, text="…", status=Appeal.Status.UPHELD, created_at=at(4, 2))
    Appeal.objects.create(decision=ban, text="…", created_at=at(4, 3))

    Report.objects.create(
        reason=Report.Reason.GROOMING, status=Report.Status.ACTION_TAKEN, created_at=at(1, 12)
    )
    Report.objects.create(
        reason=Report.Reason.SPAM, status=Report.Status.NO_ACTION, created_at=at(3, 9)
    )
    Report.objects.create(reason=Report.Reason.GROOMING, created_at=at(3, 10))

    # 2023: must not show up in 2024.
    other = YEAR - 1
    conversation(
        at(6, 1, year=other), Category.GROOMING, priority=Priority.URGENT, wait=minutes(50)
    )
    escalation(at(6, 2, year=other), Category.SELF_HARM, Priority.URGENT, by=None)
    decision(member, Action.HIDE, at(6, 3, year=other))
    Report.objects.create(reason=Report.Reason.SPAM, created_at=at(6, 4, year=other))


def values(table: stats.Table, measure: str, month: int | None = None) -> dict[str, object]:
    index = [m.key for m in table.measures].index(measure)
    return {row.key: row.figures[index].value(month) for row in table.rows}


def headline(figures: stats.YearFigures, month: int | None = None) -> dict[str, object]:
    return values(figures.headline, "value", month)


# --- What is counted -----------------------------------------------------------------------


@pytest.mark.django_db
def test_headline_figures(year_data):
    figures = stats.year_figures(YEAR)
    assert headline(figures) == {
        "help_conversations": 6,
        "escalations": 2,
        # Urgent: the sextortion and self-harm chats and the sextortion escalation, of 8.
        "urgent_share": 37.5,
        # Live chats only: waits of 2, 4 and 10 minutes; first answers after 4, 10 and 20.
        "median_wait": minutes(4),
        "median_first_response": minutes(10),
    }


@pytest.mark.django_db
def test_figures_per_month(year_data):
    figures = stats.year_figures(YEAR)
    assert headline(figures, 1) == {
        "help_conversations": 2,
        "escalations": 1,
        "urgent_share": pytest.approx(100 / 3),
        "median_wait": minutes(3),
        "median_first_response": minutes(7),
    }
    assert headline(figures, 3) == {
        "help_conversations": 3,
        "escalations": 1,
        "urgent_share": 50.0,
        "median_wait": minutes(10),
        "median_first_response": minutes(20),
    }
    assert headline(figures, 12)["help_conversations"] == 1
    assert headline(figures, 2) == {
        "help_conversations": 0,
        "escalations": 0,
        "urgent_share": None,
        "median_wait": None,
        "median_first_response": None,
    }


@pytest.mark.django_db
def test_figures_by_category_fold_the_rest_into_other(year_data):
    table = stats.year_figures(YEAR).table("categories")
    assert [row.key for row in table.rows] == [
        "grooming",
        "sexting",
        "sextortion",
        "abuse_images",
        "self_harm",
        "bullying",
        "other",
        "total",
    ]
    assert values(table, "help_conversations") == {
        "grooming": 1,
        "sexting": 0,
        "sextortion": 1,
        "abuse_images": 0,
        "self_harm": 1,
        "bullying": 1,
        "other": 2,  # personal information, and the New Year's Eve one
        "total": 6,
    }
    assert values(table, "escalations") == {
        **dict.fromkeys(["sexting", "abuse_images", "self_harm", "bullying", "other"], 0),
        "grooming": 1,
        "sextortion": 1,
        "total": 2,
    }
    assert values(table, "escalations", 3)["sextortion"] == 1
    assert values(table, "escalations", 3)["grooming"] == 0


@pytest.mark.django_db
def test_response_times_by_kind_of_conversation(year_data):
    table = stats.year_figures(YEAR).table("response_times")
    assert values(table, "conversations") == {"live": 5, "after_hours": 1, "escalation": 2}
    assert values(table, "answered") == {"live": 3, "after_hours": 1, "escalation": 1}
    assert values(table, "median_wait") == {
        "live": minutes(4),
        "after_hours": minutes(12 * 60),
        "escalation": minutes(30),
    }
    assert values(table, "median_first_response") == {
        "live": minutes(10),
        "after_hours": minutes(13 * 60),
        "escalation": minutes(45),
    }


@pytest.mark.django_db
def test_outcomes_referrals_and_who_escalated(year_data):
    figures = stats.year_figures(YEAR)
    outcomes = figures.table("outcomes")
    assert values(outcomes, "help_conversations") == {
        "listened": 1,
        "informed": 1,
        "safety_plan": 0,
        "referred": 1,
        "left": 1,
        "not_relevant": 0,
        "not_closed": 2,
        "total": 6,
    }
    assert values(outcomes, "escalations")["safety_plan"] == 1
    assert values(outcomes, "escalations")["not_closed"] == 1
    referrals = figures.table("referrals")
    # Closed conversations only; closed with nothing recorded counts as no referral.
    assert values(referrals, "help_conversations") == {
        "none": 3,
        "police": 1,
        "116000": 0,
        "hotline": 0,
        "other": 0,
        "total": 4,
    }
    assert values(referrals, "escalations")["116000"] == 1
    assert values(figures.table("escalation_origin"), "escalations") == {
        "screening": 1,
        "moderator": 1,
    }


@pytest.mark.django_db
def test_moderation_reports_and_appeals(year_data):
    figures = stats.year_figures(YEAR)
    actions = figures.table("moderation_actions")
    assert values(actions, "decisions") == {
        **dict.fromkeys(Action.values, 0),
        "hide": 1,
        "suspend": 1,
        "warn": 1,
        "ban": 1,
        "total": 4,
    }
    assert values(actions, "automated")["total"] == 1
    assert values(actions, "decisions", 3)["total"] == 2
    reports = figures.table("reports")
    assert values(reports, "received")["grooming"] == 2
    assert values(reports, "received")["total"] == 3
    assert values(reports, "action_taken")["total"] == 1
    assert values(reports, "no_action")["spam"] == 1
    assert values(reports, "no_action")["total"] == 1
    assert values(reports, "pending")["grooming"] == 1
    assert values(figures.table("appeals"), "appeals") == {
        "received": 3,
        "upheld": 1,
        "reversed": 1,
        "open": 1,
        "withdrawn": 0,
    }
    assert values(figures.table("appeals"), "appeals", 4)["received"] == 2


@pytest.mark.django_db
def test_the_other_year_has_only_its_own_figures(year_data):
    figures = stats.year_figures(YEAR - 1)
    assert headline(figures) == {
        "help_conversations": 1,
        "escalations": 1,
        "urgent_share": 100.0,
        "median_wait": minutes(50),
        "median_first_response": None,
    }
    assert values(figures.table("moderation_actions"), "decisions")["total"] == 1
    assert headline(stats.year_figures(YEAR + 1))["help_conversations"] == 1
    assert stats.years_with_data() == [YEAR + 1, YEAR, YEAR - 1]


@pytest.mark.django_db
def test_the_years_run_from_the_first_thing_counted_to_the_last(year_data):
    from chat.models import Conversation

    # A conversation three years before the others: the years in between are listed too
    # (their figures are zeros), newest first.
    Conversation.objects.filter(pk=Conversation.objects.order_by("created_at").first().pk).update(
        created_at=datetime.datetime(YEAR - 3, 6, 1, 12, tzinfo=datetime.UTC)
    )
    assert stats.years_with_data() == [YEAR + 1, YEAR, YEAR - 1, YEAR - 2, YEAR - 3]


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_data(year_data, django_assert_num_queries):
    # One per model and one for the response times, whatever the year holds; the years from
    # each model's oldest and newest dates.
    with django_assert_num_queries(8):
        stats.year_figures(YEAR)
    with django_assert_num_queries(5):
        stats.years_with_data()


@pytest.mark.django_db
def test_an_empty_year_has_no_figures_and_no_errors():
    figures = stats.year_figures(YEAR)
    assert headline(figures) == {
        "help_conversations": 0,
        "escalations": 0,
        "urgent_share": None,
        "median_wait": None,
        "median_first_response": None,
    }
    assert stats.years_with_data() == []


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (datetime.timedelta(seconds=42), "42 seconds"),
        (datetime.timedelta(seconds=61), "1 minute"),
        (minutes(4.4), "4 minutes"),
        (minutes(59.6), "1 h 00 min"),
        (minutes(125), "2 h 05 min"),
        (minutes(25 * 60), "1 day 1 h"),
        (minutes(50 * 60), "2 days 2 h"),
    ],
)
def test_durations_read_like_speech(duration, text):
    with translation.override("en"):
        assert stats.duration_text(duration) == text


# --- The page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_sees_the_year(coordinator, year_data, django_assert_max_num_queries):
    client = client_for(coordinator)
    # Session, user, their second factor, the unread notifications in the header, the
    # figures (8, see below) and the years (each model's oldest and newest date: 5).
    with django_assert_max_num_queries(17):
        response = client.get(reverse("figures_year", args=[YEAR]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response.context["year"] == YEAR
    assert headline(response.context["figures"])["help_conversations"] == 6
    assert response.context["years"][-2:] == [YEAR, YEAR - 1]
    assert timezone.localdate().year in response.context["years"]

    page = response.content.decode()
    assert re.search(r'data-figure="help_conversations">\s*6\s*<', page)
    assert re.search(r'data-figure="urgent_share">\s*37[.,]5\s*%\s*<', page)
    with translation.override("fr"):
        wait, first_response = stats.duration_text(minutes(4)), stats.duration_text(minutes(10))
    assert f'data-figure="median_wait">{wait}<' in page
    assert f'data-figure="median_first_response">{first_response}<' in page
    assert reverse("figures_csv", args=[YEAR]) in page
    assert reverse("figures_year", args=[YEAR - 1]) in page
    assert 'aria-current="page">2024<' in page


@pytest.mark.django_db
def test_the_page_is_accessible_and_needs_no_inline_code(coordinator, year_data):
    page = client_for(coordinator).get(reverse("figures_year", args=[YEAR])).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    tables = main.count("<table")
    assert tables == 11
    assert main.count("<caption") == tables
    assert all("scope=" in th for th in re.findall(r"<th\b[^>]*>", main))
    assert [int(h) for h in re.findall(r"<h([1-6])\b", main)] == [1, 2, 2, 2, 2]
    assert problems(page) == []
    assert " style=" not in main
    assert "<style" not in page


@pytest.mark.django_db
def test_default_year_is_this_year(coordinator):
    response = client_for(coordinator).get(reverse("figures"))
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
    assert response.context["years"] == [timezone.localdate().year]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_page_in_french_and_dutch(coordinator, year_data, lang):
    response = client_for(coordinator).get(f"/{lang}/figures/{YEAR}/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    csv_response = client_for(coordinator).get(f"/{lang}/figures/{YEAR}.csv")
    assert csv_response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("year", [stats.FIRST_YEAR - 1, "next"])
def test_no_figures_for_the_future_or_the_distant_past(coordinator, year):
    if year == "next":
        year = timezone.localdate().year + 1
    client = client_for(coordinator)
    assert client.get(reverse("figures_year", args=[year])).status_code == 404
    assert client.get(reverse("figures_csv", args=[year])).status_code == 404


# --- Who may see it ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR, Role.COUNSELLOR])
def test_only_coordinators_see_the_figures(role, year_data):
    client = client_for(make_user(f"curious_{role}", role))
    for url in (
        reverse("figures"),
        reverse("figures_year", args=[YEAR]),
        reverse("figures_csv", args=[YEAR]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"data-figure" not in response.content
        assert b"grooming" not in response.content


@pytest.mark.django_db
def test_visitors_are_sent_to_sign_in(visitor, year_data):
    for url in (reverse("figures"), reverse("figures_csv", args=[YEAR])):
        response = visitor.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_a_suspended_coordinator_is_refused(coordinator):
    coordinator.suspended_until = timezone.now() + datetime.timedelta(days=1)
    coordinator.save()
    response = client_for(coordinator).get(reverse("figures"))
    assert response.status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        stats.check_can_view_figures(coordinator)


# --- CSV -----------------------------------------------------------------------------------


def read_csv(response) -> list[dict[str, str]]:
    """As Excel in Belgium reads it: UTF-8 with a byte-order mark, semicolons between cells."""
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, *lines = text[1:].splitlines()
    assert header == ";".join(stats.CSV_HEADER)
    assert header not in lines  # the header once, at the top
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.django_db
def test_csv_export(coordinator, year_data, django_assert_max_num_queries):
    client = client_for(coordinator)
    with django_assert_max_num_queries(11):  # one of them: the second factor is still there
        response = client.get(reverse("figures_csv", args=[YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="cybersquad-figures-{YEAR}.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    rows = read_csv(response)
    assert list(rows[0]) == list(stats.CSV_HEADER)

    def value(section: str, measure: str, item: str, month: str = "year") -> str:
        (found,) = [
            r
            for r in rows
            if (r["section"], r["measure"], r["item"], r["month"])
            == (section, measure, item, month)
        ]
        assert found["year"] == str(YEAR)
        return found["value"]

    assert value("headline", "value", "help_conversations") == "6"
    assert value("headline", "value", "help_conversations", "1") == "2"
    assert value("headline", "value", "help_conversations", "2") == "0"
    assert value("headline", "value", "escalations") == "2"
    assert value("headline", "value", "urgent_share") == "38"  # 37.5 %, in whole percent
    assert value("headline", "value", "median_wait") == "240"
    assert value("headline", "value", "median_wait", "1") == "180"
    assert value("headline", "value", "median_wait", "2") == ""
    assert value("headline", "value", "median_first_response") == "600"
    assert value("categories", "help_conversations", "other") == "2"
    assert value("categories", "escalations", "sextortion", "3") == "1"
    assert value("outcomes", "help_conversations", "not_closed") == "2"
    assert value("referrals", "escalations", "116000") == "1"
    assert value("response_times", "median_wait", "after_hours") == str(12 * 3600)
    assert value("moderation_actions", "automated", "hide") == "1"
    assert value("reports", "received", "grooming") == "2"
    assert value("appeals", "appeals", "reversed") == "1"

    # Every section, measure and item has a row for the year and one for each month.
    keys = {(r["section"], r["measure"], r["item"]) for r in rows}
    assert len(rows) == 13 * len(keys)
    by_key = {(r["section"], r["measure"], r["item"], r["month"]): r for r in rows}
    assert {month for (*_, month) in by_key} == {"year", *map(str, range(1, 13))}
    grooming = by_key[("categories", "help_conversations", "grooming", "year")]
    assert grooming["item_label"] == "Grooming"
    assert grooming["section_label"]
    assert grooming["measure_label"]


@pytest.mark.django_db
def test_csv_of_an_empty_year(coordinator):
    rows = read_csv(client_for(coordinator).get(reverse("figures_csv", args=[YEAR])))
    help_total = [
        r for r in rows if r["item"] == "help_conversations" and r["section"] == "headline"
    ]
    assert {r["value"] for r in help_total} == {"0"}


def figures_part(page: str) -> str:
    return page[page.index("<h1>") : page.index("</main>")]


@pytest.mark.django_db
def test_the_page_computes_a_year_once_in_a_while(
    coordinator, year_data, django_assert_max_num_queries
):
    """At a national volume a year costs most of a second: the page reuses it for a while
    (this year five minutes, and says so; past years a day)."""
    client = client_for(coordinator)
    first = client.get(reverse("figures_year", args=[YEAR])).content.decode()
    with django_assert_max_num_queries(5):  # session, user, second factor, years: no figures
        again = client.get(reverse("figures_year", args=[YEAR])).content.decode()
    assert figures_part(again) == figures_part(first)
    this_year = client.get(reverse("figures")).content.decode()
    assert "Les chiffres de cette année sont mis à jour toutes les cinq minutes." in this_year
    assert "toutes les cinq minutes" not in first  # a past year says nothing of it


@pytest.mark.django_db
def test_a_process_keeps_the_figures_only_while_the_shared_cache_has_them(coordinator, year_data):
    """Each process keeps its own copy of a year's figures (reading them back from the cache
    is slow), but never past the shared cache's: once the cache lost them (cleared, expired,
    evicted), the page counts again and shows what is stored now."""
    client = client_for(coordinator)
    url = reverse("figures_year", args=[YEAR])
    before = headline(stats.year_figures_cached(YEAR))["help_conversations"]
    conversation(at(3, 2), Category.BULLYING)
    assert headline(stats.year_figures_cached(YEAR))["help_conversations"] == before
    cache.clear()
    assert headline(stats.year_figures_cached(YEAR))["help_conversations"] == before + 1
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_process_takes_the_figures_another_process_computed(year_data):
    """Another process computed the year again (new stamp in the shared cache): this one
    shows those, not its older copy."""
    stats.year_figures_cached(YEAR)
    conversation(at(3, 2), Category.BULLYING)
    newer = stats.year_figures(YEAR)
    cache.set_many({f"figures:{YEAR}": newer, f"figures:{YEAR}:stamp": "another process"}, 60)
    assert stats.year_figures_cached(YEAR) == newer
