"""The report page for a member answers only for a member the visitor can see on a post (the
page links to it there); every other name answers 404 like a name nobody has, so the address
does not tell who has an account (a young person who only uses the help chat, staff)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forum.models import PostStatus
from moderation.models import Report
from tests.conftest import client_for, make_user

NOBODY = "personne_ici_42"


def report_page(client, username: str):
    return client.get(reverse("moderation:report_member", args=[username]))


@pytest.mark.django_db
def test_a_member_seen_on_a_post_can_be_reported(topic, member, other_member, visitor):
    response = report_page(visitor, member.username)
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    posted = client_for(other_member).post(
        reverse("moderation:report_member", args=[member.username]),
        {"reason": "bullying", "description": "il se moque de moi"},
    )
    assert posted.status_code == 200
    assert Report.objects.get().member == member


@pytest.mark.django_db
def test_a_member_who_never_posted_answers_like_a_name_nobody_has(member, other_member, visitor):
    for client in (visitor, client_for(other_member)):
        missing = report_page(client, NOBODY)
        quiet = report_page(client, member.username)
        assert missing.status_code == quiet.status_code == 404
        assert 'name="reason"' not in quiet.content.decode()
    refused = client_for(other_member).post(
        reverse("moderation:report_member", args=[member.username]),
        {"reason": "bullying", "description": "test"},
    )
    assert refused.status_code == 404
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_member_whose_only_post_is_held_or_hidden_is_not_reportable(topic, member, visitor):
    for status in (PostStatus.HELD, PostStatus.HIDDEN):
        topic.posts.update(status=status)
        topic.__class__.objects.filter(pk=topic.pk).update(status=status)
        assert report_page(visitor, member.username).status_code == 404


@pytest.mark.django_db
def test_staff_writing_as_professionals_are_not_found_by_name(topic, moderator, visitor):
    from forum import services as forum_services

    forum_services.reply_create(topic, author=moderator, body="Bonjour, nous sommes là pour toi.")
    assert topic.posts.filter(author=moderator, by_professional=True).exists()
    assert report_page(visitor, moderator.username).status_code == 404
    assert report_page(visitor, make_user("helper_staff").username).status_code == 404
