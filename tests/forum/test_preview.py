"""A preview before posting: the text as others will see it, nothing stored, nothing counted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cybersquad import ratelimit
from forum.models import Post, Topic
from tests import texts
from tests.conftest import client_for


def preview_part(response) -> str:
    html = response.content.decode()
    start = html.index('class="preview"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("fr", "Aperçu : voici comment les autres le verront"),
        ("nl", "Voorbeeld: zo zien anderen het"),
    ],
)
def test_a_question_is_previewed_without_being_posted(member, theme, lang, heading):
    client = client_for(member)
    data = {
        "theme": theme.pk,
        "language": lang,
        "title": "Mon compte <b>privé</b>",
        "body": "Je voudrais cacher mes photos.\n\nVoir https://example.org <script>x</script>",
        "preview": "1",
    }
    response = client.post(f"/{lang}/topics/new/", data)
    assert response.status_code == 200
    preview = preview_part(response)
    assert heading in preview
    assert "Mon compte &lt;b&gt;privé&lt;/b&gt;" in preview
    assert 'href="https://example.org"' in preview
    assert "&lt;script&gt;" in preview
    assert "<script>x" not in preview
    # The text stays in the form, and nothing is stored.
    assert "Je voudrais cacher mes photos." in response.content.decode().split("</section>", 1)[1]
    assert not Topic.objects.exists()
    data.pop("preview")
    assert client.post(f"/{lang}/topics/new/", data).status_code == 302
    assert Topic.objects.get().title == "Mon compte <b>privé</b>"


@pytest.mark.django_db
def test_previews_do_not_count_towards_the_posting_limit(member, topic, settings):
    client = client_for(member)
    limit = ratelimit.limit_for("post")
    for _ in range(limit.count + 2):  # more previews than posts allowed
        response = client.post(
            reverse("forum:reply", args=[topic.pk]), {"body": "Courage !", "preview": "1"}
        )
        assert response.status_code == 200
    assert "Courage !" in preview_part(response)
    assert topic.posts.count() == 1
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Courage !"})
    assert response.status_code == 302
    assert topic.posts.count() == 2


@pytest.mark.django_db
def test_a_new_members_contact_details_are_hidden_in_the_preview(member, theme, settings):
    response = client_for(member).post(
        "/fr/topics/new/",
        {
            "theme": theme.pk,
            "language": "fr",
            "title": "Besoin d'aide",
            "body": "Appelle-moi au 0470 12 34 56 ce soir.",
            "preview": "1",
        },
    )
    preview = preview_part(response)
    assert "0470 12 34 56" not in preview
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_an_edit_is_previewed_before_it_is_saved(member, topic):
    post = topic.posts.get()
    response = client_for(member).post(
        f"/nl/posts/{post.pk}/edit/",
        {"title": topic.title, "body": "Nieuwe tekst, nog niet bewaard.", "preview": "1"},
    )
    assert response.status_code == 200
    assert "Nieuwe tekst, nog niet bewaard." in preview_part(response)
    assert "Er is nog niets geplaatst." in preview_part(response)
    post.refresh_from_db()
    assert post.body == texts.PRIVACY_QUESTION_FR
