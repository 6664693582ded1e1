"""Default deny: walk every URL and check who gets in."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from cybersquad.models import Role
from tests.conftest import client_for, make_user

# Pages anyone may read. Everything else must answer visitors with 302/403/404/405.
PUBLIC = {
    "web_manifest",
    None,  # /favicon.ico
    "home",
    "get_help",
    "house_rules",
    "privacy",
    "quick_exit",
    "forum:themes",
    "forum:theme",
    "forum:topic",
    "forum:post",
    "forum:search",
    "forum:help",
    "forum:help_article",
    "account_signup",
    "account_inactive",
    "account_email_verification_sent",
    "account_login",
    "account_logout",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_email_confirm",
    "language_switch",
    "moderation:report_url",
    "moderation:report_post",
    "moderation:report_member",
    "moderation:report_status",
    "moderation:appeal_suspended",
    "chat:start",
    "chat:return",
    "chat:rooms",
}
# Pages a signed-in member may use (their own things only).
MEMBER = {
    "welcome",
    "forum:topic_new",
    "forum:reply",
    "forum:subscribe",
    "forum:post_edit",
    "forum:post_delete",
    "forum:post_react",
    "forum:post_helpful",
    "forum:notifications",
    "forum:notifications_read",
    "account_settings",
    "account_data",
    "account_export",
    "account_delete",
    "account_email_change",
    "account_change_password",
    "account_set_password",
    "account_email",
    "account_reauthenticate",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_login_code_confirm",
    "account_request_login_code",
    "account_confirm_login_code",
    "account_reset_password_from_key",
    "account_change_phone",
    "account_verify_phone",
    "moderation:my_reports",
    "moderation:decision",
    "moderation:report_message",
    "chat:mine",
    "chat:room",
}
# Staff pages and the roles that may open them.
STAFF = {
    Role.MODERATOR: {
        "moderation:queue",
        "moderation:appeals",
        "moderation:item",
        "moderation:appeal",
        "moderation:item_claim",
        "moderation:item_decide",
        "chat:room_held",
        "chat:room_moderate",
        "chat:room_sanction",
    },
    Role.COUNSELLOR: {
        "chat:workspace",
        "chat:shift",
        "chat:case",
        "chat:claim",
        "chat:release",
        "chat:transfer",
        "chat:close",
        "chat:note",
    },
    Role.MEMBER: set(),
}
# Managing one's second factor: every staff role, never members (cybersquad/staff_access.py).
SECOND_FACTOR = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
}
for _role in (Role.MODERATOR, Role.COUNSELLOR):
    STAFF[_role] |= SECOND_FACTOR
# Pages for coordinators only: every other role is refused by the walks below.
COORDINATOR = {"figures", "figures_year", "figures_csv"}
DENIED = {302, 403, 404, 405}


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield (
                f"{namespace}{pattern.name}" if pattern.name else None,
                prefix + str(pattern.pattern),
            )


def sample_url(route: str, theme_slug: str, topic_id: int, post_id: int) -> str:
    url = route.replace("^", "").replace("$", "").replace("\\Z", "")
    for token, value in [
        ("<slug:slug>", theme_slug),
        ("<int:pk>", str(post_id if "posts/" in url else topic_id)),
        ("<str:key>", "abc"),
        ("<int:year>", "2024"),
        ("<uidb36>", "1"),
        ("<key>", "abc"),
    ]:
        url = url.replace(token, value)
    for regex_part in [
        "(?P<uidb36>[0-9A-Za-z]+)",
        "(?P<key>.+)",
        "(?P<app_label>cybersquad|forum)",
    ]:
        url = url.replace(regex_part, "x")
    url = url.replace("<path:object_id>", "1").replace("<id>", "1")
    return "/" + url.replace("fr/", "fr/", 1) if not url.startswith("/") else url


def all_urls(theme, topic):
    post_id = topic.posts.get().pk
    urls = []
    for name, route in walk():
        known = route.replace("<slug:slug>", "").replace("<int:pk>", "").replace("<int:year>", "")
        if "<" in known and "admin" not in route:
            continue
        translated = route.startswith(("fr/", "nl/"))
        url = sample_url(route.replace("fr/", "").replace("nl/", ""), theme.slug, topic.pk, post_id)
        url = url.replace("//", "/")
        if translated:  # the others (language switch, quick exit, manifest) have no prefix
            url = "/fr" + url if not url.startswith("/fr") else url
        urls.append((name, url))
    return urls


@pytest.mark.django_db
def test_visitors_only_reach_public_pages(visitor, theme, topic):
    checked = 0
    for name, url in all_urls(theme, topic):
        if name in PUBLIC or "<" in url:
            continue
        for method in (visitor.get, visitor.post):
            response = method(url)
            assert response.status_code in DENIED, (name, url, response.status_code)
        checked += 1
    assert checked > 20


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR, Role.COUNSELLOR])
def test_non_coordinators_never_reach_staff_pages(role, theme, topic):
    client = client_for(make_user(f"walker_{role}", role))
    checked = 0
    for name, url in all_urls(theme, topic):
        if name in PUBLIC or name in MEMBER or name in STAFF[role] or "<" in url:
            continue
        response = client.get(url)
        assert response.status_code in DENIED, (name, url, response.status_code)
        checked += 1
    assert checked > 5


@pytest.mark.django_db
def test_coordinators_reach_their_pages(coordinator, theme, topic):
    urls = dict(all_urls(theme, topic))
    assert COORDINATOR <= urls.keys()
    client = client_for(coordinator)
    for name in COORDINATOR:
        assert client.get(urls[name]).status_code == 200, (name, urls[name])
