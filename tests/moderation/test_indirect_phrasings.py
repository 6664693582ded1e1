"""Indirect ways young people write about self-harm, sexting and sextortion, and the ordinary
messages that look like them (issue 9), with the rules and the learned models together.

Every sentence here was written for this file: none is in the training corpus, the held-out
part or the rules' examples, so a pass says the screening generalises a little beyond what
it was built from. A risky message must raise its category so that a moderator sees it
(flagged, held or escalated); a look-alike must not be held or escalated. What still slips
through would be marked xfail (strict: the day it passes, the mark must go); the last one,
"i want to vanish, for no one to remember me at all", passes since the twenty-sixth batch.
"""

from __future__ import annotations

import pytest

from moderation.screening.learned import load_screener

SCREENER = load_screener()

NOT_PUBLISHED = {"hold", "escalate"}
SEEN = {"flag", "hold", "escalate"}
RISKY = [
    # French
    ("je voudrais m'effacer, que plus personne se souvienne de moi", "fr", "self_harm"),
    (
        "j'ai plus goût à rien, même mes potes je les évite, j'ai envie d'en finir",
        "fr",
        "self_harm",
    ),
    ("j'ai pris 20 comprimés de ma mère il y a 10 min, je me sens bizarre", "fr", "self_harm"),
    (
        "j'ai écrit une lettre pour mes parents, ils la liront quand je serai parti",
        "fr",
        "self_harm",
    ),
    ("il arrête pas de me demander des photos de moi en culotte, j'ai pas envie", "fr", "sexting"),
    (
        "il dit qu'il a une vidéo de moi en appel et que je dois payer 300€ sinon il la publie",
        "fr",
        "sextortion",
    ),
    # Dutch
    (
        "ik zie het echt niet meer zitten, alles is donker en ik wil weg van alles, voor altijd",
        "nl",
        "self_harm",
    ),
    ("ik heb geen zin meer in niks, ook niet om te leven", "nl", "self_harm"),
    ("heb net 15 pillen van mijn moeder ingenomen, ik voel me raar", "nl", "self_harm"),
    (
        "ik heb een brief voor mijn ouders geschreven, ze lezen hem als ik er niet meer ben",
        "nl",
        "self_harm",
    ),
    ("hij blijft zeuren om een foto van mij in mijn slipje, ik wil dat niet", "nl", "sexting"),
    (
        "hij zegt dat hij een video van mij heeft van de call en dat ik 300 euro moet betalen"
        " of hij zet hem online",
        "nl",
        "sextortion",
    ),
    # English
    ("i want to vanish, for no one to remember me at all", "en", "self_harm"),
    (
        "lost interest in everything, even avoiding my mates, i just want to end it",
        "en",
        "self_harm",
    ),
    ("took 20 of my mum's tablets 10 mins ago and i feel weird", "en", "self_harm"),
    ("wrote a letter to my parents, they'll read it when i'm gone", "en", "self_harm"),
    ("he keeps pestering me for a pic in my knickers, i don't want to", "en", "sexting"),
    (
        "he says he's got a video of me from the call and i have to pay 300 or he posts it",
        "en",
        "sextortion",
    ),
    # Code-switching
    ("franchement ik kan niet meer, je veux juste disparaître", "fr", "self_harm"),
]

LOOK_ALIKES = [
    # French
    ("je suis mort de rire devant le sketch de Kev Adams", "fr"),
    ("courage pour demain, parfois les examens sont durs mais tu bosses depuis des semaines", "fr"),
    ("on a un cours d'éducation sexuelle demain, c'est quoi une IST exactement ?", "fr"),
    ("je disparais une semaine, je pars en classe de neige 🎿", "fr"),
    # Dutch
    ("ik ga dood van het lachen met die sketch", "nl"),
    ("succes morgen, soms zijn examens zwaar maar je studeert al weken", "nl"),
    ("we hebben morgen seksuele opvoeding, wat is een soa precies?", "nl"),
    ("ik verdwijn een weekje, ik ga op sneeuwklassen 🎿", "nl"),
    # English
    ("i'm dying of laughter at that sketch", "en"),
    ("good luck tomorrow, sometimes exams are hard but you've revised for weeks", "en"),
    ("we've got sex ed tomorrow, what is an sti exactly?", "en"),
    ("disappearing for a week, off on the school ski trip 🎿", "en"),
]


@pytest.mark.parametrize(("text", "lang", "category"), RISKY)
def test_an_indirect_risky_message_reaches_a_moderator(text, lang, category):
    result = SCREENER.screen(text, lang)
    assert category in result.categories, result.signals
    assert result.action in SEEN, result.signals


@pytest.mark.parametrize(("text", "lang"), LOOK_ALIKES)
def test_a_look_alike_is_neither_held_nor_escalated(text, lang):
    assert SCREENER.screen(text, lang).action not in NOT_PUBLISHED


URGENT = [
    ("j'ai pris 20 comprimés de ma mère il y a 10 min, je me sens bizarre", "fr"),
    ("heb net 15 pillen van mijn moeder ingenomen, ik voel me raar", "nl"),
    ("took 20 of my mum's tablets 10 mins ago and i feel weird", "en"),
    ("il dit qu'il a une vidéo de moi en appel et que je dois payer 300€ sinon il la publie", "fr"),
    ("he says he's got a video of me from the call and i have to pay 300 or he posts it", "en"),
]


@pytest.mark.parametrize(("text", "lang"), URGENT)
def test_an_urgent_message_waits_for_a_moderator(text, lang):
    assert SCREENER.screen(text, lang).action in NOT_PUBLISHED
