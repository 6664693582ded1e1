"""Disclosures no rule read, found in the fifteenth and sixteenth sessions by trying common
phrasings in the three languages (issue 9), and the everyday look-alikes of the rules written
for them."""

from __future__ import annotations

import pytest

from moderation.screening.learned import get_screener

# With the committed models on, as in production.
pytestmark = pytest.mark.usefixtures("screening_models")


def action(text: str, language: str) -> str:
    return get_screener().screen(text, language).action


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("my sister said shes going to kill herself tonight", "en"),
        ("ma soeur a dit qu'elle allait se tuer ce soir", "fr"),
        ("mijn zus zei dat ze zich vanavond gaat zelfmoorden", "nl"),
        ("no one will miss me", "en"),
        ("i dont deserve to live", "en"),
        ("havent eaten in 3 days on purpose", "en"),
        ("ik steek mijn vinger in mijn keel na elke maaltijd", "nl"),
        (
            "jsuis en train de me faire arnaquer, une meuf m'a fait me montrer en "
            "cam et mtn elle veut 500 balles",
            "fr",
        ),
        ("il a 27 ans et moi 13, il veut qu'on se voie en secret", "fr"),
        ("je me frappe la tête contre le mur quand ça va pas", "fr"),
        ("i dont have the strength to keep going", "en"),
        ("ik heb de kracht niet meer om door te gaan", "nl"),
        ("bought a rope today", "en"),
        ("kheb een touw gekocht", "nl"),
        ("j'ai acheté une corde", "fr"),
        ("hier soir je me suis coupée, personne le sait", "fr"),
        ("je ne pense plus qu'à me tuer", "fr"),
        ("kheb mij vannacht gesneden", "nl"),
        (
            "mon prof particulier me touche la cuisse pendant les cours et dit que c'est normal",
            "fr",
        ),
        ("my tutor touches my thigh during lessons and says its normal", "en"),
        ("mijn bijlesleraar raakt mijn dij aan tijdens de les en zegt dat da normaal is", "nl"),
        ("le mec de tiktok m'a envoyé 50€ en carte cadeau et veut des photos en retour", "fr"),
        ("hij zei dat ik onze berichten moet verwijderen zodat mijn ma ze ni ziet", "nl"),
        ("my friend is 13 and dating a 22 year old she met on snap", "en"),
        ("they took a pic of me in the shower in the changing room and posted it", "en"),
        ("ils ont pris une photo de moi sous la douche au vestiaire et l'ont postée", "fr"),
        # Text-speak and short plans.
        ("jveu m tuer ce soir jpp", "fr"),
        ("g pri tt les médocs de ma mère", "fr"),
        ("je me suis taillé les veines hier", "fr"),
        ("slit my wrists yesterday", "en"),
        ("kheb mijn polsen opengesneden gisteren", "nl"),
        ("kwil mij vanavond van kant maken", "nl"),
        ("morgen spring ik, het is beslist", "nl"),
        ("tomorrow i jump, its decided", "en"),
        ("wesh il a mes noodz et il veut 200 balles", "fr"),
        ("she said send a pic of my boobs or shell tell everyone im gay", "en"),
        ("tonight is the last time youll see me", "en"),
        ("ce soir c'est la dernière fois que vous me voyez", "fr"),
        ("vanavond zien jullie mij voor het laatst", "nl"),
        ("i think im overdosing", "en"),
        ("je suis en train de faire une overdose je crois", "fr"),
        ("my stepdad comes into the bathroom when im in the shower", "en"),
        ("mon beau-père entre dans la salle de bain quand je me douche", "fr"),
        ("mijn stiefvader komt de badkamer binnen als ik douche", "nl"),
        # Sixteenth session: disclosures no rule read.
        # Self-harm again, pills taken by the handful, a friend's cuts.
        ("je me suis encore fait du mal, les marques sont sur mes hanches", "fr"),
        ("je me suis de nouveau fait du mal", "fr"),
        ("je me frappe quand je rate un truc", "fr"),
        ("i took a bunch of my mums sleeping pills an hour ago and feel weird", "en"),
        ("j'ai pris plein de somnifères de ma mère il y a une heure", "fr"),
        ("ik heb veel pillen genomen", "nl"),
        ("my best friend has cuts all over her arms and made me promise not to tell", "en"),
        ("mijn vriendin heeft snijwonden op haar armen", "nl"),
        # Afraid of what one might do; ways looked up; a train.
        ("im scared of what im going to do tonight", "en"),
        ("j'ai peur de ce que je vais faire ce soir", "fr"),
        ("kben bang voor wat ik vanavond ga doen", "nl"),
        ("je vois plus l'intérêt de rien, j'ai cherché des moyens sur internet", "fr"),
        ("ik zie het nut van niks meer in, kheb online manieren opgezocht", "nl"),
        ("j'ai cherché combien de doliprane il faut", "fr"),
        ("je pense tout le temps à me jeter sous le train en allant à l'école", "fr"),
        ("ik denk de hele tijd aan voor de trein springen als ik naar school ga", "nl"),
        # More pictures demanded, the first ones threatened.
        ("he said if i dont send more he'll post the first one", "en"),
        ("si j'en envoie pas une autre il met la première sur insta", "fr"),
        ("hij zei als ik er geen nieuwe stuur zet hij de eerste op de insta van school", "nl"),
        (
            "il a enregistré notre facetime sans que je sache et maintenant il veut de l'argent",
            "fr",
        ),
        # Adults at night, a picture in a towel, his place when his wife is away, car secrets.
        ("my stepbrother comes into my room at night and i dont know what to do", "en"),
        ("mon demi-frère vient dans ma chambre la nuit et je sais pas quoi faire", "fr"),
        ("de vriend van mijn ma kruipt 's nachts in mijn bed", "nl"),
        (
            "someone i met gaming sent me a hoodie to my house and now wants a pic of me "
            "wearing only that",
            "en",
        ),
        ("il veut une photo de moi avec juste une serviette", "fr"),
        ("hij wil een foto van mij met enkel een handdoek", "nl"),
        ("my tutor said we can do extra lessons at his place when his wife is away", "en"),
        (
            "mon prof particulier dit qu'on peut faire des cours chez lui quand sa femme "
            "est pas là",
            "fr",
        ),
        ("mijn bijlesleraar zegt dat we les kunnen doen bij hem thuis als zijn vrouw weg is", "nl"),
        (
            "mon coach me ramène et dit que ce qui se passe dans la voiture reste dans la voiture",
            "fr",
        ),
        ("mijn coach brengt mij naar huis en zegt wat in de auto gebeurt blijft in de auto", "nl"),
        ("il me demande tout le temps ce que je porte et dit que je suis son petit secret", "fr"),
    ],
)
def test_the_disclosure_escalates(text, language):
    assert action(text, language) == "escalate"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("mon pote veut qu'on se voie samedi pour jouer à fifa", "fr"),
        ("on a acheté une corde pour le camp scout", "fr"),
        ("bought a rope for the tug of war at sports day", "en"),
        ("nobody will miss me at the party anyway, im staying home to game", "en"),
        ("ma soeur va se tuer à la tâche avec ses examens", "fr"),
        (
            "my friend got me to show myself at the talent show and now she wants "
            "5 euros for the ticket",
            "en",
        ),
        ("my coach touches me on the shoulder to fix my stance", "en"),
        ("mamie m'a envoyé 20€ pour mon anniv et veut une photo de moi avec le gâteau", "fr"),
        ("my sister is 24 and dating a 26 year old from her work", "en"),
        (
            "we took pics in the changing room after the match and posted them, so "
            "proud of the team",
            "en",
        ),
        ("hier soir je me suis coupé le doigt en épluchant les patates", "fr"),
        ("le médecin m'a touché le ventre pour vérifier l'appendicite", "fr"),
        ("mon oncle me caresse les cheveux quand je suis triste, c'est mignon", "fr"),
        ("the physio felt my leg to see if the muscle was torn", "en"),
        ("de kine betastte mijn been om te zien of de spier gescheurd is", "nl"),
        ("someone took a pic of me changing my profile pic lol and posted it", "en"),
        ("jvais m tuer de rire avec cette vidéo", "fr"),
        ("je me suis taillé les cheveux hier", "fr"),
        ("morgen spring ik van de hoge plank in het zwembad, beslist", "nl"),
        ("send the pic of the homework or hell tell the teacher we didnt do it lol", "en"),
        ("today is the last time youll see me with braces, getting them off tomorrow", "en"),
        ("im overdosing on coffee before this exam lol", "en"),
        ("mon petit cousin entre dans la salle de bain quand je me brosse les dents", "fr"),
        # Sixteenth session: the look-alikes of its rules.
        ("my grandpa takes loads of pills every morning for his heart", "en"),
        ("took a bunch of pics at the concert last night", "en"),
        ("ma grand-mère prend plein de cachets le matin pour son coeur", "fr"),
        ("mijn opa neemt veel pillen voor zijn hart", "nl"),
        ("my sister has scratches all over her arms from our new kitten", "en"),
        ("ma soeur a des griffures sur les bras à cause du nouveau chaton", "fr"),
        ("if i dont send more memes he'll send the old ones again lol", "en"),
        ("als ik geen nieuwe meme stuur stuurt hij de oude memes opnieuw haha", "nl"),
        ("im scared of what im going to do after high school", "en"),
        ("j'ai peur de ce que je vais faire après le bac", "fr"),
        ("j'ai cherché combien de doliprane il faut pour une migraine", "fr"),
        ("ik denk eraan om van de duikplank te springen op het kamp", "nl"),
        ("my stepbrother comes into my room at night to borrow my charger lol", "en"),
        ("my aunt wants a pic of me wearing the scarf she knitted", "en"),
        ("my uncle said i can stay at his place when my parents are away", "en"),
        ("my mate said what happens at the sleepover stays at the sleepover lol", "en"),
        ("ma pote a dit que ce qui se passe à la soirée reste à la soirée mdr", "fr"),
        ("je me tape des barres quand je vois ça", "fr"),
    ],
)
def test_the_look_alike_does_not_reach_a_counsellor(text, language):
    assert action(text, language) != "escalate"
