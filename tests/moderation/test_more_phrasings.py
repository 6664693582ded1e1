"""Disclosures no rule read, found in the sixteenth session by trying common phrasings in the
three languages (issue 9), and the everyday look-alikes of the rules written for them."""

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
