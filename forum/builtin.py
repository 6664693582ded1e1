"""Help articles that every site has, not only the demo (forum/builtin/help_articles.json).

A data migration creates the ones that are missing, and seed_demo does the same, so tests that
empty the database and demo sites have them too. Coordinators may edit them afterwards in the
admin: neither ever overwrites an existing article.
"""

from __future__ import annotations

import json
from pathlib import Path

BUILTIN_ARTICLES = Path(__file__).resolve().parent / "builtin" / "help_articles.json"
TRANSLATED = ("title", "summary", "body")


def builtin_help_articles() -> list[dict]:
    return json.loads(BUILTIN_ARTICLES.read_text(encoding="utf-8"))


def help_articles_create_missing(model, *, base_fields: bool) -> int:
    """Create the built-in articles whose slug is not taken. Returns how many were created.

    ``model`` is HelpArticle or, in a migration, its historical version; the latter has no
    modeltranslation descriptors, so ``base_fields`` fills the plain columns (French) too.
    """
    created = 0
    for row in builtin_help_articles():
        if model.objects.filter(slug=row["slug"]).exists():
            continue
        fields = {
            f"{name}_{lang}": row[f"{name}_{lang}"] for name in TRANSLATED for lang in ("fr", "nl")
        }
        if base_fields:
            fields.update({name: row[f"{name}_fr"] for name in TRANSLATED})
        model.objects.create(slug=row["slug"], position=row["position"], **fields)
        created += 1
    return created
