"""Quick exit leaves nothing to come back to: the session ends on the server, and no page with
personal content may be kept by a cache or the back/forward cache."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chat import services as chat
from chat.models import Conversation
from moderation.models import Report
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SECRET = "Mon beau-père me demande des photos"
EXIT = reverse("quick_exit")


@pytest.fixture(autouse=True)
def _chat_open(settings):
    settings.CHAT_OPENING_HOURS = "mon-sun 00:00-24:00"


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def visitor_conversation(client: Client) -> Conversation:
    response = client.post(reverse("chat:start"), {"topic": "sexting", "about": SECRET})
    assert response.status_code == 302
    conversation = Conversation.objects.get(about=SECRET)
    assert client.get(conversation.get_absolute_url()).status_code == 200
    return conversation


def test_quick_exit_forgets_a_visitors_conversation(visitor, settings):
    conversation = visitor_conversation(visitor)
    page = visitor.get(conversation.get_absolute_url())
    assert SECRET in page.content.decode()

    response = visitor.post(EXIT, {"via": "script"})

    assert response.status_code == 204
    assert no_store(response)
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    # What Back, a reload or a reopened tab would now get from the server:
    again = visitor.get(conversation.get_absolute_url())
    assert again.status_code == 404
    assert SECRET not in again.content.decode()
    start = visitor.get(reverse("chat:start")).content.decode()
    assert conversation.get_absolute_url() not in start
    assert (
        visitor.get(reverse("chat:conversation_status", args=[conversation.pk])).status_code == 404
    )
    # The conversation itself waits for its counsellor: the code still brings the person back.
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.WAITING


def test_without_javascript_the_button_posts_ends_the_session_and_leaves(visitor, settings):
    conversation = visitor_conversation(visitor)

    response = visitor.post(EXIT)

    assert response.status_code == 302
    assert response["Location"] == settings.CYBERSQUAD_QUICK_EXIT_URL
    assert no_store(response)
    assert visitor.get(conversation.get_absolute_url()).status_code == 404


def test_quick_exit_signs_a_member_out(member):
    client = client_for(member)
    conversation, _ = chat.conversation_open(
        member=member, about=SECRET, category="sexting", language="fr", after_hours=False
    )
    assert SECRET in client.get(conversation.get_absolute_url()).content.decode()

    assert client.post(EXIT, {"via": "script"}).status_code == 204

    for url in (
        conversation.get_absolute_url(),
        reverse("chat:mine"),
        reverse("account_settings"),
        reverse("forum:notifications"),
        reverse("moderation:my_reports"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert SECRET not in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_request_from_another_site_ends_nothing(member):
    client = client_for(member)
    response = client.post(EXIT, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 302
    assert client.get(reverse("account_settings")).status_code == 200
    response = client.post(EXIT, headers={"Origin": "https://evil.example"})
    assert client.get(reverse("account_settings")).status_code == 200


def test_the_form_may_be_redirected_to_the_neutral_site(visitor):
    """Without JavaScript the form's redirect must pass the page's CSP form-action."""
    policy = visitor.get(reverse("home"))["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
    assert form_action.split()[1:] == ["'self'", "https://www.meteo.be"]


def test_quick_exit_only_takes_a_post(visitor):
    assert visitor.get(EXIT).status_code == 405


def test_every_page_links_the_quick_exit_form(visitor):
    page = visitor.get(reverse("home")).content.decode()
    assert f'action="{EXIT}"' in page
    # The keyboard hint is hidden until site.js finds a keyboard.
    assert 'id="quick-exit-hint" data-keyboard-hint hidden' in page


# --- No personal page is ever stored -------------------------------------------------------


def test_visitors_own_pages_and_fragments_are_never_stored(visitor):
    conversation = visitor_conversation(visitor)
    report = Report.objects.create(reason=Report.Reason.OTHER, url="https://example.org/x")
    for url in (
        reverse("chat:start"),
        conversation.get_absolute_url(),
        reverse("chat:conversation_status", args=[conversation.pk]),
        reverse("chat:return"),
        report.get_absolute_url(),
    ):
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("chat:start", {"topic": "sexting", "about": ""}),
        ("chat:return", {"code": "WRONG-CODE"}),
        ("moderation:report_url", {"url": "", "reason": "other", "description": SECRET}),
        ("account_login", {"login": "nobody", "password": SECRET}),
    ],
)
def test_answers_to_forms_are_never_stored(visitor, name, data):
    """A form sent back with its errors shows what the person typed."""
    response = visitor.post(reverse(name), data)
    assert response.status_code in (200, 400)
    assert no_store(response)


@pytest.mark.parametrize(
    "url",
    [
        "/fr/notifications/",
        "/fr/account/settings/",
        "/fr/report/mine/",
        "/fr/chat/mine/",
        "/fr/themes/",
    ],
)
def test_every_page_a_member_sees_is_never_stored(member, url):
    response = client_for(member).get(url)
    assert response.status_code == 200
    assert no_store(response)
    assert "private" in response["Cache-Control"]


def test_staff_fragments_are_never_stored(moderator, counsellor):
    queue = client_for(moderator).get(reverse("moderation:queue"), {"fragment": 1})
    cases = client_for(counsellor).get(reverse("chat:workspace"), {"fragment": 1})
    assert queue.status_code == cases.status_code == 200
    assert no_store(queue)
    assert no_store(cases)


def test_public_pages_stay_cacheable_for_visitors(visitor):
    assert not no_store(visitor.get(reverse("forum:themes")))


def test_private_pages_are_marked_for_the_back_forward_cache(visitor, member):
    """site.js reloads a page marked data-private when the browser restores it from its
    back/forward cache: the server then answers according to the session as it is now."""
    conversation = visitor_conversation(visitor)
    assert "data-private" in visitor.get(conversation.get_absolute_url()).content.decode()
    assert "data-private" in visitor.get(reverse("chat:start")).content.decode()
    assert "data-private" not in visitor.get(reverse("forum:themes")).content.decode()
    assert "data-private" in client_for(member).get(reverse("forum:themes")).content.decode()
