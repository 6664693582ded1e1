"""Escalations say only what is true, and a writer who puts others at risk is never invited.

A disclosure (the writer is at risk) opens a conversation the young person is invited into;
until a counsellor has opened it, nothing claims that one has read it, and the young person is
told live when one does. Behaviour (grooming, solicitation) gives counsellors a case without a
chat: its writer is never invited, never told.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from chat import services
from chat.models import Conversation
from cybersquad.groups import conversation_group
from cybersquad.models import Role
from forum import services as forum_services
from forum.models import Notification, PostStatus
from moderation import services as moderation
from moderation.models import Decision, Escalation, QueueItem
from tests import texts
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

SEXTORTION_FR = (
    "Il menace d'envoyer mes nudes à toute ma classe si je lui paie pas 200 euros ce soir"
)
GROOMER_FR = texts.GROOMING_FR
FALSE_CLAIMS = [
    "Un conseiller a lu",
    "a lu ce que tu as écrit",
    "counsellor read",
    "hulpverlener heeft je bericht gelezen",
    "heeft gelezen wat je schreef",
]


def ask(client, theme, body, language="fr"):
    return client.post(
        reverse("forum:topic_new"),
        {"theme": theme.pk, "language": language, "title": "J'ai besoin d'aide", "body": body},
    )


def test_an_automatic_escalation_says_what_is_true(member, theme, counsellor):
    client = client_for(member)
    response = ask(client, theme, SEXTORTION_FR)
    assert response.status_code == 302
    support = client.get(response.url)
    page = support.content.decode()
    assert support.status_code == 200
    assert "Ne paie pas" in page or "ne paie pas" in page.lower()  # first aid for sextortion
    assert "pas publié" in page and "conseillers" in page  # not published, sent to counsellors
    assert "Aucun conseiller n’a encore ouvert" in page  # nobody has opened it yet
    assert "116\xa0000" in page or "116 000" in page
    assert "Personne n’est de permanence" in page  # nobody on shift now, and the hours
    for claim in FALSE_CLAIMS:
        assert claim not in page
    notification = Notification.objects.get(recipient=member)
    listing = client.get(reverse("forum:notifications")).content.decode()
    assert notification.kind == Notification.Kind.HELP_INVITE
    for claim in FALSE_CLAIMS:
        assert claim not in listing


def test_with_someone_on_shift_the_page_gives_the_place_and_the_wait(member, theme, on_shift):
    client = client_for(member)
    page = client.get(ask(client, theme, SEXTORTION_FR).url).content.decode()
    assert "Personne n’est de permanence" not in page
    assert "Tu es en tête de la file" in page


def test_the_young_person_is_told_live_when_a_counsellor_opens_it(
    member, theme, counsellor, broadcasts, django_capture_on_commit_callbacks
):
    forum_services.topic_create(
        member, theme=theme, title="J'ai besoin d'aide", body=SEXTORTION_FR, language="fr"
    )
    conversation = Conversation.objects.get()
    assert conversation.source == Conversation.Source.ESCALATION
    assert conversation.opened_at is None
    young = client_for(member)
    before = young.get(reverse("chat:conversation_status", args=[conversation.pk]))
    assert "Aucun conseiller n’a encore ouvert" in before.content.decode()

    # The counsellor opens the case page, without picking it up yet.
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(counsellor).get(conversation.get_workspace_url()).status_code == 200
    # The young person's open page hears it at once (and refetches its status panel).
    status = {"type": "chat.status", "status": "waiting"}
    assert (conversation_group(conversation.pk), status) in broadcasts
    conversation.refresh_from_db()
    assert conversation.opened_at is not None
    after = young.get(reverse("chat:conversation_status", args=[conversation.pk]))
    assert "Un conseiller a lu ton message" in after.content.decode()
    assert Notification.objects.filter(
        recipient=member, kind=Notification.Kind.HELP_OPENED
    ).exists()
    # Opening it again tells nobody anything new.
    staff = client_for(counsellor)
    broadcasts.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.get(conversation.get_workspace_url())
    assert [e for g, e in broadcasts if g == conversation_group(conversation.pk)] == []


def test_a_groomers_post_is_never_an_invitation(member, other_member, topic, counsellor):
    client = client_for(other_member)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": GROOMER_FR})
    assert response.status_code == 302
    assert "/support/" not in response.url
    page = client.get(response.url, follow=True).content.decode()
    for claim in [*FALSE_CLAIMS, "conseiller"]:
        assert claim not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert not Conversation.objects.filter(member=other_member).exists()
    assert not Notification.objects.filter(
        recipient=other_member, kind__in=["help_invite", "help_opened"]
    ).exists()


@pytest.fixture
def grooming_item(other_member, topic):
    reply = forum_services.reply_create(topic, author=other_member, body=GROOMER_FR)
    assert reply.status == PostStatus.HELD
    return QueueItem.objects.get(post=reply)


def test_a_moderator_escalating_a_groomer_gives_counsellors_a_case_without_a_chat(
    grooming_item, moderator, other_member, counsellor
):
    client = client_for(moderator)
    form = client.get(grooming_item.get_absolute_url()).context["form"]
    assert form.initial["escalation_kind"] == Escalation.Kind.BEHAVIOUR  # suggested from signals
    response = client.post(
        reverse("moderation:item_decide", args=[grooming_item.pk]),
        {
            "action": "escalate",
            "escalation_kind": "behaviour",
            "category": "grooming",
            "reason": "Ce message demande des photos intimes à une mineure.",
            "seen": form.initial["seen"],
        },
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.kind == Escalation.Kind.BEHAVIOUR
    assert escalation.member == other_member
    case = escalation.conversation
    assert case.source == Conversation.Source.RISK
    assert case.member is None
    # The writer is not invited and not told of counsellors: only why their message is hidden.
    assert not Notification.objects.filter(
        recipient=other_member, kind__in=["help_invite", "help_opened"]
    ).exists()
    assert list(Decision.objects.filter(member=other_member).values_list("action", flat=True)) == [
        "hide"
    ]
    grooming_item.post.refresh_from_db()
    assert grooming_item.post.status == PostStatus.HIDDEN
    mine = client_for(other_member).get(reverse("chat:mine")).content.decode()
    assert "conseiller" not in mine.split("<main", 1)[1].split("</main>", 1)[0].lower() or (
        case.get_absolute_url() not in mine
    )
    assert client_for(other_member).get(case.get_absolute_url()).status_code == 404
    # Counsellors see it in their queue, labelled, and cannot write into it.
    workspace = client_for(counsellor).get(reverse("chat:workspace")).content.decode()
    assert case.get_workspace_url() in workspace
    assert services.conversation_claim(case, by=counsellor)
    case_page = client_for(counsellor).get(case.get_workspace_url())
    assert case_page.context["can_write"] is False
    with pytest.raises(services.ChatRefused):
        services.conversation_send(
            case.pk, user=counsellor, visitor_ids=set(), client_id="c1", body="Bonjour"
        )
    # Having no one to answer, it never goes back to the queue as "unanswered".
    import datetime

    from django.utils import timezone

    later = timezone.now() + datetime.timedelta(hours=3)
    assert services.conversations_requeue_stale(now=later) == 0


def test_a_moderator_escalating_a_disclosure_invites_the_writer(member, topic, moderator):
    item = QueueItem.objects.create(
        source=QueueItem.Source.REPORT, post=topic.posts.get(), member=member
    )
    moderation.post_escalate(
        topic.posts.get(),
        by=moderator,
        category="self_harm",
        reason="Tu sembles aller mal.",
        item=item,
        kind=Escalation.Kind.DISCLOSURE,
    )
    case = Conversation.objects.get()
    assert case.source == Conversation.Source.ESCALATION
    assert case.member == member
    assert Notification.objects.filter(recipient=member, kind="help_invite").exists()


def test_a_counsellor_can_invite_the_writer_of_a_behaviour_case(
    grooming_item, moderator, counsellor, other_member
):
    moderation.post_escalate(
        grooming_item.post,
        by=moderator,
        category="grooming",
        reason="r",
        item=grooming_item,
        kind=Escalation.Kind.BEHAVIOUR,
    )
    case = Conversation.objects.get()
    response = client_for(counsellor).post(reverse("chat:invite_writer", args=[case.pk]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.source == Conversation.Source.ESCALATION
    assert case.member == other_member
    assert Notification.objects.filter(recipient=other_member, kind="help_invite").exists()
    assert (
        client_for(moderator).post(reverse("chat:invite_writer", args=[case.pk])).status_code == 403
    )


def test_transfers_go_only_to_colleagues_on_shift_with_room(claimed, counsellor, settings):
    settings.CHAT_MAX_ACTIVE_PER_COUNSELLOR = 1
    off_shift = make_user("cf_off", Role.COUNSELLOR)
    full = make_user("cf_full", Role.COUNSELLOR)
    free = make_user("cf_free", Role.COUNSELLOR)
    services.shift_start(full)
    services.shift_start(free)
    other, _ = services.conversation_open(
        member=make_user("busy_kid"),
        about="aide",
        category="other",
        language="fr",
        after_hours=False,
    )
    assert services.conversation_claim(other, by=full)
    client = client_for(counsellor)
    choices = client.get(claimed.get_workspace_url()).context["transfer_form"].fields["to"].queryset
    assert list(choices) == [free]
    for refused in (off_shift, full):
        response = client.post(reverse("chat:transfer", args=[claimed.pk]), {"to": refused.pk})
        assert response.status_code == 400
        claimed.refresh_from_db()
        assert claimed.counsellor == counsellor
        with pytest.raises(services.ChatRefused):
            services.conversation_transfer(claimed, by=counsellor, to=refused)
    assert (
        client.post(reverse("chat:transfer", args=[claimed.pk]), {"to": free.pk}).status_code == 302
    )
    claimed.refresh_from_db()
    assert claimed.counsellor == free


@pytest.mark.parametrize("after_hours", [False, True])
def test_picking_up_from_the_queue_tells_the_young_person_once(
    member, theme, on_shift, after_hours, broadcasts, django_capture_on_commit_callbacks
):
    """Review of issue 8, finding 10: picking a case up from the queue is opening it. The young
    person waiting for an answer (an escalation, or a message left after hours) gets the one
    notification the support page promised; opening the case page afterwards adds none."""
    if after_hours:
        conversation, _ = services.conversation_open(
            member=member,
            about="Je reçois des menaces",
            category="other",
            language="fr",
            after_hours=True,
        )
    else:
        forum_services.topic_create(
            member, theme=theme, title="J'ai besoin d'aide", body=SEXTORTION_FR, language="fr"
        )
        conversation = Conversation.objects.get(member=member)
    staff = client_for(on_shift)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("chat:claim", args=[conversation.pk]))
    assert response.status_code == 302
    assert response.url == conversation.get_workspace_url()
    assert staff.get(response.url).status_code == 200
    conversation.refresh_from_db()
    assert conversation.opened_at is not None
    assert conversation.counsellor == on_shift
    opened = Notification.objects.filter(recipient=member, kind=Notification.Kind.HELP_OPENED)
    assert opened.count() == 1
    assert opened.get().link == conversation.get_absolute_url()
    # Its page hears once that the state changed.
    status = [e for g, e in broadcasts if g == conversation_group(conversation.pk)]
    assert status == [{"type": "chat.status", "status": "active"}]
    young = client_for(member).get(reverse("chat:conversation_status", args=[conversation.pk]))
    assert "Aucun conseiller n’a encore ouvert" not in young.content.decode()


def test_picking_up_a_live_chat_sends_no_notification(conversation, on_shift):
    """Someone chatting live sees the counsellor arrive: no notification for that."""
    assert services.conversation_claim(conversation, by=on_shift)
    conversation.refresh_from_db()
    assert conversation.opened_at is not None
    assert not Notification.objects.filter(kind=Notification.Kind.HELP_OPENED).exists()
