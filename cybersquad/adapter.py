"""allauth adapter: self sign-up only ever makes members, with the few fields we ask."""

from __future__ import annotations

import unicodedata

from allauth.account.adapter import DefaultAccountAdapter
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cybersquad import staff_access
from cybersquad.models import Role, User

APPEAL_SALT = "cybersquad.suspended-appeal"
APPEAL_TOKEN_AGE = 60 * 60


def login_lock_key(login: str) -> str:
    """The per-account failed-login counter's key: the account the login names (however it is
    typed), or the folded text for a name nobody has. allauth's own key starts with the Host
    header, so a client could get a fresh counter by sending another allowed host name."""
    folded = unicodedata.normalize("NFKC", login.strip()).casefold()
    user = _account_named(login.strip()) if folded else None
    return f"account:{user.pk}" if user is not None else f"login:{folded}"


def _account_named(username: str) -> User | None:
    """The account a sign-in with this name reaches, as allauth's backend finds it: the one
    whose name equals it regardless of case (None when none or several do)."""
    found = [
        user
        for user in User.objects.filter(username__iexact=username)
        if user.username.lower() == username.lower()
    ]
    return found[0] if len(found) == 1 else None


class AccountAdapter(DefaultAccountAdapter):
    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        # A new member first reads how the place works (issue 12, item 5).
        return reverse("welcome")

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        # allauth's hook (pre_authenticate and the reset after a new password) for the
        # "login_failed" limit's per-key part.
        return login_lock_key(credentials.get("username") or credentials.get("email") or "")

    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.role = Role.MEMBER
        user.birth_year = data["birth_year"]
        user.birth_month = data["birth_month"]
        user.language = data["language"]
        user.avatar = data["avatar"]
        if commit:
            user.save()
        return user

    def authenticate(self, request: HttpRequest, **credentials) -> User | None:
        """Sign-in and "confirm it is you" both come here with the password in clear: the
        only moment we can tell whether it meets the staff policy."""
        user = super().authenticate(request, **credentials)
        if user is not None:
            staff_access.note_password_strength(request, user, credentials.get("password", ""))
        return user

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        return super().is_reauthentication_required(
            app=app, **kwargs
        ) and not staff_access.signed_in_moments_ago(self.request)

    def pre_login(self, request: HttpRequest, user: User, **kwargs) -> HttpResponse | None:
        """A suspended or banned member is not signed in; they are told why and until when."""
        if user.is_suspended():
            # No public API forgets the login allauth stashed in the session and its
            # authentication records (allauth is pinned below 66 in pyproject.toml; a test
            # signs a suspended member in).
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            decision = user.decisions.filter(action__in=["suspend", "ban"]).first()
            # They proved their password: a signed token lets them appeal without signing in.
            token = signing.dumps(decision.pk, salt=APPEAL_SALT) if decision else ""
            can_appeal = (
                decision is not None and decision.appealable and not hasattr(decision, "appeal")
            )
            return render(
                request,
                "account/suspended.html",
                {"suspended": user, "decision": decision, "token": token, "can_appeal": can_appeal},
                status=403,
            )
        return super().pre_login(request, user, **kwargs)
