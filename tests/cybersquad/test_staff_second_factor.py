"""Staff sign in with a second factor (an authenticator app, or a recovery code); members never
see it. cybersquad/staff_access.py."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from asgiref.sync import sync_to_async
from django.test import Client
from django.urls import reverse

from chat import services as chat
from chat.models import Room
from cybersquad.models import Role, User
from moderation.models import AuditRecord
from tests.chat.conftest import close_code, socket
from tests.conftest import PASSWORD, TOTP_SECRET, client_for, make_user, totp_code
from tests.cybersquad.test_access import all_urls
from tests.htmlcheck import problems

STAFF_ROLES = [Role.MODERATOR, Role.COUNSELLOR, Role.COORDINATOR]
# What a staff member who has not set up the app may still open.
OPEN_BEFORE_SET_UP = {
    "mfa_activate_totp",
    "account_reauthenticate",
    "account_logout",
    "language_switch",
    "quick_exit",  # leaving at once never waits for anything
    "web_manifest",  # the same for everyone: the name and the icons
    None,  # /favicon.ico
}


def sign_in(client: Client, user: User, lang: str = "fr"):
    return client.post(f"/{lang}/accounts/login/", {"login": user.username, "password": PASSWORD})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_the_app_are_sent_to_set_it_up_from_every_page(role, theme, topic):
    staff = make_user(f"new_{role}", role, totp=False)
    client = client_for(staff)
    setup = reverse("mfa_activate_totp")
    checked = 0
    for name, url in all_urls(theme, topic):
        if name in OPEN_BEFORE_SET_UP or "<" in url:
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, url, response.status_code)
            assert response["Location"] == setup, (name, url, response["Location"])
        checked += 1
    assert checked > 60
    # The admin, the figures and the staff pages among them.
    for url in ("/fr/admin/", "/fr/admin/cybersquad/user/", "/fr/figures/", "/fr/moderation/"):
        assert client.get(url)["Location"] == setup
    # Setting it up asks for the password first (this session did not sign in a moment ago).
    response = client.get(setup)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(response["Location"]).status_code == 200
    assert client.post(response["Location"], {"password": PASSWORD})["Location"] == setup
    page = client.get(setup)
    assert page.status_code == 200
    assert "QR" in page.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_staff_sockets_are_refused_until_the_second_factor_is_passed(theme, member, settings):
    settings.CHAT_OPENING_HOURS = "mon-sun 00:00-24:00"
    moderator = await sync_to_async(make_user)("mod_new", Role.MODERATOR, totp=False)
    counsellor = await sync_to_async(make_user)("cf_new", Role.COUNSELLOR, totp=False)
    coordinator = await sync_to_async(make_user)("coord_new", Role.COORDINATOR, totp=False)
    room = await sync_to_async(Room.objects.create)(theme=theme)
    conversation, _ = await sync_to_async(chat.conversation_open)(
        member=member, about="Aide", category="other", language="fr", after_hours=False
    )
    paths = {
        moderator: ["/ws/moderation/queue/", f"/ws/chat/rooms/{room.pk}/", "/ws/notifications/"],
        counsellor: ["/ws/counselling/", f"/ws/chat/conversations/{conversation.pk}/"],
        coordinator: ["/ws/moderation/queue/", "/ws/counselling/", "/ws/notifications/"],
    }
    for user, user_paths in paths.items():
        client = await sync_to_async(client_for)(user)
        for path in user_paths:
            assert await close_code(socket(path, client)) == 4401, (user.role, path)
        # Once the app is set up and passed in this session, the same sockets open.
        await sync_to_async(Authenticator.objects.create)(
            user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
        )
        client = await sync_to_async(client_for)(user)
        for path in user_paths:
            communicator = socket(path, client)
            connected, code = await communicator.connect()
            assert connected, (user.role, path, code)
            await communicator.disconnect()


# allauth announces a new app once its transaction commits: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_setting_up_the_app_with_a_code_from_it_turns_it_on(visitor):
    staff = make_user("cf_lena", Role.COUNSELLOR, totp=False)
    response = sign_in(visitor, staff)
    assert response.status_code == 302
    assert signed_in(visitor)
    setup = reverse("mfa_activate_totp")
    assert visitor.get(response["Location"])["Location"] == setup
    # Signed in a moment ago: the set-up does not ask for the password again.
    page = visitor.get(setup)
    assert page.status_code == 200
    secret = page.context["form"].secret

    wrong = visitor.post(setup, {"code": totp_code(secret, step=-3)})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    assert not Authenticator.objects.filter(user=staff).exists()
    assert visitor.get(reverse("chat:workspace"))["Location"] == setup

    response = visitor.post(setup, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    codes = visitor.get(response["Location"])
    assert codes.status_code == 200
    assert len(codes.context["unused_codes"]) == 10
    # The code typed from the new app passes the second factor for this session.
    assert visitor.get(reverse("chat:workspace")).status_code == 200
    record = AuditRecord.objects.get(action="mfa.activate")
    assert (record.actor_id, record.target_id, record.reason) == (staff.pk, str(staff.pk), "totp")


@pytest.mark.django_db
def test_an_old_sign_in_confirms_the_password_before_the_set_up(visitor, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    staff = make_user("mod_piet", Role.MODERATOR, totp=False)
    sign_in(visitor, staff)
    response = visitor.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    confirm = visitor.get(response["Location"])
    assert confirm.status_code == 200
    response = visitor.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_the_next_sign_in_asks_for_the_code_and_a_wrong_one_fails(visitor, role):
    staff = make_user(f"staff_{role}", role)
    response = sign_in(visitor, staff)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(visitor)
    page = visitor.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert visitor.get("/fr/moderation/")["Location"].startswith(reverse("account_login"))

    wrong = visitor.post(reverse("mfa_authenticate"), {"code": totp_code(step=-3)})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    assert not signed_in(visitor)

    response = visitor.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert signed_in(visitor)
    assert visitor.get(response["Location"]).status_code == 200
    staff_page = {
        Role.MODERATOR: "moderation:queue",
        Role.COUNSELLOR: "chat:workspace",
        Role.COORDINATOR: "figures",
    }[role]
    assert visitor.get(reverse(staff_page)).status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(moderator):
    codes = RecoveryCodes.activate(moderator).generate_codes()
    first = Client()
    sign_in(first, moderator)
    response = first.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert signed_in(first)
    assert first.get(reverse("moderation:queue")).status_code == 200

    again = Client()
    sign_in(again, moderator)
    response = again.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200
    assert not signed_in(again)
    response = again.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert response.status_code == 302
    assert signed_in(again)
    unused = Authenticator.objects.get(user=moderator, type="recovery_codes").wrap()
    assert len(unused.get_unused_codes()) == 8


@pytest.mark.django_db
def test_a_session_that_never_passed_the_code_is_asked_for_it(moderator):
    client = Client()
    client.force_login(moderator)  # signed in before the app was set up elsewhere, say
    response = client.get(reverse("moderation:queue"))
    confirm = reverse("mfa_reauthenticate")
    assert response["Location"] == f"{confirm}?next=%2Ffr%2Fmoderation%2F"
    response = client.post(
        confirm, {"code": totp_code(step=-3), "next": reverse("moderation:queue")}
    )
    assert response.status_code == 200
    assert client.get(reverse("moderation:queue")).status_code == 302
    response = client.post(confirm, {"code": totp_code(), "next": reverse("moderation:queue")})
    assert response["Location"] == reverse("moderation:queue")
    assert client.get(reverse("moderation:queue")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_replacing_the_app_closes_the_staff_pages_until_the_new_one_is_set_up(counsellor):
    client = client_for(counsellor)
    assert reverse("mfa_index") in client.get(reverse("account_settings")).content.decode()
    assert client.get(reverse("mfa_index")).status_code == 200
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=counsellor).exists()
    assert client.get(reverse("chat:workspace"))["Location"] == reverse("mfa_activate_totp")
    assert AuditRecord.objects.filter(action="mfa.remove", actor_id=counsellor.pk).exists()


@pytest.mark.django_db
def test_members_never_see_it(visitor, member):
    response = sign_in(visitor, member)
    assert response["Location"] == reverse("home")
    assert signed_in(visitor)
    assert visitor.get(reverse("home")).status_code == 200
    settings_page = visitor.get(reverse("account_settings"))
    assert settings_page.status_code == 200
    assert reverse("mfa_index") not in settings_page.content.decode()
    for name in ("mfa_index", "mfa_activate_totp", "mfa_view_recovery_codes"):
        assert visitor.get(reverse(name)).status_code == 404, name
    assert not Authenticator.objects.exists()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_members_sockets_do_not_need_it(member):
    client = await sync_to_async(client_for)(member)
    communicator = socket("/ws/notifications/", client)
    connected, _ = await communicator.connect()
    assert connected
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Vérification en deux étapes", "application", "Se connecter", "codes de secours"]),
        ("nl", ["Tweestapsverificatie", "app", "Aanmelden", "herstelcodes"]),
    ],
)
def test_the_pages_speak_french_and_dutch(lang, words):
    staff = make_user(f"mod_{lang}", Role.MODERATOR, totp=False, language=lang)
    client = Client()
    sign_in(client, staff, lang)
    setup = client.get(f"/{lang}/accounts/2fa/totp/activate/")
    html = setup.content.decode()
    assert f'<html lang="{lang}">' in html
    assert words[1] in html
    # The key is written out too; the QR code has a text alternative.
    assert 'id="totp-key"' in html
    assert 'alt="' in html
    secret = setup.context["form"].secret
    codes = client.get(client.post(setup.request["PATH_INFO"], {"code": totp_code(secret)}).url)
    assert words[3] in codes.content.decode().lower()
    client.post(f"/{lang}/accounts/logout/")

    sign_in(client, staff, lang)
    page = client.get(f"/{lang}/accounts/2fa/authenticate/").content.decode()
    assert words[0] in page
    assert words[2] in page
    assert problems(page) == []
