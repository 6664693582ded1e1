from __future__ import annotations

import pytest
from django.urls import reverse

from cybersquad.models import Role
from forum import services
from forum.models import Notification, Post, PostStatus, Reaction, Subscription, Topic
from tests.conftest import client_for, make_user


@pytest.mark.django_db
def test_member_asks_a_question_under_a_theme(member, theme):
    client = client_for(member)
    response = client.post(
        reverse("forum:topic_new"),
        {
            "theme": theme.pk,
            "language": "nl",
            "title": "Iemand vraagt foto's in een game",
            "body": "Een speler die ik niet ken vraagt steeds om foto's. Wat moet ik doen?",
        },
    )
    topic = Topic.objects.get()
    opening = topic.posts.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("forum:post", args=[opening.pk])
    assert (topic.theme, topic.language, topic.author) == (theme, "nl", member)
    opening = topic.posts.get()
    assert opening.is_opening
    assert opening.body.startswith("Een speler")
    assert Subscription.objects.filter(topic=topic, user=member).exists()
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Iemand vraagt foto" in page


@pytest.mark.django_db
def test_invalid_question_keeps_the_text_and_writes_nothing(member, theme):
    client = client_for(member)
    response = client.post(
        reverse("forum:topic_new"),
        {"theme": theme.pk, "language": "fr", "title": "Hé", "body": "Mon long message à garder"},
    )
    assert response.status_code == 400
    assert "Mon long message à garder" in response.content.decode()
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_visitor_is_sent_to_sign_in_to_ask(visitor, theme):
    response = visitor.post(reverse("forum:topic_new"), {"theme": theme.pk})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_reply_notifies_followers_but_not_the_author(topic, member, other_member):
    client = client_for(other_member)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Moi aussi !"})
    assert response.status_code == 302
    reply = Post.objects.get(topic=topic, is_opening=False)
    assert reply.author == other_member
    assert not reply.by_professional
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert list(Notification.objects.values_list("recipient", "post")) == [(member.pk, reply.pk)]
    # The notification names the topic and never shows the reply's text.
    page = client_for(member).get(reverse("forum:notifications")).content.decode()
    assert topic.title in page
    assert "Moi aussi" not in page


@pytest.mark.django_db
def test_empty_reply_is_refused_and_nothing_is_written(topic, other_member):
    response = client_for(other_member).post(reverse("forum:reply", args=[topic.pk]), {"body": " "})
    assert response.status_code == 400
    assert Post.objects.filter(topic=topic).count() == 1
    assert not Notification.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.MODERATOR])
def test_professional_replies_are_marked(topic, role):
    pro = make_user(f"pro_{role}", role)
    services.reply_create(topic, author=pro, body="Tu peux appeler le 116 000.")
    page = client_for(pro).get(topic.get_absolute_url()).content.decode()
    assert "post-pro" in page
    assert "tag-pro" in page
    member_reply = services.reply_create(topic, author=topic.author, body="Merci")
    assert not member_reply.by_professional


@pytest.mark.django_db
def test_reactions_toggle_and_show_counts(topic, other_member):
    opening = topic.posts.get()
    client = client_for(other_member)
    url = reverse("forum:post_react", args=[opening.pk])
    client.post(url, {"kind": "me_too"})
    client.post(url, {"kind": "support"})
    assert set(Reaction.objects.values_list("kind", flat=True)) == {"me_too", "support"}
    client.post(url, {"kind": "me_too"})
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["support"]
    response = client.post(url, {"kind": "love"})
    assert response.status_code == 302
    assert Reaction.objects.count() == 1
    page = client.get(topic.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page


@pytest.mark.django_db
def test_only_the_asker_marks_a_helpful_reply(topic, member, other_member):
    reply = services.reply_create(topic, author=other_member, body="Paramètres > Confidentialité.")
    url = reverse("forum:post_helpful", args=[reply.pk])
    assert client_for(other_member).post(url).status_code == 403
    stranger = client_for(make_user("stranger"))
    assert stranger.post(url).status_code == 403
    topic.refresh_from_db()
    assert topic.helpful_post is None
    assert client_for(member).post(url).status_code == 302
    topic.refresh_from_db()
    assert topic.helpful_post == reply
    # The asker cannot mark their own question.
    own = topic.posts.get(is_opening=True)
    assert client_for(member).post(reverse("forum:post_helpful", args=[own.pk])).status_code == 403


@pytest.mark.django_db
def test_edit_and_delete_only_own_posts(topic, member, other_member):
    reply = services.reply_create(topic, author=other_member, body="Premier jet")
    owner = client_for(other_member)
    response = owner.post(reverse("forum:post_edit", args=[reply.pk]), {"body": "Version corrigée"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.body == "Version corrigée"
    assert reply.edited_at is not None
    intruder = client_for(member)
    assert (
        intruder.post(reverse("forum:post_edit", args=[reply.pk]), {"body": "x" * 5}).status_code
        == 403
    )
    assert intruder.post(reverse("forum:post_delete", args=[reply.pk])).status_code == 403
    reply.refresh_from_db()
    assert reply.body == "Version corrigée"
    assert owner.post(reverse("forum:post_delete", args=[reply.pk])).status_code == 302
    reply.refresh_from_db()
    assert reply.status == PostStatus.REMOVED
    assert reply.body == ""
    page = owner.get(topic.get_absolute_url()).content.decode()
    assert "Version corrigée" not in page


@pytest.mark.django_db
def test_editing_the_question_changes_the_title(topic, member):
    opening = topic.posts.get()
    client_for(member).post(
        reverse("forum:post_edit", args=[opening.pk]),
        {"title": "Compte privé : comment faire ?", "body": "Nouveau texte de ma question"},
    )
    topic.refresh_from_db()
    assert topic.title == "Compte privé : comment faire ?"


@pytest.mark.django_db
def test_subscribe_and_unsubscribe(topic, other_member, member):
    client = client_for(other_member)
    client.post(reverse("forum:subscribe", args=[topic.pk]), {"subscribed": "1"})
    assert Subscription.objects.filter(topic=topic, user=other_member).exists()
    services.reply_create(topic, author=member, body="Une précision")
    assert Notification.objects.filter(recipient=other_member).count() == 1
    client.post(reverse("forum:subscribe", args=[topic.pk]), {"subscribed": "0"})
    services.reply_create(topic, author=member, body="Encore une")
    assert Notification.objects.filter(recipient=other_member).count() == 1


@pytest.mark.django_db
def test_opening_a_topic_marks_its_notifications_read(topic, member, other_member):
    services.reply_create(topic, author=other_member, body="Une réponse")
    client = client_for(member)
    home = client.get(reverse("home")).content.decode()
    assert 'id="unread-count" aria-live="polite">1<' in home
    client.get(topic.get_absolute_url())
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_held_topic_is_seen_by_its_author_only(topic, member, other_member, visitor):
    Topic.objects.filter(pk=topic.pk).update(status=PostStatus.HELD)
    Post.objects.filter(topic=topic).update(status=PostStatus.HELD)
    assert visitor.get(topic.get_absolute_url()).status_code == 404
    assert client_for(other_member).get(topic.get_absolute_url()).status_code == 404
    assert client_for(member).get(topic.get_absolute_url()).status_code == 200
    theme_page = visitor.get(topic.theme.get_absolute_url()).content.decode()
    assert topic.title not in theme_page


@pytest.mark.django_db
def test_post_link_goes_to_the_right_page(topic, other_member, settings):
    settings.CYBERSQUAD_POSTS_PER_PAGE = 2
    replies = [services.reply_create(topic, author=other_member, body=f"r{i}") for i in range(4)]
    response = client_for(other_member).get(reverse("forum:post", args=[replies[-1].pk]))
    assert response["Location"] == f"{topic.get_absolute_url()}?page=3#post-{replies[-1].pk}"


@pytest.mark.django_db
def test_visitors_cached_page_follows_every_change(topic, member, other_member, visitor):
    url = topic.get_absolute_url()
    assert "Premier conseil" not in visitor.get(url).content.decode()
    reply = services.reply_create(topic, author=other_member, body="Premier conseil")
    assert "Premier conseil" in visitor.get(url).content.decode()
    services.post_edit(reply, body="Conseil corrigé")
    page = visitor.get(url).content.decode()
    assert "Conseil corrigé" in page
    assert "Premier conseil" not in page
    services.reaction_toggle(reply, user=member, kind="support")
    assert "1 soutien" in visitor.get(url).content.decode()
    services.helpful_mark(topic, post=reply)
    assert "tag-helpful" in visitor.get(url).content.decode()
    services.post_remove(reply)
    assert "Conseil corrigé" not in visitor.get(url).content.decode()


@pytest.mark.django_db
def test_visitors_cached_page_is_per_language(topic, other_member, visitor):
    services.reply_create(topic, author=make_user("cf_pro", Role.COUNSELLOR), body="Appelle-nous")
    french = visitor.get(topic.get_absolute_url()).content.decode()
    dutch = visitor.get(topic.get_absolute_url().replace("/fr/", "/nl/")).content.decode()
    assert "Professionnel" in french
    assert "Professioneel" in dutch
    assert "Professionnel" not in dutch
