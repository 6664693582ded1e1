"""Pseudonyms: no staff titles, no sexual or insulting words, no copies of someone else's,
however they are spelt (look-alike letters, full-width letters, leetspeak, separators)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cybersquad.models import Role, User
from cybersquad.pseudonyms import refusal, skeleton
from tests.conftest import make_user
from tests.cybersquad.test_accounts import signup_data

pytestmark = pytest.mark.django_db

RESERVED = [
    "moderator",
    "Moderateur_BE",
    "m0d3rat0r",
    "ｍｏｄｅｒａｔｏｒ",  # full-width letters
    "Mоderator",  # a Cyrillic "о"
    "mod_lotte",
    "Admin2",
    "Child.Focus",
    "childfocus_be",
    "CyberSquad_team",
    "conseillère_anne",
    "hulpverlener1",
    "Counsellor.Sam",
    "coördinator",
    "Police_Lotte",
]
OFFENSIVE = [
    "SexyLotte",
    "sexylotte",
    "p0rnstar",
    "salope14",
    "kut_kind",
    "ikbengeil",
    "fuckboy",
    "HotNudes",
    "grosse.pute",
]
ACCEPTED = [
    "zonnebloem",
    "lotte_2011",
    "badminton_girl",
    "Essex_fan",
    "computerkid",
    "technique",
    "hoera",
    "therapist",
    "Montenegro",
    "Nazira",
    "modeste",
]


@pytest.mark.parametrize("pseudonym", RESERVED)
def test_staff_titles_are_refused_however_they_are_spelt(visitor, pseudonym):
    response = visitor.post(reverse("account_signup"), signup_data(username=pseudonym))
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["username"]]
    assert "reserved" in codes
    assert not User.objects.exists()
    assert "modérateur, admin" in response.content.decode()  # told in the page's language


@pytest.mark.parametrize("pseudonym", OFFENSIVE)
def test_sexual_and_insulting_words_are_refused(pseudonym):
    assert refusal(pseudonym) == "offensive", pseudonym


def test_the_helplines_number_is_reserved_however_it_is_written():
    # (Six digits are refused at sign-up as a phone number already.)
    assert refusal("Lotte116000") == refusal("lotte-116-000") == "reserved"


@pytest.mark.parametrize("pseudonym", ACCEPTED)
def test_ordinary_pseudonyms_are_not_caught_by_the_words_inside_them(pseudonym):
    assert refusal(pseudonym) is None, pseudonym


@pytest.mark.parametrize(
    "copy", ["Iotte", "l0tte", "lötte", "ｌｏｔｔｅ", "lоtte", "lotte_", "L.O.T.T.E"]
)
def test_nobody_can_take_a_look_alike_of_another_members_pseudonym(visitor, copy):
    make_user("lotte")
    response = visitor.post(reverse("account_signup"), signup_data(username=copy))
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["username"]]
    assert "lookalike" in codes
    assert User.objects.count() == 1


def test_nor_one_of_a_staff_member(visitor):
    make_user("sarah_b", Role.COUNSELLOR)
    response = visitor.post(reverse("account_signup"), signup_data(username="sarah-b"))
    assert "lookalike" in [e.code for e in response.context["form"].errors.as_data()["username"]]


def test_the_refusals_are_in_french_and_dutch(visitor):
    url = reverse("account_signup")
    fr = visitor.post(url, signup_data(username="SexyLotte")).content.decode()
    assert "mot sexuel ou insultant" in fr
    nl = visitor.post(url.replace("/fr/", "/nl/"), signup_data(username="SexyLotte"))
    assert "seksueel of beledigend woord" in nl.content.decode()


def test_the_skeleton_is_kept_up_to_date():
    user = make_user("Lotte")
    assert user.pseudonym_skeleton == "lotte" == skeleton("ｌ0ｔｔｅ")
    user.username = "Jonas"
    user.save(update_fields=["username"])
    user.refresh_from_db()
    assert user.pseudonym_skeleton == "jonas"
