"""A reply that tells the writer's own harm as over, to help the one it answers (issue 9,
eighteenth session: the sixty-ninth batch's support replies, 12 of 120 escalated when it was
written, 10 by the rules). A rule's disclosure in such a reply reads "reply": weighed by the
message model like a plain wish, escalated where the model sees the harm, else held for a
moderator. It is never published on its own: no list of the words that tell a present risk
is complete ("@Maud i used to be clean for a whole year but i relapsed 2 days ago…")."""

from __future__ import annotations

import pytest

from moderation.screening.engine import Signal, action_for, get_engine
from moderation.screening.learned import settled
from moderation.screening.message_reading import told_to_help
from moderation.screening.normalise import normalise

THRESHOLDS = {"self_harm": {"flag": 0.2, "hold": 0.8, "act": 0.95, "light": 0.8}}


def reads(text: str) -> bool:
    return told_to_help(normalise(text)[1].text, text)


def harm_signals(text: str, language: str) -> list[Signal]:
    signals = get_engine().screen(text, language).signals
    return [s for s in signals if s.category != "personal_info"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("@Maud when i was 13 i used to cut myself. what helped: the school nurse", "en"),
        (
            "@Maud ce qui m'aidait quand j'avais envie de me faire du mal: une balle anti-stress, "
            "une douche froide, de la musique à fond",
            "fr",
        ),
        (
            "@Maud wat mij hielp als ik zin had om mezelf pijn te doen: een stressbal, een koude "
            "douche, muziek keihard. nu 18 maanden",
            "nl",
        ),
    ],
)
def test_a_reply_told_to_help_is_weighed_never_published(text, language):
    assert reads(text)
    signals = harm_signals(text, language)
    assert signals and all(s.context == "reply" for s in signals)
    assert all(action_for(s) == "hold" for s in signals)
    # The model decides between a counsellor and a moderator: where it would escalate on its
    # own (its act threshold), the disclosure counts as meant; at its hold threshold, not yet.
    low = settled(signals, {"self_harm": 0.85}, THRESHOLDS)
    high = settled(signals, {"self_harm": 0.96}, THRESHOLDS)
    assert {action_for(s) for s in low} == {"hold"}
    assert {action_for(s) for s in high} == {"escalate"}


@pytest.mark.parametrize(
    "text",
    [
        # Something of now: the reply reveals the writer at risk (a review's finds among them).
        "@Kato day 3 for u, day 0 for me. did it again tonight with the kitchen scissors",
        "@Maud i used to be clean for a whole year but i relapsed 2 days ago and i want to die",
        "@Lina i used to cut in year 7. this week i started cutting my arms",
        "@Jonas ik deed het vroeger ook, toen ik 12 was. sinds vorige week ben ik terug begonnen",
        "@Maud what helped you? i cut myself every night and i cant stop",
        # Not addressed to anyone: no reply.
        "i used to hurt myself in year 7. what helped: the school nurse",
    ],
)
def test_a_reply_with_something_of_now_is_read_as_meant(text):
    assert not reads(text)


@pytest.mark.parametrize(
    ("text", "language", "reading"),
    [
        # Asking, or answering, what to say to "a friend" who does it: said in general.
        (
            "@Anouk u asked what to say to a friend who self harms: not 'why would u do that', "
            "just 'im here'",
            "en",
            "general",
        ),
        (
            "tu demandais quoi dire à une pote qui se fait du mal: plutôt 'je suis là'",
            "fr",
            "general",
        ),
        (
            "ge vroeg wat ge moet zeggen tegen een vriendin die zichzelf pijn doet: 'ik ben er'",
            "nl",
            "general",
        ),
        # The writer's own friend: a concern.
        ("what do i say to my friend who cuts herself, she told me yesterday", "en", None),
        ("je sais pas quoi dire à ma pote, elle se fait du mal depuis des semaines", "fr", None),
        ("wat moet ik zeggen tegen mijn vriendin, ze doet zichzelf pijn", "nl", None),
    ],
)
def test_what_to_say_to_a_friend_who_does_it_is_general(text, language, reading):
    # Eighteenth session (the sixty-ninth batch): "what to do" was read so, "what to say" not.
    concern = [s for s in harm_signals(text, language) if s.kind == "concern"]
    assert concern and {s.context for s in concern} == {reading}


@pytest.mark.parametrize(
    ("text", "language", "reading"),
    [
        # Nineteenth session: a friend's harm told as over, to help ("when my best friend told
        # me…, she's alive"), weighed like the writer's own past.
        (
            "@Mats toen mijn beste vriendin zei da ze dood wou heb ik beloofd niks te zeggen. "
            "kheb het toch aan de leerkracht gezegd. zeg het aan een volwassene",
            "nl",
            "reply",
        ),
        (
            "@Mats quand ma meilleure amie m'a dit qu'elle voulait se suicider j'ai promis de "
            "rien dire. je l'ai dit à la prof quand même. dis-le à un adulte",
            "fr",
            "reply",
        ),
        # The friend at risk now: a concern, meant.
        (
            "@Mats toen mijn beste vriendin gisteren zei da ze dood wil, heb ik beloofd niks te "
            "zeggen. wat moet ik doen",
            "nl",
            None,
        ),
    ],
)
def test_a_friends_harm_told_as_over_in_a_reply_is_weighed(text, language, reading):
    concern = [s for s in harm_signals(text, language) if s.kind == "concern"]
    assert concern and {s.context for s in concern} == {reading}


@pytest.mark.parametrize(
    "text",
    [
        # Nineteenth session (the seventy-second batch): stories told in a thread that asks
        # for them, to the one who started it, or with how the writer is now.
        "pour le topic 'comment vous vous en êtes sortis': en 3e un gars avait une vidéo de moi "
        "et voulait 300 balles. rien n'a jamais été posté",
        "for ur school project on sexting: i was the girl whose pic went round when i was 13",
        "l'OP a dit qu'elle avait honte. en 3e, un gars a partagé ma photo. il a été renvoyé",
    ],
)
def test_a_story_told_in_a_thread_that_asks_for_it_is_told_to_help(text):
    assert reads(text)


@pytest.mark.parametrize(
    "text",
    [
        "my story, short: i used to cut in 4th year. now i do it again every night",
        "for the tell ur story thread: i tried to end it in 3rd year. i still think about it",
        "OP i know how u feel, i was blackmailed last year and its still going on",
        "in 2nd year i took pills. 3 years later i want to die again",
        # A harm of the writer's now, in a thread's words: no story told as over.
        "pour le topic 'comment vous vous en êtes sortis': je m'en suis pas sortie, je me coupe",
        # A review's finds: a harm going on, a present habit, minutes or hours ago.
        "ik snij mezelf al 2 jaar nu, het begon toen mijn beste vriendin verhuisde",
        "pour le topic sur le harcèlement: je me fais du mal quand ma soeur me frappe",
        "pour le topic harcèlement: quand ma soeur me frappe j'ai envie de me tuer",
        "OP i self harm when my brother gets drunk",
        "im still here, i overdosed 2 days ago and nobody knows",
        "thx for the tips. i cut my wrist an hour ago and it wont stop",
        "@Lina im in 3rd year and a guy in 6th year has my nudes, he wants 100 euro by friday",
    ],
)
def test_a_story_with_something_of_now_is_not_told_to_help(text):
    assert not reads(text)


@pytest.mark.parametrize(
    "text",
    [
        # A recovery told in one's own post, with what ended it (the seventy-eighth batch).
        "for mental health week the head let me talk to year 10 about my self harm 3 years ago, "
        "therapy and how i stopped",
        "mocht 10 min spreken over mijn zelfverwonding van 3 jaar geleden, de psycholoog en hoe "
        "kik gestopt ben",
    ],
)
def test_a_recovery_told_with_what_ended_it_is_told_to_help(text):
    assert reads(text)


@pytest.mark.parametrize(
    "text",
    [
        "my best friend says her ex is threatening to leak her nudes. she says its fine but shes "
        "stopped eating",
        "2 years clean from cutting and the CLB closed my file. but im so tired of being alive",
        "i stopped cutting in 3rd year. i tried to kill myself a week ago, nobody knows",
        "ik ben gestopt met snijden in het 3de, mar vorige week heb ik pillen genomen",
    ],
)
def test_a_recovery_with_something_of_now_is_not_told_to_help(text):
    assert not reads(text)


@pytest.mark.parametrize(
    "text",
    [
        # A second review's finds: a harm going on, the writer's school year of now, a threat
        # of now told beside a past.
        "@Kato ik snij mezelf al 2 jaar nu. toen ik 13 was begon het",
        "@Maud i stopped taking my meds and i cut myself most nights",
        "@Kato ik ben gestopt met eten en ik snij mezelf elke dag",
        "@Léa j'ai arrêté de manger et je me scarifie tous les jours",
        "@Maud im in year 10 and i cut myself",
        "@Léa je suis en 3eme et je me scarifie",
        "@Kato ik zit in het 2de en ik snij mezelf",
        "@Lena the guy who blackmailed me in 2023 is back on a new account, says he'll post the "
        "video unless i pay",
        "OP same as me when i was 14. a guy on snap has my nudes and wants more",
        "@Lena same as u when i was 12. my coach sends me pics of himself and says its our secret",
        "@Kato toen ik 12 was probeerde ik zelfmoord te plegen. ik denk er elke dag aan",
        "@Kato ik heb een week geleden 30 pillen genomen",
        "on the topic of nudes, a guy from last year has mine and says he'll post them",
    ],
)
def test_a_reply_with_a_harm_going_on_is_not_told_to_help(text):
    assert not reads(text)


@pytest.mark.parametrize(
    "text",
    [
        # A final review's finds: a wish or a plan of now in other words than "want to die".
        "i told my therapist about it last year. i want to kill myself",
        "my psychologist gave up on me last year. i'm going to kill myself",
        "i blocked him last year but i think about killing myself because of what he did",
        "ik ging vorig jaar naar een psycholoog maar het hielp niks. ik wil zelfmoord plegen",
        "OP same, i stopped eating in year 9 and i'm going to kill myself",
        "@Inès moi j'ai arrêté de me scarifier il y a 2 ans, mais j'ai envie de mourir",
        "@max my therapist helped when i was 14. but i have the pills in my drawer",
    ],
)
def test_a_story_with_a_wish_or_plan_of_now_is_not_told_to_help(text):
    assert not reads(text)
