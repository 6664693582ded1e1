from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import translation

from cybersquad.models import User
from forum import services
from forum.models import Post, PostStatus
from tests import texts
from tests.conftest import PASSWORD, client_for


@pytest.mark.django_db
def test_member_downloads_their_own_data(member, other_member, topic):
    services.reply_create(topic, author=other_member, body="Courage, ça va aller.")
    response = client_for(member).get(reverse("account_export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["pseudonym"] == "lotte"
    assert [p["text"] for p in data["posts"]] == [texts.PRIVACY_QUESTION_FR]
    # Nothing of the other member's is in it.
    assert "Courage" not in response.content.decode()


@pytest.mark.django_db
def test_export_needs_sign_in(visitor):
    response = visitor.get(reverse("account_export"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_delete_account_needs_the_password(member, topic):
    client = client_for(member)
    response = client.post(reverse("account_delete"), {"password": "not-it"})
    assert response.status_code == 400
    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_delete_account_erases_what_they_wrote_and_keeps_others_replies(
    member, other_member, topic
):
    other_reply = services.reply_create(topic, author=other_member, body="Va dans les paramètres.")
    own_reply = services.reply_create(topic, author=member, body="Merci beaucoup !")
    client = client_for(member)
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    own_reply.refresh_from_db()
    assert own_reply.body == ""
    assert own_reply.status == PostStatus.REMOVED
    opening = Post.objects.get(topic=topic, is_opening=True)
    assert opening.body == ""
    assert opening.author is None
    topic.refresh_from_db()
    assert topic.title == ""
    other_reply.refresh_from_db()
    assert other_reply.body == "Va dans les paramètres."
    assert "_auth_user_id" not in client.session
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Va dans les paramètres." in page
    assert "Merci beaucoup" not in page


@pytest.mark.django_db
def test_export_includes_moderation_and_counselling(member, topic, moderator, counsellor):
    from chat import services as chat
    from moderation import services as moderation

    moderation.member_warn(member, by=moderator, reason="Reste poli, s'il te plaît.")
    reply = services.reply_create(topic, author=member, body="j'ai envie de mourir")
    conversation = reply.escalations.get().conversation
    chat.conversation_claim(conversation, by=counsellor)
    chat.conversation_send(
        conversation.pk, user=counsellor, visitor_ids=set(), client_id="a1", body="Je suis là."
    )
    data = json.loads(client_for(member).get(reverse("account_export")).content)
    assert data["moderation_decisions"][0]["reason"] == "Reste poli, s'il te plaît."
    exported = data["conversations_with_counsellors"][0]
    assert exported["about"] == "j'ai envie de mourir"
    assert exported["messages"] == [
        {"from": "counsellor", "text": "Je suis là.", "when": exported["messages"][0]["when"]}
    ]


# --- The data page and its download: everything theirs, nothing of anyone else's --------------

NOTE = "NOTE-INTERNE-7781"
THEIR_TITLE = "Mon sujet qui sera caché"
THEIR_REPLY = "Réponse de Jonas à ne pas exporter"


@pytest.fixture
def everything(member, other_member, moderator, counsellor, theme, topic):
    """A member who did a bit of everything, and others whose content must stay out."""
    import datetime

    from django.utils import timezone

    from chat import services as chat
    from chat.models import Room
    from forum.models import ReactionKind
    from moderation import services as moderation
    from moderation.models import Decision, Report

    # The member's own topic gets a reply from someone else: a notification, not their text.
    services.reply_create(topic, author=other_member, body=THEIR_REPLY)
    theirs = services.topic_create(
        other_member, theme=theme, title=THEIR_TITLE, body="Hallo allemaal.", language="fr"
    )
    their_question = theirs.posts.get()
    services.reply_create(theirs, author=member, body="Ma réponse dans le sujet de Jonas.")
    services.reaction_toggle(their_question, user=member, kind=ReactionKind.ME_TOO)
    # Then a moderator hides the other member's topic: its title is theirs again.
    moderation.post_hide(their_question, by=moderator, reason="Hors sujet.")
    moderation.report_create(
        reporter=member,
        reason=Report.Reason.BULLYING,
        description="Il se moque de moi tous les jours.",
        language="fr",
        member=other_member,
    )
    moderation.member_mute(
        member,
        by=moderator,
        until=timezone.now() + datetime.timedelta(days=2),
        reason="Tu as insulté quelqu'un.",
    )
    moderation.appeal_create(
        Decision.objects.get(member=member), by=member, text="Je ne l'ai pas insulté."
    )
    conversation, _ = chat.conversation_open(
        member=member,
        about="Je me fais harceler.",
        category="bullying",
        language="fr",
        after_hours=False,
    )
    chat.conversation_claim(conversation, by=counsellor)
    chat.conversation_send(
        conversation.pk, user=counsellor, visitor_ids=set(), client_id="k", body="Je t'écoute."
    )
    chat.note_add(conversation, by=counsellor, body=NOTE)
    room = Room.objects.create(
        theme=theme, days="1234567", opens_at=datetime.time(0, 0), closes_at=datetime.time(23, 59)
    )
    chat.room_open(room, by=moderator)
    User.objects.filter(pk=member.pk).update(muted_until=None)  # to write in the room
    chat.room_send(room.pk, user=member, client_id="r", body="Salut le salon !", language="fr")
    User.objects.filter(pk=member.pk).update(
        muted_until=timezone.now() + datetime.timedelta(days=2)
    )
    return member


@pytest.mark.django_db
def test_the_download_holds_everything_theirs_and_nothing_of_anyone_else(everything):
    response = client_for(everything).get(reverse("account_export"))
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert [p["text"] for p in data["posts"]] == [
        texts.PRIVACY_QUESTION_FR,
        "Ma réponse dans le sujet de Jonas.",
    ]
    assert [p["topic"] for p in data["posts"]] == [texts.PRIVACY_TITLE_FR, None]
    assert data["reactions"] == [
        {"topic": None, "kind": "me_too", "when": data["reactions"][0]["when"]}
    ]
    assert {s["topic"] for s in data["subscriptions"]} == {
        texts.PRIVACY_TITLE_FR,
        None,
    }
    assert data["reports_made"][0]["your_description"] == "Il se moque de moi tous les jours."
    assert data["moderation_decisions"][0]["decision"] == "mute"
    assert data["moderation_decisions"][0]["reason"] == "Tu as insulté quelqu'un."
    assert data["appeals"][0]["your_text"] == "Je ne l'ai pas insulté."
    assert data["restrictions"]["muted_until"] is not None
    assert {n["kind"] for n in data["notifications"]} >= {"reply", "decision"}
    assert all(n["link"] for n in data["notifications"])
    chat_export = data["conversations_with_counsellors"][0]
    assert chat_export["about"] == "Je me fais harceler."
    assert [m["text"] for m in chat_export["messages"]] == ["Je t'écoute."]
    assert data["room_messages"][0]["text"] == "Salut le salon !"
    text = response.content.decode()
    for theirs in (THEIR_TITLE, THEIR_REPLY, "Hallo allemaal.", NOTE, "cf_sarah", "mod_anna"):
        assert theirs not in text


@pytest.mark.django_db
def test_the_page_says_it_all_in_french_without_anyone_elses_content(everything):
    response = client_for(everything).get(reverse("account_data"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for shown in (
        "Tes données",
        "Ma réponse dans le sujet de Jonas.",
        "dans un sujet que tu ne peux plus voir",
        "Il se moque de moi tous les jours.",
        "Un modérateur t’a empêché d’écrire pendant un moment.",
        "Tu as insulté quelqu&#x27;un.",
        "Je ne l&#x27;ai pas insulté.",
        "Je me fais harceler.",
        "Je t&#x27;écoute.",
        "Salut le salon !",
        "Tu ne peux pas écrire avant le",
        "Nouvelle réponse",
        reverse("account_export"),
    ):
        assert shown in page, shown
    for theirs in (THEIR_TITLE, THEIR_REPLY, "Hallo allemaal.", NOTE, "cf_sarah", "mod_anna"):
        assert theirs not in page


def _english_words_of_the_page() -> list[str]:
    """Every English sentence the page may show: its own, and the labels it displays."""
    import re
    from pathlib import Path

    from chat.models import Conversation, MessageStatus
    from forum.models import Notification, PostStatus, ReactionKind
    from moderation.models import Appeal, Report
    from moderation.templatetags.account_data import DECISIONS

    template = Path(__file__).resolve().parents[2] / (
        "cybersquad/templates/cybersquad/account_data.html"
    )
    own = re.findall(r'{% translate "([^"]+)"', template.read_text())
    labels = [
        *PostStatus.labels,
        *ReactionKind.labels,
        *Report.Reason.labels,
        *Report.Status.labels,
        *Appeal.Status.labels,
        *Notification.Kind.labels,
        *Conversation.Status.labels,
        *MessageStatus.labels,
        *DECISIONS.values(),
    ]
    return [text for text in own + [str(label) for label in labels] if len(text) > 4]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [("fr", "Tes données"), ("nl", "Jouw gegevens")])
def test_the_page_has_no_english_in_french_or_dutch(everything, language, heading):
    import re

    from django.utils import translation
    from django.utils.translation import gettext

    User.objects.filter(pk=everything.pk).update(language=language)
    with translation.override("en"):
        english = _english_words_of_the_page()
    page = client_for(everything).get(f"/{language}/account/data/").content.decode()
    assert heading in page
    with translation.override(language):
        # Words spelt alike in both languages ("Visible") are not English left behind.
        english_only = [text for text in english if gettext(text) != text]
    assert len(english_only) > 50
    leftover = [t for t in english_only if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", page)]
    assert not leftover, leftover


@pytest.mark.django_db
def test_only_the_member_sees_their_data(everything, other_member, visitor):
    response = visitor.get(reverse("account_data"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert visitor.get(reverse("account_export")).status_code == 302
    page = client_for(other_member).get(reverse("account_data")).content.decode()
    download = client_for(other_member).get(reverse("account_export")).content.decode()
    for mine in ("Il se moque de moi", "Je me fais harceler", "Salut le salon", "lotte"):
        assert mine not in page
        assert mine not in download


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fr", ["Avant la conversation · tu te sentais à 2 sur 5", "écouté·e : Un peu"]),
        ("nl", ["Voor het gesprek · je voelde je 2 op 5", "gehoord: Een beetje"]),
    ],
)
def test_a_chat_check_in_is_in_the_members_data(member, counsellor, language, shown):
    from chat import services as chat
    from chat.models import CheckIn

    conversation, _ = chat.conversation_open(
        member=member, about="Ça ne va pas.", category="other", language="fr", after_hours=False
    )
    chat.check_in_record(conversation, moment=CheckIn.Moment.BEFORE, feeling=2)
    chat.conversation_claim(conversation, by=counsellor)
    conversation.refresh_from_db()
    chat.conversation_close(conversation, by=counsellor, outcome="listened", referral="none")
    conversation.refresh_from_db()
    chat.check_in_record(conversation, moment=CheckIn.Moment.AFTER, feeling=4, heard="partly")

    client = client_for(member)
    data = json.loads(client.get(reverse("account_export")).content)
    answers = data["conversations_with_counsellors"][0]["check_in"]
    assert [(a["moment"], a["feeling_1_to_5"], a["felt_heard"]) for a in answers] == [
        ("before", 2, None),
        ("after", 4, "partly"),
    ]
    with translation.override(language):
        text = client.get(reverse("account_data")).content.decode()
    for sentence in shown:
        assert sentence in text, sentence
