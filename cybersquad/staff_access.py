"""What a staff account must have done before it reaches anything: pass a second factor, and
sign in with a password that meets the staff policy.

Moderators, counsellors and coordinators see what young people confide, so a password alone
must not open their account. allauth's MFA asks for a code at sign-in once an account has an
authenticator app; this module makes one compulsory for staff and checks the session in use:

- a staff account without an authenticator app reaches only the set-up pages (and signing
  out and the language switch) until it has activated one;
- a staff session that never passed the second factor (it signed in before the app was set up
  in another browser, say) is asked for a code first;
- a staff member whose password does not meet the staff policy changes it first. A password is
  only ever seen in clear when it is typed, so it is checked then: at sign-in and when it is
  confirmed. That also covers a member promoted to staff and passwords older than the policy.

How a session shows it passed: allauth keeps a record of each authentication step in the
session, bound to the account ("account_authentication_methods"); its MFA step adds a
``mfa`` record after a right code or recovery code, at sign-in or when confirming it is you.
Activating the app adds one too (see ``record_activation``): the person just typed a code
from it. Signing out or in as someone else clears the records with the session.

Members are never asked and never offered it. The same check guards every WebSocket:
consumers call ``socket_allowed`` in ``connect``, and when a second factor goes (removed by a
coordinator, deactivated or replaced), every open socket of the person closes at once.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from types import SimpleNamespace
from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from allauth.account.authentication import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from allauth.account.signals import password_changed, password_set
from allauth.mfa import signals as mfa_signals
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from django.contrib import messages
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cybersquad.audit import audit
from cybersquad.broadcast import send_on_commit
from cybersquad.groups import user_group
from cybersquad.validators import is_staff_account, staff_password_problems

WEAK_PASSWORD_KEY = "cybersquad.staff_password_weak"  # noqa: S105 - a session key


class Step(enum.Enum):
    SET_UP = "set_up"
    VERIFY = "verify"
    CHANGE_PASSWORD = "change_password"  # noqa: S105 - a step name


# What a staff member with a step to take may still open (by URL name).
ALWAYS_OPEN = frozenset({"account_logout", "language_switch", "quick_exit", "web_manifest"})
OPEN_DURING = {
    # Activating asks to confirm the password unless they signed in a moment ago.
    Step.SET_UP: frozenset({"mfa_activate_totp", "account_reauthenticate"}),
    Step.VERIFY: frozenset({"mfa_reauthenticate"}),
    # The recovery codes are shown right after the app is activated.
    Step.CHANGE_PASSWORD: frozenset(
        {"account_change_password", "mfa_view_recovery_codes", "mfa_download_recovery_codes"}
    ),
}
# The pages where one manages a second factor: staff only. A former staff member who still
# has one keeps them, so that they can see their codes or remove it.
MANAGE_PAGES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
    }
)


def factors_of(user) -> dict[int, str]:
    """The person's second factors now (id -> type: the app, recovery codes), in one query."""
    return dict(Authenticator.objects.filter(user_id=user.pk).values_list("pk", "type"))


def passed_second_factor(session, user, factors: dict[int, str]) -> bool:
    """The session holds allauth's record of a second factor this account passed with one of
    ``factors``, those it still has: once an app or a set of recovery codes is removed or
    replaced (a lost phone), the sessions that passed with it are asked for a code again."""
    records = get_authentication_records(SimpleNamespace(session=session), user)
    return any(record.get("method") == "mfa" and record.get("id") in factors for record in records)


def pending_step(user, session) -> Step | None:
    """What this signed-in person must do before anything else, if anything."""
    if not (user.is_authenticated and is_staff_account(user)):
        return None
    factors = factors_of(user)
    if Authenticator.Type.TOTP not in factors.values():
        return Step.SET_UP
    if session is None or not passed_second_factor(session, user, factors):
        return Step.VERIFY
    if session.get(WEAK_PASSWORD_KEY) == str(user.pk):
        return Step.CHANGE_PASSWORD
    return None


def socket_allowed(scope: dict) -> bool:
    """Whether a WebSocket may open for this scope's person (staff: all steps taken).

    Reads the database: call it through ``database_sync_to_async``.
    """
    user = scope.get("user")
    if user is None or not user.is_authenticated:
        return True
    return pending_step(user, scope.get("session")) is None


def note_password_strength(request: HttpRequest, user, password: str) -> None:
    """After a right password: remember for this session whether it would do for staff.

    Kept for members too, so a member promoted while signed in is asked to change it.
    """
    if staff_password_problems(password, user):
        request.session[WEAK_PASSWORD_KEY] = str(user.pk)
    else:
        request.session.pop(WEAK_PASSWORD_KEY, None)


def signed_in_moments_ago(request: HttpRequest | None) -> bool:
    """An authentication step (password, code) within allauth's reauthentication timeout.

    allauth asks to confirm the password before setting up an app even right after signing
    in; a sign-in a moment ago proves as much, and staff are sent to the set-up at once.
    """
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    latest = max((record.get("at", 0) for record in records), default=0)
    return time.time() - latest < account_settings.REAUTHENTICATION_TIMEOUT


class StaffAccessMiddleware:
    """Sends staff with a step to take to it, from every page but sign-out and the language
    switch; keeps members away from the pages that manage a second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        name = request.resolver_match.view_name
        if not is_staff_account(user):
            if name in MANAGE_PAGES and not Authenticator.objects.filter(user_id=user.pk).exists():
                raise Http404
            return None
        step = pending_step(user, request.session)
        if step is None or name in ALWAYS_OPEN or name in OPEN_DURING[step]:
            return None
        return _redirect_to(request, step)


def _redirect_to(request: HttpRequest, step: Step) -> HttpResponseRedirect:
    if step is Step.SET_UP:
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    if step is Step.VERIFY:
        url = reverse("mfa_reauthenticate")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
    messages.warning(
        request,
        _("Your password is too weak for a team account. Choose a new one before you continue."),
    )
    return HttpResponseRedirect(reverse("account_change_password"))


class _CodeField:
    """Our label on allauth's code field, and what phones need to offer the right keyboard
    and fill in a code from the app."""

    code_label = _lazy("Code from your app, or a recovery code")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = self.code_label
        field.widget.attrs = {
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "autocapitalize": "off",
            "spellcheck": "false",
        }


class ActivateAppForm(_CodeField, ActivateTOTPForm):
    code_label = _lazy("The 6-digit code the app shows")

    @property
    def secret_for_typing(self) -> str:
        """The key in groups of four, as the apps show it and accept it typed."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


class SignInCodeForm(_CodeField, AuthenticateForm):
    pass


class ConfirmCodeForm(_CodeField, ReauthenticateForm):
    pass


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user) -> str:
        # The app shows the pseudonym, never the email address.
        return user.get_username()


@receiver(mfa_signals.authenticator_added)
def record_activation(sender, request, user, authenticator, **kwargs) -> None:
    """Typing a right code from the new app passes the second factor for this session."""
    if authenticator.type != Authenticator.Type.TOTP:
        return
    # A step added to the session's authentication records as allauth adds its own, through
    # its public names only.
    step = {"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": authenticator.type}
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        *get_authentication_records(request, user),
        step,
    ]
    audit(user, "mfa.activate", user, reason=authenticator.type)


@receiver(post_delete, sender=Authenticator)
def close_sockets_when_a_factor_goes(sender, instance: Authenticator, **kwargs) -> None:
    """However a second factor goes (a coordinator in the admin, the person deactivating the
    app or replacing the recovery codes), every open socket of the person closes at once:
    sockets check the second factor only when they open, and a socket that opens again is
    refused until the session passes a factor the person still has."""
    send_on_commit(user_group(instance.user_id), {"type": "session.end"})


@receiver(mfa_signals.authenticator_removed)
def audit_removal(sender, request, user, authenticator, **kwargs) -> None:
    audit(user, "mfa.remove", user, reason=authenticator.type)


@receiver([password_changed, password_set])
def password_meets_policy(sender, request, user, **kwargs) -> None:
    """The new password passed the validators of the person's role."""
    if request is not None:
        request.session.pop(WEAK_PASSWORD_KEY, None)
