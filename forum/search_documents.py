"""What PostgreSQL indexes for search: a stored text-search document per post, topic title and
help article (generated columns, so no write path can forget them).

Each document is the text analysed twice, by ``cs_french`` and ``cs_dutch``: copies of
PostgreSQL's French and Dutch configurations that strip accents (``unaccent``) before
stemming (migration forum 0010 creates them). Young people mix the two languages, so a post
is found by the word forms of either. On SQLite the column holds an empty string: search there
compares folded text instead (forum/search.py).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F, Func

CONFIGS = {"fr": "cs_french", "nl": "cs_dutch"}


class SearchDocument(Func):
    """``to_tsvector('cs_french', french…) || to_tsvector('cs_dutch', dutch…)``."""

    output_field = SearchVectorField()

    def __init__(self, *, french: list[str], dutch: list[str]) -> None:
        self.french, self.dutch = list(french), list(dutch)
        super().__init__(*(F(name) for name in [*self.french, *self.dutch]))

    def as_sql(self, compiler, connection, **extra_context):
        return "''", []

    def as_postgresql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        params: list = []
        for _sql, part_params in compiled:
            params.extend(part_params)
        columns = [f"COALESCE({sql}, '')" for sql, _ in compiled]
        french = " || ' ' || ".join(columns[: len(self.french)])
        dutch = " || ' ' || ".join(columns[len(self.french) :])
        sql = (
            f"(to_tsvector('{CONFIGS['fr']}'::regconfig, {french}) || "
            f"to_tsvector('{CONFIGS['nl']}'::regconfig, {dutch}))"
        )
        return sql, params
