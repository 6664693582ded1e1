"""The live chat in real browsers: a visitor and a counsellor, a held disclosure in a room,
a reconnect that loses nothing and sends nothing twice, and accessibility."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test.utils import override_settings
from playwright.sync_api import expect

from tests import texts
from tests.browser.conftest import give_app, off_loop, start_daphne, stop_daphne, type_code
from tests.browser.test_accessibility import serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Counsellors chat at any hour in these tests, whenever they run.
CHAT_SETTINGS = {"CHAT_OPENING_HOURS": "mon-sun 00:00-24:00"}
LIVE = 15_000  # ms: the longest a live update may take
PASSWORDS = {
    "demo_member": "demo-member-2026",
    "demo_member2": "demo-member2-2026",
    "demo_moderator": "tulpen-in-gent-2026",
    "demo_counsellor": "wafels-met-room-2026",
    "demo_coordinator": "frieten-op-zondag-2026",
}
DISCLOSURE = texts.SEXTORTION_NL


@pytest.fixture(scope="module")
def daphne_url(django_db_setup, django_db_blocker) -> Iterator[str]:
    """This module's own daphne, forked while the chat settings below are in force.

    A forked server keeps the settings it had when it was forked, and the session's daphne
    may have been forked by an earlier test: a ``settings`` change made in a test never
    reaches it. ``open_live_session`` asks for ``daphne_url``, so here it gets this one.
    """
    with override_settings(**CHAT_SETTINGS):
        process = start_daphne(django_db_blocker)
    yield f"http://localhost:{process.port.value}"
    stop_daphne(process)


def sign_in(session, lang: str, username: str) -> None:
    page = session.page
    staff = not username.startswith("demo_member")
    if staff:
        give_app(username)
    page.goto(f"/{lang}/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(PASSWORDS[username])
    page.locator("main form button[type=submit]").click()
    if staff:
        type_code(page)
    page.wait_for_url(re.compile(rf"/{lang}/$"))


def wait_live(page) -> None:
    """The page's chat socket is open."""
    page.locator('[data-chat][data-live="open"]').wait_for(timeout=LIVE)


def mark(page) -> None:
    """Tag the document: a reload or another page would not have the tag."""
    page.evaluate("window.__sameDocument = true")


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def say(page, text: str) -> None:
    """Type a message and press Enter, as a person would."""
    page.locator("#chat-input").fill(text)
    page.locator("#chat-input").press("Enter")


def log_item(page, text: str):
    return page.locator(".chat-log li", has_text=text)


def seed() -> None:
    from django.core.management import call_command

    off_loop(call_command, "seed_demo", quiet_accounts=True)


def room_all_day(slug: str) -> None:
    from chat.models import Room

    Room.objects.filter(theme__slug=slug).update(
        days="1234567", opens_at=datetime.time(0, 0), closes_at=datetime.time.max
    )


def start_shift(session, lang: str) -> None:
    page = session.page
    page.goto(f"/{lang}/counselling/")
    page.locator('button[name="action"][value="start"]').click()
    page.locator('button[name="action"][value="end"]').wait_for()
    page.locator('[data-live-list][data-live="open"]').wait_for(timeout=LIVE)


@pytest.mark.long
def test_visitor_and_counsellor_chat_live_then_figures_count_it(open_live_session):
    from chat.models import CheckIn, Conversation, Message, Note

    seed()
    counsellor = open_live_session(locale="fr-BE")
    sign_in(counsellor, "fr", "demo_counsellor")
    start_shift(counsellor, "fr")
    mark(counsellor.page)
    # The counsellor looks at another tab: what arrives is announced in this tab's title.
    counsellor.page.evaluate("() => { document.hasFocus = () => false; }")

    # A visitor asks for a chat in French.
    visitor = open_live_session(locale="fr-BE")
    page = visitor.page
    page.goto("/fr/chat/")
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.locator("main")).to_contain_text("Des conseillers sont là maintenant.")
    page.locator('input[name="topic"][value="bullying"]').check()
    page.locator('textarea[name="about"]').fill("On se moque de moi dans le groupe de la classe.")
    page.get_by_role("group", name="Comment tu te sens maintenant ? (facultatif)").get_by_label(
        "2 · Mal"
    ).check()
    page.locator("form:has(textarea[name=about]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fr/chat/\d+/$"))
    pk = int(re.search(r"/chat/(\d+)/$", page.url).group(1))
    status = page.locator("[data-chat-status]")
    status.locator('[data-status="waiting"]').wait_for()
    # The seeded escalation (high priority) is ahead; the counsellor on shift is free.
    expect(status).to_contain_text("Tu es à la place 2 dans la file d’attente.")
    expect(status).to_contain_text("Un conseiller est libre et devrait être avec toi")
    wait_live(page)
    mark(page)

    # It appears in the counsellor's queue without a reload; they pick it up.
    row = counsellor.page.locator(f'tr[data-conversation="{pk}"]')
    row.wait_for(timeout=LIVE)
    assert same_document(counsellor.page)
    counsellor.page.wait_for_function(
        "() => document.title.startsWith('(1) Nouveau chat en attente · ')"
    )
    row.locator("button[type=submit]").click()
    counsellor.page.wait_for_url(re.compile(rf"/fr/counselling/{pk}/$"))
    wait_live(counsellor.page)

    # The visitor's panel follows without a reload.
    status.locator('[data-status="active"]').wait_for(timeout=LIVE)
    expect(status).to_contain_text("Tu parles avec demo_counsellor, conseiller de Child Focus.")
    assert same_document(page)

    # Typing shows on the other side; messages go both ways.
    young_text = "Ils ont partagé une photo de moi et tout le monde rigole."
    page.locator("#chat-input").fill(young_text)
    expect(counsellor.page.locator("[data-chat-typing]")).to_have_text(
        "Le jeune est en train d’écrire…", timeout=LIVE
    )
    page.locator("#chat-input").press("Enter")
    log_item(counsellor.page, young_text).wait_for(timeout=LIVE)
    expect(counsellor.page.locator("[data-chat-typing]")).to_have_text("")
    expect(log_item(page, young_text)).to_have_attribute("data-id", re.compile(r"^\d+$"))

    counsellor_text = "Merci de me le dire. Ce n'est pas ta faute. On va regarder ensemble."
    title = page.title()
    page.evaluate("() => { document.hasFocus = () => false; }")
    say(counsellor.page, counsellor_text)
    log_item(page, counsellor_text).wait_for(timeout=LIVE)
    page.wait_for_function("() => document.title.startsWith('(1) Nouveau message · ')")
    # Looking at the tab again gives it back its title.
    page.evaluate(
        "() => { document.hasFocus = () => true; window.dispatchEvent(new Event('focus')); }"
    )
    assert page.title() == title
    announced = page.locator("[data-chat-announce]")
    expect(announced).to_contain_text("Nouveau message de demo_counsellor")
    expect(announced).to_contain_text(counsellor_text)
    # What arrived live (theirs, and one's own once the server's element replaced it).
    own = page.locator(".chat-log li[data-id]:not([data-local])", has_text=young_text)
    own.wait_for(timeout=LIVE)
    live_items = [
        own.evaluate("li => li.outerHTML"),
        log_item(page, counsellor_text).evaluate("li => li.outerHTML"),
    ]

    # An internal note, then the counsellor closes with an outcome and a referral.
    note = "Note interne : proposer le suivi par le 116 000 si cela continue."
    counsellor.page.locator("#notes textarea[name=body]").fill(note)
    counsellor.page.locator("#notes button[type=submit]").click()
    counsellor.page.locator("#notes .note", has_text=note).wait_for()
    assert counsellor.page.locator("input[name=outcome]:checked").count() == 0
    counsellor.page.locator("input[name=outcome][value=referred]").check()
    counsellor.page.locator("select[name=referral]").select_option("116000")
    counsellor.page.locator('form[action*="/close/"] button[type=submit]').click()
    # Nothing is closed until the counsellor confirms.
    counsellor.page.get_by_role("button", name="Oui, la clôturer").click()
    counsellor.page.wait_for_url(re.compile(r"/fr/counselling/$"))

    # The young person reads that it ended and what to do now; the message box is gone.
    status.locator('[data-status="closed"]').wait_for(timeout=LIVE)
    expect(status).to_contain_text("Ce chat est terminé")
    expect(status).to_contain_text("Que peux-tu faire maintenant ?")
    expect(page.locator("#chat-input")).to_have_count(0)
    assert same_document(page)
    assert note not in page.content()
    page.reload()
    assert note not in page.content()
    expect(page.locator("#chat-input")).to_have_count(0)
    # The check-in after the chat, every question optional.
    page.get_by_role("group", name="Et maintenant, comment tu te sens ? (facultatif)").get_by_label(
        "4 · Bien"
    ).check()
    page.get_by_role("group", name="Tu t’es senti·e écouté·e ? (facultatif)").get_by_label(
        "Oui"
    ).check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.locator("main")).to_contain_text("Merci pour tes réponses.")
    assert page.locator(".chat-log li[data-id]").count() == 2
    # Loaded with the page, the messages are exactly what arrived live.
    loaded = page.locator(".chat-log li[data-id]").evaluate_all(
        "lis => lis.map((li) => li.outerHTML)"
    )
    assert loaded == live_items

    def stored():
        conversation = Conversation.objects.get(pk=pk)
        bodies = list(Message.objects.filter(conversation=conversation).values_list("body", "role"))
        notes = list(Note.objects.filter(conversation=conversation).values_list("body", flat=True))
        return conversation, bodies, notes

    conversation, bodies, notes = off_loop(stored)
    assert bodies == [(young_text, "young"), (counsellor_text, "counsellor")]
    assert notes == [note]
    check_ins = off_loop(
        lambda: sorted(
            CheckIn.objects.filter(conversation_id=pk).values_list("moment", "feeling", "heard")
        )
    )
    assert check_ins == [("after", 4, "yes"), ("before", 2, "")]
    assert (conversation.status, conversation.outcome, conversation.referral) == (
        "closed",
        "referred",
        "116000",
    )
    assert conversation.member_id is None
    assert not conversation.after_hours

    # The coordinator's figures count it.
    coordinator = open_live_session(locale="fr-BE")
    sign_in(coordinator, "fr", "demo_coordinator")
    figures = coordinator.page
    figures.goto("/fr/figures/")
    help_total = figures.locator(
        "dl.key-figures div", has=figures.locator('dd[data-figure="help_conversations"]')
    )
    expect(help_total.locator("dt")).to_have_text("Conversations d’aide")
    expect(help_total.locator("dd")).to_have_text("1")
    outcome = figures.locator('#figures-outcomes tr[data-item="referred"]')
    expect(outcome.locator("td").first).to_have_text("1")
    expect(outcome.locator("th")).to_have_text("Orienté vers un autre service")
    referral = figures.locator('#figures-referrals tr[data-item="116000"]')
    expect(referral.locator("td").first).to_have_text("1")
    expect(referral.locator("th")).to_have_text("Suivi par le 116 000 Child Focus")


def ask_for_a_chat(session, lang: str, about: str) -> int:
    page = session.page
    page.goto(f"/{lang}/chat/")
    page.locator('input[name="topic"][value="bullying"]').check()
    page.locator('textarea[name="about"]').fill(about)
    page.locator("form:has(textarea[name=about]) button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{lang}/chat/\d+/$"))
    return int(re.search(r"/chat/(\d+)/$", page.url).group(1))


@pytest.mark.long
def test_a_new_waiting_chat_is_announced_on_the_case_page_too(open_live_session):
    seed()
    counsellor = open_live_session(locale="fr-BE")
    sign_in(counsellor, "fr", "demo_counsellor")
    start_shift(counsellor, "fr")
    first = ask_for_a_chat(open_live_session(locale="fr-BE"), "fr", "On se moque de moi.")
    row = counsellor.page.locator(f'tr[data-conversation="{first}"]')
    row.wait_for(timeout=LIVE)
    row.locator("button[type=submit]").click()
    case = counsellor.page
    case.wait_for_url(re.compile(rf"/fr/counselling/{first}/$"))
    # The other chats are fetched as soon as the case page's list socket opens.
    others = case.locator(".case-queue [data-live-list]")
    others.locator('button[name="action"][value="end"]').wait_for(state="attached", timeout=LIVE)
    title = case.title()
    case.evaluate("() => { document.hasFocus = () => false; }")

    second = ask_for_a_chat(open_live_session(locale="nl-BE"), "nl", "Ze lachen me uit.")
    others.locator(f'tr[data-conversation="{second}"]').wait_for(state="attached", timeout=LIVE)
    case.wait_for_function("() => document.title.startsWith('(1) Nouveau chat en attente · ')")
    case.evaluate(
        "() => { document.hasFocus = () => true; window.dispatchEvent(new Event('focus')); }"
    )
    assert case.title() == title
    case.get_by_text("Les autres chats : en attente, et les tiens").click()
    expect(others.locator(f'tr[data-conversation="{second}"]')).to_be_visible()


@pytest.mark.long
def test_room_disclosure_is_held_and_reaches_counsellors_as_urgent(open_live_session):
    from chat.models import Conversation, Message

    seed()
    off_loop(room_all_day, "sextortion")

    # A member is there before the room opens: it opens for them without a reload.
    first = open_live_session(locale="fr-BE")
    sign_in(first, "fr", "demo_member")
    first.page.goto("/fr/rooms/sextortion/")
    wait_live(first.page)
    state = first.page.locator("[data-room-state] p")
    expect(state).to_contain_text("Le salon est fermé pour le moment.")
    expect(first.page.locator("#chat-input")).to_be_disabled()
    mark(first.page)

    moderator = open_live_session(locale="nl-BE")
    sign_in(moderator, "nl", "demo_moderator")
    moderator.page.goto("/nl/rooms/sextortion/")
    moderator.page.locator('button[name="action"][value="open"]').click()
    moderator.page.locator('button[name="action"][value="close"]').wait_for()
    wait_live(moderator.page)

    counsellor = open_live_session(locale="fr-BE")
    sign_in(counsellor, "fr", "demo_counsellor")
    counsellor.page.goto("/fr/counselling/")
    counsellor.page.locator('[data-live-list][data-live="open"]').wait_for(timeout=LIVE)
    queue = counsellor.page.locator("table.queue tbody tr")
    assert queue.count() == 1  # the seeded escalation
    mark(counsellor.page)

    expect(state).to_have_text("Le salon est ouvert.", timeout=LIVE)
    expect(first.page.locator("#chat-input")).to_be_enabled()
    second = open_live_session(locale="nl-BE")
    sign_in(second, "nl", "demo_member2")
    second.page.goto("/nl/rooms/sextortion/")
    wait_live(second.page)

    harmless = "Hallo allemaal, gaat het een beetje met jullie?"
    say(second.page, harmless)
    seen = log_item(first.page, harmless)
    seen.wait_for(timeout=LIVE)
    harmless_id = int(seen.get_attribute("data-id"))

    say(second.page, DISCLOSURE)
    # Not "a moderator checks it": the truth, and where to follow it with counsellors.
    held_text = second.page.locator("[data-chat]").get_attribute("data-text-escalated")
    assert held_text.startswith("Je bericht staat niet in de chatroom.")
    own = log_item(second.page, "naaktfoto")
    expect(own).to_have_class(re.compile(r"\bstatus-held\b"), timeout=LIVE)
    expect(own.locator(".chat-state")).to_have_text(held_text)
    expect(second.page.locator("[data-chat-announce]")).to_have_text(held_text)
    follow = own.get_by_role("link", name="Volg het in je gesprek met een hulpverlener")
    assert re.fullmatch(r"/nl/chat/\d+/", follow.get_attribute("href"))

    # The moderator's held panel shows it live. demo_member2's case from the forum is still
    # open: the disclosure joins it (one case per member), which becomes urgent, on top.
    moderator.page.locator("[data-held]", has_text="naaktfoto").wait_for(timeout=LIVE)
    escalated = off_loop(
        lambda: Conversation.objects.get(source="escalation", category="sextortion").pk
    )
    expect(queue.first).to_have_attribute("data-conversation", str(escalated), timeout=LIVE)
    expect(queue.first).to_have_class(re.compile(r"\bpriority-0\b"))
    expect(queue.first.locator(".priority-tag")).to_have_text("Urgent")
    expect(queue.first).to_contain_text("Sextorsion")
    # Her two demo topics the rules escalate ("Iemand heeft een nepaccount met mijn foto's
    # gemaakt", "Iemand in Fortnite vraagt om foto's van mij"), then this message.
    expect(queue.first).to_contain_text("et 2 autres messages de la même personne")
    assert queue.count() == 1
    assert follow.get_attribute("href") == f"/nl/chat/{escalated}/"
    assert same_document(counsellor.page)

    stored = off_loop(lambda: Message.objects.get(body=DISCLOSURE).status)
    assert stored == "held"

    # The moderator hides the earlier message: it leaves the member's screen at once.
    moderator.page.locator(f'[data-hide="{harmless_id}"]').click()
    expect(first.page.locator(f'li[data-id="{harmless_id}"]')).to_have_count(0, timeout=LIVE)
    expect(second.page.locator(f'li[data-id="{harmless_id}"]')).to_have_count(0, timeout=LIVE)
    assert off_loop(lambda: Message.objects.get(pk=harmless_id).status) == "hidden"
    assert same_document(first.page)
    # The other member never received the held message: the room's frames reach a socket in
    # the order they were sent, and the hiding, sent after the moderator saw it held, has come.
    assert "naaktfoto" not in first.page.content()
    assert first.page.locator(".chat-log li").count() == 0


@pytest.mark.long
def test_reconnect_sends_pending_once_and_replays_what_was_missed(open_live_session):
    from chat import services
    from chat.models import Message
    from cybersquad.models import User

    seed()

    def setup() -> int:
        member = User.objects.get(username="demo_member")
        counsellor = User.objects.get(username="demo_counsellor")
        services.shift_start(counsellor)
        conversation, _ = services.conversation_open(
            member=member,
            about="Quelqu'un me demande des photos.",
            category="sexting",
            language="fr",
            after_hours=False,
        )
        services.conversation_claim(conversation, by=counsellor)
        return conversation.pk

    pk = off_loop(setup)
    counsellor = open_live_session(locale="fr-BE")
    sign_in(counsellor, "fr", "demo_counsellor")
    counsellor.page.goto(f"/fr/counselling/{pk}/")
    wait_live(counsellor.page)

    member = open_live_session(locale="fr-BE")
    # Keep a handle on the page's sockets, so the test can cut them like a lost network.
    member.page.add_init_script(
        "window.__sockets = [];"
        "window.WebSocket = class extends window.WebSocket {"
        "  constructor(...args) { super(...args); window.__sockets.push(this); }"
        "};"
    )
    sign_in(member, "fr", "demo_member")
    page = member.page
    page.goto(f"/fr/chat/{pk}/")
    wait_live(page)
    connection = page.locator("[data-chat-connection]")
    expect(connection).to_have_text("Connexion établie.")
    mark(page)
    sockets = page.evaluate("window.__sockets.length")  # the chat's and the notifications'

    # A short blip that the socket survives: the page says so, then says it is back.
    member.context.set_offline(True)
    expect(connection).to_contain_text("Tu es hors ligne.")
    member.context.set_offline(False)
    expect(connection).to_have_text("Connexion établie.")
    assert page.evaluate("window.__sockets.length") == sockets  # no new connection

    # A real loss: offline, and the socket is gone (Chromium's offline emulation leaves open
    # sockets open, so the test closes them).
    member.context.set_offline(True)
    page.evaluate("window.__sockets.forEach((s) => s.close())")
    cut = page.evaluate("window.__sockets.filter((s) => s.url.includes('/ws/chat/')).length")
    expect(connection).to_contain_text("Tu es hors ligne.")
    expect(page.locator("[data-chat]")).to_have_attribute("data-live", "closed")

    mine = "Je suis encore là, la connexion a coupé."
    say(page, mine)
    pending = page.locator("li[data-pending]", has_text=mine)
    expect(pending).to_have_count(1)
    expect(pending.locator(".chat-state")).to_have_text(
        "Pas encore envoyé : il sera envoyé quand la connexion sera revenue."
    )
    theirs = "Pas de souci, je t'attends. Tu peux m'écrire quand tu veux."
    say(counsellor.page, theirs)
    stored_reply = log_item(counsellor.page, theirs)
    expect(stored_reply).to_have_attribute("data-id", re.compile(r"^\d+$"), timeout=LIVE)
    reply = int(stored_reply.get_attribute("data-id"))
    # The client tries again after its back-off; offline, that fails too.
    page.wait_for_function(
        "(cut) => { const made = window.__sockets.filter((s) => s.url.includes('/ws/chat/'));"
        " return made.length > cut && made.at(-1).readyState === WebSocket.CLOSED; }",
        arg=cut,
        timeout=LIVE,
    )
    expect(page.locator("[data-chat]")).to_have_attribute("data-live", "closed")
    expect(page.locator(f'li[data-id="{reply}"]')).to_have_count(0)
    assert off_loop(lambda: Message.objects.filter(conversation_id=pk, body=mine).count()) == 0

    member.context.set_offline(False)
    wait_live(page)
    expect(connection).to_have_text("Connexion établie.")
    expect(page.locator(f'li[data-id="{reply}"]')).to_have_count(1, timeout=LIVE)
    expect(page.locator("li[data-pending]")).to_have_count(0, timeout=LIVE)
    log_item(counsellor.page, mine).wait_for(timeout=LIVE)

    stored = off_loop(lambda: Message.objects.filter(conversation_id=pk, body=mine).count())
    assert stored == 1
    sent = off_loop(lambda: Message.objects.get(conversation_id=pk, body=mine).pk)
    expect(page.locator(f'li[data-id="{sent}"]')).to_have_count(1)
    expect(log_item(page, mine)).to_have_count(1)
    expect(log_item(page, theirs)).to_have_count(1)
    expect(log_item(counsellor.page, mine)).to_have_count(1)
    assert same_document(page)


def test_signing_out_elsewhere_ends_the_chat_without_retrying(open_live_session):
    from chat import services
    from cybersquad.models import User

    seed()

    def setup() -> int:
        conversation, _ = services.conversation_open(
            member=User.objects.get(username="demo_member"),
            about="Quelqu'un me demande des photos.",
            category="sexting",
            language="fr",
            after_hours=False,
        )
        return conversation.pk

    pk = off_loop(setup)
    member = open_live_session(locale="fr-BE")
    member.page.add_init_script(
        "window.__sockets = [];"
        "window.WebSocket = class extends window.WebSocket {"
        "  constructor(...args) { super(...args); window.__sockets.push(this); }"
        "};"
    )
    sign_in(member, "fr", "demo_member")
    page = member.page
    page.goto(f"/fr/chat/{pk}/")
    wait_live(page)

    # The same browser signs out in another tab: every socket of the session closes (4401).
    other = member.context.new_page()
    other.goto("/fr/")
    other.locator("form[data-sign-out] button").click()
    other.wait_for_url(re.compile(r"/fr/"))

    signed_out = page.locator("[data-chat]").get_attribute("data-text-signed-out")
    expect(page.locator("[data-chat-connection]")).to_have_text(signed_out, timeout=LIVE)
    expect(page.locator("[data-chat-error]")).to_have_text(signed_out)
    expect(page.locator("[data-chat]")).to_have_attribute("data-live", "closed")
    expect(page.locator("#chat-input")).to_be_disabled()
    # Back online would open a lost socket at once: an ended one stays closed.
    sockets = page.evaluate("window.__sockets.length")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert page.evaluate("window.__sockets.length") == sockets


def test_a_counsellors_answer_raises_the_members_unread_count_live(open_live_session):
    from chat import services
    from cybersquad.models import User

    seed()

    def setup() -> int:
        counsellor = User.objects.get(username="demo_counsellor")
        services.shift_start(counsellor)
        conversation, _ = services.conversation_open(
            member=User.objects.get(username="demo_member"),
            about="Quelqu'un me demande des photos.",
            category="sexting",
            language="fr",
            after_hours=False,
        )
        services.conversation_claim(conversation, by=counsellor)
        return conversation.pk

    pk = off_loop(setup)
    member = open_live_session(locale="fr-BE")
    sign_in(member, "fr", "demo_member")
    badge = member.page.locator("#unread-count")
    expect(badge).to_have_attribute("data-live", "open", timeout=LIVE)
    before = badge.text_content().strip()
    mark(member.page)

    counsellor = open_live_session(locale="fr-BE")
    sign_in(counsellor, "fr", "demo_counsellor")
    counsellor.page.goto(f"/fr/counselling/{pk}/")
    wait_live(counsellor.page)
    say(counsellor.page, "Je suis là. Tu veux m'en dire plus ?")

    expect(badge).to_have_text(str(int(before or 0) + 1), timeout=LIVE)
    assert same_document(member.page)


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.long
def test_chat_pages_have_no_serious_violations_and_work_by_keyboard(open_live_session, lang):
    from chat import services
    from chat.models import Message, Room
    from cybersquad.models import User

    seed()
    member_name = "demo_member" if lang == "fr" else "demo_member2"

    def setup() -> int:
        room_all_day("sextortion")
        room = Room.objects.get(theme__slug="sextortion")
        member = User.objects.get(username=member_name)
        counsellor = User.objects.get(username="demo_counsellor")
        moderator = User.objects.get(username="demo_moderator")
        services.room_open(room, by=moderator)
        services.room_send(
            room.pk, user=member, client_id="a11y-1", body="Salut tout le monde !", language=lang
        )
        services.room_send(room.pk, user=member, client_id="a11y-2", body=DISCLOSURE, language="nl")
        services.shift_start(counsellor)
        services.conversation_open(
            member=None,
            about=texts.NOBODY_TO_TALK_TO_FR,
            category="other",
            language=lang,
            after_hours=False,
        )
        conversation, _ = services.conversation_open(
            member=member,
            about="On m'insulte sur un jeu.",
            category="bullying",
            language=lang,
            after_hours=False,
        )
        services.conversation_claim(conversation, by=counsellor)
        services.conversation_send(
            conversation.pk,
            user=member,
            visitor_ids=set(),
            client_id="a11y-3",
            body="Bonjour, je suis là.",
        )
        services.conversation_send(
            conversation.pk,
            user=counsellor,
            visitor_ids=set(),
            client_id="a11y-4",
            body="Bonjour, je t'écoute.",
        )
        return conversation.pk

    pk = off_loop(setup)
    axe = Axe()
    found: dict[str, list[str]] = {}

    def person(username: str | None):
        # bypass_csp lets axe inject its script; the pages themselves are unchanged.
        session = open_live_session(locale=f"{lang}-BE", bypass_csp=True)
        if username:
            sign_in(session, lang, username)
        return session

    def check(session, who: str, path: str, *, live: str = "") -> None:
        session.page.goto(path)
        assert session.page.locator("html").get_attribute("lang") == lang
        if live:  # what the scripts add is checked too
            session.page.locator(f'{live}[data-live="open"]').wait_for(timeout=LIVE)
        problems = serious(axe.run(session.page))
        if problems:
            found[f"{who} {path}"] = problems

    visitor = person(None)
    check(visitor, "visitor", f"/{lang}/chat/")
    check(visitor, "visitor", f"/{lang}/rooms/")
    young = person(member_name)
    check(young, "member", f"/{lang}/chat/{pk}/", live="[data-chat]")
    check(young, "member", f"/{lang}/rooms/")
    check(young, "member", f"/{lang}/rooms/sextortion/", live="[data-chat]")
    counsellor = person("demo_counsellor")
    check(counsellor, "counsellor", f"/{lang}/counselling/", live="[data-live-list]")
    assert counsellor.page.locator("tr[data-conversation]").count() >= 1
    check(counsellor, "counsellor", f"/{lang}/counselling/{pk}/", live="[data-chat]")
    moderator = person("demo_moderator")
    check(moderator, "moderator", f"/{lang}/rooms/sextortion/", live="[data-chat]")
    assert moderator.page.locator("[data-held] li").count() == 1
    assert found == {}

    # By keyboard alone: Tab reaches the message box, Enter sends.
    page = young.page
    page.goto(f"/{lang}/chat/{pk}/")
    wait_live(page)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "chat-input":
            break
    else:
        pytest.fail("Tab never reached the message box")
    page.keyboard.type("merci beaucoup")
    page.keyboard.press("Enter")
    expect(log_item(page, "merci beaucoup")).to_have_attribute(
        "data-id", re.compile(r"^\d+$"), timeout=LIVE
    )
    stored = off_loop(
        lambda: Message.objects.filter(conversation_id=pk, body="merci beaucoup").count()
    )
    assert stored == 1
