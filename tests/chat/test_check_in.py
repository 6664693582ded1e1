"""The young person's check-in before and after a chat, the plain end of a chat, the
counsellor's confirmation before closing, and the check-in's place in the figures."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chat import services
from chat.models import CheckIn, Conversation
from composition import figures as stats
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def start(client: Client, **extra) -> Conversation:
    client.post(
        reverse("chat:start"), {"topic": "bullying", "about": "On se moque de moi.", **extra}
    )
    return Conversation.objects.latest("pk")


def close(conv: Conversation, counsellor) -> None:
    assert services.conversation_claim(conv, by=counsellor)
    conv.refresh_from_db()
    assert services.conversation_close(conv, by=counsellor, outcome="listened", referral="none")
    conv.refresh_from_db()


# --- Before ---------------------------------------------------------------------------------


def test_how_they_feel_before_is_stored_with_the_request(on_shift):
    conv = start(Client(), feeling="2")
    assert list(CheckIn.objects.values_list("conversation", "moment", "feeling", "heard")) == [
        (conv.pk, "before", 2, "")
    ]


def test_skipping_the_question_stores_nothing(on_shift):
    start(Client())
    assert Conversation.objects.count() == 1
    assert not CheckIn.objects.exists()


def test_a_feeling_outside_1_to_5_is_refused_and_nothing_is_opened(on_shift):
    response = Client().post(
        reverse("chat:start"), {"topic": "bullying", "about": "Ça va pas.", "feeling": "9"}
    )
    assert response.status_code == 400
    assert not Conversation.objects.exists()
    assert not CheckIn.objects.exists()


def test_the_question_is_a_labelled_group_of_radio_buttons(on_shift):
    page = Client().get(reverse("chat:start")).content.decode()
    group = page[page.index("Comment tu te sens maintenant") - 200 :]
    assert "<legend>Comment tu te sens maintenant ? (facultatif)</legend>" in page
    assert group.count('type="radio" name="feeling"') == 5
    assert 'name="feeling" value="1" required' not in page
    assert "1 · Très mal" in page
    assert "5 · Très bien" in page


# --- The end of a chat and after ------------------------------------------------------------


def test_the_end_is_said_plainly_and_the_message_box_is_gone(on_shift, counsellor):
    browser = Client()
    conv = start(browser)
    close(conv, counsellor)
    page = browser.get(conv.get_absolute_url()).content.decode()
    assert "Ce chat est terminé" in page
    assert "tu ne peux plus écrire ici" in page
    assert "Que peux-tu faire maintenant ?" in page
    assert reverse("chat:start") in page
    ended = page[page.index("data-chat-ended") :]
    assert "Appelle le 116\u00a0000" in ended
    assert 'id="chat-input"' not in page
    assert "data-chat-form" not in page
    assert "<legend>Et maintenant, comment tu te sens ? (facultatif)</legend>" in page
    assert "<legend>Tu t’es senti·e écouté·e ? (facultatif)</legend>" in page


def test_an_open_chat_keeps_its_message_box_and_asks_nothing_yet(on_shift):
    browser = Client()
    conv = start(browser)
    page = browser.get(conv.get_absolute_url()).content.decode()
    assert 'id="chat-input"' in page
    assert "Ce chat est terminé" not in page
    assert "Et maintenant, comment tu te sens" not in page


def test_the_answers_after_are_stored_once(on_shift, counsellor):
    browser = Client()
    conv = start(browser, feeling="2")
    close(conv, counsellor)
    url = reverse("chat:check_in", args=[conv.pk])
    response = browser.post(url, {"feeling": "4", "heard": "yes"})
    assert response.status_code == 302
    browser.post(url, {"feeling": "1", "heard": "no"})  # the first answer stands
    after = CheckIn.objects.get(conversation=conv, moment="after")
    assert (after.feeling, after.heard) == (4, "yes")
    page = browser.get(conv.get_absolute_url()).content.decode()
    assert "Merci pour tes réponses." in page
    assert "Et maintenant, comment tu te sens" not in page


def test_one_question_may_be_skipped(on_shift, counsellor):
    browser = Client()
    conv = start(browser)
    close(conv, counsellor)
    browser.post(reverse("chat:check_in", args=[conv.pk]), {"heard": "partly"})
    after = CheckIn.objects.get(conversation=conv)
    assert (after.feeling, after.heard) == (None, "partly")


def test_nothing_is_stored_after_an_empty_or_invalid_check_in(on_shift, counsellor):
    browser = Client()
    conv = start(browser)
    close(conv, counsellor)
    url = reverse("chat:check_in", args=[conv.pk])
    browser.post(url, {})
    browser.post(url, {"feeling": "0", "heard": "maybe"})
    assert not CheckIn.objects.exists()


def test_no_check_in_after_while_the_chat_is_open(on_shift):
    browser = Client()
    conv = start(browser)
    browser.post(reverse("chat:check_in", args=[conv.pk]), {"feeling": "5"})
    assert not CheckIn.objects.exists()


def test_only_the_young_person_answers(on_shift, counsellor):
    conv = start(Client())
    close(conv, counsellor)
    url = reverse("chat:check_in", args=[conv.pk])
    assert Client().post(url, {"feeling": "5"}).status_code == 404
    assert client_for(counsellor).post(url, {"feeling": "5"}).status_code in (403, 404)
    assert not CheckIn.objects.exists()


# --- Closing asks for confirmation ----------------------------------------------------------


def test_no_outcome_is_chosen_in_advance(claimed, counsellor):
    page = client_for(counsellor).get(claimed.get_workspace_url()).content.decode()
    outcomes = re.findall(r'<input type="radio" name="outcome"[^>]*>', page)
    assert len(outcomes) == len(Conversation.Outcome.choices)
    assert not [radio for radio in outcomes if "checked" in radio]


def test_closing_asks_first_and_closes_only_when_confirmed(claimed, counsellor):
    client = client_for(counsellor)
    url = reverse("chat:close", args=[claimed.pk])
    asked = client.post(url, {"outcome": "referred", "referral": "police"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Clôturer cette conversation maintenant ?" in page
    assert 'name="confirm" value="yes"' in page
    confirm = page[page.index('id="close-confirm"') :]
    assert "Orienté vers un autre service" in confirm[: confirm.index('name="confirm"')]
    claimed.refresh_from_db()
    assert (claimed.status, claimed.outcome) == ("active", "")

    client.post(url, {"outcome": "referred", "referral": "police", "confirm": "yes"})
    claimed.refresh_from_db()
    assert (claimed.status, claimed.outcome, claimed.referral) == ("closed", "referred", "police")


def test_closing_without_an_outcome_is_refused(claimed, counsellor):
    response = client_for(counsellor).post(
        reverse("chat:close", args=[claimed.pk]), {"referral": "none", "confirm": "yes"}
    )
    assert response.status_code == 400
    claimed.refresh_from_db()
    assert claimed.status == "active"


def test_the_case_page_sets_the_conversation_beside_notes_and_ready_answers(claimed, counsellor):
    page = client_for(counsellor).get(claimed.get_workspace_url()).content.decode()
    main = page.index('class="case-main"')
    side = page.index('class="case-side"')
    assert main < page.index("data-chat-form") < side < page.index('id="notes"')
    assert "chat/case.css" in page
    assert "chat/attention.js" in page


# --- Figures --------------------------------------------------------------------------------

YEAR = 2024


def answered(before: int | None, after: int | None, heard: str = "", month: int = 3) -> None:
    conv = Conversation.objects.create(
        created_at=datetime.datetime(YEAR, month, 10, 12, tzinfo=BRUSSELS),
        status=Conversation.Status.CLOSED,
        closed_at=timezone.now(),
    )
    if before is not None:
        CheckIn.objects.create(conversation=conv, moment="before", feeling=before)
    if after is not None or heard:
        CheckIn.objects.create(conversation=conv, moment="after", feeling=after, heard=heard)


def check_in_values(year_figures: stats.YearFigures, month: int | None = None) -> dict:
    table = year_figures.table("check_ins")
    return {row.key: row.figures[0].value(month) for row in table.rows}


def test_the_share_who_feel_better_counts_those_who_answered_both():
    for before, after in [(2, 4), (1, 3), (3, 3), (4, 2), (2, 5)]:
        answered(before, after, heard="yes")
    answered(1, None, heard="no")  # did not say how they felt after: not in the share
    answered(None, 5)  # nor without the answer before
    figures = check_in_values(stats.year_figures(YEAR))
    assert figures["answered_both"] == 5
    assert figures["feel_better"] == 60.0
    assert figures["heard"] == 6
    assert figures["felt_heard"] == pytest.approx(500 / 6)


def test_no_share_with_fewer_answers_than_the_threshold():
    for before, after in [(2, 4), (1, 3), (3, 3), (4, 2)]:
        answered(before, after, heard="yes")
    assert stats.CHECK_IN_MIN_ANSWERS == 5
    figures = stats.year_figures(YEAR)
    values = check_in_values(figures)
    assert values["answered_both"] == 4
    assert values["feel_better"] is None
    assert values["felt_heard"] is None
    assert figures.table("check_ins").rows[1].figures[0].year_display == "—"


def test_months_below_the_threshold_stay_empty_while_the_year_shows():
    for before, after in [(2, 4), (1, 3), (3, 3)]:
        answered(before, after, month=3)
    for before, after in [(2, 4), (3, 1)]:
        answered(before, after, month=4)
    figures = stats.year_figures(YEAR)
    assert check_in_values(figures)["feel_better"] == 60.0
    assert check_in_values(figures, 3)["feel_better"] is None
    assert check_in_values(figures, 4)["feel_better"] is None


def test_the_figures_page_and_csv_show_the_share(coordinator):
    for before, after in [(2, 4), (1, 3), (3, 3), (4, 2), (2, 5)]:
        answered(before, after, heard="yes")
    client = client_for(coordinator)
    page = client.get(reverse("figures_year", args=[YEAR])).content.decode()
    assert "Part qui se sent mieux après le chat" in page
    assert re.search(r"60[.,]0\s*%", page)

    response = client.get(reverse("figures_csv", args=[YEAR]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    year_rows = {
        r["item"]: r["value"] for r in rows if r["section"] == "check_ins" and r["month"] == "year"
    }
    assert year_rows == {
        "answered_both": "5",
        "feel_better": "60",
        "heard": "5",
        "felt_heard": "100",
    }
