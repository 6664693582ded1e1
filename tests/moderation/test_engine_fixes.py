"""Regression tests for what the screening engine got wrong (issue 9, item 1)."""

from __future__ import annotations

import pytest

from moderation.screening.engine import CONVERSATION_RULE, Result, get_engine
from moderation.screening.learned import settled
from moderation.screening.normalise import readings

ENGINE = get_engine()


def rules(text: str, lang: str | None) -> set[str]:
    return {s.rule for s in ENGINE.screen(text, lang).signals}


@pytest.mark.parametrize(
    ("lang", "messages"),
    [
        ("nl", ["hoe oud ben je?", "waar woon je?", "zeg het aan niemand, het is ons geheim"]),
        ("en", ["how old are u?", "where do u live?", "dont tell ur parents, our secret ok"]),
        ("fr", ["t'as quel age ?", "tu habites où ?", "dis rien à tes parents c'est notre secret"]),
    ],
)
def test_grooming_stages_add_up_in_every_language(lang, messages):
    conversation = ENGINE.screen_conversation(messages, lang, ids=["m1", "m2", "m3"])
    assert conversation.score >= 5, conversation.stages
    assert {"age", "location", "secrecy"} <= set(conversation.stages)
    pattern = next(s for s in conversation.signals if s.rule == CONVERSATION_RULE)
    assert pattern.messages == ("m1", "m2", "m3")
    assert pattern.stages == conversation.stages


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("hoe oud ben je? waar woon je? ben je alleen thuis?", "nl"),
        ("how old r u? where do u live? r u home alone rn?", "en"),
        ("t'as quel âge ? tu habites où ? t'es toute seule chez toi ce soir ?", "fr"),
    ],
)
def test_grooming_stages_add_up_within_one_message(text, lang):
    result = ENGINE.screen(text, lang)
    pattern = [s for s in result.signals if s.rule == CONVERSATION_RULE]
    assert pattern
    assert pattern[0].severity in ("high", "urgent")
    assert {"age", "location", "alone"} <= set(pattern[0].stages)
    assert result.action == "hold"


def test_one_grooming_stage_alone_is_no_pattern():
    assert CONVERSATION_RULE not in rules("hoe oud ben je eigenlijk?", "nl")


def test_spaced_letters_do_not_swallow_the_words_around_them():
    first = readings("envoie des n u d e s à m'envoyer")[0][1].text
    assert "nudes a m'envoyer" in first
    assert "fr.sexting.ask_nudes" in rules("envoie des n u d e s à m'envoyer", "fr")
    assert readings("send a n u d e pls")[0][1].text == "send a nude pls"
    # The full join is still read, for words that start with such a letter.
    assert any(f.text == "a n a l" or "anal" in f.text for _, f in readings("a n a l"))


def test_double_zero_is_also_read_as_u():
    assert any("nudes" in folded.text for _, folded in readings("envoie moi des n00des"))
    assert "fr.sexting.ask_nudes" in rules("envoie moi des n00des", "fr")
    assert any("cool" in folded.text for _, folded in readings("c00l"))


@pytest.mark.parametrize(
    ("text", "lang", "number"),
    [
        ("mon num zéro quatre sept zéro un deux trois quatre cinq six", "fr", "zéro"),
        ("mijn nummer is nul vier zeven nul twaalf vierendertig zesenvijftig", "nl", "nul"),
        ("call me zero four seven zero twelve thirty four fifty six", "en", "zero"),
        ("appelle moi 0 4 7 0 1 2 3 4 5 6", "fr", "0 4 7 0"),
        ("stuur 04 70. 12 . 34 . 56", "nl", "04 70"),
    ],
)
def test_numbers_written_as_words_or_spaced_digits_are_phone_numbers(text, lang, number):
    result = ENGINE.screen(text, lang)
    phones = [s for s in result.signals if s.rule.startswith("any.personal_info.phone")]
    assert phones, [s.rule for s in result.signals]
    start, end = phones[0].span
    assert text[start:].startswith(number) and end == len(text)  # the whole number is masked
    assert result.action == "mask"


def test_counting_in_words_is_not_a_phone_number():
    assert rules("un deux trois soleil ! on joue ?", "fr") == set()
    assert rules("ik heb twee katten en drie honden", "nl") == set()


@pytest.mark.parametrize(
    "text", ["t'es tr0p b3ll3 j't'@ime", "je t'@dore, t'es @dorable", "s@lut ça va"]
)
def test_leetspeak_at_inside_a_word_is_not_a_handle(text):
    assert not [s for s in ENGINE.screen(text, "fr").signals if s.category == "personal_info"]


def test_a_real_handle_is_still_masked():
    assert "any.personal_info.handle" in rules("suis moi @lotte_2011", "fr")
    assert "any.personal_info.handle" in rules("ajoute moi @lottevdb", "fr")


@pytest.mark.parametrize(
    ("text", "lang", "category"),
    [
        ("il va envoyer mes photos à ma classe si je paie pas, help", "nl", "sextortion"),
        ("wsh ik wil er niet meer zijn, j'en peux plus", "fr", "self_harm"),
        ("mdr hij zei stuur je nudes, jsp quoi faire", "fr", "sexting"),
    ],
)
def test_code_switching_runs_the_rules_of_every_language_in_the_text(text, lang, category):
    assert category in ENGINE.screen(text, lang).categories


def test_languages_of_a_text():
    assert ENGINE.languages_of("je sais pas quoi faire", "nl") == frozenset({"nl", "en", "fr"})
    assert ENGINE.languages_of("thanks for the help", "fr") == frozenset({"fr", "en"})


@pytest.mark.parametrize(
    ("text", "lang", "context"),
    [
        ("je veux mourir dans tes bras", "fr", "sung"),
        ("ik wil je niet dood", "nl", "negated"),
        ("i don't want to die, i'm fine now", "en", "negated"),
        ("« je veux mourir » c'est le titre de sa chanson", "fr", None),
        ("🎵 i wanna die tonight 🎵 this song is stuck in my head", "en", None),
    ],
)
def test_negation_quotation_and_lyrics_do_not_escalate(text, lang, context):
    result = ENGINE.screen(text, lang)
    assert result.action != "escalate", [(s.rule, s.context) for s in result.signals]
    assert not [s for s in result.signals if s.kind == "disclosure" and s.context is None]
    if context:
        assert context in {s.context for s in result.signals}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("je veux plus vivre", "fr"),
        ("ik wil niet meer leven", "nl"),
        ("i dont want to live anymore", "en"),
        ("je ne veux pas mourir, je veux juste que ça s'arrête", "fr"),
    ],
)
def test_negated_life_is_still_a_disclosure(text, lang):
    # As the rules alone settle it (no model: a "plain" reading counts as meant).
    assert Result(settled(ENGINE.screen(text, lang).signals)).action == "escalate"


@pytest.mark.parametrize(
    ("text", "lang", "category"),
    [
        ("il m'a dit « envoie moi des nudes » et je sais pas quoi faire", "fr", "sexting"),
        ("he told me: pay 200 or i post your pics", "en", "sextortion"),
    ],
)
def test_what_someone_else_wrote_to_the_writer_is_a_disclosure(text, lang, category):
    result = ENGINE.screen(text, lang)
    assert category in {s.category for s in result.of_kind("disclosure")}
    assert not [s for s in result.signals if s.kind == "behaviour" and s.category == category]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ik wil melden dat iemand kinderporno deelt op discord", "nl"),
        ("je veux signaler qu'un mec partage des vidéos pédo sur snap", "fr"),
        ("i need to report that someone is sharing cp in our discord", "en"),
        ("wie heeft kinderporno links? ik wil het melden bij de politie", "nl"),
    ],
)
def test_a_report_of_abuse_images_is_not_suppressed_by_an_exclusion(text, lang):
    result = ENGINE.screen(text, lang)
    found = [s for s in result.signals if s.category == "abuse_images"]
    assert found
    assert result.action == "hold"
    assert all(s.kind != "behaviour" for s in found)  # the writer reports, they do not trade


def test_a_rule_reads_at_most_a_few_dozen_of_its_matches(monkeypatch):
    # A post of the same words hundreds of times: each reading looks at the whole text.
    from moderation.screening import engine as engine_module

    calls = []
    real = engine_module._context

    def counted(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(engine_module, "_context", counted)
    signals = get_engine().screen("i want to die. " * 300, "en").signals
    assert any(s.category == "self_harm" for s in signals)
    assert 0 < len(calls) <= 3 * engine_module.MATCHES_READ
