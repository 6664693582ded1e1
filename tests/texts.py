"""Messages that many tests write, in one place: what screening should make of each is part of
the name (a change to the screening rules shows here first)."""

# Grooming (French): flattery, age, secrecy and a request for a picture, in one message.
GROOMING_FR = (
    "t'es trop mignonne, t'as quel âge ? dis rien à tes parents et envoie-moi une photo de toi "
    "en sous-vêtements sur snap"
)
# A request for an intimate picture (French), on its own.
PICTURE_REQUEST_FR = "Envoie-moi une photo de toi en sous-vêtements"
# Secrecy asked of a child (Dutch).
SECRECY_NL = "zeg niks tegen hen, dit blijft tussen ons"
# Sextortion, told by the young person it happens to.
SEXTORTION_FR = (
    "Il menace d'envoyer mes nudes à toute ma classe si je lui paie pas 200 euros ce soir"
)
SEXTORTION_NL = (
    "Hij dreigt mijn naaktfoto's naar iedereen te sturen als ik hem geen 200 euro betaal."
)
# Self-harm (French), said directly.
SELF_HARM_FR = "je veux plus vivre, j'ai envie de mourir, personne le remarquerait"
# Worried about someone else (Dutch): a friend blackmailed with her pictures.
CONCERN_NL = "mijn beste vriendin wordt gechanteerd met haar naaktfoto's, wat moet ik doen?"
# Bullying (French): an insult aimed at another member.
BULLYING_FR = "Tu es nul, tout le monde se moque de toi au collège."
# Contact details (French): a Belgian mobile number.
PHONE_FR = "Appelle-moi au 0470 12 34 56 si tu veux en parler"

# Harmless forum texts (French).
PRIVACY_TITLE_FR = "Comment rendre mon compte privé ?"
PRIVACY_QUESTION_FR = "Je voudrais que seuls mes amis voient mes photos."
NOBODY_TO_TALK_TO_FR = "Je ne sais pas à qui parler."
