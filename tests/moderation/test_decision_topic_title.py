"""A statement of reasons names the topic only while its reader may see the topic: a question
hidden or held since is as private on the decision page as on the forum."""

from __future__ import annotations

import pytest

from forum import services as forum
from moderation import services
from moderation.models import Decision
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TITLE = "Mon frère QX7TITLE harcelé au collège Sainte-Marie"


def test_the_decision_page_names_a_topic_only_while_the_reader_may_see_it(
    member, other_member, moderator, theme
):
    topic = forum.topic_create(
        member, theme=theme, title=TITLE, body="Que faire pour l'aider ?", language="fr"
    )
    reply = forum.reply_create(topic, author=other_member, body="Tu es nul.")
    services.post_hide(reply, by=moderator, reason="Insulte.")
    about_reply = Decision.objects.get(post=reply)
    page = client_for(other_member).get(about_reply.get_absolute_url()).content.decode()
    assert "Ta réponse — “Mon frère QX7TITLE" in page

    opening = topic.posts.get(is_opening=True)
    services.post_hide(opening, by=moderator, reason="Infos personnelles.")

    page = client_for(other_member).get(about_reply.get_absolute_url()).content.decode()
    assert "QX7TITLE" not in page
    assert "Ta réponse," in page
    # The asker still reads their own question's title on the decision about it.
    about_question = Decision.objects.get(post=opening)
    page = client_for(member).get(about_question.get_absolute_url()).content.decode()
    assert "Ta question — “Mon frère QX7TITLE" in page
