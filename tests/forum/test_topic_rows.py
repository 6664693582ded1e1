"""Question lists (search, a theme, the home page) are made of rows kept once rendered
(forum/topic_rows.py): the page is the same as the loop over the whole template wrote it, in
French and Dutch, for every kind of question; a row that only its asker may see is never kept;
a change to anything a row shows gives the new row at once."""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from forum import post_html, services, topic_rows
from forum.models import Post, PostStatus, Topic
from forum.post_html import templates_digest
from forum.search import topics_in_order
from tests.conftest import client_for, make_user

# The list as it was rendered before its rows were kept: one template, one loop.
BEFORE = (Path(__file__).parent / "fixtures" / "topic_list_before_kept_rows.html").read_text(
    encoding="utf-8"
)


def before(topics, show_theme=False) -> str:
    template = engines["django"].from_string(BEFORE)
    return template.render({"topics": topics, "show_theme": show_theme})


def now_kept(topics, show_theme=False) -> str:
    context = {"topics": topics, "show_theme": show_theme}
    return render_to_string("forum/includes/_topic_list.html", context)


@pytest.fixture
def questions(member, other_member, theme):
    """Every kind of row: plain, with replies, answered by a professional, with a helpful
    answer, deleted by its asker, asked from an account since deleted, in both languages."""
    made = []
    for i, language in enumerate(["fr", "nl", "fr", "nl", "fr", "nl"]):
        made.append(
            services.topic_create(
                member if i % 2 else other_member,
                theme=theme,
                title=f"Question <{i}> & 'co'",
                body="On partage mes photos sans me demander.",
                language=language,
            )
        )
    plain, replied, professional, helpful, removed, orphan = made
    services.reply_create(replied, author=other_member, body="Courage à toi.")
    services.reply_create(replied, author=member, body="Merci beaucoup.")
    counsellor = make_user("cf_lien", role="counsellor", language="nl")
    services.reply_create(professional, author=counsellor, body="Parles-en à un adulte.")
    answer = services.reply_create(helpful, author=other_member, body="Bloque ce compte.")
    Topic.objects.filter(pk=helpful.pk).update(helpful_post=answer)
    Topic.objects.filter(pk=removed.pk).update(status=PostStatus.REMOVED)
    Topic.objects.filter(pk=orphan.pk).update(author=None)
    # Dates well in the past: "2 days ago" does not change while a test runs.
    long_ago = timezone.now() - datetime.timedelta(days=2, hours=3)
    for n, topic in enumerate(made):
        Topic.objects.filter(pk=topic.pk).update(
            last_post_at=long_ago - datetime.timedelta(hours=n)
        )
    return made


def listed(ids, user=None):
    return topics_in_order(ids, user=user)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "nl"])
@pytest.mark.parametrize("show_theme", [False, True])
def test_rows_are_the_loops_rows_rendered_fresh_and_kept(questions, language, show_theme):
    ids = [topic.pk for topic in questions]
    with translation.override(language):
        # for_lists() only shows published topics here: the deleted one is read as a theme
        # page reads it.
        topics = list(Topic.objects.filter(pk__in=ids).for_lists().order_by("pk"))
        expected = before(topics, show_theme)
        assert now_kept(topics, show_theme) == expected  # rendered and kept
        assert now_kept(topics, show_theme) == expected  # from the kept rows
    assert expected.count('class="topic-item"') == len(questions)
    assert expected.count("tag-pro") == 1
    assert expected.count("tag-helpful") == 1


@pytest.mark.django_db
def test_kept_rows_are_not_rendered_again_and_leave_out_the_time_since(questions, monkeypatch):
    topics = list(Topic.objects.filter(pk__in=[t.pk for t in questions]).for_lists())
    with translation.override("fr"):
        now_kept(topics)
        rendered = []
        original = topic_rows._render
        monkeypatch.setattr(topic_rows, "_render", lambda *a: rendered.append(a) or original(*a))
        html = now_kept(topics)
        templates = templates_digest((topic_rows.TEMPLATE,))
        kept = [cache.get(topic_rows.cache_key(t, False, "fr", templates)) for t in topics]
    assert rendered == []
    assert html == before(topics)
    assert "il y a 2\xa0jours" in html
    # What is kept stops where the time since the last post goes, which is said anew.
    assert all(head.endswith('">') and tail.startswith("</time>") for head, tail in kept)
    assert not any("il y a" in head + tail for head, tail in kept)


@pytest.mark.django_db
def test_the_empty_list_and_the_home_page_are_unchanged(visitor, questions):
    with translation.override("nl"):
        assert now_kept([]) == before([])
    html = visitor.get("/fr/").content.decode()
    assert html.count('class="topic-item"') >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_a_held_question_is_shown_only_to_its_asker_and_never_kept(
    member, other_member, theme, language
):
    held = services.topic_create(
        member, theme=theme, title="Ma question en attente", body="Bonjour.", language="fr"
    )
    Topic.objects.filter(pk=held.pk).update(status=PostStatus.HELD)
    Post.objects.filter(topic=held).update(status=PostStatus.HELD)
    waiting = {"fr": "il n’y a que toi qui le vois", "nl": "alleen jij kunt het zien"}[language]
    page = f"/{language}/themes/{theme.slug}/"
    mine = client_for(member).get(page).content.decode()
    assert "Ma question en attente" in mine
    assert waiting in mine
    theirs = client_for(other_member).get(page).content.decode()
    assert "Ma question en attente" not in theirs
    with translation.override(language):
        key = topic_rows.cache_key(
            Topic.objects.for_lists().get(pk=held.pk),
            False,
            language,
            templates_digest((topic_rows.TEMPLATE,)),
        )
    assert cache.get(key) is None
    assert waiting in client_for(member).get(page).content.decode()
    assert "Ma question en attente" not in visitor_page(page)


def visitor_page(path: str) -> str:
    from django.test import Client

    return Client().get(path).content.decode()


@pytest.mark.django_db
def test_a_change_to_what_a_row_shows_is_shown_at_once(questions, member, other_member, visitor):
    topic = questions[0]
    page = f"/fr/themes/{topic.theme.slug}/"
    assert "Question &lt;0&gt;" in visitor.get(page).content.decode()
    Topic.objects.filter(pk=topic.pk).update(title="Un autre titre")
    assert "Un autre titre" in visitor.get(page).content.decode()
    services.reply_create(Topic.objects.get(pk=topic.pk), author=member, body="Je te crois.")
    html = visitor.get(page).content.decode()
    row = html[html.index(f'data-topic-item="{topic.pk}"') :]
    assert "1 réponse" in row[: row.index("</li>")]
    # A renamed asker (their pseudonym is on every row of theirs).
    other_member.username = "jonas_2"
    other_member.save()
    html = visitor.get(page).content.decode()
    row = html[html.index(f'data-topic-item="{topic.pk}"') :]
    assert "posée par jonas_2" in row[: row.index("</li>")]


def test_kept_html_is_keyed_by_the_translations_too(tmp_path, monkeypatch):
    """Kept rows, posts and pages outlive a process: a release with changed translations gets
    other keys."""
    catalog = tmp_path / "fr" / "LC_MESSAGES" / "django.mo"
    catalog.parent.mkdir(parents=True)
    catalog.write_bytes(b"one")
    # Only what the digest reads (changing the settings would load these catalogs); DEBUG:
    # computed at each call, as while developing.
    monkeypatch.setattr(post_html, "settings", SimpleNamespace(LOCALE_PATHS=[tmp_path], DEBUG=True))
    first = templates_digest((topic_rows.TEMPLATE,))
    assert templates_digest((topic_rows.TEMPLATE,)) == first
    catalog.write_bytes(b"two")
    assert templates_digest((topic_rows.TEMPLATE,)) != first
