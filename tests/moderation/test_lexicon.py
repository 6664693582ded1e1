"""The learned models' shared concepts (moderation/screening/lexicon.py): the new self-harm
concepts (plan, means, funeral, goodbye…), pairs of concepts within one message, and concepts
denied (issue 9)."""

from __future__ import annotations

import pytest

from moderation.screening.learned import clean_text
from moderation.screening.lexicon import concepts
from moderation.screening.normalise import normalise


def concepts_of(text: str) -> set[str]:
    return concepts(clean_text(normalise(text)[1].text))


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("j'ai tout prévu pour samedi", "~plan"),
        ("kheb alles gepland voor zaterdag", "~plan"),
        ("picked the date, after my sister's birthday", "~plan"),
        ("nobody would even come to my funeral", "~funeral"),
        ("soms stel ik mij mijn begrafenis voor", "~funeral"),
        ("je me fé du mal tt les soirs", "~self_injury"),
        ("i punch walls until my knuckles bleed", "~self_injury"),
        ("je me vois pas arriver à 18 ans", "~not_exist"),
        ("ik ben moe van het leven", "~not_exist"),
        ("this is the last time you'll hear from me", "~goodbye"),
        ("j'ai pris un dafalgan pour mon mal de tête", "~ailment"),
        ("jveux m'unalive parfois", "~death"),
        ("chui un poids pour eux", "~burden"),
        ("'k wil nie meer leven", "~death"),
        ("i only take up space in this house", "~burden"),
        ("do the world a favour and jump", "~burden"),
        ("look after my cat ok", "~goodbye"),
        ("c'est décidé, samedi soir", "~plan"),
        ("'k heb besloten, vanavond", "~soon"),
        ("de sporen achter het huis van mijn oma", "~heights"),
        ("tell my little sister it's not her fault", "~not_fault"),
        ("zeg aan mijn zus dat het nie haar schuld is", "~not_fault"),
        ("max 400 kcal vandaag", "~starving"),
        ("si t'as faim bois que de l'eau", "~starving"),
        ("le défi c'est une marque par jour, t'oses ?", "~dare"),
        ("le jeu du foulard à la récré", "~choking"),
        ("ur so useless, go all the way", "~go_through"),
        ("a clip of me getting changed", "~intimate_images"),
        ("the video is all over school", "~spread"),
        ("het gaat rond in heel de school", "~spread"),
        ("ge betaalt via payconiq, zoniet", "~pay"),
        ("ge betaalt via payconiq, zoniet", "~threat_condition"),
        ("anders stuur ik het naar uw ouders", "~spread"),
        ("il me menace depuis hier", "~blackmail"),
        ("kwordt afgeperst door iemand van insta", "~blackmail"),
        ("he's blackmailing me", "~blackmail"),
        ("as ge ni betaalt", "~threat_condition"),
        ("si tu payes pas", "~threat_condition"),
        ("send it or he'll do it", "~threat_condition"),
        ("hij wil een steamkaart van 50e", "~pay"),
        ("30 balles en carte neosurf", "~pay"),
        ("he showed everyone in his year", "~spread"),
        ("il a montré à tout le collège", "~spread"),
        ("hij stuurt het naar ma ouders", "~spread"),
        ("anders stuurt hij alles naar mn ouders", "~spread"),
        ("sinon il envoie tout à ma daronne", "~spread"),
        ("send me a pic", "~intimate_images"),
        ("elle répond plus depuis hier soir", "~unreachable"),
        ("hij neemt nie op en zijn gsm staat uit", "~unreachable"),
        ("shes not answering since", "~unreachable"),
        ("jme punis quand jrate un contrôle", "~self_punish"),
        ("als ik een slecht punt heb straf ik mezelf", "~self_punish"),
        ("vous inquiétez pas pour moi quand je serai plus là", "~after_me"),
        ("maak u geen zorgen om mij als ik er nie meer ben", "~after_me"),
        ("dont worry about me when im gone", "~after_me"),
        ("g vidé ma chambre", "~settle_affairs"),
        ("ik geef mijn wachtwoord aan mijn nicht", "~settle_affairs"),
        ("mijn pa heeft een jachtgeweer in de garage", "~firearm"),
        ("every day is the same, pretend pretend", "~hopeless"),
        ("ge moet geen plaats voor mij houden op kamp", "~absent_future"),
        ("not gonna be around for results day", "~absent_future"),
        ("jsuis la honte de la famille", "~worthless"),
        ("ik ga ze een dienst bewijzen", "~burden"),
        ("mijn fiets weggeschonken", "~give_away"),
        ("kauw kauwgom als ge honger hebt", "~starving"),
        ("j'ai laissé une enveloppe pour mes parents", "~goodbye"),
        # Sexting with no picture words (issue 9, sexting round); written for this test.
        ("arrête de faire ta coincée", "~prude"),
        ("zijt ge preuts of wat", "~prude"),
        ("everyone does it, chill", "~prude"),
        ("si tu m'aimais tu dirais oui", "~love_test"),
        ("als je echt van mij houdt doe je het", "~love_test"),
        ("if u really loved me youd do it", "~love_test"),
        ("envoie un ptit truc de toi stp", "~unnamed_sent"),
        ("kheb gestuurd wat hij vroeg", "~unnamed_sent"),
        ("i wanna see more of you", "~unnamed_sent"),
        ("enlève ton t-shirt", "~undress"),
        ("trek uw trui eens uit", "~undress"),
        ("take off ur hoodie", "~undress"),
        ("hij stuurde een foto van zijn piemel", "~genitals"),
        ("a pic of his junk", "~genitals"),
        ("je regrette tellement", "~regret"),
        ("had ik da maar nooit gestuurd", "~regret"),
        ("i shouldnt have sent it", "~regret"),
        ("mon mec insiste", "~partner"),
        ("mn lief zaagt", "~partner"),
        ("her bf keeps asking", "~partner"),
        ("ils m'ont filmée", "~filmed"),
        ("ze hebben mij gefilmd", "~filmed"),
        ("he screen recorded it", "~filmed"),
        ("da filmke gaat rond", "~intimate_images"),
        ("nobody will see it i promise", "~secrecy"),
        ("il le fait tourner à tout le monde", "~spread"),
        ("rechute. 97 jours foutus", "~relapse"),
        ("kzat 3 maand clean en nu terugval", "~relapse"),
        ("i was clean for 3 months and i relapsed", "~relapse"),
        ("everyone would be better off if i wasnt here", "~burden"),
        ("jme sens de trop chez moi", "~burden"),
        ("kan ni meer, echt ni", "~hopeless"),
        ("i dont deserve food today", "~starving"),
        ("kverdien geen eten vandaag", "~starving"),
        ("je cours aux toilettes pour tout recracher", "~starving"),
        ("steek uw vinger in uw keel", "~starving"),
        ("quand ça va mal je tape dans le mur", "~self_injury"),
        ("smashed my fist into the door", "~self_injury"),
        ("ze doen de blackout challenge", "~choking"),
        ("retenir son souffle jusqu'à tomber", "~choking"),
        ("hoeveel verdiepingen moet ge hebben", "~heights"),
        ("hoodies so nobody sees my arms", "~hiding"),
        ("soms hoop ik da ik ni meer wakker word", "~sleep_forever"),
        ("thinking of ctb this weekend", "~death"),
        ("looked up how long it takes to drown", "~means"),
    ],
)
def test_a_message_expresses_its_concept_in_any_language(text, concept):
    assert concept in concepts_of(text)


def test_an_amount_is_not_read_as_leetspeak():
    # "50e" is fifty euros and "3e" a school year, not "soe" and "ee".
    assert normalise("betaal 50e of 100eur, ik zit in het 3e")[1].text == (
        "betaal 50e of 100eur, ik zit in het 3e"
    )


@pytest.mark.parametrize(
    "text",
    [
        "20 cachets de 500mg",
        "3x500 mg",
        "ik heb 40mg genomen",
        "5km gelopen, 100m sprint",
        "10kg en 2cm",
        "10l water en 5ml siroop",
        "om 3h30 of 4am",
    ],
)
def test_a_dose_a_distance_or_a_time_is_not_read_as_leetspeak(text):
    # "500mg" was read "soomg" and "5km" "skm": the number (a dose, a distance) was lost.
    assert normalise(text)[1].text == text


def test_leetspeak_that_starts_with_a_digit_is_still_read():
    assert normalise("5ex")[1].text == "sex"


def test_concepts_in_one_message_also_count_as_a_pair():
    found = concepts_of("ran 5k in pe, i want to die")
    assert "~death+~exercise" in found


def test_pairs_are_taken_per_message_in_a_conversation():
    found = concepts("ran 5k in pe | i want to die")
    assert "~death+~exercise" not in found


def test_a_denied_concept_is_marked_as_denied():
    assert "~no:self_injury" in concepts_of("no honestly i'm not thinking about hurting myself")


def test_no_longer_wanting_to_live_is_not_a_denial():
    assert "~no:death" not in concepts_of("je veux plus vivre")


def test_being_clean_again_is_recovery_and_coming_back_to_it_a_relapse():
    # They share their words ("clean", "months"): a model must be able to tell them apart.
    assert "~relapse" not in concepts_of("3 mois clean, trop fière de moi")
    assert "~recovery" in concepts_of("3 mois clean, trop fière de moi")
    assert "~relapse" in concepts_of("3 mois clean et hier j'ai recommencé")


@pytest.mark.parametrize(
    "text",
    ["i just wanna die", "honestly i'd rather die", "sometimes i hope i die in my sleep"],
)
def test_an_english_wish_to_die_is_death(text):
    assert "~death" in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    ["stuur die foto nog eens", "die gast van 3b is zo grappig", "i need to diet before summer"],
)
def test_dutch_die_and_a_diet_are_not_death(text):
    assert "~death" not in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    ["been numb for weeks", "ik voel niks meer", "je sens plus rien", "it's like i'm behind glass"],
)
def test_numbness_is_its_own_concept(text):
    assert "~numb" in concepts_of(text)


@pytest.mark.parametrize(
    "text", ["i count the numbers in maths", "numbers on the board", "ik voel me niet goed"]
)
def test_a_longer_word_or_feeling_unwell_is_not_numbness(text):
    # "numb$" is a whole word: "number" does not start numbness.
    assert "~numb" not in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    ["nobody would miss you, go on", "personne te regretterait", "niemand gaat u missen"],
)
def test_nobody_missing_someone_is_unmissed(text):
    assert "~unmissed" in concepts_of(text)


def test_missing_the_bus_is_not_unmissed():
    assert "~unmissed" not in concepts_of("nobody missed the bus, we all made it")


@pytest.mark.parametrize(
    "text",
    [
        "nobody will know until morning",
        "daarna hoeft niemand mij nog te zoeken",
        "personne saura avant demain",
    ],
)
def test_leaving_unnoticed_is_a_concept(text):
    assert "~unnoticed" in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "lol anyway im gonna go starve some more",
        "kga nog wat verder verhongeren",
        "je vais arreter de manger",
        "she stopped eating after that",
    ],
)
def test_stopping_eating_in_ordinary_words_is_starving(text):
    assert "~starving" in concepts_of(text)


@pytest.mark.parametrize(
    "text", ["on mange a la cantine", "we eten pasta vanavond", "eating pizza with the team"]
)
def test_ordinary_eating_is_not_starving(text):
    assert "~starving" not in concepts_of(text)


@pytest.mark.parametrize(
    "text", ["morgen zijt ge voorgoed van mij verlost", "soon you'll all get some peace"]
)
def test_being_rid_of_the_writer_is_a_burden(text):
    assert "~burden" in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "je connais qqn qui se brule avec un briquet",
        "kken iemand die zichzelf brandt",
        "she hurts herself when she's alone",
        "lol i'll just keep quietly destroying myself",
    ],
)
def test_self_injury_told_of_someone_else_or_in_general_words(text):
    assert "~self_injury" in concepts_of(text)


def test_a_burnt_pizza_is_not_self_injury():
    assert "~self_injury" not in concepts_of("la pizza se brule, sors-la du four")


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("si t'as le cran, tu prends toute la plaquette", "~pills"),
        ("take the whole strip", "~pills"),
        ("if you've got the guts", "~courage_act"),
        ("als ge lef hebt", "~dare"),
        ("we've got a bet in the gc that you won't", "~dare"),
        ("she searched how to die without pain", "~means"),
        ("a lad bangs his head on the toilet walls", "~self_injury"),
    ],
)
def test_means_dares_and_self_injury_in_other_words(text, concept):
    assert concept in concepts_of(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [("a comic strip for art class", "~pills"), ("ik heb een bet gewonnen", "~dare")],
)
def test_their_look_alikes_stay_apart(text, concept):
    assert concept not in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "jme degoute trop",
        "kwalg van mezelf",
        "i'm disgusting so i don't get dinner",
        "je suis une erreur",
    ],
)
def test_self_disgust_is_worthlessness(text):
    assert "~worthless" in concepts_of(text)


def test_disgusting_food_is_not_worthlessness():
    assert "~worthless" not in concepts_of("this canteen food is disgusting")


@pytest.mark.parametrize("text", ["ce soir c'est la fin", "this is the end, sorry"])
def test_an_end_announced_is_finality(text):
    assert "~finality" in concepts_of(text)


# Fourteenth batch (issue 9, helper shround2): a wish for an accident.
@pytest.mark.parametrize(
    "text",
    [
        "des fois j'espère que le bus rate son virage avec moi dedans",
        "soms hoop ik da de bus uit de bocht gaat met mij erin",
        "sometimes i hope the bus misses the turn with me on it",
        "j'aimerais avoir un accident en rentrant",
        "kzou willen da ik een ongeluk krijg op weg naar huis",
        "i hope a car hits me on the way home",
    ],
)
def test_a_wish_for_an_accident(text):
    assert "~accident_wish" in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "je l'ai lu par accident",
        "ik las het per ongeluk",
        "i read it by accident",
        "le bus était plein, je suis monté avec Inès",
        "the song hits me every time",
    ],
)
def test_an_accident_by_mistake_is_not_a_wish(text):
    assert "~accident_wish" not in concepts_of(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("y avait des photos d'une fille de genre 8 ans", "~young_age"),
        ("qu'elle a 7 ans max", "~young_age"),
        ("een filmpje van een meisje van 8 jaar", "~young_age"),
        ("een 6-jarige", "~young_age"),
        ("pics of a girl like 8 years old", "~young_age"),
        ("a 7yo in the video", "~young_age"),
        ("il demande des photos de mon petit frère", "~little_sibling"),
        ("le copain de ma mère filme ma petite sœur", "~little_sibling"),
        ("hij vroeg fotos van mijn broertje", "~little_sibling"),
        ("he asked for pics of my little sister", "~little_sibling"),
        ("une vidéo de petites filles", "~child"),
        ("een filmpje van een klein meisje", "~child"),
        ("got pics of young girls?", "~child"),
    ],
)
def test_a_young_child_by_age_or_as_a_little_sibling(text, concept):
    assert concept in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "il y a 8 ans on habitait à Namur",
        "ça fait 3 ans que je joue au foot",
        "8 jaar geleden zijn we verhuisd",
        "ik ben 14 jaar",
        "that was 8 years ago",
        "i'm 15 years old",
        "une fille de 12 ans",
    ],
)
def test_years_ago_and_a_teen_s_age_are_not_a_young_age(text):
    assert "~young_age" not in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    ["mon grand frère", "mijn grote zus", "my big sister", "un petit déjeuner", "kleine broek"],
)
def test_an_older_sibling_is_not_a_little_sibling(text):
    assert "~little_sibling" not in concepts_of(text)


# Fifteenth batch (issue 9, helper shimplicit): saying something now because there will be no
# later, and a story ready for marks.
@pytest.mark.parametrize(
    "text",
    [
        "je voulais vous le dire tant que je peux encore",
        "ik wou 't u zeggen nu 't nog kan",
        "wanted to tell you while i still can",
        "merci pour tout avant qu'il soit trop tard",
        "zolang ik er nog ben wil ik da ge da weet",
    ],
)
def test_telling_while_one_still_can(text):
    assert "~while_i_can" in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "enjoy the sun while you still can",
        "profitez des soldes tant que vous pouvez",
        "kan ik nog meedoen als het kan?",
        "je peux encore venir ce soir?",
    ],
)
def test_an_offer_to_others_is_not_while_i_can(text):
    assert "~while_i_can" not in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "si qqn demande pour ma main, c le four",
        "als iemand vraagt naar mijn arm, 't is van de kat",
        "i tell everyone the bruises are from football",
        "kheb gezegd da'k tegen de deur geknald ben",
        "je dis à tout le monde que c'est le chat",
    ],
)
def test_a_story_ready_for_marks_is_a_cover_story(text):
    assert "~cover_story" in concepts_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "je dis que c'est une bonne idée",
        "if you have questions ask me",
        "ik zeg da ge gelijk hebt",
        "she told everyone about the party",
    ],
)
def test_an_opinion_or_a_question_is_not_a_cover_story(text):
    assert "~cover_story" not in concepts_of(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("skipped dinner again", "~starving"),
        ("weer 't avondeten overgeslagen", "~starving"),
        ("mon code de téléphone c 1408, comme ça vous aurez tout", "~settle_affairs"),
        ("j'ai tout réglé", "~settle_affairs"),
        ("j'ai tout effacé sur mon tel", "~settle_affairs"),
        ("kheb alles van mijn gsm gewist", "~settle_affairs"),
        ("wiped everything off my phone", "~settle_affairs"),
    ],
)
def test_more_words_for_meals_skipped_and_affairs_settled(text, concept):
    assert concept in concepts_of(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("i just want to vanish", "~death"),
        ("sometimes i wish i could vanish for good", "~death"),
        ("i want to erase myself from everyone's life", "~burden"),
        ("ik wil mezelf uitwissen uit ieders leven", "~burden"),
    ],
)
def test_vanishing_and_erasing_oneself_read_like_disappearing(text, concept):
    assert concept in concepts_of(text)


@pytest.mark.parametrize(
    "text", ["turn on vanish mode before you send it", "the vanishing point in our drawing"]
)
def test_instagrams_vanish_mode_and_a_vanishing_point_are_not_a_wish_to_die(text):
    assert "~death" not in concepts_of(text)
