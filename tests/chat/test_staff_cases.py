"""A case about a member of staff (audit 2026-12-05, finding 3): the counsellor it is about
never sees, reads, claims, notes or closes it, by page, socket or service; colleagues who
are not coordinators do not either (staff cases go to a coordinator); the coordinators find
it in their queue, tagged, and handle it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from chat import services
from chat.models import Conversation, Note
from chat.permissions import case_subjects, may_counsel
from cybersquad.models import Role
from forum import services as forum_services
from moderation.actions import decision_apply
from moderation.models import Action, AuditRecord, Escalation
from tests.chat.conftest import aclient, close_code, socket
from tests.conftest import client_for, make_user

NOTE = "NOTE-ABOUT-X: collègue à surveiller"


@pytest.fixture
def colleague(db):
    return make_user("cf_tom", Role.COUNSELLOR)


@pytest.fixture
def case_about_counsellor(topic, counsellor, coordinator, colleague) -> Conversation:
    """A coordinator escalated a counsellor's reply as behaviour (grooming); a note is on it."""
    reply = forum_services.reply_create(topic, author=counsellor, body="Tu peux m'écrire en privé.")
    decision_apply(
        reply,
        Action.ESCALATE,
        by=coordinator,
        reason="comportement",
        category="grooming",
        kind=Escalation.Kind.BEHAVIOUR,
    )
    conv = Conversation.objects.get(escalation__post=reply)
    Note.objects.create(conversation=conv, author=coordinator, body=NOTE)
    return conv


def case_urls(conv: Conversation) -> list[str]:
    return [conv.get_workspace_url(), conv.get_absolute_url()]


POSTS = {
    "chat:claim": {},
    "chat:release": {},
    "chat:note": {"body": "Je m'en occupe."},
    "chat:close": {"outcome": "not_relevant", "referral": "none", "confirm": "yes"},
    "chat:invite_writer": {},
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["counsellor", "colleague"])
def test_a_staff_case_is_invisible_to_counsellors(case_about_counsellor, who, request):
    conv = case_about_counsellor
    user = request.getfixturevalue(who)
    client = client_for(user)
    workspace = client.get(reverse("chat:workspace"))
    assert conv.get_workspace_url() not in workspace.content.decode()
    assert conv not in workspace.context["waiting"]
    fragment = client.get(reverse("chat:workspace"), {"fragment": "1"}).content.decode()
    assert conv.get_workspace_url() not in fragment
    for url in case_urls(conv):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "NOTE-ABOUT-X" not in response.content.decode()
    for name, data in POSTS.items():
        assert client.post(reverse(name, args=[conv.pk]), data).status_code == 404, name
    conv.refresh_from_db()
    assert conv.status == Conversation.Status.WAITING
    assert conv.counsellor is None
    assert conv.opened_at is None
    assert conv.notes.count() == 1
    assert AuditRecord.objects.filter(
        action="access.denied", actor_id=user.pk, target_id=str(conv.pk)
    ).exists()


@pytest.mark.django_db
def test_the_services_refuse_the_counsellor_it_is_about(case_about_counsellor, counsellor):
    conv = case_about_counsellor
    for refused in (
        lambda: services.conversation_claim(conv, by=counsellor),
        lambda: services.note_add(conv, by=counsellor, body="rien"),
        lambda: services.conversation_mark_opened(conv, by=counsellor),
        lambda: services.conversation_invite_writer(conv, by=counsellor),
        lambda: services.conversation_close(
            conv, by=counsellor, outcome="not_relevant", referral="none"
        ),
    ):
        with pytest.raises(Http404):
            refused()
    conv.refresh_from_db()
    assert (conv.status, conv.counsellor_id, conv.opened_at) == ("waiting", None, None)
    assert conv.notes.count() == 1


@pytest.mark.django_db
def test_the_coordinator_sees_it_tagged_and_handles_it(
    case_about_counsellor, coordinator, counsellor, colleague
):
    conv = case_about_counsellor
    other = make_user("coord_lea", Role.COORDINATOR)
    client = client_for(other)
    workspace = client.get("/fr/counselling/").content.decode()
    assert conv.get_workspace_url() in workspace
    assert "Concerne un membre de l’équipe : pour un coordinateur" in workspace
    page = client.get(conv.get_workspace_url())
    assert page.status_code == 200
    assert "NOTE-ABOUT-X" in page.content.decode()
    assert client.post(reverse("chat:claim", args=[conv.pk])).status_code == 302
    conv.refresh_from_db()
    assert conv.status == Conversation.Status.ACTIVE
    assert conv.counsellor == other
    # Not handed on to the counsellor it is about, nor to a colleague.
    services.shift_start(counsellor)
    services.shift_start(colleague)
    form = client.get(conv.get_workspace_url()).context["transfer_form"]
    assert set(form.fields["to"].queryset) == set()
    for to in (counsellor, colleague):
        with pytest.raises(PermissionDenied):
            services.conversation_transfer(conv, by=other, to=to)
    conv.refresh_from_db()
    assert conv.counsellor == other
    assert services.conversation_close(conv, by=other, outcome="not_relevant", referral="none")


@pytest.mark.django_db
@pytest.mark.parametrize("holder", ["counsellor", "colleague"])
def test_a_staff_case_already_taken_goes_back_to_the_coordinators(
    case_about_counsellor, holder, coordinator, request
):
    """Taken before the rule (or before its member joined the staff): the sweep returns it to
    the queue, where coordinators see it, instead of leaving it with someone who cannot open
    it nor see it in their list."""
    conv = case_about_counsellor
    user = request.getfixturevalue(holder)
    Conversation.objects.filter(pk=conv.pk).update(status="active", counsellor=user)
    assert (
        conv.get_workspace_url()
        not in client_for(user).get(reverse("chat:workspace")).content.decode()
    )
    with pytest.raises(Http404):
        services.conversation_release(Conversation.objects.get(pk=conv.pk), by=user)
    assert services.conversations_requeue_stale() == 1
    conv.refresh_from_db()
    assert (conv.status, conv.counsellor_id) == ("waiting", None)
    assert (
        conv.get_workspace_url()
        in client_for(coordinator).get(reverse("chat:workspace")).content.decode()
    )
    assert services.conversations_requeue_stale() == 0


@pytest.mark.django_db
def test_a_coordinator_does_not_counsel_on_a_case_about_themselves(topic, coordinator):
    reply = forum_services.reply_create(topic, author=coordinator, body="Écris-moi en privé.")
    other = make_user("coord_lea", Role.COORDINATOR)
    decision_apply(
        reply,
        Action.ESCALATE,
        by=other,
        reason="comportement",
        category="grooming",
        kind=Escalation.Kind.BEHAVIOUR,
    )
    conv = Conversation.objects.get(escalation__post=reply)
    assert case_subjects(conv) == [coordinator]
    assert not may_counsel(coordinator, conv)
    assert client_for(coordinator).get(conv.get_workspace_url()).status_code == 404
    assert (
        conv.get_workspace_url()
        not in client_for(coordinator).get(reverse("chat:workspace")).content.decode()
    )
    assert may_counsel(other, conv)
    assert (
        conv.get_workspace_url()
        in client_for(other).get(reverse("chat:workspace")).content.decode()
    )


@pytest.mark.django_db
def test_cases_about_members_stay_with_every_counsellor(topic, member, counsellor, colleague):
    reply = forum_services.reply_create(topic, author=member, body="Tu as quel âge ? Snap ?")
    decision_apply(
        reply,
        Action.ESCALATE,
        by=make_user("coord_lea", Role.COORDINATOR),
        reason="comportement",
        category="grooming",
        kind=Escalation.Kind.BEHAVIOUR,
    )
    conv = Conversation.objects.get(escalation__post=reply)
    for user in (counsellor, colleague):
        assert (
            conv.get_workspace_url()
            in client_for(user).get(reverse("chat:workspace")).content.decode()
        )
    assert services.conversation_claim(conv, by=counsellor)


@pytest.mark.django_db
def test_the_list_and_the_case_check_agree(case_about_counsellor, conversation, counsellor):
    """`ConversationQuerySet.for_counsellor` leaves out exactly what `may_counsel` refuses."""
    people = [counsellor, make_user("cf_tom2", Role.COUNSELLOR), make_user("c2", Role.COORDINATOR)]
    for user in people:
        listed = set(Conversation.objects.for_counsellor(user))
        checked = {conv for conv in Conversation.objects.all() if may_counsel(user, conv)}
        assert listed == checked
    assert set(Conversation.objects.for_counsellor(counsellor)) == {conversation}


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_counsellor_it_is_about_cannot_open_its_socket(
    case_about_counsellor, counsellor, coordinator
):
    path = f"/ws/chat/conversations/{case_about_counsellor.pk}/"
    assert await close_code(socket(path, await aclient(counsellor))) == 4403
    ok, _ = await (communicator := socket(path, await aclient(coordinator))).connect()
    assert ok
    await communicator.disconnect()
