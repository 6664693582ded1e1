"""allauth adapter: self sign-up only ever makes members, with the few fields we ask."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from cybersquad.models import Role, User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.role = Role.MEMBER
        user.birth_year = data["birth_year"]
        user.birth_month = data["birth_month"]
        user.language = data["language"]
        if commit:
            user.save()
        return user
