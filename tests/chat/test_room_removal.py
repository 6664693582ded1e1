"""Removing a member from a chat room is a moderation decision like the others (review of
issue 8, finding 14): the same rules (nobody decides what concerns them, nor on someone whose
report about them is still open), a statement of reasons in the member's language, an appeal,
and reversing it lets them back in. The room's mute follows the same rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chat.models import RoomExclusion
from chat.permissions import is_excluded
from forum.models import Notification
from moderation import services as moderation
from moderation.models import Action, Appeal, Decision, Report
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


def sanction(client, room, member, action: str, lang: str = "fr"):
    return client.post(
        f"/{lang}/rooms/{room.theme.slug}/members/{member.username}/",
        {"action": action, "hours": 24, "reason": "Tu as insulté quelqu’un dans le salon."},
    )


def test_a_removal_gives_the_member_reasons_in_their_language_and_an_appeal(
    room, other_member, moderator
):
    assert other_member.language == "nl"
    response = sanction(client_for(moderator), room, other_member, "remove")
    assert response.status_code == 302
    assert response.url == room.get_absolute_url()
    assert is_excluded(other_member, room)
    decision = Decision.objects.get(member=other_member)
    exclusion = RoomExclusion.objects.get(member=other_member)
    assert decision.action == Action.ROOM_REMOVE
    assert decision.moderator == moderator
    assert decision.appealable
    assert decision.ends_at == exclusion.until
    assert exclusion.decision == decision
    notice = Notification.objects.get(recipient=other_member, kind=Notification.Kind.DECISION)
    assert notice.link == f"/nl/decisions/{decision.pk}/"
    page = client_for(other_member).get(notice.link).content.decode()
    assert "Uit een chatroom verwijderen" in page
    assert "Welke chatroom" in page
    assert str(room.theme.name) in page
    assert "Tu as insulté" in page
    assert 'name="text"' in page  # the appeal form


def test_reversing_the_removal_on_appeal_lets_the_member_back_in(room, member, moderator):
    assert moderation.member_room_remove(
        member, room=room, by=moderator, hours=1, reason="Insultes"
    )
    decision = Decision.objects.get(member=member)
    # A longer removal from another decision is not undone by this appeal.
    later = make_user("mod_tom", "moderator")
    assert moderation.member_room_remove(member, room=room, by=later, hours=24, reason="Encore")
    # One already running as long: nothing more is decided.
    assert not moderation.member_room_remove(member, room=room, by=later, hours=1, reason="x")
    assert Decision.objects.filter(member=member).count() == 2
    assert client_for(member).get(room.get_absolute_url()).status_code == 403
    appeal = moderation.appeal_create(decision, by=member, text="Je n’ai insulté personne.")
    judge = make_user("mod_bert", "moderator")
    page = client_for(judge).get(reverse("moderation:appeal", args=[appeal.pk]))
    assert "peut revenir tout de suite dans le salon" in page.content.decode()
    response = client_for(judge).post(
        reverse("moderation:appeal", args=[appeal.pk]),
        {"outcome": "reverse", "reason": "Le message n’était pas une insulte."},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    decision.refresh_from_db()
    assert appeal.status == Appeal.Status.REVERSED
    assert decision.is_reversed
    assert is_excluded(member, room)  # the other removal still runs
    RoomExclusion.objects.exclude(decision=decision).delete()
    assert not is_excluded(member, room)
    assert client_for(member).get(room.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fr", "Ce membre t’a signalé"), ("nl", "Dit lid heeft jou gemeld")],
)
@pytest.mark.parametrize("action", ["remove", "mute"])
def test_no_sanction_in_the_room_on_someone_whose_report_about_you_is_open(
    room, member, moderator, action, lang, words
):
    report = moderation.report_create(
        reporter=member,
        reason="bullying",
        description="il me parle mal",
        language="fr",
        member=moderator,
    )
    response = sanction(client_for(moderator), room, member, action, lang)
    assert response.status_code == 403
    assert words in response.content.decode()
    member.refresh_from_db()
    assert member.muted_until is None
    assert not is_excluded(member, room)
    assert not Decision.objects.exists()
    assert not RoomExclusion.objects.exists()
    assert not Notification.objects.filter(recipient=member).exists()
    # Another moderator may; and once the report is decided, so may this one.
    assert (
        sanction(client_for(make_user("mod_bert", "moderator")), room, member, action).status_code
        == 302
    )
    Report.objects.filter(pk=report.pk).update(status=Report.Status.NO_ACTION)
    Decision.objects.all().delete()
    RoomExclusion.objects.all().delete()
    member.muted_until = None
    member.save()
    assert sanction(client_for(moderator), room, member, action).status_code == 302


def test_a_removal_goes_through_the_decision_rules_in_the_service(room, moderator, counsellor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        moderation.member_room_remove(moderator, room=room, by=moderator, hours=1, reason="x")
    with pytest.raises(PermissionDenied):
        moderation.member_room_remove(
            make_user("kim"), room=room, by=counsellor, hours=1, reason="x"
        )
    assert not RoomExclusion.objects.exists()
    assert not Decision.objects.exists()
