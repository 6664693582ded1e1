"""Topic lists say who asked and whether a professional answered, and carry what the device
needs to mark new questions and replies (cybersquad/static/cybersquad/reading.js)."""

from __future__ import annotations

import pytest

from forum import services as forum_services
from tests.conftest import make_user


@pytest.mark.django_db
def test_lists_name_the_asker_and_a_professional_answer(member, topic, visitor):
    home = visitor.get("/nl/").content.decode()
    assert "gevraagd door lotte" in home
    assert "Antwoord van een hulpverlener" not in home
    counsellor = make_user("hulp_ines", role="counsellor", language="nl")
    forum_services.reply_create(topic, author=counsellor, body="Praat erover met iemand.")
    for page in ("/nl/", f"/nl/themes/{topic.theme.slug}/", "/nl/search/?q=compte"):
        html = visitor.get(page).content.decode()
        assert "Antwoord van een hulpverlener" in html, page
        assert f'data-topic-item="{topic.pk}"' in html
