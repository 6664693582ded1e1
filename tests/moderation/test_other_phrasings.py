"""Disclosures no rule read, found in the fifteenth session by trying common phrasings in the
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
    ],
)
def test_the_look_alike_does_not_reach_a_counsellor(text, language):
    assert action(text, language) != "escalate"
