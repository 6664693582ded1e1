"""Authentication that refuses suspended and banned accounts."""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model

from cybersquad.prepared import Prepared

# Every signed-in request loads its account by id: the same SQL each time.
_account = Prepared(lambda pk: get_user_model()._default_manager.filter(pk=pk), int)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        """As Django's ModelBackend.get_user, with the query compiled once per process."""
        if type(user_id) is not int:  # the session's id is made an int before it comes here
            return super().get_user(user_id)
        found = _account(user_id)
        if not found:
            return None
        [user] = found
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not user.is_suspended()
