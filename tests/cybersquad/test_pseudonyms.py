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


def username_codes(response) -> list[str]:
    errors = response.context["form"].errors.as_data() if response.context else {}
    return [e.code for e in errors.get("username", [])]


# Greek capitals (mapped before changing case), small capitals, a Cherokee letter.
LOOK_ALIKE_TITLES = ["ΜΟDΕRΑΤΟR", "ADMIΝ", "ᴍᴏᴅᴇʀᴀᴛᴏʀ", "ᴄᴏᴜɴsᴇʟʟᴏʀ", "Ꮯhildfocus", "ΑDΜΙΝ_be"]


@pytest.mark.parametrize("pseudonym", LOOK_ALIKE_TITLES)
def test_staff_titles_in_look_alike_letters_are_refused(visitor, pseudonym):
    assert refusal(pseudonym) == "reserved", pseudonym
    response = visitor.post(reverse("account_signup"), signup_data(username=pseudonym))
    assert "reserved" in username_codes(response)
    assert not User.objects.exists()


@pytest.mark.parametrize("pseudonym", ["Lоtte_fan", "Αnna", "zonnebΙoem", "Ꭺmira"])
def test_latin_mixed_with_look_alike_letters_is_refused(visitor, pseudonym):
    # A Cyrillic о, a Greek Α and Ι, a Cherokee Ꭺ among Latin letters.
    response = visitor.post(reverse("account_signup"), signup_data(username=pseudonym))
    assert response.status_code == 200
    assert "mixed_scripts" in username_codes(response)
    assert "un seul alphabet" in response.content.decode()
    nl = visitor.post(
        reverse("account_signup").replace("/fr/", "/nl/"), signup_data(username=pseudonym)
    )
    assert "één alfabet" in nl.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("existing", "chosen"),
    [("محمد", "علي"), ("محمد", "王小明"), ("Саша", "Маша"), ("lotte", "lotte2"), ("__", "___")],
)
def test_different_names_in_any_script_are_not_look_alikes(visitor, existing, chosen):
    make_user(existing)
    response = visitor.post(reverse("account_signup"), signup_data(username=chosen))
    assert response.status_code == 302, username_codes(response)
    assert User.objects.filter(username=chosen).exists()


@pytest.mark.parametrize("pseudonym", ["Ali_علي", "Νίκος", "Саша", "王小明", "lotte_2011"])
def test_names_in_one_alphabet_or_latin_with_arabic_are_fine(visitor, pseudonym):
    response = visitor.post(reverse("account_signup"), signup_data(username=pseudonym))
    assert response.status_code == 302, username_codes(response)


@pytest.mark.parametrize(
    ("existing", "copy"), [("lotte", "l0tte"), ("علي", "علي"), ("Маша", "Mаша")]
)
def test_copies_are_still_refused(visitor, existing, copy):
    make_user(existing)
    response = visitor.post(reverse("account_signup"), signup_data(username=copy))
    assert "lookalike" in username_codes(response) or "mixed_scripts" in username_codes(response)
    assert User.objects.count() == 1


def test_the_stored_skeletons_are_computed_again_by_a_migration():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cybersquad.migrations.0004_recompute_pseudonym_skeleton")
    user = make_user("lotte2")
    User.objects.filter(pk=user.pk).update(pseudonym_skeleton="lotte")  # as stored before
    migration.recompute(apps, None)
    user.refresh_from_db()
    assert user.pseudonym_skeleton == "lotte2" == skeleton("lotte2")


def test_the_table_comes_from_unicodes_confusables_with_small_capitals_added(tmp_path):
    from cybersquad.confusables import LATIN_LOOKALIKES, LOOKALIKE_SCRIPTS
    from cybersquad.management.commands.confusables_table import build, read_confusables

    sample = tmp_path / "confusables.txt"
    sample.write_text(
        "# Date: 2020-02-13, 01:38:49 GMT\n# Version: 13.0.0\n"
        "039C ;\t004D ;\tMA\t# ( Μ → M ) GREEK CAPITAL LETTER MU\n"
        "0399 ;\t006C ;\tMA\t# ( Ι → l ) GREEK CAPITAL LETTER IOTA\n"
        "043C ;\t028D ;\tMA\t# ( м → ʍ ) CYRILLIC SMALL LETTER EM\n"
        "00F8 ;\t006F 0338 ;\tMA\t# ( ø → o̸ ) LATIN SMALL LETTER O WITH STROKE\n"
        "0031 ;\t006C ;\tMA\t# ( 1 → l ) DIGIT ONE\n"
        "0434 ;\t2202 ;\tMA\t# ( д → ∂ ) CYRILLIC SMALL LETTER DE\n",
        encoding="utf-8",
    )
    mapping, version = read_confusables(sample)
    table = build(mapping)
    assert version == "13.0.0 (2020-02-13)"
    assert {k: table[k] for k in "ΜΙмøᴍʀ"} == {
        "Μ": "M", "Ι": "I", "м": "m", "ø": "o", "ᴍ": "m", "ʀ": "r"
    }  # fmt: skip
    assert "1" not in table
    assert "д" not in table
    # The committed table was made the same way from the whole file.
    assert {k: LATIN_LOOKALIKES[k] for k in "ΜΙмøᴍʀᏟ"} == {
        **{k: table[k] for k in "ΜΙмøᴍʀ"},
        "Ꮯ": "C",
    }
    assert {"GREEK", "CYRILLIC", "CHEROKEE"} <= LOOKALIKE_SCRIPTS
    assert not {"ARABIC", "LATIN", "CJK"} & LOOKALIKE_SCRIPTS
