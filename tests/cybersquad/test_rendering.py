"""User text: stored as typed, shown only through cybersquad.rendering, never able to run."""

from __future__ import annotations

import bleach
import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cybersquad.rendering import render_article, render_plain, render_user_text
from forum import services
from forum.models import Post, Topic
from tests.conftest import client_for
from tests.htmlcheck import FORBIDDEN_TAGS, problems, tags_inside

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="java\u200bscript:alert(1)">zero width</a>',
    '<a href="\x01javascript:alert(1)">ctrl</a>',
    '<form><button formaction="javascript:alert(1)">go</button></form>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<textarea></textarea><script>alert(1)</script>",
    "<title></title><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='>data</a>",
    "<<script>script>alert(1)<</script>/script>",
    "<base href=//evil.example/>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    'https://example.org/"onmouseover="alert(1)',
    "www.example.org/<script>alert(1)</script>",
]
MARK = "XSSMARK"


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_render_user_text_neutralises_payload(payload):
    html = render_user_text(f"{MARK} {payload}")
    assert problems(html, allowed_scripts=()) == []
    assert tags_inside(html) <= {"p", "br", "a"}
    assert MARK in html


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_render_article_and_plain_neutralise_payload(payload):
    for html in (
        render_article(f"## {payload}\n\n- {payload}\n\n{payload}"),
        render_plain(payload),
    ):
        assert problems(html, allowed_scripts=()) == []
        assert tags_inside(html) <= {"p", "br", "a", "h2", "ul", "li"}


def test_links_get_safe_rel_and_only_web_schemes():
    html = render_user_text("Lis https://www.childfocus.be/fr et mailto:x@example.org")
    assert 'href="https://www.childfocus.be/fr"' in html
    assert 'rel="nofollow noopener ugc"' in html
    assert "mailto:" not in html.split("</a>")[-1] or 'href="mailto' not in html


def test_text_is_stored_exactly_as_typed(topic, member):
    payload = "<b>bold</b> & 'quotes' \"too\""
    post = services.reply_create(topic, author=member, body=payload)
    post.refresh_from_db()
    assert post.body == payload


SAFE_TAGS = {"p", "br", "a"}
SAFE_ATTRS = {"a": ["href", "rel", "target"]}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'=/ :ab\n\tjavascript()")), max_size=80))
def test_rendering_is_stable_under_sanitising(text):
    """Sanitising our output again changes nothing: rendering twice equals rendering once."""
    html = render_user_text(text)
    again = bleach.clean(html, tags=SAFE_TAGS, attributes=SAFE_ATTRS, protocols=["http", "https"])
    assert again == html
    assert problems(html, allowed_scripts=()) == []


def test_allowed_tags_never_include_dangerous_ones():
    html = render_user_text("<" + "><".join(sorted(FORBIDDEN_TAGS)) + ">")
    assert tags_inside(html).isdisjoint(FORBIDDEN_TAGS)


@pytest.mark.django_db
def test_payloads_through_every_page_that_shows_user_text(member, other_member, theme):
    """Every place a title, a post or a pseudonym is shown, as visitor and as members."""
    topics = []
    for payload in XSS_CORPUS:
        topic = services.topic_create(
            member,
            theme=theme,
            title=f"{MARK} {payload}"[:140],
            body=f"{MARK} {payload}",
            language="fr",
        )
        services.reply_create(topic, author=other_member, body=f"{MARK} reply {payload}")
        topics.append(topic)
    reply = Post.objects.filter(author=other_member).first()
    owner, replier = client_for(member), client_for(other_member)
    pages = [
        (owner, reverse("home")),
        (owner, reverse("forum:theme", args=[theme.slug])),
        (owner, reverse("forum:notifications")),
        (owner, reverse("forum:search") + f"?q={MARK}"),
        (owner, reverse("forum:post_edit", args=[topics[0].posts.first().pk])),
        (owner, reverse("forum:post_delete", args=[topics[0].posts.first().pk])),
        (replier, reverse("forum:post_delete", args=[reply.pk])),
        (owner, reverse("forum:search") + "?q=%3Cscript%3Ealert(1)%3C/script%3E"),
    ] + [(owner, topic.get_absolute_url()) for topic in topics]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert problems(html) == [], url
    assert Topic.objects.filter(title__startswith=MARK).count() == len(XSS_CORPUS)


@pytest.mark.parametrize(
    ("text", "links"),
    [
        (
            "Appelle le 112, ou la police au 101. Le 116 000 est gratuit.",
            {"tel:112": "112", "tel:101": "101", "tel:116000": "116 000"},
        ),
        ("Bel Awel op 102 of Child Focus op 116 000.", {"tel:102": "102", "tel:116000": "116 000"}),
        ("Centre de prévention : 0800 32 123 ou 02/475.44.11", {"tel:080032123": "0800 32 123"}),
    ],
)
def test_phone_numbers_in_help_articles_can_be_tapped(text, links):
    html = render_article(text)
    for href, shown in links.items():
        assert f'<a href="{href}" class="tel">{shown}</a>' in html
    assert problems(html, allowed_scripts=()) == []


@pytest.mark.parametrize(
    "text",
    [
        "En 2026, 101 jeunes ont écrit. Page 112 du livre, le 101e jour.",
        "Lis https://example.org/116000 ou https://example.org/?t=0471234567",
    ],
)
def test_numbers_that_are_not_phone_numbers_stay_text(text):
    html = render_article(text)
    assert "tel:" not in html


def test_members_phone_numbers_are_never_made_links():
    assert "tel:" not in render_user_text("Bel me op 0471 23 45 67 of op 112")


@pytest.mark.django_db
def test_the_shared_phone_article_offers_to_call(visitor):
    page = visitor.get(reverse("forum:help_article", args=["shared-phone"])).content.decode()
    assert 'href="tel:112"' in page
    assert 'href="tel:116000"' in page
