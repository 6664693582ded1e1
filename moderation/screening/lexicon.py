"""Concepts shared by French, Dutch and English, as features for the learned models.

A few hundred messages per category are too few for a model to learn that "cachets",
"pillen" and "pills" mean the same thing, or that "mieux sans moi" and "beter af zonder mij"
are one thought. Each concept below lists the beginnings of words (on the folded text: lower
case, no accents) and short phrases that express it in the three languages; a message that
contains one gets the feature ``~concept``. The model learns how much each concept weighs and
in which company; a concept alone decides nothing.
"""

from __future__ import annotations

import re

CONCEPTS: dict[str, tuple[str, ...]] = {
    # Self-harm and suicide.
    "death": (
        "mourir", "mourr", "meurs", "crever", "creve", "mort", "suicid", "me tuer", "me pendre",
        "en finir", "dood", "sterven", "zelfmoord", "mezelf van kant", "er een einde aan",
        "einde maken", "die", "dying", "dead", "death", "kill myself", "kms", "end it",
        "end my life", "hang myself", "disparaitre", "verdwijnen", "disappear", "not be here",
        "plus etre la", "er niet meer zijn", "niet meer leven", "plus vivre", "stop living",
    ),
    "sleep_forever": (
        "plus me reveiller", "jamais me reveiller", "pas me reveiller", "niet meer wakker",
        "nooit meer wakker", "niet wakker", "wake up", "dormir pour toujours", "voor altijd slapen",
        "sleep forever",
    ),
    "goodbye": (
        "adieu", "au revoir", "dernier message", "dernier post", "derniere fois", "afscheid",
        "vaarwel", "laatste bericht", "laatste keer", "goodbye", "last post", "last message",
        "last time", "farewell", "lettre", "brief", "letter", "je suis prete", "je suis pret",
        "ik ben klaar", "im ready", "i'm ready",
    ),
    "give_away": (
        "donne mes", "donne ma", "donne mon", "rendu ses", "rendu mes", "weggegeven", "gegeven aan",
        "weggeven", "give away", "gave away", "given away", "giving away", "gave my", "gave him my",
        "gave her my",
    ),
    "pills": (
        "cachet", "medoc", "medicament", "pilule", "comprime", "somnifer", "doliprane",
        "paracetamol", "pil", "medicijn", "slaappil", "dafalgan", "pills", "meds", "overdos",
        "sleeping pill",
    ),
    "cutting": (
        "me couper", "me coupe", "scarif", "lame", "rasoir", "cicatrice", "snijd", "sneed",
        "gesneden", "kras", "mesje", "scheermes", "litteken", "cut myself", "cutting", "blade",
        "razor", "scars", "self harm", "selfharm", "automutil", "me faire du mal",
        "mezelf pijn", "hurt myself",
    ),
    "burden": (
        "mieux sans moi", "sans moi", "fardeau", "un poids", "beter af zonder", "zonder mij",
        "tot last", "better off without", "without me", "burden", "en trop", "teveel",
        "too much for everyone",
    ),
    "worthless": (
        "sers a rien", "sert a rien", "nul", "me deteste", "me hais", "waardeloos", "haat mezelf",
        "niks waard", "worthless", "useless", "hate myself", "merite pas", "verdien het niet",
        "don't deserve", "dont deserve",
    ),
    "hopeless": (
        "plus envie", "plus la force", "en peux plus", "aucun sens", "sert a quoi", "geen zin",
        "kan niet meer", "zie het niet meer zitten", "hou het niet meer", "no point", "pointless",
        "can't anymore", "cant anymore", "can't do this", "cant do this", "vide", "leeg",
        "empty", "tired of everything", "moe van alles", "fatigue de tout",
    ),
    # Sextortion.
    "pay": (
        "paie", "payer", "paye", "argent", "euro", "balles", "fric", "thune", "betaal", "geld",
        "pay", "money", "cash", "robux", "v-bucks", "vbucks", "carte cadeau", "giftcard",
        "gift card", "paysafe", "bitcoin", "crypto", "virement", "overschrijving",
    ),
    "threat_condition": (
        "sinon", "si tu ne", "si tu paies pas", "si je paie pas", "sauf si", "anders",
        "als je niet", "als ik niet", "tenzij", "or else", "unless", "if you don't", "if you dont",
        "if i don't", "if i dont", "or i'll", "or ill",
    ),
    "spread": (
        "publier", "publie", "balancer", "balance", "diffuser", "envoyer a tous", "envoyer a toute",
        "a tes parents", "a ta classe", "a mes parents", "a ma classe", "online zetten",
        "online zet", "doorsturen", "doorstuurt", "rondsturen", "verspreiden", "naar je ouders",
        "naar mijn ouders", "naar je klas", "leak", "post them", "post it", "send them to",
        "send it to", "share them", "to your parents", "to my parents", "to everyone",
        "a tout le monde", "naar iedereen", "iedereen",
    ),
    "intimate_images": (
        "nude", "noods", "photo nue", "photos nues", "toute nue", "tout nu", "a poil", "intime",
        "sous-vet", "sous vet", "naakt", "bloot", "naaktfoto", "ondergoed", "nudes", "naked",
        "underwear", "pics", "photo", "foto", "video", "filmpje", "vid", "webcam", "snap",
    ),
    # Grooming.
    "age_gap": (
        "ans de plus", "plus vieux", "plus agee", "adulte", "majeur", "jaar ouder", "volwassen",
        "oudere", "older", "grown", "adult", "years older", "years old", "yo",
    ),
    "secrecy": (
        "secret", "dis rien", "dis pas", "dis a personne", "entre nous", "zeg niks",
        "zeg niets", "zeg het aan niemand", "tussen ons", "geheim", "don't tell", "dont tell",
        "between us", "our secret", "no one needs to know", "niemand moet", "personne doit",
        "efface", "wis", "delete",
    ),
    "meeting": (
        "se voir", "se voie", "rencontrer", "rendez-vous", "rdv", "viens chez", "je viens te",
        "passer te chercher", "afspreken", "afspraak", "ontmoeten", "kom naar", "oppikken",
        "meet", "come over", "pick you up", "hotel", "gare", "station",
    ),
    "gifts": (
        "cadeau", "offrir", "t'offre", "acheter", "cadeaus", "kado", "cadeautje", "geven",
        "gift", "buy you", "robux", "v-bucks", "vbucks", "skin", "recharge", "opladen",
    ),
    "private_channel": (
        "snap", "whatsapp", "telegram", "discord", "insta", "en prive", "en mp", "dm",
        "prive", "privé", "priveberich", "kik", "signal", "wickr", "other app", "autre appli",
        "andere app",
    ),
    "flattery": (
        "mature", "mignon", "belle", "canon", "jolie", "sexy", "hot", "knap", "mooi", "schattig",
        "cute", "pretty", "beautiful", "special", "speciale", "speciaal", "comprends mieux",
        "begrijp je beter", "understand you",
    ),
    "alone": (
        "seule", "seul", "tes parents", "alleen", "je ouders", "alone", "your parents",
        "ur parents", "home alone",
    ),
    # Child-abuse images.
    "child": (
        "enfant", "gamin", "gosse", "petite fille", "petit garcon", "fillette", "bebe", "mineur",
        "kind", "kinderen", "kindje", "kleuter", "minderjarig", "child", "kid", "little girl",
        "little boy", "minor", "underage", "toddler", "baby", "jarige",
    ),
    "abuse_material": (
        "pedo", "pedopornograph", "kinderporno", "cp", "csam", "child porn", "abus", "misbruik",
        "viol", "verkracht", "abuse", "molest", "pthc",
    ),
    # Bullying.
    "insult": (
        "pute", "salope", "connard", "conne", "batard", "pd", "gros", "grosse", "moche", "debile",
        "sale", "kut", "hoer", "slet", "dikke", "lelijk", "mongool", "homo", "loser", "bitch",
        "slut", "whore", "ugly", "fat", "retard", "idiot", "stupid", "dumb",
    ),
    "exclusion": (
        "se moque", "moquent", "rigolent", "exclu", "personne ne m'aime", "tout le monde me",
        "lachen me uit", "uitgelachen", "buitengesloten", "gepest", "pesten", "niemand wil",
        "laugh at me", "make fun", "bullied", "left out", "nobody likes", "everyone hates",
        "harcel", "fake account", "faux compte", "nepaccount", "groupe", "groep", "group chat",
    ),
    "harm_threat": (
        "je vais te", "on va te", "t'es mort", "tu vas voir", "ik ga je", "we gaan je",
        "je bent dood", "ge zijt dood", "i'm gonna", "im gonna", "we're gonna", "you're dead",
        "youre dead", "watch your back", "kys", "kill yourself", "va te pendre", "pend toi",
        "spring van", "jump off",
    ),
    # Someone else, for concern.
    "someone_else": (
        "ma meilleure", "mon meilleur", "ma pote", "mon pote", "ma copine", "mon copain",
        "ma soeur", "mon frere", "ma cousine", "mon cousin", "une fille de ma", "un gars de ma",
        "mijn beste", "mijn vriendin", "mijn vriend", "mijn zus", "mijn broer", "mijn nicht",
        "mijn neef", "mijn maat", "een meisje uit", "my best", "my friend", "my sister",
        "my brother", "my cousin", "a girl in my", "a guy in my", "my bff", "my bestie",
    ),
    # Asking what to do: often a disclosure or a concern.
    "help_me": (
        "je fais quoi", "quoi faire", "aidez", "aide moi", "help", "wat moet ik", "wat doe ik",
        "what do i do", "what should i do", "i need help", "hulp",
    ),
}

# A phrase starts at a word boundary and may end inside a word (it is the beginning of one),
# except phrases of fewer than four letters, which must be whole words ("cp", "yo", "pil").
_ALTERNATION = "|".join(
    re.escape(phrase) + (r"\b" if len(phrase) < 4 else "")
    for phrase in sorted(
        {phrase for phrases in CONCEPTS.values() for phrase in phrases}, key=len, reverse=True
    )
)
_PHRASES = re.compile(rf"\b(?:{_ALTERNATION})")
_CONCEPTS_OF: dict[str, tuple[str, ...]] = {}
for _concept, _phrases in CONCEPTS.items():
    for _phrase in _phrases:
        _CONCEPTS_OF[_phrase] = (*_CONCEPTS_OF.get(_phrase, ()), _concept)


def concepts(clean: str) -> set[str]:
    """The concepts a cleaned, folded text expresses, as features (``~death``, ``~pay``…)."""
    found: set[str] = set()
    for match in _PHRASES.finditer(clean):
        for concept in _CONCEPTS_OF.get(match[0], ()):
            found.add("~" + concept)
    return found
