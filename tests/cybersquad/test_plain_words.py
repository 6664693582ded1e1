"""Words a teenager understands: no rule ids or codes on a member's pages, good news said as
such, a waiting question that says what it waits for, "just now", no doubled "(optional)", no
zero counts, and a password-reset email that names Cybersquad."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from forum import services as forum_services
from forum.models import Post, PostStatus
from moderation import services
from moderation.models import Report
from tests.conftest import client_for

# A screening rule ("fr.grooming.secrecy", "any.personal_info.email", "model.self_harm") or
# a stored code ("self_harm", "room_remove", "report-misuse:").
RULE_ID = re.compile(r"\b(?:any|fr|nl|en|model)\.[a-z_]+(?:\.[a-z0-9_]+)?\b")
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|report-misuse")


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def held_by_screening(member, theme):
    topic = forum_services.topic_create(
        member,
        theme=theme,
        title="Un ami en ligne",
        body="Tu as quel âge ? Tu habites où ? Envoie-moi une photo de toi, c'est notre secret.",
        language="fr",
    )
    post = topic.posts.get()
    assert post.status == PostStatus.HELD
    return topic, post


@pytest.mark.django_db
def test_a_members_pages_show_no_rule_id_or_code(member, other_member, moderator, theme):
    topic, post = held_by_screening(member, theme)
    item = services.screening_item_of(post)
    assert item.signals
    assert RULE_ID.search(item.signals[0]["rule"])
    services.post_hide(post, by=moderator, reason="Ce message demande des photos.", item=item)
    decision = member.decisions.get()
    assert decision.rule  # stored for the moderators, never shown to the member
    other_post = forum_services.topic_create(
        other_member, theme=theme, title="Moqueries", body="Ils rient de moi.", language="fr"
    ).posts.get()
    services.report_create(
        reporter=member,
        reason=Report.Reason.BULLYING,
        description="Il se moque.",
        language="fr",
        post=other_post,
    )
    client = client_for(member)
    found = {}
    for url in [
        decision.get_absolute_url(),
        reverse("forum:notifications"),
        topic.get_absolute_url(),
        reverse("moderation:my_reports"),
        reverse("account_data"),
        reverse("forum:theme", args=[theme.slug]),
    ]:
        text = visible_text(client.get(url)).replace(member.username, "")
        codes = RULE_ID.findall(text) + CODE.findall(text)
        if codes:
            found[url] = codes
    assert found == {}
    page = visible_text(client.get(decision.get_absolute_url()))
    assert "Harcèlement" in page or "Grooming" in page  # the category, in words
    assert "règles de la maison" in page


@pytest.mark.django_db
def test_an_approved_question_is_online(member, moderator, theme, settings):
    settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS = 1
    topic = forum_services.topic_create(
        member, theme=theme, title="Mon compte", body="Comment le rendre privé ?", language="fr"
    )
    post = topic.posts.get()
    client = client_for(member)

    waiting = visible_text(client.get(topic.get_absolute_url()))
    assert "Ta question attend la vérification d’un modérateur" in waiting
    assert "quelques heures" in waiting
    assert "ne prend pas de réponses" not in waiting

    services.post_publish(post, by=moderator, reason="OK", item=services.screening_item_of(post))
    notifications = visible_text(client.get(reverse("forum:notifications")))
    assert "Ta question est en ligne" in notifications
    assert "a pris une décision" not in notifications
    decision = visible_text(client.get(member.decisions.get().get_absolute_url()))
    assert "Ta question est en ligne" in decision


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("lang", "subject", "news"),
    [
        ("fr", "Ta question est en ligne sur Cybersquad", "elle est en ligne"),
        ("nl", "Je vraag staat online op Cybersquad", "hij staat nu online"),
    ],
)
def test_the_approval_email_says_the_question_is_online(
    member, moderator, theme, settings, lang, subject, news
):
    settings.CYBERSQUAD_PREMODERATE_FIRST_POSTS = 1
    member.email = "lotte@example.org"
    member.language = lang
    member.save()
    topic = forum_services.topic_create(
        member, theme=theme, title="Mon compte", body="Comment le rendre privé ?", language=lang
    )
    post = topic.posts.get()
    services.post_publish(post, by=moderator, reason="OK", item=services.screening_item_of(post))
    [sent] = mail.outbox
    assert sent.subject == subject
    assert news in sent.body
    assert f"/{lang}/decisions/{member.decisions.get().pk}/" in sent.body
    assert "décision" not in sent.body
    assert "beslissing" not in sent.body


@pytest.mark.django_db
def test_just_now_and_no_zero_counts(member, theme, topic):
    client = client_for(member)
    listing = visible_text(client.get(reverse("forum:theme", args=[theme.slug])))
    assert "à l’instant" in listing
    assert "0 minute" not in listing
    page = visible_text(client.get(topic.get_absolute_url()))
    assert "0 personne" not in page
    assert "0 soutien" not in page
    other = Post.objects.get(topic=topic)
    forum_services.reaction_toggle(other, user=member, kind="support")
    page = visible_text(client.get(topic.get_absolute_url()))
    assert "1 soutien" in page
    assert "0 personne" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_optional_is_said_once(member, lang):
    page = visible_text(client_for(member).get(f"/{lang}/report/"))
    optional = "facultatif" if lang == "fr" else "niet verplicht"
    assert optional in page
    assert f"({optional}) ({optional})" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Cybersquad", "ton compte", "Ton pseudonyme"]),
        ("nl", ["Cybersquad", "je Cybersquad-account", "Je pseudoniem"]),
    ],
)
def test_password_reset_email_names_cybersquad(visitor, member, lang, words):
    member.email = "lotte@example.org"
    member.language = lang
    member.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
    visitor.post(f"/{lang}/accounts/password/reset/", {"email": member.email})
    [sent] = mail.outbox
    # The host is in the link only: the email says who it comes from by name.
    assert "testserver" not in sent.subject + re.sub(r"https?://\S+", "", sent.body)
    assert "Cybersquad" in sent.subject
    for word in words:
        assert word in sent.body
    assert "vous" not in sent.body.lower()


@pytest.mark.django_db
def test_a_new_member_is_welcomed_with_how_it_works(visitor):
    from tests.cybersquad.test_accounts import signup_data

    response = visitor.post("/fr/accounts/signup/", signup_data(language="fr", avatar="cat"))
    assert response.status_code == 302
    assert response["Location"] == "/fr/welcome/"
    page = visitor.get(response["Location"])
    text = visible_text(page)
    assert "Bienvenue, zonnebloem !" in text
    assert "Les modérateurs lisent tout" in text
    assert "116 000" in text or "116\xa0000" in text
    assert reverse("house_rules") in page.content.decode()


@pytest.mark.django_db
def test_house_rules_are_linked_where_people_write(member, topic):
    client = client_for(member)
    for url in [reverse("forum:topic_new"), topic.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert f'href="{reverse("house_rules")}"' in html.split("<main", 1)[1].split("</main>")[0]
