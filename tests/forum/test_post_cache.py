"""The topic page from cached posts: each post's shared HTML comes from the cache, the reader's
own part is put in per request. A change shows at once to a member whose page was cached before,
and nothing one reader sees as theirs reaches another (forum/post_html.py)."""

from __future__ import annotations

import pickle
import re

import pytest
from django.core.cache import cache
from django.test import Client

from composition.accounts import account_delete
from forum import services
from forum.models import Post, PostStatus, Reaction, ReactionKind
from tests.conftest import client_for, make_user

EDIT_LINK = re.compile(r'href="/fr/posts/(\d+)/edit/"')


@pytest.fixture
def locmem(settings):
    """The cache in this process's memory, so a test can read what was stored in it."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def post_entries() -> dict[str, tuple]:
    """The cached shared parts of posts by key (locmem keeps them pickled under its prefix)."""
    return {
        key.split(":", 2)[2]: pickle.loads(value)  # noqa: S301 - our own cache, this process
        for key, value in cache._cache.items()  # type: ignore[attr-defined]
        if ":post-html:" in key
    }


def unmasked(html: str) -> str:
    """CSRF tokens are masked afresh on every page: compare pages without them."""
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", html)


def page(client: Client, topic) -> str:
    """The topic page in French (a view that switches language must not move the test)."""
    response = client.get(f"/fr/topics/{topic.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def article(html: str, post: Post) -> str:
    """The HTML of one post on the page ('' if it is not there)."""
    start = html.find('<article class="post')
    while start != -1:
        end = html.find("</article>", start)
        if f'id="post-{post.pk}"' in html[start : html.find(">", start)]:
            return html[start:end]
        start = html.find("<article", end)
    return ""


@pytest.fixture
def reply(topic, other_member):
    return services.reply_create(topic, author=other_member, body="Parles-en à un adulte.")


@pytest.mark.django_db
def test_the_posts_come_from_the_cache_the_second_time(locmem, topic, reply, member):
    client = client_for(member)
    first = page(client, topic)
    assert len(post_entries()) == 2
    # Were the posts rendered again, the page would show the text as stored.
    cache.set_many(
        {
            key: (head.replace("Parles-en", "CACHED"), report, tail)
            for key, (head, report, tail) in post_entries().items()
        }
    )
    # The first page everyone sees is kept on top of the posts' entries: made again from them.
    cache.delete_many(
        [key.split(":", 2)[2] for key in cache._cache if ":topic-first-page:" in key]  # type: ignore[attr-defined]
    )
    second = page(client, topic)
    assert "CACHED à un adulte" in second
    assert unmasked(first.replace("Parles-en", "CACHED")) == unmasked(second)


@pytest.mark.django_db
def test_an_edit_shows_at_once_to_a_member_whose_page_was_cached(
    topic, reply, member, other_member
):
    reader = client_for(member)
    assert "Parles-en à un adulte." in page(reader, topic)
    services.post_edit(reply, body="Parles-en à tes parents.")
    html = article(page(reader, topic), reply)
    assert "Parles-en à tes parents." in html
    assert "à un adulte" not in html
    assert "modifié" in html  # "edited"


@pytest.mark.django_db
def test_a_hidden_post_leaves_a_cached_page_at_once_but_its_author_still_sees_it(
    topic, reply, member, other_member
):
    reader, author = client_for(member), client_for(other_member)
    assert article(page(reader, topic), reply)
    assert article(page(author, topic), reply)
    services.post_set_status(reply, PostStatus.HIDDEN)
    assert article(page(reader, topic), reply) == ""
    assert "Parles-en à un adulte." in article(page(author, topic), reply)


@pytest.mark.django_db
def test_a_held_reply_shows_only_to_its_author_with_the_notice(topic, reply, member, other_member):
    services.post_set_status(reply, PostStatus.HELD)
    author_sees = article(page(client_for(other_member), topic), reply)
    assert "il n’y a que toi qui le vois" in author_sees
    assert article(page(client_for(member), topic), reply) == ""
    assert article(page(Client(), topic), reply) == ""


@pytest.mark.django_db
def test_a_reaction_shows_at_once_in_the_counts_and_pressed_only_for_who_reacted(
    topic, reply, member, other_member
):
    reader, reactor = client_for(member), client_for(make_user("third"))
    assert "reaction-counts" not in article(page(reader, topic), reply)
    page(reactor, topic)
    response = reactor.post(f"/fr/posts/{reply.pk}/react/", {"kind": ReactionKind.SUPPORT})
    assert response.status_code == 302
    seen_by_reader = article(page(reader, topic), reply)
    assert "1 soutien" in seen_by_reader
    assert 'value="support" aria-pressed="false"' in seen_by_reader
    seen_by_reactor = article(page(reactor, topic), reply)
    assert 'value="support" aria-pressed="true"' in seen_by_reactor
    assert 'value="me_too" aria-pressed="false"' in seen_by_reactor


@pytest.mark.django_db
def test_a_new_pseudonym_shows_at_once(topic, reply, member, other_member):
    reader = client_for(member)
    assert "jonas" in article(page(reader, topic), reply)
    other_member.username = "jonas_2"
    other_member.save()
    # As the admin does on saving a new pseudonym (members cannot change theirs): the first
    # page everyone sees is kept under the topic's version.
    services.author_shown_changed(other_member)
    html = article(page(reader, topic), reply)
    assert '<span class="author">jonas_2</span>' in html
    assert "/report/member/jonas_2/" in html
    assert "/report/member/jonas/" not in html


@pytest.mark.django_db
def test_an_erased_account_shows_at_once_with_its_reactions_gone(
    topic, reply, member, other_member
):
    eraser = make_user("third")
    Reaction.objects.create(post=reply, user=eraser, kind=ReactionKind.ME_TOO)
    said = services.reply_create(topic, author=eraser, body="Je suis passée par là.")
    reader = client_for(member)
    html = page(reader, topic)
    assert "Je suis passée par là." in html
    assert "reaction-counts" in article(html, reply)
    account_delete(eraser)
    html = page(reader, topic)
    assert "Je suis passée par là." not in html
    assert "compte supprimé" in article(html, said)  # "deleted account"
    assert "reaction-counts" not in article(html, reply)


@pytest.mark.django_db
def test_one_members_own_part_never_reaches_another(locmem, topic, reply, member, other_member):
    """Cache filled by the reply's author (their edit link) and by the asker (the helpful
    button): a third member sees neither, and the entries hold nothing of a reader."""
    author, asker = client_for(other_member), client_for(member)
    third = client_for(make_user("third"))
    Reaction.objects.create(post=reply, user=other_member, kind=ReactionKind.ME_TOO)
    authors_page = page(author, topic)
    assert EDIT_LINK.findall(authors_page) == [str(reply.pk)]
    assert 'aria-pressed="true"' in authors_page
    askers_page = page(asker, topic)
    assert f"/fr/posts/{reply.pk}/helpful/" in askers_page
    assert "Ça m’a été utile" in askers_page
    assert EDIT_LINK.findall(askers_page) == [str(topic.posts.get(is_opening=True).pk)]
    thirds_page = page(third, topic)
    assert EDIT_LINK.findall(thirds_page) == []
    assert f"/fr/posts/{reply.pk}/helpful/" not in thirds_page
    assert 'aria-pressed="true"' not in thirds_page
    entries = post_entries()
    assert len(entries) == 2
    for parts in entries.values():
        cached = "".join(parts)
        assert "csrfmiddlewaretoken" not in cached
        assert "aria-pressed" not in cached
        assert "/edit/" not in cached
        assert "/helpful/" not in cached


@pytest.mark.django_db
def test_the_author_sees_no_report_link_on_their_own_post_from_a_shared_entry(
    locmem, topic, reply, member, other_member
):
    html = article(page(client_for(member), topic), reply)
    assert f"/report/post/{reply.pk}/" in html
    assert len(post_entries()) == 2
    own = article(page(client_for(other_member), topic), reply)
    assert len(post_entries()) == 2  # the same entry
    assert f"/report/post/{reply.pk}/" not in own
    assert "/report/member/" not in own


@pytest.mark.django_db
def test_the_helpful_mark_shows_at_once(topic, reply, member, other_member):
    reader = client_for(other_member)
    assert "tag-helpful" not in page(reader, topic)
    response = client_for(member).post(f"/fr/posts/{reply.pk}/helpful/")
    assert response.status_code == 302
    assert "tag-helpful" in article(page(reader, topic), reply)
    assert "Ne plus marquer comme utile" in article(page(client_for(member), topic), reply)
    assert "Ne plus marquer comme utile" not in page(reader, topic)


@pytest.mark.django_db
def test_each_language_has_its_own_entries(locmem, topic, reply, member):
    client = client_for(member)
    french = article(page(client, topic), reply)
    dutch_page = client.get(f"/nl/topics/{topic.pk}/").content.decode()
    dutch = article(dutch_page, reply)
    assert "Signaler ce membre" in french
    assert "Dit lid melden" in dutch
    assert "Signaler ce membre" not in dutch
    assert len(post_entries()) == 4


@pytest.mark.django_db
def test_a_visitors_cached_page_shows_a_new_picture_at_once(topic, reply, other_member):
    visitor = Client()
    assert "avatars/fox." in article(page(visitor, topic), reply)
    response = client_for(other_member).post(
        "/fr/account/settings/", {"language": "nl", "avatar": "owl"}
    )
    assert response.status_code == 302
    html = article(page(visitor, topic), reply)
    assert "avatars/owl." in html
    assert "avatars/fox." not in html


@pytest.mark.django_db
def test_a_visitors_cached_page_loses_an_erased_accounts_reactions_at_once(
    topic, reply, other_member
):
    eraser = make_user("third")
    Reaction.objects.create(post=reply, user=eraser, kind=ReactionKind.ME_TOO)
    visitor = Client()
    assert "1 personne dit « moi aussi »" in article(page(visitor, topic), reply)
    account_delete(eraser)
    assert "reaction-counts" not in article(page(visitor, topic), reply)
