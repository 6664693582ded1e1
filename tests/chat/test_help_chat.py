"""The help chat from the young person's side and the counsellors' workspace."""

from __future__ import annotations

import datetime
import threading
import zoneinfo
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from chat import availability, services
from chat.models import CannedReply, Conversation, Message, Note
from chat.permissions import ChatRefused
from cybersquad.models import Role
from forum import services as forum_services
from forum.models import Notification
from moderation.explain import in_words
from moderation.models import AuditRecord, Priority
from tests.conftest import client_for, make_user
from tests.moderation.test_policy import SELF_HARM_FR

pytestmark = pytest.mark.django_db


def start(client: Client, about: str = "Quelqu'un m'insulte tous les jours.", topic="bullying"):
    return client.post(reverse("chat:start"), {"topic": topic, "about": about})


def test_a_visitor_opens_a_chat_and_sees_their_place_in_the_queue(on_shift):
    browser = Client()
    response = start(browser)
    conv = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == conv.get_absolute_url()
    assert conv.member is None
    assert conv.category == "bullying"
    assert not conv.after_hours
    assert conv.language == "fr"
    assert conv.status == Conversation.Status.WAITING
    page = browser.get(conv.get_absolute_url())
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    code = page.context["code"]
    assert len(code) == 14
    assert code in page.content.decode()
    assert conv.code_digest
    assert code not in conv.code_digest
    assert page.context["wait"].position == 1
    assert page.context["wait"].minutes == 0
    # The code is shown once only.
    assert code not in browser.get(conv.get_absolute_url()).content.decode()


def test_a_visitor_comes_back_with_their_code_from_another_browser(on_shift):
    first = Client()
    start(first)
    conv = Conversation.objects.get()
    code = first.get(conv.get_absolute_url()).context["code"]
    other = Client()
    assert other.get(conv.get_absolute_url()).status_code == 404
    wrong = other.post(reverse("chat:return"), {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 400
    assert wrong.context["form"].errors["code"]
    right = other.post(reverse("chat:return"), {"code": code.lower().replace("-", " ")})
    assert right.status_code == 302
    assert right["Location"] == conv.get_absolute_url()
    assert other.get(conv.get_absolute_url()).status_code == 200


def test_guessing_codes_is_slowed_down(on_shift):
    guesser = Client()
    for _ in range(10):
        guesser.post(reverse("chat:return"), {"code": "AAAA-BBBB-CCCC"})
    start(Client())
    conv = Conversation.objects.get()
    response = guesser.post(reverse("chat:return"), {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert guesser.get(conv.get_absolute_url()).status_code == 404


def test_when_nobody_is_on_shift_the_young_person_leaves_a_message(member):
    client = client_for(member)
    page = client.get(reverse("chat:start")).content.decode()
    assert "116\u00a0000" in page
    assert page.count("tel:116000") >= 2
    assert not availability.is_available()
    start(client)
    conv = Conversation.objects.get()
    assert conv.after_hours
    assert conv.member == member
    shown = client.get(conv.get_absolute_url())
    assert shown.context["wait"].minutes == 0
    assert not shown.context["available"]


def test_outside_opening_hours_nobody_chats_live(settings, on_shift):
    settings.CHAT_OPENING_HOURS = "mon-fri 10:00-12:00"
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    saturday_noon = datetime.datetime(2026, 11, 28, 12, 30, tzinfo=brussels)
    monday_eleven = datetime.datetime(2026, 11, 30, 11, 0, tzinfo=brussels)
    assert not availability.in_opening_hours(saturday_noon)
    assert availability.in_opening_hours(monday_eleven)


def test_a_member_has_one_open_conversation_at_a_time(member, on_shift):
    client = client_for(member)
    start(client)
    again = start(client, about="Autre chose")
    assert Conversation.objects.count() == 1
    assert again["Location"] == Conversation.objects.get().get_absolute_url()


def test_staff_cannot_open_a_help_conversation(counsellor):
    response = client_for(counsellor).post(
        reverse("chat:start"), {"topic": "other", "about": "test"}
    )
    assert response.status_code == 200
    assert Conversation.objects.count() == 0


def test_bad_input_is_explained_and_nothing_is_stored(member):
    response = client_for(member).post(reverse("chat:start"), {"topic": "nonsense", "about": ""})
    assert response.status_code == 400
    assert Conversation.objects.count() == 0
    assert set(response.context["form"].errors) == {"topic", "about"}


def test_urgent_situations_go_first_and_the_wait_estimate_counts_them(
    member, other_member, on_shift, settings
):
    settings.CHAT_MAX_ACTIVE_PER_COUNSELLOR = 1
    settings.CHAT_DEFAULT_HANDLING_MINUTES = 20
    bullying, _ = services.conversation_open(
        member=member,
        about="On se moque de moi.",
        category="bullying",
        language="fr",
        after_hours=False,
    )
    threat, _ = services.conversation_open(
        member=other_member,
        about="Hij dreigt mijn naaktfoto's te verspreiden als ik niet betaal.",
        category="other",
        language="nl",
        after_hours=False,
    )
    threat.refresh_from_db()
    assert threat.priority == Priority.URGENT
    assert threat.category == "sextortion"
    assert threat.signals
    assert threat.signals[0]["category"] == "sextortion"
    assert list(Conversation.objects.in_queue_order()) == [threat, bullying]
    # One counsellor, one place: the first is next, the second waits about one conversation.
    assert availability.wait_for(threat).minutes == 0
    assert availability.wait_for(bullying) == availability.Wait(2, 20, False)


def test_the_workspace_shows_why_each_chat_is_ranked(member, counsellor, on_shift):
    services.conversation_open(
        member=member,
        about="Il me demande des photos de moi nue.",
        category="other",
        language="fr",
        after_hours=False,
    )
    page = client_for(counsellor).get(reverse("chat:workspace"))
    conv = Conversation.objects.get()
    assert page.context["waiting"] == [conv]
    html = page.content.decode()
    assert conv.get_category_display() in html
    assert "Français" in html
    # Category and severity in words, not the rule's id (issue 12, item 4).
    with translation.override(counsellor.language):
        assert in_words(conv.signals[0]) in html
    assert conv.signals[0]["rule"] not in html
    assert page["Cache-Control"]
    assert "no-store" in page["Cache-Control"]


def test_claiming_twice_gives_the_chat_to_one_counsellor(conversation, counsellor):
    other = make_user("cf_tom", Role.COUNSELLOR)
    assert services.conversation_claim(conversation, by=counsellor)
    assert not services.conversation_claim(conversation, by=other)
    conversation.refresh_from_db()
    assert conversation.counsellor == counsellor
    assert conversation.first_claimed_at
    response = client_for(other).post(reverse("chat:claim", args=[conversation.pk]))
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.counsellor == counsellor


def test_concurrent_claims_on_postgres_give_the_chat_to_exactly_one(postgres, transactional_db):
    young = make_user("young_pg")
    conv, _ = services.conversation_open(
        member=young, about="Aide", category="other", language="fr", after_hours=False
    )
    counsellors = [make_user(f"cf_pg{i}", Role.COUNSELLOR) for i in range(8)]
    barrier = threading.Barrier(len(counsellors))
    results: list[int] = []

    def claim(user) -> None:
        client = client_for(user)
        barrier.wait()
        response = client.post(reverse("chat:claim", args=[conv.pk]))
        results.append(response["Location"] == conv.get_workspace_url())
        connection.close()

    threads = [threading.Thread(target=claim, args=(c,)) for c in counsellors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 1
    conv.refresh_from_db()
    assert conv.status == "active"
    assert conv.counsellor in counsellors
    assert AuditRecord.objects.filter(action="conversation.claim").count() == 1


def test_a_counsellor_takes_no_more_than_the_cap(member, counsellor, settings):
    settings.CHAT_MAX_ACTIVE_PER_COUNSELLOR = 2
    convs = [
        services.conversation_open(
            member=make_user(f"young{i}"),
            about="x",
            category="other",
            language="fr",
            after_hours=False,
        )[0]
        for i in range(3)
    ]
    assert services.conversation_claim(convs[0], by=counsellor)
    assert services.conversation_claim(convs[1], by=counsellor)
    with pytest.raises(ChatRefused) as refused:
        services.conversation_claim(convs[2], by=counsellor)
    assert refused.value.code == "cap"
    assert Conversation.objects.get(pk=convs[2].pk).status == "waiting"


def test_transfer_return_and_close_with_outcome(claimed, counsellor, member):
    colleague = make_user("cf_lea", Role.COUNSELLOR)
    services.shift_start(colleague)
    client = client_for(counsellor)
    assert (
        client.post(reverse("chat:transfer", args=[claimed.pk]), {"to": colleague.pk}).status_code
        == 302
    )
    claimed.refresh_from_db()
    assert claimed.counsellor == colleague
    # The previous counsellor can no longer act on it.
    client.post(reverse("chat:release", args=[claimed.pk]))
    claimed.refresh_from_db()
    assert claimed.counsellor == colleague
    assert claimed.status == "active"
    colleague_client = client_for(colleague)
    colleague_client.post(reverse("chat:release", args=[claimed.pk]))
    claimed.refresh_from_db()
    assert claimed.status == "waiting"
    assert claimed.counsellor is None
    assert services.conversation_claim(claimed, by=colleague)
    bad = colleague_client.post(
        reverse("chat:close", args=[claimed.pk]), {"outcome": "x", "referral": "police"}
    )
    assert bad.status_code == 400
    claimed.refresh_from_db()
    assert claimed.status == "active"
    colleague_client.post(
        reverse("chat:close", args=[claimed.pk]),
        {"outcome": "referred", "referral": "police", "confirm": "yes"},
    )
    claimed.refresh_from_db()
    assert (claimed.status, claimed.outcome, claimed.referral) == ("closed", "referred", "police")
    assert claimed.closed_at is not None


def test_internal_notes_are_never_shown_to_the_young_person(claimed, counsellor, member):
    client_for(counsellor).post(
        reverse("chat:note", args=[claimed.pk]), {"body": "NOTE-INTERNE-4821 suivi police"}
    )
    assert Note.objects.get().body == "NOTE-INTERNE-4821 suivi police"
    assert (
        "NOTE-INTERNE-4821"
        in client_for(counsellor).get(claimed.get_workspace_url()).content.decode()
    )
    young_page = client_for(member).get(claimed.get_absolute_url()).content.decode()
    assert "NOTE-INTERNE-4821" not in young_page
    export = client_for(member).get(reverse("account_export")).content.decode()
    assert "NOTE-INTERNE-4821" not in export


def test_an_unanswered_claimed_chat_returns_to_the_queue(claimed, counsellor, settings):
    settings.CHAT_CLAIM_TIMEOUT_SECONDS = 60
    assert services.conversations_requeue_stale() == 0
    later = timezone.now() + datetime.timedelta(seconds=61)
    assert services.conversations_requeue_stale(now=later) == 1
    claimed.refresh_from_db()
    assert claimed.status == "waiting"
    assert claimed.counsellor is None
    assert claimed.first_claimed_at is not None  # the figures still know it was picked up once


def test_a_claimed_chat_with_an_answer_stays(claimed, counsellor, settings):
    settings.CHAT_CLAIM_TIMEOUT_SECONDS = 60
    services.conversation_send(
        claimed.pk, user=counsellor, visitor_ids=set(), client_id="hello", body="Bonjour !"
    )
    later = timezone.now() + datetime.timedelta(seconds=3600)
    assert services.conversations_requeue_stale(now=later) == 0
    claimed.refresh_from_db()
    assert claimed.first_response_at is not None
    assert claimed.status == "active"


def test_the_young_person_is_told_of_an_answer_without_its_content(claimed, counsellor, member):
    for n in range(2):
        services.conversation_send(
            claimed.pk, user=counsellor, visitor_ids=set(), client_id=f"a{n}", body="SECRET-77"
        )
    notice = Notification.objects.get(recipient=member, kind="help_reply")
    assert notice.link == claimed.get_absolute_url()
    assert "SECRET" not in notice.link
    page = client_for(member).get(notice.link).content.decode()
    assert page.count("SECRET-77") == 2
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_an_escalation_from_the_forum_arrives_with_its_content(topic, member, counsellor):
    forum_services.reply_create(topic, author=member, body=SELF_HARM_FR)
    conv = Conversation.objects.get()
    assert conv.source == "escalation"
    assert conv.priority == Priority.URGENT
    assert conv.about == SELF_HARM_FR
    assert conv.member == member
    assert conv.escalation
    page = client_for(counsellor).get(reverse("chat:workspace")).content.decode()
    assert conv.get_workspace_url() in page
    case = client_for(counsellor).get(conv.get_workspace_url()).content.decode()
    assert SELF_HARM_FR.split()[0] in case
    assert AuditRecord.objects.filter(action="conversation.view", actor_id=counsellor.pk).exists()
    invitation = Notification.objects.get(recipient=member, kind="help_invite")
    assert client_for(member).get(invitation.link).status_code == 200


def test_other_members_never_reach_a_conversation(claimed, other_member, moderator):
    for user in (other_member, moderator):
        assert client_for(user).get(claimed.get_absolute_url()).status_code == 404
        assert (
            client_for(user).get(reverse("chat:conversation_status", args=[claimed.pk])).status_code
            == 404
        )
    assert client_for(other_member).get(claimed.get_workspace_url()).status_code == 403
    # Staff: every attempt; a member: once per conversation and hour.
    denied = AuditRecord.objects.filter(action="access.denied", target_type="conversation")
    assert denied.filter(actor_id=moderator.pk).count() == 2
    assert denied.filter(actor_id=other_member.pk).count() == 1


def test_canned_replies_come_in_the_young_persons_language(claimed, counsellor, other_member):
    CannedReply.objects.create(
        title_fr="Accueil",
        title_nl="Welkom",
        body_fr="Bonjour, je t'écoute.",
        body_nl="Hallo, ik luister naar je.",
    )
    page = client_for(counsellor).get(claimed.get_workspace_url()).content.decode()
    assert "Bonjour, je t&#x27;écoute." in page
    Conversation.objects.filter(pk=claimed.pk).update(language="nl")
    page = client_for(counsellor).get(claimed.get_workspace_url()).content.decode()
    assert "Hallo, ik luister naar je." in page


def test_retention_erases_old_closed_conversations_with_a_moved_clock(
    claimed, counsellor, settings, member
):
    settings.CHAT_RETENTION_DAYS = 30
    services.conversation_send(
        claimed.pk, user=counsellor, visitor_ids=set(), client_id="m", body="Parlons-en."
    )
    services.note_add(claimed, by=counsellor, body="note")
    services.conversation_close(claimed, by=counsellor, outcome="listened", referral="none")
    out = StringIO()
    call_command("chat_retention", stdout=out)
    assert out.getvalue().startswith("0 conversation(s)")
    Conversation.objects.filter(pk=claimed.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=31)
    )
    call_command("chat_retention", stdout=out)
    claimed.refresh_from_db()
    assert claimed.anonymised_at
    assert claimed.about == ""
    assert claimed.member is None
    assert claimed.outcome == "listened"
    assert claimed.category == "bullying"
    assert not Message.objects.exists()
    assert not Note.objects.exists()
    assert client_for(member).get(claimed.get_absolute_url()).status_code == 404


def test_deleting_an_account_erases_their_closed_conversations(claimed, member, counsellor):
    services.conversation_send(
        claimed.pk, user=member, visitor_ids=set(), client_id="m", body="MOT-SECRET"
    )
    assert services.conversation_close(claimed, by=counsellor, outcome="listened", referral="none")
    from composition.accounts import account_delete

    account_delete(member)
    claimed.refresh_from_db()
    assert claimed.status == "closed"
    assert claimed.anonymised_at
    assert claimed.outcome == "listened"
    assert not Message.objects.filter(body="MOT-SECRET").exists()


def test_deleting_an_account_keeps_an_open_conversation_for_its_counsellor(
    claimed, member, counsellor
):
    services.conversation_send(
        claimed.pk, user=member, visitor_ids=set(), client_id="m", body="MOT-SECRET"
    )
    from composition.accounts import account_delete

    account_delete(member)
    claimed.refresh_from_db()
    assert claimed.status == "active"
    assert claimed.anonymised_at is None
    assert claimed.member is None
    assert claimed.member_left_at is not None
    assert Message.objects.filter(body="MOT-SECRET").exists()


def test_what_a_waiting_young_person_adds_can_raise_their_priority(conversation, member):
    assert conversation.priority == Priority.MEDIUM
    services.conversation_send(
        conversation.pk,
        user=member,
        visitor_ids=set(),
        client_id="more",
        body="Il dit qu'il va envoyer mes photos nues à toute l'école si je ne paie pas.",
    )
    conversation.refresh_from_db()
    assert conversation.priority == Priority.URGENT
    assert conversation.category == "sextortion"


def test_one_browser_guessing_codes_does_not_lock_out_another(on_shift):
    start(Client())
    conv = Conversation.objects.get()
    guesser = Client()
    for _ in range(12):
        guesser.post(reverse("chat:return"), {"code": "AAAA-BBBB-CCCC"})
    owner_elsewhere = Client()
    code_page = Client()
    start(code_page)
    mine = Conversation.objects.order_by("-pk").first()
    code = code_page.get(mine.get_absolute_url()).context["code"]
    response = owner_elsewhere.post(reverse("chat:return"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == mine.get_absolute_url()
    assert conv.pk != mine.pk


def test_a_stale_sweep_does_not_take_back_a_chat_just_answered(claimed, counsellor, settings):
    settings.CHAT_CLAIM_TIMEOUT_SECONDS = 60
    later = timezone.now() + datetime.timedelta(seconds=61)
    read_by_the_sweep = Conversation.objects.get(pk=claimed.pk)
    services.conversation_send(
        claimed.pk, user=counsellor, visitor_ids=set(), client_id="r", body="Je suis là."
    )
    assert not services.conversation_release(read_by_the_sweep, by=None, now=later)
    claimed.refresh_from_db()
    assert claimed.status == "active"
    assert claimed.counsellor == counsellor


def test_counselling_messages_show_web_addresses_as_text(claimed, member, counsellor):
    services.conversation_send(
        claimed.pk,
        user=member,
        visitor_ids=set(),
        client_id="u",
        body="Il a mis ça ici https://example.org/photos",
    )
    page = client_for(counsellor).get(claimed.get_workspace_url()).content.decode()
    assert "https://example.org/photos" in page
    assert 'href="https://example.org' not in page
    payload = services.message_payload(Message.objects.get())
    assert "<a " not in payload["html"]


def test_erasing_a_case_also_erases_the_escalation_behind_it(topic, member, counsellor, settings):
    forum_services.reply_create(topic, author=member, body=SELF_HARM_FR)
    conv = Conversation.objects.get()
    services.conversations_erase(Conversation.objects.filter(pk=conv.pk))
    escalation = conv.escalation
    escalation.refresh_from_db()
    assert escalation.content == ""
    assert escalation.member is None
    assert escalation.signals == []
    assert escalation.category == "self_harm"  # the figures still count it


def test_visitors_cannot_flood_the_queue_from_one_address(on_shift):
    from cybersquad.ratelimit import limit_for

    allowed = limit_for("chat_open").count
    for _ in range(allowed):
        assert start(Client()).status_code == 302
    refused = start(Client())
    assert refused.status_code == 400
    assert refused.context["form"].non_field_errors()
    assert Conversation.objects.count() == allowed
