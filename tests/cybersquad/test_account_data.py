from __future__ import annotations

import json

import pytest
from django.urls import reverse

from cybersquad.models import User
from forum import services
from forum.models import Post, PostStatus
from tests.conftest import PASSWORD, client_for


@pytest.mark.django_db
def test_member_downloads_their_own_data(member, other_member, topic):
    services.reply_create(topic, author=other_member, body="Courage, ça va aller.")
    response = client_for(member).get(reverse("account_export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["pseudonym"] == "lotte"
    assert [p["text"] for p in data["posts"]] == [
        "Je voudrais que seuls mes amis voient mes photos."
    ]
    # Nothing of the other member's is in it.
    assert "Courage" not in response.content.decode()


@pytest.mark.django_db
def test_export_needs_sign_in(visitor):
    response = visitor.get(reverse("account_export"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_delete_account_needs_the_password(member, topic):
    client = client_for(member)
    response = client.post(reverse("account_delete"), {"password": "not-it"})
    assert response.status_code == 400
    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_delete_account_erases_what_they_wrote_and_keeps_others_replies(
    member, other_member, topic
):
    other_reply = services.reply_create(topic, author=other_member, body="Va dans les paramètres.")
    own_reply = services.reply_create(topic, author=member, body="Merci beaucoup !")
    client = client_for(member)
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    own_reply.refresh_from_db()
    assert own_reply.body == "" and own_reply.status == PostStatus.REMOVED
    opening = Post.objects.get(topic=topic, is_opening=True)
    assert opening.body == "" and opening.author is None
    topic.refresh_from_db()
    assert topic.title == ""
    other_reply.refresh_from_db()
    assert other_reply.body == "Va dans les paramètres."
    assert "_auth_user_id" not in client.session
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Va dans les paramètres." in page
    assert "Merci beaucoup" not in page


@pytest.mark.django_db
def test_export_includes_moderation_and_counselling(member, topic, moderator, counsellor):
    from chat import services as chat
    from moderation import services as moderation

    moderation.member_warn(member, by=moderator, reason="Reste poli, s'il te plaît.")
    reply = services.reply_create(topic, author=member, body="j'ai envie de mourir")
    conversation = reply.escalations.get().conversation
    chat.conversation_claim(conversation, by=counsellor)
    chat.conversation_send(
        conversation.pk, user=counsellor, visitor_ids=set(), client_id="a1", body="Je suis là."
    )
    data = json.loads(client_for(member).get(reverse("account_export")).content)
    assert data["moderation_decisions"][0]["reason"] == "Reste poli, s'il te plaît."
    exported = data["conversations_with_counsellors"][0]
    assert exported["about"] == "j'ai envie de mourir"
    assert exported["messages"] == [
        {"from": "counsellor", "text": "Je suis là.", "when": exported["messages"][0]["when"]}
    ]
