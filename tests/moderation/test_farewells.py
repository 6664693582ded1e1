"""Farewells, farewell notes, tablets of two words and an evening's plan (issue 9, nineteenth
session).

- A short final farewell ("this is goodbye. thanks for everything", "on se reverra de l'autre
  côté", "tot aan de andere kant") was read by no rule: the model alone flagged some of them,
  and a flag publishes. A farewell rule reads them lightly: the message model decides between a
  counsellor and a moderator, and the words are never shown meanwhile. A goodbye taken back
  ("goodbye forever 👋 (until after dinner)") or said to a school is not one.
- "by the time u read this ill be gone" was only flagged in English (the French and Dutch
  were escalated by the model): a farewell note is read by a rule, weighed by the model like a
  farewell (it may be a trip: "…ill be gone to ikea"), never published.
- Two reviews' finds are here too: a grave, a school or a laugh took real farewells back and
  published them; "dead" and present tenses were missed in notes; an evening that is the act
  ("tonight's the night", "ce soir je le fais") was read as a plan.
- "swallowed all my travel sickness tablets" and Dutch compounds ("reisziektepillen") were
  read by no overdose rule; tablets taken out of their box are not swallowed.
- "Tonight" in a sentence of its own about an everyday plan ("i want to die. learning the whole
  list by heart tonight") no longer makes a wish meant; in the wish's sentence, or beside pills
  or an ending, it still does.
"""

from __future__ import annotations

import pytest

from moderation.screening.engine import Signal, action_for, get_engine
from moderation.screening.learned import get_screener, settled

THRESHOLDS = {"self_harm": {"flag": 0.2, "hold": 0.8, "act": 0.95, "light": 0.8}}


def self_harm(text: str, language: str) -> list[Signal]:
    signals = get_engine().screen(text, language).signals
    return [s for s in signals if s.category == "self_harm"]


FAREWELLS = [
    ("this is goodbye. thanks for everything guys", "en"),
    ("see u on the other side. love u all", "en"),
    ("failed all my exams again 😭 see u on the other side. love u all", "en"),
    ("c'est un adieu. merci pour tout", "fr"),
    ("On se reverra de l’autre côté. Je vous aime 🕊️", "fr"),
    ("dit is mijn afscheid. bedankt voor alles", "nl"),
    ("tot aan de andere kant. ik zie jullie graag", "nl"),
]


@pytest.mark.parametrize(("text", "language"), FAREWELLS)
def test_a_final_farewell_is_weighed_by_the_model_and_never_published(text, language):
    signals = self_harm(text, language)
    farewell = [s for s in signals if s.rule.endswith(".self_harm.farewell")]
    assert farewell and farewell[0].context == "light"
    # Where the model sees no harm, a moderator decides; where it does, a counsellor.
    low = settled(farewell, {"self_harm": 0.3}, THRESHOLDS)
    high = settled(farewell, {"self_harm": 0.9}, THRESHOLDS)
    assert [action_for(s) for s in low] == ["hold"]
    assert [action_for(s) for s in high] == ["escalate"]


@pytest.mark.django_db
@pytest.mark.usefixtures("screening_models")
@pytest.mark.parametrize(("text", "language"), FAREWELLS)
def test_a_final_farewell_is_not_published_with_the_models_on(text, language):
    actions = {action_for(s) for s in get_screener().screen(text, language).signals}
    assert actions & {"hold", "escalate"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("goodbye forever 👋 (until after dinner) love u all", "en"),
        ("meet u on the other side of the bridge, thanks for everything", "en"),
        # A goodbye with no last words: the model alone decides.
        ("goodbye forever", "en"),
        ("adieu pour toujours 👋 (jusqu'après le souper) merci pour tout", "fr"),
        ("c'est un adieu, je quitte le serveur discord", "fr"),
        ("vaarwel voor altijd 👋 (tot na het eten) bedankt voor alles", "nl"),
    ],
)
def test_a_goodbye_taken_back_by_a_time_or_without_last_words_is_no_farewell(text, language):
    assert not [s for s in self_harm(text, language) if s.rule.endswith(".self_harm.farewell")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Everyday goodbyes with last words are weighed too, never escalated on the rule alone:
        # a grave, a school or a phone is no take-back ("visit my grave sometimes", "everyone at
        # my school hates me… this is goodbye"), a review found.
        ("last day of school!! this is goodbye 6C, love u all", "en"),
        ("rip grandpa, see you on the other side, love you all", "en"),
        ("goodbye forever. visit my grave sometimes. love u all", "en"),
        ("everyone at my school hates me. this is goodbye. love u all", "en"),
        ("repose en paix papi, on se reverra là-haut, je vous aime ❤️", "fr"),
        ("rust zacht opa, we zien elkaar in de hemel, ik zie jullie graag", "nl"),
    ],
)
def test_a_goodbye_with_last_words_is_weighed_whatever_its_setting(text, language):
    farewell = [s for s in self_harm(text, language) if s.rule.endswith(".self_harm.farewell")]
    assert farewell and {s.context for s in farewell} == {"light"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("by the time u read this ill be gone", "en"),
        ("when you read this i won't be here anymore", "en"),
        ("quand vous lirez ce message je serai plus là", "fr"),
        ("als ge dit leest ben ik er ni meer", "nl"),
        # A review's finds: laughs, "until" and "back on" do not take a note back.
        ("by the time u read this ill be gone lol. thanks for everything", "en"),
        ("i waited until my parents were asleep. by the time u read this ill be gone", "en"),
        ("by the time you read this i will be gone to a better place", "en"),
        ("quand vous lirez ce message je serai partie à jamais", "fr"),
        ("als jullie dit lezen ben ik al vertrokken voor altijd", "nl"),
    ],
)
def test_a_farewell_note_is_escalated(text, language):
    signals = self_harm(text, language)
    assert any(s.rule.endswith(".self_harm.note") for s in signals)
    assert any(action_for(s) == "escalate" for s in settled(signals))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("by the time u read this ill be gone to the coast for 2 weeks", "en"),
        ("quand vous lirez ce message je serai partie en classe de neige", "fr"),
        ("als ge dit leest ben ik weg naar zee, tot maandag", "nl"),
        ("when mom sees this ill be dead tired after the marathon", "en"),
        ("by the time u see this ill be dead asleep, goodnight", "en"),
    ],
)
def test_gone_on_a_trip_is_not_a_farewell_note(text, language):
    assert self_harm(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("swallowed all my travel sickness tablets on the bus, nobody noticed", "en"),
        ("kheb al mijn reisziektepillen ingenomen op de bus", "nl"),
        ("ik heb net alle hoofdpijntabletten van mijn ma geslikt", "nl"),
    ],
)
def test_tablets_named_in_two_words_or_a_compound_are_an_overdose(text, language):
    signals = self_harm(text, language)
    assert any(s.rule.endswith(".self_harm.overdose") for s in signals)
    assert any(action_for(s) == "escalate" for s in settled(signals))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # A review's finds: "out of the box" and then swallowed, in words no list holds.
        ("i took 30 pills out of the cupboard and finished them", "en"),
        ("just took all my antidepressants out of their pack and got them down", "en"),
        ("took all my meds out of the box, had them with water. dont tell anyone", "en"),
    ],
)
def test_pills_taken_out_and_then_taken_are_an_overdose(text, language):
    assert any(action_for(s) == "escalate" for s in settled(self_harm(text, language)))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("i took all my hay fever tablets with me to camp", "en"),
        ("kga al mijn hooikoortspillen inpakken voor op kamp", "nl"),
    ],
)
def test_tablets_packed_for_a_trip_are_not_an_overdose(text, language):
    assert not [s for s in self_harm(text, language) if s.rule.endswith(".self_harm.overdose")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "lost the inter-school quiz by ONE point. i want to die. learning the whole list by "
            "heart tonight and next year we destroy them",
            "en",
        ),
        (
            "perdu le quiz d'UN point. je veux mourir. ce soir j'apprends toute la liste par coeur",
            "fr",
        ),
        (
            "de quiz verloren met ÉÉN punt. kwil dood. vanavond leer ik heel de lijst vanbuiten",
            "nl",
        ),
    ],
)
def test_tonight_of_an_everyday_plan_in_another_sentence_leaves_the_wish_weighed(text, language):
    signals = self_harm(text, language)
    assert signals and all(s.context in ("trivial", "plain") for s in signals)
    assert all(action_for(s) == "hold" for s in settled(signals, {"self_harm": 0.3}, THRESHOLDS))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("i want to die tonight after the match", "en"),
        ("everyone hates me, i want to die. tonight im studying and then i take the pills", "en"),
        ("je veux mourir. ce soir j'y mets fin", "fr"),
        ("ik wil dood. vanavond na de training is het gedaan", "nl"),
        # A review's finds: others' evening, a last time, an empty house.
        ("i want to die so bad. tonight ill play my favourite song one more time", "en"),
        (
            "i want to die. everyone is playing fortnite tonight and i have the house to myself",
            "en",
        ),
        ("je veux mourir. mes parents regardent un film ce soir, ils verront rien", "fr"),
        ("ik wil dood. vanavond leren ze wat ze me aangedaan hebben", "nl"),
        ("ik wil dood. mijn ouders kijken vanavond tv, ze gaan niks merken", "nl"),
    ],
)
def test_tonight_beside_the_wish_or_an_ending_keeps_it_meant(text, language):
    signals = self_harm(text, language)
    assert any(s.context is None and action_for(s) == "escalate" for s in signals)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # A second review's finds: an evening that is the act, not a plan.
        ("i want to die. i finished my homework so tonight's the night", "en"),
        ("i want to die. i'm going to practice tying the knot tonight", "en"),
        ("i want to die. i'll study the train times tonight", "en"),
        ("i want to die. i'm cooking dinner for my family tonight, one final meal together", "en"),
        ("je veux mourir. j'ai fini mes devoirs, ce soir je le fais", "fr"),
        ("je veux mourir, ce soir j'apprends ma liste", "fr"),
        ("ik wil dood. mijn huiswerk is af, vanavond doe ik het", "nl"),
    ],
)
def test_an_evening_that_is_the_act_keeps_the_wish_meant(text, language):
    signals = self_harm(text, language)
    assert any(s.context is None and action_for(s) == "escalate" for s in signals)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # A final review's finds: with the evening out, a laugh no longer publishes the wish.
        (
            "je veux mourir mdr. mon père m'a encore frappé pour mon bulletin. ce soir je révise",
            "fr",
        ),
        (
            "ik wil dood haha. ma slaat mij weer om mijn rapport. vanavond moet ik nog studeren",
            "nl",
        ),
        ("lol i wanna kill myself. i have to learn 40 pages for the test tonight", "en"),
        ("i want to kill myself lol. studying for the exam tonight", "en"),
    ],
)
def test_a_wish_beside_an_evening_plan_and_a_laugh_is_never_published(text, language):
    signals = self_harm(text, language)
    assert signals
    assert all(action_for(s) != "flag" for s in settled(signals, {"self_harm": 0.3}, THRESHOLDS))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Last words hold their own negations.
        ("dont cry for me. this is goodbye", "en"),
        ("its not ur fault this is goodbye thanks for everything", "en"),
        ("dont blame urselves by the time u read this ill be dead", "en"),
        ("pleurez pas pour moi. c'est un adieu", "fr"),
        ("niet wenen. dit is mijn afscheid", "nl"),
    ],
)
def test_last_words_with_a_negation_are_not_read_as_negated(text, language):
    final = [s for s in self_harm(text, language) if s.rule.split(".")[-1] in ("farewell", "note")]
    assert final and {s.context for s in final} == {"light"}


def test_pills_taken_to_school_to_swallow_are_an_overdose():
    text = (
        "taking all my antidepressants to school tomorrow, gonna swallow them at lunch so my "
        "parents dont find me"
    )
    assert any(s.rule == "en.self_harm.overdose" for s in self_harm(text, "en"))
