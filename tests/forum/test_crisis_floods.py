"""One member cannot fill the counsellors' queue with crisis-worded posts (audit finding 1).

A member with an open case has every further disclosure added to it (the counsellor reads each
text there, the young person still gets the help page at once); an edit of an escalated post
reaches its case and never opens another; crisis posts are never refused, but past a generous
cap a member without an open case gets none opened. An edit of a hidden post that screening
would not publish is queued and restricts its writer (audit finding 6).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from chat import services as chat_services
from chat.models import Conversation
from forum.models import Post, PostStatus
from moderation.actions import decision_apply
from moderation.models import Action, Escalation, QueueItem
from tests import texts
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

SELF_HARM_FR = texts.SELF_HARM_FR


def reply(client, topic, body):
    return client.post(reverse("forum:reply", args=[topic.pk]), {"body": body})


def test_further_disclosures_join_the_open_case_and_the_counsellor_reads_each(
    topic, other_member, counsellor
):
    client = client_for(other_member)
    answers = [reply(client, topic, f"{SELF_HARM_FR} (message {n})") for n in range(40)]

    # Never refused, and every time the help page of the same case at once.
    assert [a.status_code for a in answers] == [302] * 40
    case = Conversation.objects.get(member=other_member)
    assert {a.url for a in answers} == {reverse("chat:support", args=[case.pk])}
    assert Post.objects.filter(author=other_member, status=PostStatus.HELD).count() == 40
    # One case in the queue; the 39 others are stored in it, none opens its own.
    assert Conversation.objects.filter(status="waiting").count() == 1
    assert Escalation.objects.filter(member=other_member).count() == 40
    assert Escalation.objects.filter(member=other_member, case=case.escalation).count() == 39
    page = client_for(counsellor).get(case.get_workspace_url()).content.decode()
    for n in range(40):
        assert f"(message {n})" in page
    assert "Écrit depuis l’ouverture de ce cas (39 messages)" in page
    queue = client_for(counsellor).get(reverse("chat:workspace")).content.decode()
    assert "et 39 autres messages de la même personne" in queue
    # The ordinary post limit still holds for everything else they write.
    assert reply(client, topic, "Courage à tous !").status_code == 429


def test_a_flood_never_hides_another_young_persons_case(topic, other_member, counsellor):
    client = client_for(other_member)
    for n in range(30):
        reply(client, topic, f"{SELF_HARM_FR} ({n})")
    genuine = make_user("real_kid")
    assert reply(client_for(genuine), topic, SELF_HARM_FR + " vraiment").status_code == 302
    case = Conversation.objects.get(member=genuine)
    queue = client_for(counsellor).get(reverse("chat:workspace")).content.decode()
    assert case.get_workspace_url() in queue
    assert Conversation.objects.filter(status="waiting").count() == 2


def test_editing_an_escalated_post_reaches_its_case_and_never_opens_another(
    topic, other_member, counsellor
):
    client = client_for(other_member)
    reply(client, topic, SELF_HARM_FR)
    post = Post.objects.get(author=other_member)
    for n in range(25):
        edit = client.post(
            reverse("forum:post_edit", args=[post.pk]), {"body": f"{SELF_HARM_FR} version {n}"}
        )
        assert edit.status_code == 302
    escalation = Escalation.objects.get(post=post)
    case = Conversation.objects.get(member=other_member)
    assert edit.url == reverse("chat:support", args=[case.pk])
    assert Conversation.objects.count() == 1
    assert [e["content"] for e in escalation.edits][-1] == f"{SELF_HARM_FR} version 24"
    assert len(escalation.edits) == 25
    page = client_for(counsellor).get(case.get_workspace_url()).content.decode()
    assert "version 0" in page and "version 24" in page
    assert "nouvelle version d’un message" in page
    # An edit that no longer reads as a disclosure reaches the case too (an ordinary edit
    # counts towards the post limit, which the 25 edits used up: a new window).
    cache.clear()
    client.post(reverse("forum:post_edit", args=[post.pk]), {"body": "ça va un peu mieux"})
    escalation.refresh_from_db()
    assert escalation.edits[-1]["content"] == "ça va un peu mieux"
    assert Escalation.objects.count() == 1


def test_past_the_cap_a_member_without_an_open_case_gets_no_new_one(
    settings, topic, other_member, counsellor
):
    # The cap counts cases opened: one here, however many messages joined it.
    settings.CYBERSQUAD_RATE_LIMITS = {**settings.CYBERSQUAD_RATE_LIMITS, "crisis": (1, 3600)}
    client = client_for(other_member)
    for n in range(3):
        reply(client, topic, f"{SELF_HARM_FR} ({n})")
    case = Conversation.objects.get(member=other_member)
    assert chat_services.conversation_claim(case, by=counsellor)
    chat_services.conversation_close(
        case, by=counsellor, outcome=Conversation.Outcome.NOT_RELEVANT, referral="none"
    )

    answer = reply(client, topic, f"{SELF_HARM_FR} (encore)")

    # Still stored and held for a moderator, urgently; help at once; no second case.
    assert answer.status_code == 302 and answer.url == reverse("get_help")
    post = Post.objects.get(body__endswith="(encore)")
    assert post.status == PostStatus.HELD
    assert QueueItem.objects.open().filter(post=post, priority=0).exists()
    assert Conversation.objects.filter(member=other_member).count() == 1
    assert not Escalation.objects.filter(post=post).exists()
    page = client.get(answer.url).content.decode()
    assert "Un modérateur lit ton message bientôt" in page
    assert "116\xa0000" in page or "116 000" in page


def test_within_the_cap_a_closed_case_is_followed_by_a_new_one(topic, other_member, counsellor):
    client = client_for(other_member)
    reply(client, topic, SELF_HARM_FR)
    case = Conversation.objects.get(member=other_member)
    assert chat_services.conversation_claim(case, by=counsellor)
    chat_services.conversation_close(
        case, by=counsellor, outcome=Conversation.Outcome.LISTENED, referral="none"
    )
    answer = reply(client, topic, SELF_HARM_FR + " encore")
    new = Conversation.objects.exclude(pk=case.pk).get(member=other_member)
    assert answer.url == reverse("chat:support", args=[new.pk])
    assert new.status == "waiting"


def test_grooming_written_into_a_hidden_post_is_queued_and_restricts(
    topic, other_member, moderator
):
    client = client_for(other_member)
    reply(client, topic, "Tu es nul.")
    post = Post.objects.get(author=other_member)
    decision_apply(post, Action.HIDE, by=moderator, reason="insulte")
    before = QueueItem.objects.open().filter(post=post).count()

    edit = client.post(reverse("forum:post_edit", args=[post.pk]), {"body": texts.GROOMING_FR})

    assert edit.status_code == 302
    other_member.refresh_from_db()
    post.refresh_from_db()
    assert other_member.held_for_review
    assert post.status == PostStatus.HIDDEN  # still out of everyone's view
    items = QueueItem.objects.open().filter(post=post)
    assert items.count() == before + 1
    assert items.get().category in ("grooming", "sexting")  # what screening read
    # The next version takes that item; it does not open another.
    client.post(reverse("forum:post_edit", args=[post.pk]), {"body": texts.GROOMING_FR + " stp"})
    assert QueueItem.objects.open().filter(post=post).count() == before + 1


def test_an_ordinary_edit_of_a_hidden_post_queues_nothing(topic, other_member, moderator):
    client = client_for(other_member)
    reply(client, topic, "Tu es nul.")
    post = Post.objects.get(author=other_member)
    decision_apply(post, Action.HIDE, by=moderator, reason="insulte")
    before = QueueItem.objects.count()
    client.post(reverse("forum:post_edit", args=[post.pk]), {"body": "Désolé, je retire."})
    other_member.refresh_from_db()
    assert QueueItem.objects.count() == before
    assert not other_member.held_for_review
