"""Django's database sessions, with the session's query compiled once per process.

Every signed-in request reads its session by key: the same SQL each time (cybersquad/prepared.py).
Sessions stay in the database, so signing out, a password change or a deleted session row ends
them at once, as before. Set as ``SESSION_ENGINE``.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from cybersquad.prepared import Prepared

_by_key = Prepared(lambda key: Session.objects.filter(session_key=key), str)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """As Django's: the session if it exists and has not expired, else None (and no key)."""
        try:
            key = self.session_key
            found = _by_key(key) if key is not None else []
        except SuspiciousOperation as e:
            logging.getLogger(f"django.security.{e.__class__.__name__}").warning(str(e))
            found = []
        # Expired sessions are not found, as with Django's ``expire_date__gt=now``.
        if not found or found[0].expire_date <= timezone.now():
            self._session_key = None
            return None
        return found[0]
