"""What screening does to a post: mask, hold, escalate, pre-moderate, restrict."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Notification, Post, PostStatus, Topic
from moderation.models import Escalation, Priority, QueueItem
from tests.conftest import client_for

SEXTORTION_NL = (
    "Hij dreigt mijn naaktfoto's naar mijn vrienden te sturen als ik hem geen 200 euro betaal"
)
SELF_HARM_FR = "je veux plus vivre, j'ai envie de mourir, personne le remarquerait"
GROOMING_FR = "t'es trop mignonne, dis rien à tes parents, on parle sur snap ce soir"
PHONE_FR = "Appelle-moi au 0470 12 34 56 si tu veux en parler"
INSULT_FR = "t'es vraiment qu'une grosse pute, personne t'aime"


def ask(client, theme, *, title="Besoin d'aide", body, language="fr", **extra):
    return client.post(
        reverse("forum:topic_new"),
        {"theme": theme.pk, "language": language, "title": title, "body": body, **extra},
    )


@pytest.mark.django_db
def test_personal_info_warns_with_a_masked_preview_and_stores_nothing(member, theme):
    response = ask(client_for(member), theme, body=PHONE_FR)
    assert response.status_code == 409
    page = response.content.decode()
    assert "•••" in page and "0470 12 34 56" in page  # the preview masks; the textarea keeps it
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_confirmed_personal_info_is_published_masked(member, theme, visitor):
    response = ask(client_for(member), theme, body=PHONE_FR, confirm_masked="on")
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.status == PostStatus.PUBLISHED
    assert post.masked_spans
    page = visitor.get(post.topic.get_absolute_url()).content.decode()
    assert "0470 12 34 56" not in page
    assert "•••" in page


@pytest.mark.django_db
def test_personal_info_in_a_title_must_be_removed(member, theme):
    response = ask(client_for(member), theme, title="Bel me 0470 12 34 56", body="Hallo allemaal")
    assert response.status_code == 400
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_sextortion_disclosure_is_not_published_and_reaches_a_counsellor(
    other_member, theme, visitor
):
    client = client_for(other_member)
    response = client.post(
        reverse("forum:topic_new").replace("/fr/", "/nl/"),
        {"theme": theme.pk, "language": "nl", "title": "Ik heb hulp nodig", "body": SEXTORTION_NL},
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Betaal niet" in page
    assert "116" in page
    topic = Topic.objects.get()
    assert topic.status == PostStatus.HELD
    escalation = Escalation.objects.get()
    assert escalation.category == "sextortion"
    assert escalation.priority == Priority.URGENT
    assert escalation.member == other_member
    assert SEXTORTION_NL in escalation.content
    item = QueueItem.objects.get()
    assert item.priority == Priority.URGENT
    assert item.category == "sextortion"
    assert visitor.get(topic.get_absolute_url()).status_code == 404
    assert SEXTORTION_NL[:20] not in visitor.get(theme.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_self_harm_disclosure_shows_crisis_contacts_at_once(member, theme):
    client = client_for(member)
    response = ask(client, theme, body=SELF_HARM_FR)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "0800 32 123" in page
    assert "112" in page
    assert Escalation.objects.get().priority == Priority.URGENT


@pytest.mark.django_db
def test_grooming_by_a_member_is_held_and_restricts_them(member, other_member, topic):
    client = client_for(other_member)
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": GROOMING_FR})
    reply = Post.objects.get(topic=topic, is_opening=False)
    assert reply.status == PostStatus.HELD
    other_member.refresh_from_db()
    assert other_member.held_for_review
    item = QueueItem.objects.get(post=reply)
    assert item.priority <= Priority.HIGH
    assert item.category == "grooming"
    assert not Notification.objects.filter(recipient=member).exists()
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Bonne journée à tous"})
    assert Post.objects.filter(author=other_member, status=PostStatus.HELD).count() == 2


@pytest.mark.django_db
def test_insults_are_published_but_flagged(member, other_member, topic):
    client_for(other_member).post(reverse("forum:reply", args=[topic.pk]), {"body": INSULT_FR})
    reply = Post.objects.get(topic=topic, is_opening=False)
    item = QueueItem.objects.get(post=reply)
    assert item.category == "bullying"
    assert reply.status in (PostStatus.PUBLISHED, PostStatus.HELD)


@pytest.mark.django_db
def test_first_posts_of_new_members_are_premoderated(member, theme, settings):
    settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS = 1
    ask(client_for(member), theme, body="Comment on fait pour bloquer quelqu'un sur TikTok ?")
    topic = Topic.objects.get()
    assert topic.status == PostStatus.HELD
    item = QueueItem.objects.get()
    assert item.source == QueueItem.Source.FIRST_POSTS
    assert item.priority == Priority.LOW


@pytest.mark.django_db
def test_muted_member_cannot_post_and_keeps_the_text(member, theme):
    member.muted_until = timezone.now() + datetime.timedelta(days=1)
    member.save()
    response = ask(client_for(member), theme, body="Un message tout à fait normal")
    assert response.status_code == 400
    assert "Un message tout à fait normal" in response.content.decode()
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_editing_into_a_disclosure_takes_the_post_out_of_view(member, topic, visitor):
    opening = topic.posts.get()
    response = client_for(member).post(
        reverse("forum:post_edit", args=[opening.pk]), {"title": topic.title, "body": SELF_HARM_FR}
    )
    assert response.status_code == 302
    assert "/support/" in response.url
    opening.refresh_from_db()
    assert opening.status == PostStatus.HELD
    assert Escalation.objects.filter(post=opening).exists()
    assert visitor.get(topic.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_services_screen_even_without_a_view(member, topic):
    reply = services.reply_create(topic, author=member, body=SELF_HARM_FR)
    assert reply.status == PostStatus.HELD
    assert Escalation.objects.filter(post=reply).exists()
