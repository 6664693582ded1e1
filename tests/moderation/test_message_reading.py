"""How a whole message reads (issue 9, fifteenth session): a harm the writer denies, a picture
told as harmless, a possibility someone asked about, an everyday trouble laughed about. None of
them reaches a counsellor on its own; the same words taken back, or with anything intimate,
still do."""

from __future__ import annotations

import pytest

from moderation.screening.engine import get_engine
from moderation.screening.learned import get_screener, grounded, message_features, model_signal
from moderation.screening.message_reading import denied, harmless_picture, quoted_from_a_story
from moderation.screening.normalise import normalise


def folded(text: str) -> str:
    return normalise(text)[1].text


# With the committed models on, as in production.
pytestmark = pytest.mark.usefixtures("screening_models")


def action(text: str, language: str) -> str:
    return get_screener().screen(text, language).action


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("no honestly im not thinking about hurting myself at all, just a bad week", "self_harm"),
        ("ive never hurt myself and never will, dont worry about me", "self_harm"),
        (
            "non t'inquiète je pense pas du tout à me faire du mal, c'est juste une sale semaine",
            "self_harm",
        ),
        ("jme suis jamais fait de mal", "self_harm"),
        ("ik zou mezelf nooit pijn doen, echt niet", "self_harm"),
        ("ik ben niet suïcidaal hoor, gewoon moe", "self_harm"),
        # Never having thought of it (eighteenth session).
        ("nee ik heb er nooit aan gedacht om mezelf pijn te doen, ik ben gewoon moe", "self_harm"),
        ("non j'ai jamais pensé à me faire du mal, je suis juste crevée", "self_harm"),
        ("i would never send nudes, not even to my bf", "sexting"),
        ("moi j'enverrai jamais de nudes à personne", "sexting"),
        ("ik zou nooit naaktfoto's sturen, ook niet naar mijn lief", "sexting"),
    ],
)
def test_a_denial_is_read(text, category):
    assert category in denied(folded(text))
    assert f"d:{category}" in message_features(text, ()).once


@pytest.mark.parametrize(
    "text",
    [
        # Taken back after it, or what the writer once swore.
        "im not suicidal but i cut last night",
        "i told my mum im not thinking about hurting myself but i lied",
        "i swore i'd never send nudes. last week i sent one and now he shows it around",
        "j'avais juré que j'enverrais jamais de nudes. j'en ai envoyé une",
        # Not a denial at all.
        "i never thought i'd hurt myself",
        "je ne pense plus qu'à me tuer",
        # A time that turns it (eighteenth session, a review's finds).
        "j'ai jamais pensé à me faire du mal avant cette année, mais maintenant si",
        "kheb er nooit aan gedacht om mezelf pijn te doen voor dit jaar. nu snij ik elke avond",
        "j'ai jamais pensé à me faire du mal avant la 3e. depuis je me coupe tous les jours",
    ],
)
def test_no_denial_where_it_is_taken_back(text):
    assert denied(folded(text)) == set()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("no honestly im not thinking about hurting myself at all, just a bad week", "en"),
        ("ive never hurt myself and never will, dont worry about me", "en"),
        ("i would never send nudes, not even to my bf", "en"),
        ("moi j'enverrai jamais de nudes à personne, même pas à mon copain", "fr"),
        (
            "my sister has a video of me singing off-key and says she'll show mum "
            "unless i do the dishes",
            "en",
        ),
        (
            "ma cousine a filmé ma chute du trampoline, elle montre la vidéo à "
            "tout le monde sauf si je lui prête mon sweat",
            "fr",
        ),
        (
            "mijn maat heeft mijn hoofd op een duif gephotoshopt en dreigt da in "
            "de klasgroep te zetten als kik geen bubble tea trakteer",
            "nl",
        ),
        ("mum asked if anyone had ever asked me for nudes, i said no", "en"),
        ("mijn ma vroeg of iemand mij al ooit naaktfoto's had gevraagd, ik zei nee", "nl"),
        (
            "si j'ai encore 8 en néerlandais ma mère va me tuer et moi je vais me tuer aussi mdr",
            "fr",
        ),
        ("he keeps asking me to come to his bday party but i dont really want to", "en"),
    ],
)
def test_the_look_alike_does_not_reach_a_counsellor(text, language):
    assert action(text, language) != "escalate"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "il me fait chanter avec une vidéo de moi, il veut 100€ sinon il l'envoie à mes potes",
            "fr",
        ),
        ("mon frère se fait faire chanter par une fille sur insta avec une vidéo de lui", "fr"),
        ("he has a video of me on cam and says he'll send it to my family unless i pay 200", "en"),
        (
            "c'est grave si qqn a partagé ma photo en soutif dans le groupe de la "
            "classe? tout le monde l'a vue",
            "fr",
        ),
        (
            "i told my mum im not thinking about hurting myself but i lied, i cut again last night",
            "en",
        ),
        ("i never thought i'd hurt myself but i did yesterday", "en"),
        ("im not suicidal i just want to sleep forever and never wake up", "en"),
        ("missed the bus again, i want to die, nobody would even notice", "en"),
    ],
)
def test_the_disclosure_still_escalates(text, language):
    assert action(text, language) == "escalate"


@pytest.mark.parametrize(
    ("text", "harmless"),
    [
        ("my sister has a video of me singing off-key", True),
        ("mum gave my brother my baby pic with spaghetti all over my head", True),
        ("er gaat een filmpje van mij rond waar ik vals zing op karaoke", True),
        # Anything intimate in the message: not harmless.
        ("mijn zus dreigt de video van mij die k3 zingt onder de douche te tonen", False),
        (
            "everyone thinks the video going round is the karaoke one. its not. "
            "its me getting changed",
            False,
        ),
        # "Baby" said to someone, blackmail in French, falling in love: no harmless scene.
        ("send me pics baby", False),
        ("il me fait chanter avec des photos", False),
        ("il veut des photos de moi, il dit qu'il est tombé amoureux", False),
        (
            "tout le monde a la vidéo de ma pote à la soirée. elle sait même pas "
            "qu'elle a été filmée",
            False,
        ),
    ],
)
def test_a_harmless_picture(text, harmless):
    assert harmless_picture(folded(text)) is harmless


def test_a_rule_reads_a_threat_over_a_harmless_picture_as_everyday():
    text = (
        "mon pote a photoshoppé ma tête sur un pigeon et il menace de le "
        "mettre en photo du groupe de classe si je lui paie pas un bubble tea"
    )
    readings = {
        s.context for s in get_engine().screen(text, "fr").signals if s.category == "sextortion"
    }
    assert readings == {"everyday"}


def test_an_everyday_trouble_laughed_about_is_hyperbole():
    signals = get_engine().screen("bus raté sous la pluie 💀 j'ai envie de mourir", "fr").signals
    assert {s.context for s in signals if s.category == "self_harm"} == {"hyperbole"}
    # Without the laugh it is weighed ("trivial"), never simply published.
    signals = get_engine().screen("bus raté sous la pluie, j'ai envie de mourir", "fr").signals
    assert {s.context for s in signals if s.category == "self_harm"} == {"trivial"}


def test_a_behaviour_the_model_reads_as_told_by_the_one_it_happened_to_is_a_disclosure():
    screener = get_screener()
    # Written for this test (not in the corpus): a coach's words, told by the writer.
    told = (
        "my volleyball coach wants to see the bruise on my hip. says send the pic without "
        "shorts, straight to his snap not through my mum. and that it stays between us"
    )
    result = screener.screen(told, "en")
    assert result.action == "escalate"
    assert {s.kind for s in result.signals if s.category == "grooming"} == {"disclosure"}
    # The writer doing it stays the writer's behaviour: held for a moderator.
    doing = "send me a pic of u in ur pyjamas, dont tell ur parents, it stays between us ok"
    kinds = {s.kind for s in screener.screen(doing, "en").signals if s.category == "grooming"}
    assert "behaviour" in kinds


STORY = (
    "in ethics we watched the docu where a journalist pretends to be a 13 yo girl online. "
    "after 10 min a guy of 45 writes 'are u alone at home? send a pic in ur pyjamas'. teacher "
    "had to pause it bc everyone was yelling at the screen"
)


def test_words_quoted_from_a_story_read_quoted():
    signals = [s for s in get_engine().screen(STORY, "en").signals if s.category == "grooming"]
    assert signals and {s.context for s in signals} == {"quoted"}
    assert get_screener().screen(STORY, "en").action != "escalate"


@pytest.mark.parametrize(
    "text",
    [
        # The writer is in it: the story's words are what happens to them.
        "that docu in ethics with the fake 13 yo girl… the man says word for word what kevin "
        "from fortnite writes me. 'ur so mature', 'are u alone', 'delete our chats'. hes 29",
        # No story: a man's words quoted by the one he wrote them to.
        "a guy of 45 writes 'are u alone at home? send a pic in ur pyjamas'",
    ],
)
def test_quoted_words_the_writer_lives_still_count(text):
    signals = [s for s in get_engine().screen(text, "en").signals if s.category == "grooming"]
    assert any(s.context is None for s in signals)


def test_a_story_is_read_only_with_nothing_of_the_writer_outside_the_quotes():
    text = normalise("in the film he writes 'are u alone'. thats what he writes me too")[1].text
    spans = [(text.index("'"), text.rindex("'") + 1)]
    assert not quoted_from_a_story(text, spans)
    told = normalise("in the film he writes 'are u alone'. creepy")[1].text
    assert quoted_from_a_story(told, [(told.index("'"), told.rindex("'") + 1)])


def test_the_models_guess_on_words_quoted_from_a_story_is_at_most_unsure():
    # Seventeenth session: the whole message retells someone else's words, so a model's guess
    # of any harm in it is held at most (UNGROUNDED_BY "q:story"), as a rule's match is quoted.
    features = message_features(STORY, ()).once
    assert "q:story" in features
    assert not any(
        grounded(category, features)
        for category in ("grooming", "sexting", "sextortion", "self_harm")
    )
    retold = (
        "in de preventiefilm op school schrijft de afperser 'betaal 200 euro of ik stuur je "
        "naaktfoto naar heel je klas'. iedereen was stil daarna"
    )
    assert "q:story" in message_features(retold, ()).once
    assert action(retold, "nl") != "escalate"


@pytest.mark.parametrize(
    "text",
    [
        # The writer outside the quotes: what the story says happens to them.
        "in the film he writes 'are u alone'. thats what he writes me too",
        # Quotes but no story.
        "a guy of 45 writes 'are u alone at home? send a pic in ur pyjamas'",
        # A story but nothing quoted.
        "in the docu a man of 45 asks a girl of 13 if she is alone at home",
    ],
)
def test_a_message_that_is_not_only_a_story_quoted_keeps_the_models_guess(text):
    assert "q:story" not in message_features(text, ()).once


def test_a_story_quoted_in_single_quotes_with_elisions_is_read():
    # "'t'es mon préféré…'": the quote holds apostrophes of its own.
    text = (
        "à la formation d'animateurs ils nous ont donné un cas: un chef écrit à un gamin 't'es "
        "mon préféré, dis rien aux autres'. le formateur a demandé ce qu'on ferait"
    )
    assert "q:story" in message_features(text, ()).once


def test_a_topic_of_study_is_no_concern_for_the_one_who_studies_it():
    text = (
        "my brother (20) is writing his thesis on sextortion and reads me sentences from real "
        "cases at dinner. 'pay or ur mother gets it'. can he not. im eating"
    )
    signals = get_engine().screen(text, "en").signals
    assert {s.context for s in signals if s.category == "sextortion"} == {"general"}
    # Worried about him, it is a concern again.
    worried = "my brother is being blackmailed with a video, the guy says 'pay'. im so scared"
    assert get_screener().screen(worried, "en").action == "escalate"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("a guy writes me 'u have 24h, then ur dad gets ur pic'. what do i do", "en"),
        ("un mec m'écrit \"t'as 24h, après ton père reçoit ta photo\". je fais quoi", "fr"),
        (
            "een gast schrijft mij 'ge hebt 24u, daarna krijgt uw pa uw foto'. wat moet ik doen",
            "nl",
        ),
    ],
)
def test_words_quoted_as_said_to_the_writer_are_the_writers_disclosure(text, language):
    # Seventeenth session: the model read the quoted threat as the writer's own behaviour
    # (held); the writer is the one it was written to.
    assert "q:told" in message_features(text, ()).once
    result = get_screener().screen(text, language)
    assert result.action == "escalate"
    assert {s.kind for s in result.signals if s.category == "sextortion"} == {"disclosure"}


def test_the_models_kind_follows_who_the_words_were_said_to():
    thresholds = {"flag": 0.1, "hold": 0.5, "act": 0.8}
    kinds = {"behaviour": 0.9, "disclosure": 0.1, "concern": 0.0}
    signal = model_signal("sextortion", 0.95, thresholds, kinds, read_otherwise=False)
    assert signal.kind == "behaviour"
    signal = model_signal("sextortion", 0.95, thresholds, kinds, read_otherwise=False, told=True)
    assert signal.kind == "disclosure"
    # The writer's own words, unquoted: no told reading.
    assert "q:told" not in message_features("send me a pic or i post the other one", ()).once


@pytest.mark.parametrize(
    "text",
    [
        "u said 'hes 22 but he gets me better than people my age'. thats what they all say",
        "tu dis « il a 22 ans mais il me comprend ». c'est exactement ce qu'ils disent tous",
        "ge zegt 'hij is 22 mar hij snapt mij'. da zeggen ze allemaal, ge zijt 14",
        "to the guy who wrote 'shouldnt have sent it then': no. its on the one who shares it",
    ],
)
def test_words_quoted_from_the_one_replied_to_make_the_models_guess_unsure(text):
    # Seventeenth session (the sixty-first batch, replies): the quoted words are the other
    # poster's, whose own post was screened; the reply is advice.
    features = message_features(text, ()).once
    assert "q:reply" in features
    assert not any(grounded(c, features) for c in ("grooming", "sexting", "self_harm"))


@pytest.mark.parametrize(
    "text",
    [
        "it was me who wrote 'i want to disappear' on the class padlet. the teacher knows",
        # The writer outside the quote: what the one who said it did to the writer.
        "le mec qui a dit « envoie une photo ou je publie tout » a publié mes photos",
    ],
)
def test_the_writers_own_words_or_story_quoted_are_no_reply(text):
    assert "q:reply" not in message_features(text, ()).once


@pytest.mark.parametrize(
    ("text", "past"),
    [
        (
            "when i was 13 a 19 yo guy messaged me every night on insta. my big sister saw, we "
            "blocked him and he never wrote again. im 17 now",
            True,
        ),
        (
            "kheb hetzelfde meegemaakt vorige zomer. kheb ni betaald, alles geblokkeerd en "
            "gemeld met mijn pa. da's nu een jaar geleden, 't is voorbij",
            True,
        ),
        # Still going on: no past.
        (
            "depuis l'année dernière un mec me harcèle pour des nudes, je l'ai signalé mais rien "
            "ne change",
            False,
        ),
        (
            "i blocked him last year but hes messaging from a new account threatening to send my "
            "pics",
            False,
        ),
        (
            "when i was 13 a guy messaged me every night. i blocked him but now he writes again "
            "from a new account",
            False,
        ),
    ],
)
def test_something_long_ago_and_dealt_with_is_past(text, past):
    assert ("p:past" in message_features(text, ()).once) is past


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("my advice: if someone threatens to post ur pics, don't pay, block and report", True),
        (
            "mon conseil: si qqn menace de publier tes photos, paie pas, bloque et porte plainte",
            True,
        ),
        ("als hij nog eens fotos vraagt blokkeer hem en zeg het tegen uw ma, serieus", True),
        # The writer's own pictures, or the writer asking: no advice.
        ("he threatens to post my pics, should i block him and not pay?", False),
        ("ge zegt ni betalen mar kheb al 2 keer 50 euro betaald en nu wil hij 100", False),
        # A groomer's or a blackmailer's words to "you".
        ("ur so pretty for ur age, wanna meet saturday? dont tell ur parents", False),
        ("all ur followers are gonna see ur video if u dont pay, screenshot this", False),
        # The generic "you" of the writer's own story.
        (
            "when ur 14 and a 25yo guy keeps asking for pics and u dont know whether to block him",
            False,
        ),
    ],
)
def test_advice_to_the_one_read_makes_the_models_guess_unsure(text, advice):
    # Seventeenth session: advice replies ("don't pay, block") were escalated as sextortion.
    features = message_features(text, ()).once
    assert ("a:advice" in features) is advice
    if advice:
        assert not grounded("sextortion", features)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("if a guy asks me for nudes im sending my wallpaper: my hamster in a bathrobe", "general"),
        # It happened before: no hypothesis.
        ("if a guy asks me for nudes again im telling my mum, he already did twice", None),
        ("a guy asks me for nudes every night, what do i do", None),
        # "When" tells what keeps happening.
        ("when a guy online asks me to video call i do what he says, he is 28", None),
    ],
)
def test_a_disclosure_after_if_a_guy_is_a_hypothesis(text, reading):
    readings = {
        s.context for s in get_engine().screen(text, "en").signals if s.category == "grooming"
    }
    assert readings == {reading}


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        (
            '"he says he has my pics and wants 200" → thats sextortion and its a crime. hes the '
            "criminal, not u",
            True,
        ),
        # The writer speaks outside the quote: the writer's own words.
        ("'i want to disappear' is what i tell myself every night", False),
    ],
)
def test_a_reply_that_opens_with_the_posts_words_quotes_them(text, reply):
    assert ("q:reply" in message_features(text, ()).once) is reply


@pytest.mark.parametrize(
    ("text", "glad"),
    [
        (
            "al 6 maanden geen zelfverwonding meer, merci aan iedereen hier die mij gesteund heeft",
            True,
        ),
        ("1 year clean from self harm today 💪", True),
        ("3 mois sans me scarifier, je suis trop fière", True),
        # A turn, an urge or a relapse: no milestone.
        ("1 year clean from self harm today but the urge is back", False),
        ("6 maanden zonder snijden en gisteren weer gedaan", False),
        # A goodbye, a plan or means: no milestone (a review's find).
        (
            "3 mois sans me scarifier, merci à tous. j'ai écrit mes lettres d'adieu, ce soir je "
            "prends tous mes cachets",
            False,
        ),
    ],
)
def test_a_glad_milestone_keeps_the_self_harm_models_guess_at_most_unsure(text, glad):
    # Eighteenth session: the model escalated a thank-you for six months without self-harm.
    features = message_features(text, ()).once
    assert ("p:milestone" in features) is glad
    assert grounded("self_harm", features) is not glad


@pytest.mark.parametrize(
    ("text", "without"),
    [
        (
            "@Maud i used to cut. i started again on saturday",
            "i used to cut. i started again on saturday",
        ),
        (
            "@Inès mes bras sont dans un sale état depuis hier soir",
            "mes bras sont dans un sale état depuis hier soir",
        ),
    ],
)
def test_the_models_do_not_see_a_handle(text, without):
    # Eighteenth session: after a batch of support replies addressed "@name", the self-harm model
    # had learned a handle as a sign of safety ("@Maud i used to cut. i started again on
    # saturday" was published). A handle is an address, not what the message says.
    signals = get_engine().screen(text, "en").signals
    assert any(s.rule == "any.personal_info.handle" for s in signals)
    plain = get_engine().screen(without, "en").signals
    assert message_features(text, signals) == message_features(without, plain)
    scored = get_screener().score(text, "en")
    assert scored is not None
    assert scored.category_scores == get_screener().score(without, "en").category_scores
