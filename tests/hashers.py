"""A password hasher for the suite: Django's PBKDF2 with few iterations.

Production hashes with Django's default (about a million iterations, a third of a second a
password on this machine); the suite creates thousands of accounts. The algorithm name stays
``pbkdf2_sha256`` and each hash records its iteration count, so a server process started by a
test (daphne in the live browser tests) checks these passwords with Django's own hasher.
"""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000
