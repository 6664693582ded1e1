"""Everyday look-alikes a rule used to escalate (issue 9, thirteenth session): a burn got while
ironing or baking reads "everyday" (a moderator looks, the model still weighs the text), and a
photo of a named everyday thing (new glasses, a dog) sent to a partner and shown to his family
is not sexting by the rules, nor a photo of an adult's new puppy grooming. The same words with a
sign of meaning it, or a photo of the writer, still escalate."""

from __future__ import annotations

import pytest

from moderation.screening.engine import action_for, get_engine


def readings(text: str, language: str, category: str) -> set[str | None]:
    return {
        s.context for s in get_engine().screen(text, language).signals if s.category == category
    }


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("en repassant mon jeans je me suis brûlée l'avant-bras sur le fer, ça pique", "fr"),
        (
            "je me suis brûlé le bras en faisant des crêpes pour le goûter, "
            "ma mère a mis de l'eau froide",
            "fr",
        ),
        # On a kitchen appliance (seventeenth session).
        ("je me suis brûlée le bras sur la plaque de cuisson hier soir, ça fait mal", "fr"),
        ("je me suis brûlé le bras contre le four en sortant la pizza", "fr"),
    ],
)
def test_a_burn_got_ironing_or_baking_reads_everyday(text, language):
    assert readings(text, language, "self_harm") == {"everyday"}
    assert all(action_for(s) != "escalate" for s in get_engine().screen(text, language).signals)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("je me suis brûlé le bras exprès en repassant, ça me calme", "fr"),
        ("je me suis encore brûlée le poignet ce soir", "fr"),
        ("je me suis brûlé le bras exprès sur la plaque", "fr"),
        # "four" is a number in English, not the French oven (eighteenth session's last read).
        ("i cut myself four times this week", "en"),
        ("i burned myself four times yesterday", "en"),
        ("je me suis brûlée le poignet sur le lisseur exprès, personne le sait", "fr"),
        ("i burned myself on the straightener again tonight, my wrist, it calms me down", "en"),
        ("ik heb mezelf weer verbrand aan de stijltang, mijn pols, niemand weet het", "nl"),
    ],
)
def test_a_burn_meant_stays_a_disclosure(text, language):
    assert None in readings(text, language, "self_harm")


@pytest.mark.parametrize(
    "text",
    [
        "j'ai envoyé une photo de mon nouveau vélo à mon copain et il l'a montrée à son père",
        "j'ai envoyé des photos de mon lapin à ma copine, elle les a montrées à sa sœur 🐰",
    ],
)
def test_a_photo_of_an_everyday_thing_shown_around_is_not_sexting_by_the_rules(text):
    assert readings(text, "fr", "sexting") == set()


@pytest.mark.parametrize(
    "text",
    [
        "j'ai envoyé une photo de moi à mon copain et il l'a montrée à tous ses potes",
        "j'ai envoyé des photos de mon corps à un gars et il les a partagées",
        "j'ai envoyé une photo à mon ex et il l'a envoyée à toute la classe",
    ],
)
def test_a_photo_of_the_writer_shown_around_is_still_sexting(text):
    assert None in readings(text, "fr", "sexting")


def test_a_photo_of_a_pet_sent_by_an_adult_is_not_grooming_by_the_rules():
    text = "mijn nonkel heeft mij een foto van zijn nieuwe puppy gestuurd, zo schattig 😍"
    assert readings(text, "nl", "grooming") == set()
    # A photo of the writer's body asked for is, whatever adjective comes first.
    asked = "die man vroeg mij een foto van mijn nieuwe bikini, ik mag het aan niemand zeggen"
    assert None in readings(asked, "nl", "grooming")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("1 year clean from self harm today, so proud of myself 💪", "en"),
        ("6 mois sans me scarifier aujourd'hui, trop fière de moi 🎉", "fr"),
        (
            "al 6 maanden geen zelfverwonding meer, merci aan iedereen hier die mij gesteund heeft",
            "nl",
        ),
    ],
)
def test_a_glad_milestone_without_self_harm_reads_past(text, language):
    """A recovery milestone is told to be celebrated: a moderator sees it, no counsellor is
    called (the model still weighs the text)."""
    assert readings(text, language, "self_harm") <= {"past"}
    assert all(action_for(s) != "escalate" for s in get_engine().screen(text, language).signals)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("6 months clean from cutting, proud of me but the urges are bad tonight", "en"),
        ("3 mois sans me scarifier, fière de moi, mais hier soir je me suis encore coupée", "fr"),
        ("een jaar geen zelfverwonding, trots, maar vannacht heb ik mezelf weer gesneden", "nl"),
        ("2 weeks clean from self harm today. i relapsed. thanks for nothing", "en"),
    ],
)
def test_a_milestone_with_a_turn_or_a_relapse_stays_a_disclosure(text, language):
    assert None in readings(text, language, "self_harm")


@pytest.mark.parametrize(
    "text",
    [
        "hier soir je me suis encore coupée",
        "je me suis recoupée cette nuit, personne sait",
        "jme suis encore coupé cette nuit",
    ],
)
def test_cutting_oneself_again_is_a_disclosure_in_french(text):
    """ "Encore" or "re-" before the cut is enough; "coupée" is not read as a haircut."""
    signals = get_engine().screen(text, "fr").signals
    assert any(
        s.category == "self_harm" and s.context is None and action_for(s) == "escalate"
        for s in signals
    )


@pytest.mark.parametrize(
    "text",
    [
        "je me suis encore coupé le doigt avec le couteau à pain",
        "je me suis encore coupée les cheveux toute seule mdr",
        "je me suis encore coupée avec une feuille de papier, trop maladroite",
    ],
)
def test_an_everyday_cut_again_is_not_a_disclosure_by_the_rules(text):
    assert not any(s.category == "self_harm" for s in get_engine().screen(text, "fr").signals)


@pytest.mark.parametrize(
    "text",
    [
        "feeding the neighbours cat, he asks for a pic of simba every evening to check hes eating",
        "my gran asked me for a pic of grandads old bike so she can put it on marketplace",
        "the coach asked for pics from the tournament for the club website",
    ],
)
def test_a_picture_asked_for_of_something_else_is_not_grooming_by_the_english_rules(text):
    assert "grooming" not in {s.category for s in get_engine().screen(text, "en").signals}


@pytest.mark.parametrize(
    "text",
    [
        "he keeps asking for pics of me in my pjs",
        "this guy asked for pics of your body lol",
        "he asked for pics of my little sister",
        "my coach asked for a pic of me after training, just for him",
        "a man on roblox asked me to send pics of myself",
    ],
)
def test_a_picture_asked_for_of_the_writer_is_still_grooming(text):
    assert any(
        s.category == "grooming" and action_for(s) == "escalate"
        for s in get_engine().screen(text, "en").signals
    )


@pytest.mark.parametrize(
    "text",
    [
        "a guy messaged mum asking for pics of him in the changing room",
        "some man asked me for pics of kids from my street",
        "he keeps asking for pics of feet lol",
    ],
)
def test_a_picture_asked_for_of_a_child_or_a_body_is_still_grooming(text):
    assert "grooming" in {s.category for s in get_engine().screen(text, "en").signals}
