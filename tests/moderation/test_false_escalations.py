"""Rule-driven false escalations of ordinary messages (issue 9): hyperbole about sport and
homework, goodbye letters for a teacher, a video call for school work, a young brother's age,
and a brother or sister teasing. Each class is left alone (or only flagged), while the real
risk worded the same way still escalates."""

from __future__ import annotations

import pytest

from moderation.screening.engine import get_engine

ENGINE = get_engine()


def screened(text: str, lang: str):
    return ENGINE.screen(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("i'm gonna hang myself from the pull-up bar at the gym, 20 reps done", "en"),
        ("coach made us do so many burpees i want to die", "en"),
        ("this maths homework lol i want to die", "en"),
        ("je vais me pendre à la barre de traction, encore 15 tractions", "fr"),
        ("le prof de sport nous a fait faire 100 pompes, je veux mourir", "fr"),
        ("ik ga mezelf ophangen aan de optrekstang, nog 10 keer", "nl"),
        ("die trainer liet ons 50 burpees doen ik wil dood", "nl"),
    ],
)
def test_hyperbole_about_sport_or_homework_is_flagged_not_escalated(text, lang):
    result = screened(text, lang)
    assert result.action == "flag", result.signals
    assert {s.context for s in result.signals if s.category == "self_harm"} == {"hyperbole"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("i want to hang myself, not joking, gym class is hell and everyone laughs at me", "en"),
        ("je veux mourir, j'en peux plus, même le sport me fait plus rien", "fr"),
        ("ik wil dood, ik meen het, na de training ga ik het doen", "nl"),
        ("i want to die, nobody would even notice", "en"),
    ],
)
def test_meaning_it_still_escalates_whatever_the_topic(text, lang):
    assert screened(text, lang).action == "escalate"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("we're writing a goodbye letter for our teacher who's leaving", "en"),
        ("j'ai écrit une lettre d'adieu à notre prof de français qui part à la retraite", "fr"),
        ("ik heb een afscheidsbrief geschreven voor de juf, ze gaat met pensioen", "nl"),
        ("ik schrijf een afscheidsbrief voor onze klas want ik verhuis naar gent", "nl"),
    ],
)
def test_a_goodbye_letter_for_someone_leaving_is_not_a_suicide_note(text, lang):
    assert not {s.category for s in screened(text, lang).signals} & {"self_harm"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("i wrote a goodbye letter to my family", "en"),
        ("j'ai écrit ma lettre d'adieu hier soir", "fr"),
        ("ik heb mijn afscheidsbrief al geschreven", "nl"),
    ],
)
def test_a_goodbye_letter_of_ones_own_still_escalates(text, lang):
    assert screened(text, lang).action == "escalate"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("on se fait un facetime pour réviser l'interro de maths?", "fr"),
        ("on fait un appel vidéo pour le projet de groupe ce soir?", "fr"),
    ],
)
def test_a_video_call_for_school_work_is_not_asking_for_pictures(text, lang):
    assert not screened(text, lang).signals


def test_a_video_call_proposed_by_a_stranger_is_still_a_grooming_move():
    result = screened("on se fait un facetime ce soir quand t'es seule ?", "fr")
    assert "grooming" in {s.category for s in result.signals}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("my 10 year old brother wants roblox for his birthday", "en"),
        ("my brother (12 yo) wants me to add him on fortnite", "en"),
        ("my 8 yo cousin asked me to send him a pic of my cat", "en"),
    ],
)
def test_a_young_relatives_age_is_not_an_adult_contacting_the_writer(text, lang):
    assert "grooming" not in {s.category for s in screened(text, lang).signals}


def test_an_adults_age_still_is():
    result = screened("a 30 year old guy keeps texting me and wants pics", "en")
    assert result.action == "escalate"
    assert "grooming" in {s.category for s in result.signals}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("my sister said she'll show mum my messy room pic if i don't give her my fries lol", "en"),
        (
            "my bro said he'd send my baby pics to the family chat if i don't give him the remote",
            "en",
        ),
        (
            "ma soeur dit qu'elle va montrer ma photo à maman si je lui donne pas mes frites mdr",
            "fr",
        ),
        (
            "mon frère menace de montrer mes photos de bébé à mamie si je fais pas la vaisselle",
            "fr",
        ),
        (
            "mijn broer dreigt mijn babyfoto's naar oma te sturen als ik de afwas niet doe",
            "nl",
        ),
    ],
)
def test_a_brother_or_sister_teasing_is_not_sextortion(text, lang):
    assert "sextortion" not in {s.category for s in screened(text, lang).signals}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("my brother says he'll post my nudes if i don't pay him lol", "en"),
        ("my stepbrother says he'll send my pics to everyone if i don't send more", "en"),
        ("mon ex va envoyer mes photos à toute l'école si je paie pas", "fr"),
        ("mijn broer dreigt mijn naaktfoto's te verspreiden als ik niet betaal", "nl"),
    ],
)
def test_sextortion_by_a_relative_or_an_ex_still_escalates(text, lang):
    result = screened(text, lang)
    assert result.action == "escalate"
    assert "sextortion" in {s.category for s in result.signals}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ran 5k in pe, i want to die 😭", "en"),
        ("j'ai couru 5 km en cours de gym, jveux mourir 😭", "fr"),
        ("bieptest gedaan in de les LO, ik wil dood 😭", "nl"),
        ("je veux mourir tellement c'est gênant, j'ai appelé la prof maman 😭", "fr"),
        ("missed the bus i want to die lol", "en"),
        # "💀" is a laugh too, though folding reads it as a word ("mort").
        ("3 examens demain et j'ai rien capté, je vais crever 💀", "fr"),
        ("le prof de gym nous fait courir 5km demain, je vais mourir", "fr"),
    ],
)
def test_a_wish_to_die_over_pe_a_bus_or_embarrassment_with_a_laugh_is_hyperbole(text, lang):
    result = screened(text, lang)
    assert result.action == "flag", result.signals
    assert {s.context for s in result.signals if s.category == "self_harm"} == {"hyperbole"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("i want to die 😭", "en"),
        ("missed the bus, i want to die 😭 nobody would care anyway", "en"),
        ("ik wil dood 😭 ik kan niet meer", "nl"),
        ("je veux mourir 💀", "fr"),
        ("3 examens demain, je veux mourir ce soir 💀", "fr"),
    ],
)
def test_the_same_wish_with_no_trivial_topic_or_with_meaning_it_still_escalates(text, lang):
    assert screened(text, lang).action == "escalate"


@pytest.mark.parametrize(
    ("text", "lang", "context"),
    [
        (
            "si une amie te dit qu'elle veut mourir, on fait quoi ? question du cours de secours",
            "fr",
            "general",
        ),
        (
            "what would you do if a mate says he wants to end it? we got that in a first aid quiz",
            "en",
            "general",
        ),
        (
            "wat moet ge doen als een vriendin denkt aan zelfmoord? vraag voor de EHBO-les",
            "nl",
            "general",
        ),
        ("ma copine parle du suicide de Kurt Cobain dans sa dissert de musique", "fr", "general"),
        ("my aunt is a paramedic, she helps people who took too many pills", "en", "general"),
        ("ma cousine se coupe la frange toute seule, ça rate à chaque fois 😂", "fr", "everyday"),
        ("my sister cuts herself every time she peels potatoes, so clumsy", "en", "everyday"),
        ("je veux en finir avec cette dissert avant minuit", "fr", "everyday"),
        ("i dont want to live in this city anymore, moving to ghent next year", "en", "everyday"),
        (
            "ik wil niet meer leven in dit dorp, hier is niks te doen, later naar gent",
            "nl",
            "everyday",
        ),
        ("ma soeur veut mourir de honte depuis la photo de classe", "fr", "hyperbole"),
        ("my cousin wants to die of cringe after his speech", "en", "hyperbole"),
        (
            "in de serie zegt ze 'ik wil niet meer leven' maar op het einde komt het goed",
            "nl",
            "quoted",
        ),
    ],
)
def test_words_said_in_general_or_with_an_everyday_meaning_are_flagged_not_escalated(
    text, lang, context
):
    result = screened(text, lang)
    assert result.action != "escalate", result.signals
    assert context in {s.context for s in result.signals if s.category == "self_harm"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ma meilleure amie veut mourir, elle me l'a dit hier soir, je fais quoi ?", "fr"),
        ("my friend cuts herself again, i saw fresh cuts on her wrists", "en"),
        ("ik wil niet meer leven, ik kan het niet meer", "nl"),
        ("je veux en finir avec la vie, j'en peux plus", "fr"),
        ("i dont want to live in this world anymore", "en"),
        ("je me suis griffée jusqu'au sang hier soir pour me calmer", "fr"),
        ("ma copine parle de suicide depuis le cours de lundi, je suis inquiète", "fr"),
    ],
)
def test_the_same_words_about_the_writer_or_a_friend_still_escalate(text, lang):
    assert screened(text, lang).action == "escalate", screened(text, lang).signals


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "il y a 2 ans un type m'a demandé mon adresse sur un jeu, je l'ai bloqué et signalé",
            "fr",
        ),
        ("last year a guy asked for my address in a game, i blocked him, end of story", "en"),
    ],
)
def test_something_long_ago_and_dealt_with_is_flagged_not_escalated(text, lang):
    result = screened(text, lang)
    assert result.action != "escalate", result.signals
    assert "past" in {s.context for s in result.signals if s.category == "grooming"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("l'an passé un mec m'a demandé mon adresse, je l'ai bloqué mais il revient", "fr"),
        ("last year a guy asked for my address, i blocked him but now he's back", "en"),
        (
            "vorig jaar dreigde iemand mijn naaktfoto's te delen, ik heb hem geblokkeerd maar "
            "hij heeft ze nog",
            "nl",
        ),
    ],
)
def test_what_is_still_going_on_still_escalates(text, lang):
    assert screened(text, lang).action == "escalate", screened(text, lang).signals


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("a guy in my squad asked 'how old r u' lol we won anyway", "en"),
        ("un mec dans ma squad m'a demandé 't'as quel âge' mdr", "fr"),
    ],
)
def test_a_mild_sign_told_by_the_one_it_happened_to_is_held_not_escalated(text, lang):
    # Asking an age is the mildest grooming sign (severity low): told by the writer it is a
    # disclosure, kept out of view for a moderator, not sent to a counsellor.
    result = screened(text, lang)
    assert {(s.kind, s.severity) for s in result.signals if s.category == "grooming"} == {
        ("disclosure", "low")
    }
    assert result.action == "hold"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("a 30 year old guy asked me how old i am and if im home alone", "en"),
        ("un mec de 28 ans m'a demandé 't'as quel âge' et de rien dire à mes parents", "fr"),
    ],
)
def test_an_age_question_with_a_stronger_sign_still_escalates(text, lang):
    assert screened(text, lang).action == "escalate"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("guy in my brawl stars club asked how old i am, said 14, hes 14 too", "en"),
        ("un gars sur fortnite m'a demandé mon âge, j'ai dit 14 et lui aussi", "fr"),
    ],
)
def test_an_age_question_alone_told_by_the_writer_is_held_not_escalated(text, lang):
    result = screened(text, lang)
    assert result.action == "hold", result.signals
    assert {s.severity for s in result.signals if s.category == "grooming"} == {"low"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("he asked me how old i am and where i live, is that weird?", "en"),
        ("a man on discord asked my age and if im home alone", "en"),
        ("un inconnu m'a demandé mon âge et dans quelle école je vais", "fr"),
    ],
)
def test_an_age_question_beside_another_stage_still_escalates(text, lang):
    assert screened(text, lang).action == "escalate"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("dad asked if im home alone tonight cause hes working late, making toasties", "en"),
        ("my sister asked what im wearing tonight for chloes party", "en"),
        ("a mod on the server asked my age bc the server is 13+, i said 14", "en"),
        ("my uncle wants me to keep it secret bc hes gonna propose to my aunt", "en"),
        ("mijn oom wil da ik het geheim houd want hij gaat mijn tante ten huwelijk vragen", "nl"),
    ],
)
def test_family_questions_a_servers_age_rule_and_a_proposal_secret_are_not_grooming(text, lang):
    assert "grooming" not in {s.category for s in screened(text, lang).signals}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("mon coach de foot m'a demandé des photos de moi en short pour voir mes muscles", "fr"),
        ("mijn trainer vroeg fotos van mijn benen om mijn spieren te checken", "nl"),
        ("my teacher added me on snap and keeps asking for selfies", "en"),
        ("de buurman gaf mij geld voor fotos van mijn benen, ik mag niks zeggen", "nl"),
        ("the neighbour paid me for pics of my legs and feet", "en"),
    ],
)
def test_an_adult_with_a_role_asking_for_pictures_escalates(text, lang):
    result = screened(text, lang)
    assert result.action == "escalate"
    assert "grooming" in {s.category for s in result.signals}
