"""Staff passwords: at least STAFF_PASSWORD_MIN_LENGTH characters, never built on the pseudonym
or email, not common; checked wherever a password is set, and at sign-in for older ones."""

from __future__ import annotations

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse

from cybersquad.models import Role, User
from cybersquad.validators import staff_password_problems
from tests.conftest import (
    PASSWORD,
    TOTP_SECRET,
    client_for,
    make_user,
    pass_second_factor,
    totp_code,
)

SHORT = "Lente-2026x"  # 11 characters: fine for a member, too short for staff
STRONG = "Paarse-fiets-op-de-Meir-7"


def admin_change(client: Client, user: User, **changes):
    """Post the account's admin form as it is, with these changes."""
    url = f"/fr/admin/cybersquad/user/{user.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields if name != "password"}
    data.update(changes)
    return client.post(url, {k: ("" if v is None else v) for k, v in data.items()})


def add_account(client: Client, username: str, role: str, password: str):
    return client.post(
        "/fr/admin/cybersquad/user/add/",
        {
            "username": username,
            "role": role,
            "language": "fr",
            "email": "",
            "password1": password,
            "password2": password,
            "usable_password": "true",
        },
    )


@pytest.mark.django_db
def test_a_staff_account_is_not_created_with_a_weak_password(coordinator):
    client = client_for(coordinator)
    response = add_account(client, "mod_jules", Role.MODERATOR, SHORT)
    assert response.status_code == 200
    assert "staff_password_too_short" in [
        e.code for e in response.context["adminform"].form.errors.as_data()["password2"]
    ]
    response = add_account(client, "mod_jules", Role.MODERATOR, "Mod-Jules-in-Brussel")
    assert response.status_code == 200
    assert not User.objects.filter(username="mod_jules").exists()
    assert add_account(client, "mod_jules", Role.MODERATOR, STRONG).status_code == 302
    assert User.objects.get(username="mod_jules").check_password(STRONG)


@pytest.mark.django_db
def test_a_member_keeps_the_ordinary_rules(member):
    assert staff_password_problems(SHORT, member)
    response = client_for(member).post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": SHORT, "password2": SHORT},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(SHORT)


@pytest.mark.django_db
def test_a_coordinator_cannot_set_a_weak_staff_password(coordinator, counsellor):
    client = client_for(coordinator)
    url = f"/fr/admin/cybersquad/user/{counsellor.pk}/password/"
    response = client.post(url, {"password1": SHORT, "password2": SHORT, "usable_password": "true"})
    assert response.status_code == 200
    counsellor.refresh_from_db()
    assert counsellor.check_password(PASSWORD)
    response = client.post(url, {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.check_password(STRONG)


@pytest.mark.django_db
def test_staff_cannot_change_theirs_to_a_weak_one(moderator):
    client = client_for(moderator)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": SHORT, "password2": SHORT},
    )
    assert response.status_code == 200
    assert "au moins 12 caractères" in response.content.decode()
    moderator.refresh_from_db()
    assert moderator.check_password(PASSWORD)


@pytest.mark.django_db
def test_staff_cannot_reset_theirs_to_a_weak_one(visitor, counsellor):
    key = default_token_generator.make_token(counsellor)
    url = f"/fr/accounts/password/reset/key/{user_pk_to_url_str(counsellor)}-{key}/"
    form_url = visitor.get(url)["Location"]
    response = visitor.post(form_url, {"password1": SHORT, "password2": SHORT})
    assert response.status_code == 200
    counsellor.refresh_from_db()
    assert counsellor.check_password(PASSWORD)
    response = visitor.post(form_url, {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.check_password(STRONG)


@pytest.mark.django_db
def test_an_older_weak_staff_password_must_be_changed_after_signing_in(visitor, moderator):
    moderator.set_password(SHORT)
    moderator.save()
    visitor.post(reverse("account_login"), {"login": moderator.username, "password": SHORT})
    response = visitor.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert "_auth_user_id" in visitor.session
    change = reverse("account_change_password")
    assert visitor.get(response["Location"])["Location"] == change
    assert visitor.get(reverse("moderation:queue"))["Location"] == change
    page = visitor.get(change)
    assert page.status_code == 200
    assert "trop faible pour un compte de l’équipe" in page.content.decode()
    response = visitor.post(
        change, {"oldpassword": SHORT, "password1": STRONG, "password2": STRONG}
    )
    assert response.status_code == 302
    assert visitor.get(reverse("moderation:queue")).status_code == 200


@pytest.mark.django_db
def test_a_strong_staff_password_is_not_asked_to_change(visitor, moderator):
    visitor.post(reverse("account_login"), {"login": moderator.username, "password": PASSWORD})
    visitor.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert visitor.get(reverse("moderation:queue")).status_code == 200


@pytest.mark.django_db
def test_a_member_promoted_while_signed_in_changes_a_weak_password_first(coordinator):
    """The promotion is allowed: the password is only ever seen when it is typed, so the
    check is at sign-in, and a promoted member's session already knows it is too weak."""
    young = make_user("vrijwilliger", language="nl")
    young.set_password(SHORT)
    young.save()
    browser = Client()
    browser.post(reverse("account_login"), {"login": young.username, "password": SHORT})
    assert browser.get(reverse("home")).status_code == 200

    response = admin_change(client_for(coordinator), young, role=Role.MODERATOR)
    assert response.status_code == 302
    young.refresh_from_db()
    assert young.role == Role.MODERATOR
    # First the authenticator app, then the password.
    assert browser.get(reverse("moderation:queue"))["Location"] == reverse("mfa_activate_totp")
    TOTP.activate(young, TOTP_SECRET)  # as test_staff_second_factor.py sets it up
    pass_second_factor(browser.session, young)
    assert browser.get(reverse("moderation:queue"))["Location"] == reverse(
        "account_change_password"
    )
