"""Load the demo content: bilingual themes and help articles, topics, one account per role.

Idempotent: running it again updates the same rows and creates no duplicates. Refuses to run
in production mode (DEBUG=false): the demo accounts' passwords are public, in this file.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

import forum
from chat.models import CannedReply, Room
from cybersquad.models import Role, User
from forum import services
from forum.builtin import help_articles_create_missing
from forum.models import HelpArticle, Theme, Topic

# In chat/ because the demo has chat rooms too (chat builds on forum, not the reverse);
# its data stays in forum/demo/.
DEMO_DIR = Path(forum.__file__).resolve().parent / "demo"

# Demo passwords are printed on purpose: this content only ever runs on a developer's machine.
# Staff passwords meet the staff policy (cybersquad.validators.StaffPasswordValidator).
DEMO_ACCOUNTS = [
    ("demo_member", Role.MEMBER, "fr", "demo-member-2026"),
    ("demo_member2", Role.MEMBER, "nl", "demo-member2-2026"),
    ("demo_moderator", Role.MODERATOR, "nl", "tulpen-in-gent-2026"),
    ("demo_counsellor", Role.COUNSELLOR, "fr", "wafels-met-room-2026"),
    ("demo_coordinator", Role.COORDINATOR, "fr", "frieten-op-zondag-2026"),
]


def _load(name: str) -> list[dict]:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


class Command(BaseCommand):
    help = "Create or update the demo themes, help articles, topics and accounts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print accounts.")

    def handle(self, *args, **options) -> None:
        if settings.CYBERSQUAD_PRODUCTION:
            raise CommandError(
                "seed_demo does not run in production mode (DEBUG=false): it would create "
                "accounts whose passwords are published. Nothing was written."
            )
        self._seed(options)

    @transaction.atomic
    @override_settings(CYBERSQUAD_PREMODERATE_FIRST_POSTS=0)
    def _seed(self, options: dict) -> None:
        themes = self._themes()
        self._articles(themes)
        users = self._accounts()
        created = self._topics(themes, users)
        self._rooms(themes)
        self._canned_replies()
        self.stdout.write(
            f"{len(themes)} themes with a chat room each, {HelpArticle.objects.count()} help "
            f"articles, {created} new demo topics, {CannedReply.objects.count()} ready answers."
        )
        if not options["quiet_accounts"]:
            self.stdout.write("\nDemo accounts (pseudonym / password / role):")
            for username, role, _lang, password in DEMO_ACCOUNTS:
                self.stdout.write(f"  {username:<18} {password:<24} {role.label}")
            self.stdout.write(
                "\nStaff accounts set up an authenticator app (TOTP) when they first sign in."
            )
            self.stdout.write(
                "\nLive chat: sign in as demo_counsellor and press 'Start my shift'. Opening "
                f"hours: {settings.CHAT_OPENING_HOURS} (CHAT_OPENING_HOURS)."
            )

    def _themes(self) -> dict[str, Theme]:
        themes = {}
        for position, row in enumerate(_load("themes.json")):
            theme, _ = Theme.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    "position": position,
                    "name_fr": row["name_fr"],
                    "name_nl": row["name_nl"],
                    "description_fr": row["description_fr"],
                    "description_nl": row["description_nl"],
                },
            )
            themes[theme.slug] = theme
        return themes

    def _rooms(self, themes: dict[str, Theme]) -> None:
        """One room per theme, with the default hours; a moderator opens it by being there."""
        for theme in themes.values():
            Room.objects.get_or_create(theme=theme)

    def _canned_replies(self) -> None:
        for position, row in enumerate(_load("canned_replies.json")):
            CannedReply.objects.update_or_create(
                title_fr=row["title_fr"],
                defaults={
                    "position": position,
                    "title_nl": row["title_nl"],
                    "body_fr": row["body_fr"],
                    "body_nl": row["body_nl"],
                },
            )

    def _articles(self, themes: dict[str, Theme]) -> None:
        # The articles every site has (a migration creates them; a flushed database has not).
        help_articles_create_missing(HelpArticle, base_fields=False)
        for position, row in enumerate(_load("help_articles.json")):
            HelpArticle.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    "position": position,
                    "theme": themes.get(row["theme"]) if row["theme"] else None,
                    **{
                        f"{field}_{lang}": row[f"{field}_{lang}"]
                        for field in ("title", "summary", "body")
                        for lang in ("fr", "nl")
                    },
                },
            )

    def _accounts(self) -> dict[str, User]:
        users = {}
        for username, role, language, password in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"role": role, "language": language, "birth_year": None},
            )
            if role == Role.MEMBER and created:
                today = timezone.localdate()
                user.birth_year, user.birth_month = today.year - 15, 1
            if created:
                user.set_password(password)
                user.save()
            users[username] = user
        return users

    def _topics(self, themes: dict[str, Theme], users: dict[str, User]) -> int:
        created = 0
        for row in _load("topics.json"):
            if Topic.objects.filter(title=row["title"]).exists():
                continue
            topic = services.topic_create(
                users[row["author"]],
                theme=themes[row["theme"]],
                title=row["title"],
                body=row["body"],
                language=row["language"],
            )
            for reply in row["replies"]:
                services.reply_create(topic, author=users[reply["author"]], body=reply["body"])
            created += 1
        return created
