"""What coordinators do in the admin is audited (the coordinator as actor, never content), and
deleting a member there erases what they wrote exactly as deleting their own account does."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from chat import services as chat
from chat.models import CannedReply, Conversation, Room
from cybersquad.models import Role, User
from forum import services
from forum.models import Post
from moderation.models import AuditRecord
from tests.conftest import PASSWORD, TOTP_SECRET, client_for, make_user
from tests.cybersquad.test_staff_passwords import STRONG, add_account, admin_change

USERS = "/fr/admin/cybersquad/user/"


def audits(action: str) -> list[tuple]:
    return list(
        AuditRecord.objects.filter(action=action)
        .order_by("pk")
        .values_list("actor_name", "target_type", "target_id", "reason")
    )


@pytest.mark.django_db
def test_creating_a_staff_account_is_audited(coordinator):
    response = add_account(client_for(coordinator), "cf_thomas", Role.COUNSELLOR, STRONG)
    assert response.status_code == 302
    staff = User.objects.get(username="cf_thomas")
    assert audits("account.create") == [
        (coordinator.username, "user", str(staff.pk), "role: counsellor")
    ]
    assert STRONG not in str(AuditRecord.objects.values_list())


@pytest.mark.django_db
def test_a_role_change_and_other_changes_are_audited(coordinator, member):
    client = client_for(coordinator)
    response = admin_change(client, member, role=Role.MODERATOR, avatar="owl")
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.MODERATOR
    assert audits("account.role_change") == [
        (coordinator.username, "user", str(member.pk), "member → moderator")
    ]
    # Which fields changed, never what they now say.
    assert audits("account.change") == [(coordinator.username, "user", str(member.pk), "avatar")]
    assert "owl" not in str(AuditRecord.objects.values_list())


@pytest.mark.django_db
def test_a_coordinator_setting_a_password_is_audited(coordinator, counsellor):
    client = client_for(coordinator)
    url = f"{USERS}{counsellor.pk}/password/"
    client.post(url, {"password1": "court", "password2": "court"})
    assert audits("account.password_set") == []
    response = client.post(url, {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 302
    assert audits("account.password_set") == [
        (coordinator.username, "user", str(counsellor.pk), "usable")
    ]


def write_things(author: User, other: User, theme) -> dict:
    """A question, a reply from someone else under it, a reply in someone else's topic, a
    help conversation: what deleting an account has to deal with."""
    own = services.topic_create(
        author, theme=theme, title=f"Question de {author}", body="Mon texte.", language="fr"
    )
    answer = services.reply_create(own, author=other, body="Une réponse qui reste.")
    elsewhere = services.topic_create(
        other, theme=theme, title=f"Sujet pour {author}", body="Une question.", language="fr"
    )
    reply = services.reply_create(elsewhere, author=author, body="Ma réponse.")
    conversation, _ = chat.conversation_open(
        member=author,
        about="Quelqu’un me harcèle.",
        category="other",
        language="fr",
        after_hours=False,
    )
    return {
        "own": own,
        "answer": answer,
        "reply": reply,
        "conversation": conversation,
    }


def left_behind(things: dict) -> dict:
    """What remains of one person's things, with nothing that tells whose they were."""
    own = things["own"]
    own.refresh_from_db()
    opening = Post.objects.get(topic=own, is_opening=True)
    answer, reply = (Post.objects.get(pk=things[k].pk) for k in ("answer", "reply"))
    conversation = Conversation.objects.get(pk=things["conversation"].pk)
    return {
        "topic": (own.title, own.status),
        "opening": (opening.body, opening.status, opening.author_id),
        "answer": (answer.body, answer.status),
        "reply": (reply.body, reply.status, reply.author_id),
        "conversation": (
            conversation.about,
            conversation.member_id,
            conversation.anonymised_at is not None,
            conversation.messages.count(),
        ),
    }


@pytest.mark.django_db
def test_deleting_a_member_in_the_admin_erases_like_deleting_their_own_account(
    coordinator, member, other_member, theme
):
    mine = write_things(member, other_member, theme)
    response = client_for(member).post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    self_deleted = left_behind(mine)

    noor = make_user("noor")
    theirs = write_things(noor, other_member, theme)
    client = client_for(coordinator)
    confirm = client.get(f"{USERS}{noor.pk}/delete/")
    assert confirm.status_code == 200
    assert "noor" in confirm.content.decode()
    response = client.post(f"{USERS}{noor.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=noor.pk).exists()
    assert left_behind(theirs) == self_deleted
    assert self_deleted["opening"][0] == ""
    assert self_deleted["reply"][0] == ""
    assert self_deleted["answer"] == ("Une réponse qui reste.", "published")
    assert audits("account.delete") == [
        (coordinator.username, "user", str(noor.pk), "role: member")
    ]


@pytest.mark.django_db
def test_deleting_selected_members_erases_each_of_them(coordinator, other_member, theme):
    reference = make_user("ref")
    expected = write_things(reference, other_member, theme)
    client_for(reference).post(reverse("account_delete"), {"password": PASSWORD})
    expected = left_behind(expected)

    people = [make_user("ines"), make_user("yusuf")]
    things = [write_things(person, other_member, theme) for person in people]
    response = client_for(coordinator).post(
        USERS,
        {
            "action": "delete_selected",
            "_selected_action": [person.pk for person in people],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[p.pk for p in people]).exists()
    assert [left_behind(t) for t in things] == [expected, expected]
    assert {target for _, _, target, _ in audits("account.delete")} == {str(p.pk) for p in people}


@pytest.mark.django_db
def test_admin_changes_to_themes_rooms_and_ready_answers_are_audited(coordinator, theme):
    client = client_for(coordinator)
    response = client.post(
        f"/fr/admin/forum/theme/{theme.pk}/change/",
        {
            "slug": theme.slug,
            "position": 3,
            "name_fr": "Sextorsion (chantage)",
            "name_nl": theme.name_nl,
            "description_fr": theme.description_fr,
            "description_nl": theme.description_nl,
        },
    )
    assert response.status_code == 302
    assert audits("admin.change") == [
        (coordinator.username, "theme", str(theme.pk), "name_fr, position")
    ]
    response = client.post(
        "/fr/admin/chat/cannedreply/add/",
        {
            "title_fr": "Bonjour",
            "title_nl": "Hallo",
            "body_fr": "Bonjour, je suis là.",
            "body_nl": "Hallo, ik ben er.",
            "position": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    reply = CannedReply.objects.get()
    assert audits("admin.add")[0][1:3] == ("cannedreply", str(reply.pk))
    room = Room.objects.create(theme=theme)
    response = client.post(f"/fr/admin/chat/room/{room.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert audits("admin.delete") == [(coordinator.username, "room", str(room.pk), "")]


@pytest.mark.django_db
def test_a_coordinator_resets_a_lost_second_factor(coordinator, moderator):
    RecoveryCodes.activate(moderator)
    totp = Authenticator.objects.get(user=moderator, type=Authenticator.Type.TOTP)
    client = client_for(coordinator)
    page = client.get(f"/fr/admin/mfa/authenticator/{totp.pk}/change/")
    assert page.status_code == 200
    assert TOTP_SECRET not in page.content.decode()
    response = client.post(f"/fr/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=moderator).exists()
    assert audits("account.mfa_reset") == [
        (coordinator.username, "user", str(moderator.pk), "totp")
    ]
    moderator_client = client_for(moderator)
    assert moderator_client.get(reverse("moderation:queue"))["Location"] == reverse(
        "mfa_activate_totp"
    )
