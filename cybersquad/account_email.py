"""A member's email address: added or changed only through a link sent to it, and the old
address told of every change.

Nothing here tells the person typing whether an address is already used: the page says "we
sent a link to this address" in every case. The address itself receives either the link or,
when another account has it, a message saying so. Both paths look the address up and send
one email, so they also take about as long.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext

from cybersquad import ratelimit
from cybersquad.audit import audit
from cybersquad.models import User

EMAIL_CHANGE_SALT = "cybersquad.email-change"
EMAIL_LINK_DAYS = 3


class EmailLinkInvalid(Exception):
    """The link is damaged, too old, or was already used."""


@dataclass(frozen=True)
class EmailChange:
    user: User
    email: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


def mask_email(email: str) -> str:
    """Enough for the owner to recognise an address, not enough to learn it:
    ``lotte.peeters@gmail.com`` -> ``l***@g***.com``."""
    local, _, domain = email.partition("@")
    host, dot, tld = domain.rpartition(".")
    if not dot:
        host, tld = domain, ""
    return f"{local[:1]}***@{host[:1]}***{dot}{tld}"


def _fingerprint(email: str) -> str:
    """Which address the account had when the link was made, without putting it in the link."""
    return salted_hmac(EMAIL_CHANGE_SALT, normalise_email(email)).hexdigest()[:20]


def email_owner(email: str, *, other_than: User) -> User | None:
    """Another account that uses this address (in its profile, or verified with allauth)."""
    owner = User.objects.filter(email__iexact=email).exclude(pk=other_than.pk).first()
    if owner is None:
        verified = (
            EmailAddress.objects.filter(email__iexact=email, verified=True)
            .exclude(user_id=other_than.pk)
            .select_related("user")
            .first()
        )
        owner = verified.user if verified else None
    return owner


def _link(user: User, email: str) -> str:
    token = signing.dumps(
        {"u": user.pk, "e": email, "was": _fingerprint(user.email)},
        salt=EMAIL_CHANGE_SALT,
        compress=True,
    )
    with translation.override(user.language):
        return settings.CYBERSQUAD_SITE_URL + reverse("account_email_confirm", args=[token])


def _send(subject: str, body: str, to: str) -> None:
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject
    transaction.on_commit(lambda: send_mail(subject, body, None, [to], fail_silently=True))


def email_change_request(user: User, *, email: str) -> None:
    """Ask to use ``email`` for this account: the address gets a link that adds it, or, when
    another account already uses it, a message saying so. The caller answers "we sent a link to
    this address" whatever happened here (also when the address got too many mails lately)."""
    email = normalise_email(email)
    if not ratelimit.hit(ratelimit.limit_for("email_link"), email):
        return
    owner = email_owner(email, other_than=user)
    # The address is written to in its owner's language.
    with translation.override((owner or user).language):
        if owner is not None:
            subject = gettext("This email address already has a Cybersquad account")
            body = gettext(
                "Hello,\n\nSomeone asked to use this email address for a Cybersquad account, "
                "but another account already uses it, so nothing was changed.\n\nWas it you? "
                "Then you already have an account: sign in with its pseudonym, or choose a new "
                "password here: %(reset)s\n\nWas it not you? Then you do not need to do "
                "anything.\n\nCybersquad"
            ) % {"reset": settings.CYBERSQUAD_SITE_URL + reverse("account_reset_password")}
        else:
            subject = gettext("Confirm your email address for Cybersquad")
            body = gettext(
                "Hello %(name)s,\n\nTo use this email address for your Cybersquad account, "
                "open this link within %(days)s days and press the button:\n\n%(link)s\n\n"
                "Did you not ask for this? Then do not open the link: nothing will change."
                "\n\nCybersquad"
            ) % {"name": user.username, "days": EMAIL_LINK_DAYS, "link": _link(user, email)}
    _send(subject, body, email)


def email_change_from_link(token: str) -> EmailChange:
    """The change a link asks for. Raises EmailLinkInvalid when it is damaged, older than
    EMAIL_LINK_DAYS, or the account's address changed since it was made (so it works once)."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_LINK_DAYS * 86400)
        user = User.objects.get(pk=data["u"], is_active=True)
        email = str(data["e"])
        was = str(data["was"])
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist) as error:
        raise EmailLinkInvalid from error
    if was != _fingerprint(user.email):
        raise EmailLinkInvalid
    return EmailChange(user=user, email=email)


def _tell_old_address(user: User, old: str, new: str) -> None:
    when = timezone.localtime()
    with translation.override(user.language):
        if new:
            subject = gettext("The email address of your Cybersquad account was changed")
            what = gettext(
                "On %(date)s at %(time)s, the email address of your Cybersquad account "
                "%(name)s was changed to %(masked)s. This address will no longer get our emails."
            )
        else:
            subject = gettext("The email address of your Cybersquad account was removed")
            what = gettext(
                "On %(date)s at %(time)s, the email address was removed from your Cybersquad "
                "account %(name)s. This address will no longer get our emails."
            )
        body = (
            gettext("Hello %(name)s,")
            + "\n\n"
            + what
            + "\n\n"
            + gettext(
                "Was it you? Then everything is fine.\n\nWas it not you? Then someone else may "
                "know your password. Sign in and change your password straight away. If you "
                "cannot sign in any more, talk to an adult you trust, or call Child Focus on "
                "%(helpline)s (free)."
            )
            + "\n\nCybersquad"
        ) % {
            "name": user.username,
            "date": date_format(when, "DATE_FORMAT"),
            "time": date_format(when, "TIME_FORMAT"),
            "masked": mask_email(new) if new else "",
            "helpline": settings.CYBERSQUAD_HELPLINE,
        }
    _send(subject, body, old)


def _set_email(user: User, email: str) -> None:
    """The account's one address, in the User row and in allauth's table (verified: the
    person opened a link sent to it), with nobody else holding an unverified copy of it."""
    EmailAddress.objects.filter(user=user).delete()
    if email:
        EmailAddress.objects.filter(email__iexact=email).delete()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.email = email
    user.save(update_fields=["email"])


@transaction.atomic
def email_change_apply(change: EmailChange) -> bool:
    """Use the address from an opened link. False, changing nothing, when another account
    took it meanwhile."""
    user = User.objects.select_for_update().get(pk=change.user.pk)
    if email_owner(change.email, other_than=user) is not None:
        return False
    old = user.email
    _set_email(user, change.email)
    audit(user, "account.email_changed" if old else "account.email_added", user)
    if old:
        _tell_old_address(user, old, change.email)
    change.user.email = change.email
    return True


@transaction.atomic
def email_remove(user: User) -> bool:
    """Remove the account's address; the address is told. False if there was none."""
    old = user.email
    if not old:
        return False
    _set_email(user, "")
    audit(user, "account.email_removed", user)
    _tell_old_address(user, old, "")
    return True
