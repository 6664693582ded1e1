"""Account forms: sign-up with the few things we ask, and the member's own settings."""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from cybersquad.account_email import email_change_request, normalise_email
from cybersquad.i18n import current_language
from cybersquad.models import Avatar, User, age_on

TOO_YOUNG = "too_young"
TOO_OLD = "too_old"


def _year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    years = range(this_year - settings.CYBERSQUAD_MAX_AGE - 3, this_year - 5 + 1)
    return [("", "—")] + [(str(y), str(y)) for y in reversed(years)]


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Pseudonym")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)


class SignupForm(AllauthSignupForm):
    birth_month = forms.TypedChoiceField(
        label=_("Birth month"),
        choices=[("", "—")] + [(str(k), v) for k, v in MONTHS.items()],
        coerce=int,
    )
    birth_year = forms.TypedChoiceField(label=_("Birth year"), choices=_year_choices, coerce=int)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the site and of the messages we send you."),
    )
    avatar = forms.ChoiceField(
        label=_("Picture"),
        choices=Avatar.choices,
        initial=Avatar.FOX,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Shown next to your pseudonym. You can change it later in your settings."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = current_language()
        self.fields["username"].label = _("Pseudonym")
        self.fields["username"].help_text = _(
            "Not your real name, and no phone number, email or social media name in it."
        )
        self.fields["email"].label = _("Email")
        self.fields["email"].help_text = _(
            "Only needed if you want to be able to reset a forgotten password. We send a link "
            "to this address: it is added to your account when you open it."
        )
        self.requested_email = ""
        # The picture right under the pseudonym it goes with.
        order = list(self.fields)
        order.remove("avatar")
        order.insert(order.index("username") + 1, "avatar")
        self.order_fields(order)
        for field in self.fields.values():
            # Labels are always visible; placeholders would only repeat them.
            field.widget.attrs.pop("placeholder", None)

    def clean_email(self) -> str:
        """Never attached here, and never checked against other accounts (that would tell
        anyone whether an address has an account): the address gets a link once the account
        exists, and is added when it is opened."""
        self.requested_email = normalise_email(self.cleaned_data["email"])
        return ""

    def signup(self, request: HttpRequest, user: User) -> None:
        if self.requested_email:
            email_change_request(user, email=self.requested_email)

    def clean_avatar(self) -> str:
        # Without a choice (an older form, a script) the first picture, as in the form.
        return self.cleaned_data["avatar"] or Avatar.FOX

    def clean(self) -> dict:
        cleaned = super().clean()
        year, month = cleaned.get("birth_year"), cleaned.get("birth_month")
        if year and month:
            age = age_on(year, month, timezone.localdate())
            if age < settings.CYBERSQUAD_MIN_AGE:
                raise ValidationError(_("You are too young to make an account."), code=TOO_YOUNG)
            if age > settings.CYBERSQUAD_MAX_AGE:
                raise ValidationError(_("This site is for young people."), code=TOO_OLD)
        return cleaned

    def age_refusal(self) -> str | None:
        """TOO_YOUNG or TOO_OLD when the form was refused for the age alone."""
        for error in self.non_field_errors().as_data():
            if error.code in (TOO_YOUNG, TOO_OLD):
                return error.code
        return None


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "avatar"]
        widgets = {"avatar": forms.RadioSelect}

    avatar = forms.ChoiceField(label=_("Picture"), choices=Avatar.choices, widget=forms.RadioSelect)


class EmailChangeForm(forms.Form):
    """A new address (or none) and the password. Whether another account uses the address is
    never a form error: the address itself is told (cybersquad/account_email.py)."""

    email = forms.EmailField(
        label=_("New email address"),
        required=False,
        help_text=_("Leave it empty to remove your address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="wrong_password")
        return password

    def clean(self) -> dict:
        cleaned = super().clean()
        email = cleaned.get("email")
        if email is not None and email == normalise_email(self.user.email):
            if email:
                raise ValidationError(_("This is already your email address."), code="same")
            raise ValidationError(_("Your account has no email address."), code="none")
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="wrong_password")
        return password
