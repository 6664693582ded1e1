"""What a moderator has a stake in does not exist for them (audit 2026-12-05, finding 2): a
report about them, an item they reported, the appeal and the decision of the member who
reported them. Not in the queue, its counts or its live events; 404 on its pages; the
coordinators (and the other moderators, where they may decide it) still see it."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cybersquad.models import Role
from forum import services as forum_services
from moderation import services
from moderation.models import Appeal, AuditRecord, Decision, QueueItem, Report
from moderation.permissions import has_stake
from tests.conftest import client_for, make_user
from tests.moderation.test_live import connect
from tests.moderation.test_no_self_decisions import held_item

ACCUSATION = "il me demande des photos de moi"
APPEAL_TEXT = "SECRET-APPEAL: il m'a vraiment demandé des photos"


def report_about(moderator, reporter) -> Report:
    """A report about the moderator as a person (a member reports staff from a room message or
    by the moderator's own member posts; the report page for members answers only there)."""
    return services.report_create(
        reporter=reporter,
        reason="grooming",
        description=ACCUSATION,
        language="fr",
        member=moderator,
    )


def queue_page(user, **params) -> str:
    response = client_for(user).get(reverse("moderation:queue"), params)
    assert response.status_code == 200
    return response.content.decode()


def assert_appeal_unreachable(client, appeal, moderator) -> None:
    """The appeal and its decision answer 404 to ``moderator`` (text never shown), deciding it
    is refused and leaves it open, and the attempt is in the audit log."""
    decision = appeal.decision
    for url in (reverse("moderation:appeal", args=[appeal.pk]), decision.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 404
        assert "SECRET-APPEAL" not in response.content.decode()
    response = client.post(
        reverse("moderation:appeal", args=[appeal.pk]), {"outcome": "reverse", "reason": "ok"}
    )
    assert response.status_code == 404
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.OPEN
    assert AuditRecord.objects.filter(
        action="access.denied", actor_id=moderator.pk, target_type="appeal"
    ).exists()


def assert_others_see_appeal(appeal) -> None:
    """A moderator and a coordinator with no stake list it, count it, read it and its
    decision."""
    for other in (make_user("mod_bert", Role.MODERATOR), make_user("coord_lea", Role.COORDINATOR)):
        c = client_for(other)
        assert (
            reverse("moderation:appeal", args=[appeal.pk])
            in c.get(reverse("moderation:appeals")).content.decode()
        )
        assert "1 recours en attente" in queue_page(other)
        assert (
            "SECRET-APPEAL"
            in c.get(reverse("moderation:appeal", args=[appeal.pk])).content.decode()
        )
        assert c.get(appeal.decision.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_reported_moderator_does_not_see_the_report_about_them(member, moderator, coordinator):
    report = report_about(moderator, member)
    item = report.queue_item
    for page in (queue_page(moderator), queue_page(moderator, fragment="1")):
        assert f'data-item="{item.pk}"' not in page
        assert item.get_absolute_url() not in page
        assert "Grooming" not in page
    response = client_for(moderator).get(reverse("moderation:queue"))
    assert response.context["total"] == 0
    assert response.context["counts"]["high"] == 0
    client = client_for(moderator)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert ACCUSATION not in client.get(item.get_absolute_url()).content.decode()
    assert client.post(reverse("moderation:item_claim", args=[item.pk])).status_code == 404
    decide = client.post(
        reverse("moderation:item_decide", args=[item.pk]),
        {"action": "dismiss", "category": "other", "reason": "Rien."},
    )
    assert decide.status_code == 404
    item.refresh_from_db()
    assert item.is_open and item.claimed_by is None
    assert not Decision.objects.exists()
    assert AuditRecord.objects.filter(
        action="access.denied", actor_id=moderator.pk, target_id=str(item.pk)
    ).exists()
    # The coordinator who decides it sees it, and so do the other moderators (tagged).
    assert f'data-item="{item.pk}"' in queue_page(coordinator)
    opened = client_for(coordinator).get(item.get_absolute_url())
    assert opened.status_code == 200
    assert ACCUSATION in opened.content.decode()
    other = make_user("mod_bert", Role.MODERATOR)
    assert "Concerne un membre de l’équipe" in queue_page(other)


@pytest.mark.django_db
def test_a_moderator_does_not_see_an_item_they_reported(topic, member, moderator):
    item = held_item(topic, member)
    services.report_create(
        reporter=moderator, reason="bullying", description="", language="fr", post=item.post
    )
    assert f'data-item="{item.pk}"' not in queue_page(moderator)
    assert client_for(moderator).get(item.get_absolute_url()).status_code == 404
    other = make_user("mod_bert", Role.MODERATOR)
    assert f'data-item="{item.pk}"' in queue_page(other)
    assert client_for(other).get(item.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_the_newest_disclosures_leave_out_the_moderators_own(topic, moderator, coordinator):
    forum_services.reply_create(
        topic, author=moderator, body="je veux plus vivre, j'ai envie de mourir"
    )
    item = QueueItem.objects.get()
    assert f'data-item="{item.pk}"' not in queue_page(moderator)
    assert f'data-item="{item.pk}"' in queue_page(coordinator)


def misuse_appeal(member, moderator, coordinator) -> tuple[Decision, Appeal]:
    """The member reported the moderator; a coordinator warned the member for misusing
    reports; the member appeals, accusing the moderator again."""
    report = report_about(moderator, member)
    assert services.report_misuse(report, by=coordinator)
    decision = Decision.objects.get(member=member)
    client_for(member).post(decision.get_absolute_url(), {"text": APPEAL_TEXT})
    return decision, Appeal.objects.get()


@pytest.mark.django_db
def test_a_reported_moderator_cannot_read_their_reporters_appeal(member, moderator, coordinator):
    decision, appeal = misuse_appeal(member, moderator, coordinator)
    client = client_for(moderator)
    listing = client.get(reverse("moderation:appeals"))
    assert listing.status_code == 200
    assert reverse("moderation:appeal", args=[appeal.pk]) not in listing.content.decode()
    assert member.username not in listing.content.decode()
    assert "recours en attente" not in queue_page(moderator)
    assert_appeal_unreachable(client, appeal, moderator)
    # A moderator with no stake in it, and another coordinator, see it and may decide it.
    assert_others_see_appeal(appeal)
    # The member still reads their own decision.
    assert client_for(member).get(decision.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_the_moderator_who_decided_does_not_read_the_appeal(topic, member, moderator):
    item = held_item(topic, member)
    services.post_hide(item.post, by=moderator, reason="Hors sujet.", item=item)
    appeal = services.appeal_create(Decision.objects.get(), by=member, text=APPEAL_TEXT)
    client = client_for(moderator)
    assert (
        reverse("moderation:appeal", args=[appeal.pk])
        not in client.get(reverse("moderation:appeals")).content.decode()
    )
    assert client.get(reverse("moderation:appeal", args=[appeal.pk])).status_code == 404
    other = client_for(make_user("mod_bert", Role.MODERATOR))
    assert other.get(reverse("moderation:appeal", args=[appeal.pk])).status_code == 200


@pytest.mark.django_db
def test_the_list_and_the_item_check_agree(topic, member, other_member, moderator, coordinator):
    """`QueueItemQuerySet.without_stake_of` leaves out exactly what `has_stake` refuses."""
    held_item(topic, moderator)
    reported = held_item(topic, other_member)
    services.report_create(
        reporter=moderator, reason="bullying", description="", language="fr", post=reported.post
    )
    report_about(moderator, member)
    report_about(coordinator, other_member)
    QueueItem.objects.create(source=QueueItem.Source.REPORT)  # about a web address: nobody
    for user in (moderator, coordinator, member, other_member):
        listed = set(QueueItem.objects.without_stake_of(user).values_list("pk", flat=True))
        checked = {item.pk for item in QueueItem.objects.all() if not has_stake(user, item=item)}
        assert listed == checked
    assert QueueItem.objects.without_stake_of(moderator).count() == 2


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_reported_moderator_hears_nothing_of_the_report(member, moderator, coordinator):
    mine, connected, _ = await connect("/ws/moderation/queue/", moderator)
    assert connected
    theirs, connected, _ = await connect("/ws/moderation/queue/", coordinator)
    assert connected
    await sync_to_async(services.report_create)(
        reporter=member, reason="grooming", description=ACCUSATION, language="fr", member=moderator
    )
    assert await theirs.receive_json_from(timeout=3) == {"type": "changed", "change": "added"}
    assert await mine.receive_nothing(timeout=0.5)
    await mine.disconnect()
    await theirs.disconnect()


def hidden_and_appealed(topic, appellant, coordinator, text=APPEAL_TEXT) -> Appeal:
    """A coordinator hides one of the appellant's posts; the appellant appeals."""
    item = held_item(topic, appellant)
    services.post_hide(item.post, by=coordinator, reason="Hors sujet.", item=item)
    return services.appeal_create(Decision.objects.get(member=appellant), by=appellant, text=text)


@pytest.mark.django_db
def test_a_reported_moderator_cannot_read_their_reporters_appeal_on_another_decision(
    topic, other_member, moderator, coordinator
):
    """Review finding 3: the member reported the moderator; a coordinator hid one of the
    member's posts (nothing to do with the report); the member appeals. The appeal, its
    text and the decision do not exist for the moderator they reported."""
    report_about(moderator, other_member)
    appeal = hidden_and_appealed(topic, other_member, coordinator)
    decision = appeal.decision
    assert has_stake(moderator, decision=decision)
    client = client_for(moderator)
    listing = client.get(reverse("moderation:appeals")).content.decode()
    assert reverse("moderation:appeal", args=[appeal.pk]) not in listing
    assert "recours en attente" not in queue_page(moderator)
    assert "recours en attente" not in queue_page(moderator, fragment="1")
    assert_appeal_unreachable(client, appeal, moderator)
    # The coordinator who decided has a stake too; another coordinator and a moderator with
    # no stake see it, read it and the decision.
    assert_others_see_appeal(appeal)


@pytest.mark.django_db
def test_a_closed_report_no_longer_hides_the_reporters_appeal(
    topic, other_member, moderator, coordinator
):
    """Only a report still open keeps the appeal from the moderator (as it keeps them from
    deciding it: `decision_refusal`); once reviewed, the appeal is theirs like any other."""
    report = report_about(moderator, other_member)
    appeal = hidden_and_appealed(topic, other_member, coordinator)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.NO_ACTION)
    assert not has_stake(moderator, decision=appeal.decision)
    response = client_for(moderator).get(reverse("moderation:appeal", args=[appeal.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_appeal_list_and_the_appeal_check_agree(
    topic, member, other_member, moderator, coordinator
):
    """`AppealQuerySet.without_stake_of` (SQL, one query) leaves out exactly the appeals
    `has_stake` refuses, one at a time, for every kind of stake."""
    colleague = make_user("mod_bert", Role.MODERATOR)
    plain = make_user("kid_plain", language="fr")
    reporter = make_user("kid_reporter", language="fr")
    # A misuse warning about a report on the colleague.
    misuse_appeal(member, colleague, coordinator)
    # The moderator decided: their own decision.
    item = held_item(topic, plain)
    services.post_hide(item.post, by=moderator, reason="Hors sujet.", item=item)
    services.appeal_create(Decision.objects.get(member=plain), by=plain, text="a")
    # An item the colleague reported, decided by the coordinator.
    item = held_item(topic, reporter)
    services.report_create(
        reporter=colleague, reason="bullying", description="", language="fr", post=item.post
    )
    services.post_hide(item.post, by=coordinator, reason="Hors sujet.", item=item)
    services.appeal_create(Decision.objects.get(member=reporter), by=reporter, text="b")
    # The appellant reported the moderator (open report), on another decision.
    hidden_and_appealed(topic, other_member, coordinator)
    report_about(moderator, other_member)
    # A member whose account is gone: an appeal on a decision without member.
    gone = make_user("kid_gone", language="fr")
    hidden_and_appealed(topic, gone, coordinator)
    Decision.objects.filter(member=gone).update(member=None)
    # A decision without a queue item (a warning given from the member's page).
    warned = make_user("kid_warned", language="fr")
    services.member_warn(warned, by=coordinator, reason="Respecte les autres.")
    services.appeal_create(Decision.objects.get(member=warned), by=warned, text="c")
    # A moderator's own post hidden by a coordinator: the moderator appeals.
    hidden_and_appealed(topic, colleague, coordinator)
    assert Appeal.objects.count() == 7
    people = [moderator, colleague, coordinator, member, other_member, plain, reporter, warned]
    for user in people:
        listed = set(Appeal.objects.without_stake_of(user).values_list("pk", flat=True))
        checked = {
            appeal.pk
            for appeal in Appeal.objects.select_related("decision")
            if not has_stake(user, decision=appeal.decision)
        }
        assert listed == checked, user.username
    assert Appeal.objects.without_stake_of(moderator).count() == 5
    assert Appeal.objects.without_stake_of(colleague).count() == 4
    assert Appeal.objects.without_stake_of(coordinator).count() == 1


@pytest.mark.django_db
def test_the_queue_counts_appeals_in_a_constant_number_of_queries(
    topic, moderator, coordinator, django_assert_max_num_queries
):
    """Review finding 6: the queue and its live-refreshed fragment counted the appeals a
    moderator may see one appeal at a time. Now the same queries whatever their number."""
    client = client_for(moderator)
    counts = []
    for n in (1, 6):
        while Appeal.objects.count() < n:
            hidden_and_appealed(
                topic, make_user(f"kid{Appeal.objects.count()}", language="fr"), coordinator
            )
        for params in ({}, {"fragment": "1"}):
            client.get(reverse("moderation:queue"), params)  # sessions and caches warm
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("moderation:queue"), params)
            assert response.status_code == 200
            counts.append(len(queries))
    assert "6 recours en attente" in queue_page(moderator)
    assert counts[:2] == counts[2:]
    with django_assert_max_num_queries(counts[1]):
        client.get(reverse("moderation:queue"), {"fragment": "1"})


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_reported_moderator_hears_nothing_of_their_reporters_appeal(
    topic, other_member, moderator, coordinator
):
    await sync_to_async(report_about)(moderator, other_member)
    colleague = await sync_to_async(make_user)("mod_bert", Role.MODERATOR)
    item = await sync_to_async(held_item)(topic, other_member)
    await sync_to_async(services.post_hide)(
        item.post, by=coordinator, reason="Hors sujet.", item=item
    )
    decision = await Decision.objects.aget(member=other_member)
    mine, connected, _ = await connect("/ws/moderation/queue/", moderator)
    assert connected
    theirs, connected, _ = await connect("/ws/moderation/queue/", colleague)
    assert connected
    await sync_to_async(services.appeal_create)(decision, by=other_member, text=APPEAL_TEXT)
    assert await theirs.receive_json_from(timeout=3) == {"type": "changed", "change": "appeal"}
    assert await mine.receive_nothing(timeout=0.5)
    await mine.disconnect()
    await theirs.disconnect()
