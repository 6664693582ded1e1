"""Personal details are pointed out and masked before a post is stored, for every member and
every match, and nothing masked can be found again through search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cybersquad.rendering import apply_mask
from forum import services
from forum.models import Post, PostStatus
from forum.search import search_topics
from moderation.screening import get_engine
from tests.conftest import client_for

CONTACTS_FR = (
    "Salut, je suis nouvelle ici. Écris-moi au 0471 23 45 67 ou au 0472 98 76 54, "
    "ou sur insta @lotte.secret, mon mail lotte.b@example.com et aussi l.b@example.org"
)
SECRETS = [
    "0471 23 45 67",
    "0472 98 76 54",
    "@lotte.secret",
    "lotte.b@example.com",
    "l.b@example.org",
]


def ask(client, theme, body, **extra):
    return client.post(
        reverse("forum:topic_new"),
        {
            "theme": theme.pk,
            "language": "fr",
            "title": "Je cherche des amis",
            "body": body,
            **extra,
        },
    )


def test_every_match_of_personal_information_is_found():
    signals = [
        s for s in get_engine().screen(CONTACTS_FR, "fr").signals if s.category == "personal_info"
    ]
    found = {s.matched for s in signals}
    for secret in SECRETS:
        assert any(secret in m for m in found), secret


@pytest.mark.django_db
def test_a_new_members_first_post_is_warned_about_then_stored_masked(member, theme, settings):
    settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS = 1
    client = client_for(member)

    warned = ask(client, theme, CONTACTS_FR)
    assert warned.status_code == 409
    assert "•••" in warned.content.decode()
    assert not Post.objects.exists()

    confirmed = ask(client, theme, CONTACTS_FR, confirm_masked="on")
    assert confirmed.status_code == 302
    post = Post.objects.get()
    assert post.status == PostStatus.HELD  # first posts still wait for a moderator
    assert post.masked_spans
    shown_to_author = client.get(post.topic.get_absolute_url()).content.decode()
    assert "•••" in shown_to_author
    for secret in SECRETS:
        assert secret not in shown_to_author, secret
        assert secret not in post.search_body


@pytest.mark.django_db
def test_every_phone_number_and_email_is_masked_not_only_the_first(member, theme, visitor):
    topic = services.topic_create(
        member, theme=theme, title="Je cherche des amis", body=CONTACTS_FR, language="fr"
    )
    page = visitor.get(topic.get_absolute_url()).content.decode()
    for secret in SECRETS:
        assert secret not in page, secret


@pytest.fixture
def masked_topic(member, theme):
    return services.topic_create(
        member, theme=theme, title="Je cherche des amis", body=CONTACTS_FR, language="fr"
    )


PROBES = ["0471", "047", "04", "23 45 67", "lotte.secret", "@lotte", "lott", "secret", "example"]


@pytest.mark.django_db
def test_search_never_finds_masked_text(masked_topic, visitor):
    assert search_topics("nouvelle", user=None)  # what is shown is found
    for probe in PROBES:
        assert list(search_topics(probe, user=None)) == [], probe
        page = visitor.get(reverse("forum:search"), {"q": probe}).content.decode()
        assert "Je cherche des amis" not in page, probe


@pytest.mark.django_db
def test_postgres_search_never_finds_masked_text(postgres, masked_topic):
    assert list(search_topics("nouvelle", user=None)) == [masked_topic]
    for probe in PROBES:
        assert list(search_topics(probe, user=None)) == [], probe


@pytest.mark.django_db
def test_a_moderator_masking_a_post_takes_it_out_of_search(member, theme, moderator):
    from moderation.services import post_mask

    topic = services.topic_create(
        member,
        theme=theme,
        title="Je cherche des amis",
        body="Salut, ici tout va bien",
        language="fr",
    )
    post = topic.posts.get()
    # Written before the rules knew this form: the moderator masks it afterwards.
    Post.objects.filter(pk=post.pk).update(body=CONTACTS_FR)
    post.refresh_from_db()
    post.save()
    assert list(search_topics("0471", user=None)) == [topic]
    post_mask(post, by=moderator, reason="Coordonnées")
    assert list(search_topics("0471", user=None)) == []


# An invitation to another app and the handle that follows it, in each language: the handle is
# what lets a stranger reach the writer, so it is masked with the invitation.
INVITATIONS = [
    ("fr", "ajoute moi sur snap jade.du.13", "jade.du.13"),
    ("fr", "ajoute-moi sur insta, c'est jade.du.13", "jade.du.13"),
    ("nl", "voeg me toe op snap jade_13", "jade_13"),
    ("nl", "mijn snap is jade_13", "jade_13"),
    ("en", "add me on insta jade_13", "jade_13"),
]


@pytest.mark.parametrize(("language", "body", "handle"), INVITATIONS)
def test_the_handle_after_an_invitation_is_masked(language, body, handle):
    spans = [
        s.span for s in get_engine().screen(body, language).signals if s.category == "personal_info"
    ]
    assert spans
    assert handle not in apply_mask(body, [list(span) for span in spans])


@pytest.mark.parametrize(
    ("language", "body", "kept"),
    [
        ("fr", "ajoute moi sur snap stp on parlera mieux", "on parlera mieux"),
        ("nl", "voeg me toe op snap, dan kunnen we verder babbelen", "dan kunnen we verder"),
        ("en", "hmu on discord if u wanna play tonight", "if u wanna play tonight"),
    ],
)
def test_the_everyday_words_after_an_invitation_stay_readable(language, body, kept):
    spans = [
        list(s.span)
        for s in get_engine().screen(body, language).signals
        if s.category == "personal_info"
    ]
    assert spans
    assert kept in apply_mask(body, spans)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "body", "handle"), INVITATIONS)
def test_a_handle_after_an_invitation_is_shown_to_no_one_and_found_by_no_search(
    language, body, handle, member, theme, moderator, visitor
):
    from moderation.models import QueueItem
    from moderation.services import post_mask

    author = client_for(member)
    confirmed = author.post(
        reverse("forum:topic_new"),
        {
            "theme": theme.pk,
            "language": "nl" if language == "nl" else "fr",
            "title": "Salut",
            "body": body,
            "confirm_masked": "on",
        },
    )
    assert confirmed.status_code == 302
    post = Post.objects.get()
    assert handle not in post.search_body
    assert handle not in author.get(post.topic.get_absolute_url()).content.decode()
    # Moving to another app is also a grooming sign: a moderator looks, then masks.
    item = QueueItem.objects.filter(post=post).first()
    post_mask(post, by=moderator, reason="Coordonnées", item=item)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert handle not in post.search_body
    assert handle not in visitor.get(post.topic.get_absolute_url()).content.decode()
    found = visitor.get(reverse("forum:search"), {"q": handle}).content.decode()
    assert post.topic.get_absolute_url() not in found


@pytest.mark.django_db
def test_a_moderator_masking_an_invitation_hides_the_handle(member, theme, moderator, visitor):
    from moderation.services import post_mask

    topic = services.topic_create(
        member, theme=theme, title="Salut", body="Salut tout le monde", language="fr"
    )
    post = topic.posts.get()
    # Stored before the rules masked the handle (only the invitation was masked).
    body = "ajoute moi sur snap jade.du.13"
    Post.objects.filter(pk=post.pk).update(body=body, masked_spans=[[0, 19]])
    post.refresh_from_db()
    post.save()
    assert "jade.du.13" in visitor.get(topic.get_absolute_url()).content.decode()
    assert post_mask(post, by=moderator, reason="Coordonnées") is True
    post.refresh_from_db()
    assert apply_mask(post.body, post.masked_spans) == "•••"
    assert "jade.du.13" not in visitor.get(topic.get_absolute_url()).content.decode()
    assert list(search_topics("jade.du.13", user=None)) == []
