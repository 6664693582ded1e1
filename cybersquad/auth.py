"""Authentication that refuses suspended and banned accounts."""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend


class AuthenticationBackend(AllauthBackend):
    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not user.is_suspended()
