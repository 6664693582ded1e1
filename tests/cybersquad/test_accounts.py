from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cybersquad.models import Role, User
from tests.conftest import PASSWORD, client_for, make_user


def signup_data(**overrides) -> dict:
    year = timezone.localdate().year
    data = {
        "username": "zonnebloem",
        "password1": "Lente-in-Gent-2026",
        "password2": "Lente-in-Gent-2026",
        "birth_month": "1",
        "birth_year": str(year - 15),
        "language": "nl",
        "email": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_signup_creates_a_member_with_only_what_we_ask(visitor):
    response = visitor.post(reverse("account_signup"), signup_data(role="coordinator"))
    assert response.status_code == 302
    user = User.objects.get(username="zonnebloem")
    assert user.role == Role.MEMBER
    assert not user.is_staff
    assert (user.birth_year, user.birth_month, user.language) == (
        timezone.localdate().year - 15,
        1,
        "nl",
    )
    assert user.email == ""
    assert "_auth_user_id" in visitor.session


@pytest.mark.django_db
def test_the_picture_is_chosen_at_sign_up_and_shown_on_the_welcome(visitor):
    page = visitor.get("/nl/accounts/signup/").content.decode()
    assert 'name="avatar" value="owl"' in page
    assert "Je kunt ze later veranderen" in page
    response = visitor.post("/nl/accounts/signup/", signup_data(avatar="owl"), follow=True)
    assert User.objects.get(username="zonnebloem").avatar == "owl"
    assert "avatars/owl.svg" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("avatar", ["", "dragon"])
def test_without_a_valid_picture_choice(visitor, avatar):
    response = visitor.post(reverse("account_signup"), signup_data(avatar=avatar))
    if avatar:
        assert response.status_code == 200
        assert "avatar" in response.context["form"].errors
        assert not User.objects.exists()
    else:
        assert response.status_code == 302
        assert User.objects.get(username="zonnebloem").avatar == "fox"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "pseudonym",
    [
        "lotte0470123456",
        "lotte@mail.be",
        "www.lotte.be",
        "snap_lotte",
        "lotte.instagram",
        "Sn4pch4t",
    ],
)
def test_pseudonym_with_contact_details_is_refused(visitor, pseudonym):
    response = visitor.post(reverse("account_signup"), signup_data(username=pseudonym))
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["username"]]
    assert "contact_details" in codes
    assert not User.objects.filter(username=pseudonym).exists()


@pytest.mark.django_db
def test_under_minimum_age_no_account_and_a_kind_page(visitor):
    year = timezone.localdate().year
    response = visitor.post(
        reverse("account_signup"), signup_data(birth_year=str(year - 11), username="jongste")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("get_help") in page
    assert reverse("forum:help") in page
    assert "116\xa0000" in page
    assert not User.objects.exists()
    assert "_auth_user_id" not in visitor.session


@pytest.mark.django_db
def test_over_maximum_age_no_account(visitor):
    year = timezone.localdate().year
    response = visitor.post(reverse("account_signup"), signup_data(birth_year=str(year - 30)))
    assert response.status_code == 200
    assert "116\xa0000" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_bad_signup_keeps_what_was_typed(visitor):
    response = visitor.post(reverse("account_signup"), signup_data(password2="different-one-99"))
    assert response.status_code == 200
    assert 'value="zonnebloem"' in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_login_is_rate_limited_per_pseudonym(visitor, member):
    url = reverse("account_login")
    for _ in range(5):
        response = visitor.post(url, {"login": "lotte", "password": "wrong-password"})
        assert response.status_code == 200
    # Even the right password is refused once the limit is reached.
    response = visitor.post(url, {"login": "lotte", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in visitor.session
    # Another pseudonym from elsewhere is not affected.
    other = make_user("kim")
    from django.test import Client

    fresh = Client(REMOTE_ADDR="10.9.9.9")
    response = fresh.post(url, {"login": other.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_login_lock_ignores_the_host_header_and_how_the_name_is_typed(member):
    from django.test import Client

    url = reverse("account_login")
    tries = [("testserver", "lotte"), ("localhost", "LOTTE"), ("127.0.0.1", " Lotte ")]
    tries += [("localhost", "lOttE"), ("testserver", "LOTTE ")]
    for n, (host, login) in enumerate(tries):
        attacker = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        response = attacker.post(url, {"login": login, "password": "wrong"}, HTTP_HOST=host)
        assert response.status_code == 200
    # Locked, whatever host or spelling comes next, even with the right password.
    for host, login in [("127.0.0.1", "lotte"), ("localhost", "Lotte")]:
        fresh = Client(REMOTE_ADDR="10.9.9.9")
        response = fresh.post(url, {"login": login, "password": PASSWORD}, HTTP_HOST=host)
        assert response.status_code in (200, 429)
        assert "_auth_user_id" not in fresh.session


@pytest.mark.django_db
def test_password_reset_answers_alike_for_known_and_unknown_email(visitor):
    make_user("mia", email="mia@example.org")
    url = reverse("account_reset_password")
    known = visitor.post(url, {"email": "mia@example.org"})
    unknown = visitor.post(url, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    known = visitor.post(url, {"email": "mia@example.org"}, follow=True)
    unknown = visitor.post(url, {"email": "nobody@example.org"}, follow=True)
    pages = [
        re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", r.content.decode())
        for r in (known, unknown)
    ]
    assert pages[0] == pages[1]
    assert len(mail.outbox) == 4  # allauth tells the unknown address that no account exists


@pytest.mark.django_db
def test_login_failure_does_not_reveal_whether_the_pseudonym_exists(visitor, member):
    url = reverse("account_login")
    wrong_password = visitor.post(url, {"login": "lotte", "password": "nope-nope-1"})
    unknown_name = visitor.post(url, {"login": "nobody_here", "password": "nope-nope-1"})
    assert wrong_password.status_code == unknown_name.status_code == 200
    errors = [r.context["form"].non_field_errors() for r in (wrong_password, unknown_name)]
    assert errors[0] == errors[1]


@pytest.mark.django_db
def test_password_change_works(member):
    client = client_for(member)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "Nieuw-wachtwoord-77",
            "password2": "Nieuw-wachtwoord-77",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Nieuw-wachtwoord-77")


@pytest.mark.django_db
def test_admin_login_goes_through_site_login(visitor):
    response = visitor.get("/fr/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR, Role.COUNSELLOR])
def test_only_coordinators_reach_the_admin(role):
    client = client_for(make_user(f"user_{role}", role))
    response = client.get("/fr/admin/")
    assert response.status_code in (302, 403)
    response = client.get("/fr/admin/cybersquad/user/add/")
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_coordinator_creates_a_staff_account_in_the_admin(coordinator):
    client = client_for(coordinator)
    response = client.post(
        "/fr/admin/cybersquad/user/add/",
        {
            "username": "cf_thomas",
            "role": Role.COUNSELLOR,
            "language": "nl",
            "email": "",
            "password1": "Sterk-wachtwoord-2026",
            "password2": "Sterk-wachtwoord-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    staff = User.objects.get(username="cf_thomas")
    assert staff.role == Role.COUNSELLOR
    assert staff.language == "nl"
    assert not staff.is_staff  # only coordinators reach the admin


@pytest.mark.django_db
def test_password_reset_email_is_in_the_page_language(visitor):
    make_user("mia", email="mia@example.org", language="nl")
    visitor.post("/nl/accounts/password/reset/", {"email": "mia@example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Cybersquad")
    assert "wachtwoord" in message.body.lower()
    assert "/nl/accounts/password/reset/key/" in message.body


@pytest.mark.django_db
def test_coordinator_edits_a_theme_in_both_languages(coordinator, theme):
    client = client_for(coordinator)
    url = f"/fr/admin/forum/theme/{theme.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="name_fr"' in page
    assert 'name="name_nl"' in page
    response = client.post(
        url,
        {
            "slug": theme.slug,
            "position": 3,
            "name_fr": "Sextorsion (chantage)",
            "name_nl": "Sextortion (afpersing)",
            "description_fr": "Quand quelqu’un menace de publier tes images.",
            "description_nl": "Als iemand dreigt je beelden te verspreiden.",
        },
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name_fr, theme.name_nl) == ("Sextorsion (chantage)", "Sextortion (afpersing)")
