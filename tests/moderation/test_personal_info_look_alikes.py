"""Everyday sentences that the personal-details rules used to read as an address, a school or an
e-mail address, and masked in the post (issue 9, fourteenth session): " at " and a full stop, a
Dutch word starting with "st" after "ik ga", a Dutch word ending in "-ring" before a number."""

from __future__ import annotations

import pytest

from cybersquad.rendering import apply_mask
from moderation.screening import get_engine

LOOK_ALIKES = [
    ("she burns her wrist in the toilets at break. idk who to tell", "en"),
    ("we watched films all night. at some point her mum came in", "en"),
    ("die wachtrij is zo lang, ik ga hier sterven", "nl"),
    ("ik ga hem nooit een foto sturen, ik ben niet dom", "nl"),
    ("kga dood van de stress voor dat mondeling", "nl"),
    ("die serie heeft mij kapot gemaakt, aflevering 8 😭", "nl"),
    ("ik snap oefening 5 niet van wiskunde", "nl"),
]


@pytest.mark.parametrize(("text", "language"), LOOK_ALIKES)
def test_an_everyday_sentence_is_not_a_personal_detail(text, language):
    assert not [
        s for s in get_engine().screen(text, language).signals if s.category == "personal_info"
    ]


@pytest.mark.parametrize(
    ("text", "language", "secret"),
    [
        ("mail me: lotte at hotmail.com", "en", "hotmail.com"),
        ("schrijf naar jan punt peeters apenstaart telenet punt be", "nl", "telenet punt be"),
        ("ik zit op st. jozef in lier, 3de jaar", "nl", "jozef"),
        ("ik woon in de Kerkstraat 12 in Lier", "nl", "Kerkstraat 12"),
    ],
)
def test_real_details_are_still_masked(text, language, secret):
    signals = get_engine().screen(text, language).signals
    spans = [s.span for s in signals if s.category == "personal_info"]
    assert spans
    assert secret not in apply_mask(text, spans)
