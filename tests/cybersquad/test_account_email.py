"""The email address: changed with the password and a link, the old address told, and no page
that says whether an address already has an account."""

from __future__ import annotations

import datetime
import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cybersquad.models import User
from moderation.models import AuditRecord
from tests.conftest import PASSWORD, client_for, make_user

# Emails go out when the transaction commits: the tests commit as the site does.
pytestmark = pytest.mark.django_db(transaction=True)


def change_email(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_email_change"), {"email": email, "password": password})


def link_in(message) -> str:
    found = re.search(r"https?://\S+/account/email/confirm/\S+/", message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_changing_the_email_asks_for_the_password(member):
    client = client_for(member)
    response = change_email(client, "lotte@example.org", password="not-my-password")
    assert response.status_code == 400
    assert "Ce n’est pas ton mot de passe." in response.content.decode()
    member.refresh_from_db()
    assert member.email == ""
    assert not mail.outbox


def test_a_new_address_is_used_only_once_its_link_is_opened(member):
    member.email = "lotte-old@example.org"
    member.save()
    client = client_for(member)
    response = change_email(client, "Lotte.Peeters@Example.org ")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_settings") + "#top"
    member.refresh_from_db()
    assert member.email == "lotte-old@example.org"  # not yet
    [sent] = mail.outbox
    assert sent.to == ["lotte.peeters@example.org"]
    assert "Cybersquad" in sent.subject
    link = link_in(sent)
    # Mail programs open links by themselves: opening it changes nothing.
    page = Client().get(link)
    assert page.status_code == 200
    assert "lotte.peeters@example.org" in page.content.decode()
    member.refresh_from_db()
    assert member.email == "lotte-old@example.org"
    done = client.post(link)
    assert done.status_code == 302
    assert done["Location"] == reverse("account_settings")
    member.refresh_from_db()
    assert member.email == "lotte.peeters@example.org"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", "verified")) == [
        ("lotte.peeters@example.org", True)
    ]
    # The old address is told, in French, without the new address in full.
    told = mail.outbox[1]
    assert told.to == ["lotte-old@example.org"]
    assert "adresse e-mail" in told.body
    assert "l***@e***.org" in told.body
    assert "lotte.peeters@example.org" not in told.body
    assert "116" in told.body
    audit = AuditRecord.objects.get(action="account.email_changed")
    assert audit.actor_id == member.pk
    assert audit.target_id == str(member.pk)
    assert "example" not in audit.reason
    # The link works once.
    assert Client().get(link).status_code == 400
    assert client.post(link).status_code == 400


def test_an_address_of_another_account_gets_a_notice_and_the_page_says_the_same(member):
    owner = make_user("mia", email="mia@example.org", language="nl")
    taken = change_email(client_for(member), "MIA@example.org")
    free = change_email(client_for(member), "lotte@example.org")
    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"]
    assert [m.replace("mia@example.org", "X") for m in shown(taken)] == [
        m.replace("lotte@example.org", "X") for m in shown(free)
    ]
    notice, link = mail.outbox
    assert notice.to == ["mia@example.org"]
    assert "/account/email/confirm/" not in notice.body
    assert "wachtwoord" in notice.body  # the owner's language
    assert "lotte" not in notice.body  # who asked is not told either
    assert link.to == ["lotte@example.org"]
    assert "/account/email/confirm/" in link.body
    member.refresh_from_db()
    owner.refresh_from_db()
    assert member.email == ""
    assert owner.email == "mia@example.org"


def test_both_paths_check_the_password_alike(member, monkeypatch):
    """No early return skips the password hashing when an address is taken."""
    make_user("mia", email="mia@example.org")
    calls = []
    original = User.check_password

    def counting(user, raw):
        calls.append(raw)
        return original(user, raw)

    monkeypatch.setattr(User, "check_password", counting)
    client = client_for(member)
    change_email(client, "mia@example.org")
    taken_calls = len(calls)
    change_email(client, "someone-new@example.org")
    assert taken_calls == len(calls) - taken_calls == 1


def test_removing_the_address_asks_the_password_and_tells_the_old_one(other_member):
    other_member.email = "jonas@example.org"
    other_member.save()
    client = client_for(other_member)
    assert change_email(client, "", password="wrong").status_code == 400
    other_member.refresh_from_db()
    assert other_member.email == "jonas@example.org"
    response = change_email(client, "")
    assert response.status_code == 302
    other_member.refresh_from_db()
    assert other_member.email == ""
    [told] = mail.outbox
    assert told.to == ["jonas@example.org"]
    assert "verwijderd" in told.body
    assert AuditRecord.objects.filter(action="account.email_removed").count() == 1


def test_a_link_cannot_be_forged_or_used_after_its_time(member):
    client = client_for(member)
    change_email(client, "lotte@example.org")
    link = link_in(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = link.replace(token, token[:-3] + ("abc" if token[-3:] != "abc" else "abd"))
    assert client.post(forged).status_code == 400
    later = timezone.now() + datetime.timedelta(days=4)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert client.post(link).status_code == 400
    member.refresh_from_db()
    assert member.email == ""


def test_the_address_page_of_allauth_is_closed(member):
    client = client_for(member)
    response = client.post("/fr/accounts/email/", {"action_add": "", "email": "x@example.org"})
    assert response.status_code in (301, 302)
    assert response["Location"].endswith(reverse("account_settings"))
    assert not EmailAddress.objects.exists()
    assert not mail.outbox


def signup(email: str, username: str) -> tuple[Client, object]:
    year = timezone.localdate().year
    visitor = Client()
    response = visitor.post(
        reverse("account_signup"),
        {
            "username": username,
            "password1": "Lente-in-Gent-2026",
            "password2": "Lente-in-Gent-2026",
            "birth_month": "1",
            "birth_year": str(year - 15),
            "language": "fr",
            "email": email,
        },
    )
    return visitor, response


def test_sign_up_answers_alike_for_a_known_and_an_unknown_address(db):
    make_user("mia", email="mia@example.org", language="nl")
    _, taken = signup("mia@example.org", "zonnebloem")
    browser, free = signup("kim@example.org", "sterrenhemel")
    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"]
    assert [m.replace("mia@example.org", "X").replace("zonnebloem", "Y") for m in shown(taken)] == [
        m.replace("kim@example.org", "X").replace("sterrenhemel", "Y") for m in shown(free)
    ]
    # Both accounts exist, neither with an address yet.
    assert User.objects.get(username="zonnebloem").email == ""
    assert User.objects.get(username="sterrenhemel").email == ""
    notice, link = mail.outbox
    assert notice.to == ["mia@example.org"]
    assert "/account/email/confirm/" not in notice.body
    assert link.to == ["kim@example.org"]
    assert browser.post(link_in(link)).status_code == 302
    assert User.objects.get(username="sterrenhemel").email == "kim@example.org"
    assert len(mail.outbox) == 2  # no old address to tell


def test_sign_up_hashes_the_password_whatever_the_address(db, monkeypatch):
    from django.contrib.auth import base_user, hashers

    make_user("mia", email="mia@example.org")
    calls = []
    original = hashers.make_password

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(base_user, "make_password", counting)
    signup("mia@example.org", "zonnebloem")
    taken_calls = len(calls)
    signup("kim@example.org", "sterrenhemel")
    assert taken_calls == len(calls) - taken_calls >= 1


def test_one_address_gets_at_most_a_few_mails_an_hour(member):
    client = client_for(member)
    for _ in range(5):
        assert change_email(client, "target@example.org").status_code == 302
    assert len(mail.outbox) == 3


def test_the_settings_page_shows_the_address_section_in_both_languages(member):
    client = client_for(member)
    page = client.get(reverse("account_settings")).content.decode()
    assert "Adresse e-mail" in page
    assert 'name="password"' in page
    member.language = "nl"
    member.save()
    page = client.get("/nl/account/settings/").content.decode()
    assert "E-mailadres" in page


def reset_links_to(email: str) -> list[str]:
    """Ask for a new password with this address, as anyone can; the links that reach it."""
    mail.outbox.clear()
    Client().post(reverse("account_reset_password"), {"email": email})
    return [
        link
        for message in mail.outbox
        if email in message.to
        for link in re.findall(r"\S+/accounts/password/reset/key/\S+", message.body)
    ]


def an_address_confirmed(user: User, email: str) -> None:
    from cybersquad.account_email import EmailChange, email_change_apply

    assert email_change_apply(EmailChange(user=user, email=email))
    assert EmailAddress.objects.filter(user=user, email=email, verified=True).exists()


def test_a_coordinator_cannot_change_someones_address_in_the_admin(member, coordinator):
    from tests.cybersquad.test_staff_passwords import admin_change

    an_address_confirmed(member, "oud@example.com")
    client = client_for(coordinator)
    page = client.get(f"/fr/admin/cybersquad/user/{member.pk}/change/").content.decode()
    assert 'name="email"' not in page
    assert "oud@example.com" in page
    assert "Seule la personne peut changer son adresse e-mail" in page
    mail.outbox.clear()
    response = admin_change(client, member, email="nieuw@example.com", language="nl")
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.email, member.language) == ("oud@example.com", "nl")
    assert reset_links_to("nieuw@example.com") == []
    assert len(reset_links_to("oud@example.com")) == 1  # still the member's own address
    # A new staff account still gets its address when it is made.
    from tests.cybersquad.test_staff_passwords import STRONG, add_account

    response = add_account(client, "mod_jules", "moderator", STRONG)
    assert response.status_code == 302


def test_an_old_address_never_gets_a_reset_link_however_it_was_replaced(member, other_member):
    from cybersquad.account_email import email_remove

    an_address_confirmed(member, "oud@example.com")
    assert len(reset_links_to("oud@example.com")) == 1
    # Any other way the address changes (a script, a future form) leaves no stale row.
    member.email = "nieuw@example.com"
    member.save()
    assert reset_links_to("oud@example.com") == []
    assert len(reset_links_to("nieuw@example.com")) == 1
    # Removed through the settings flow (the old address is told).
    an_address_confirmed(other_member, "jonas@example.com")
    assert email_remove(other_member)
    assert reset_links_to("jonas@example.com") == []
    assert not EmailAddress.objects.filter(user=other_member).exists()
    # Saving the account again keeps a confirmed address that is still its own.
    an_address_confirmed(member, "lotte@example.com")
    member.language = "nl"
    member.save()
    assert EmailAddress.objects.filter(user=member).count() == 1
    assert len(reset_links_to("lotte@example.com")) == 1
