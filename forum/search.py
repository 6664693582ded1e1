"""Search that finds help: help articles, themes and questions, in French and Dutch.

A query is read as terms: each word of it, or a phrase that a synonym group knows ("se
moquer"). A term stands for itself, its spelling variants (apostrophes in any form, "foto's" /
"fotos" / "foto", French elision "l'école" / "école", a plural's final s, taken away or
added) and the words young
people use for the same thing (forum/search_synonyms.json: harcèlement / se moquer / pesten…).
A result must match every term, by any of its variants.

PostgreSQL matches the stored search documents (forum/search_documents.py: accents stripped,
French and Dutch stemming) through GIN indexes. SQLite, for small sites, compares case- and
accent-folded text. Posts are searched in what is shown of them (``search_body``: masked
personal details left out), never in their raw text.
"""

from __future__ import annotations

import datetime
import json
import re
import time
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import (
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.dispatch import receiver

from forum.models import HelpArticle, Post, PostStatus, Theme, Topic, fold_for_search
from forum.search_documents import CONFIGS

# On SQLite, search compares case- and accent-folded text with this function of ours.
SQLITE_FOLD = "cybersquad_fold"
SYNONYMS = Path(__file__).with_name("search_synonyms.json")
APOSTROPHES = re.compile(r"[’‘`´ʼ]")
# French elisions: l'école, d'amis, j'ai, qu'il… (the part after the apostrophe is the word).
ELIDED = {"l", "d", "j", "m", "t", "s", "n", "c", "qu", "jusqu", "lorsqu", "puisqu"}
MAX_TERMS = 8
# Words that say nothing about what is searched for, in French and Dutch: a term made only of
# them is left out (on PostgreSQL one language's stop word is an ordinary word in the other's
# analysis, so they are dropped here, for both databases alike).
STOP_WORDS = frozenset(
    """
    le la les l un une des du de d et ou mais donc ni car que qu qui quoi dont où je j tu il
    elle on nous vous ils elles me m te t se s moi toi lui leur leurs eux mon ma mes ton ta tes
    son sa ses notre nos votre vos ce cet cette ces c ça ca est es suis sont a ai as avons avez
    ont été être avoir au aux en dans par pour sur avec sans sous chez ne n pas plus y très
    tout tous toute toutes comme si quand
    het een en of maar dat die dit deze wat wie waar ik je jij u hij zij ze we wij jullie mij
    mijn jouw zijn haar ons onze hun hen ben bent was waren heb hebt heeft hebben had in op aan
    met voor van naar bij uit over om te tot door als dan niet geen wel ook er nog al zo heel
    """.split()
)


@receiver(connection_created)
def _register_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, _fold_or_empty, deterministic=True)


def _fold_or_empty(text: str | None) -> str:
    return fold_for_search(text or "")


def fold(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe."""
    return APOSTROPHES.sub("'", fold_for_search(text))


@cache
def synonym_groups() -> tuple[frozenset[str], ...]:
    data = json.loads(SYNONYMS.read_text(encoding="utf-8"))
    return tuple(frozenset(fold(word) for word in group) for group in data["groups"])


def spellings(word: str) -> set[str]:
    """The forms of one folded word that people write for the same thing."""
    found = {word}
    if "'" in word:
        before, _, after = word.partition("'")
        if before in ELIDED and after:
            found.add(after)
        else:
            found |= {before + after, before}
    for form in list(found):
        if len(form) > 4 and form.endswith("s"):
            found.add(form[:-1])
        elif len(form) > 2 and form.isalpha():
            found.add(form + "s")
    return {form.strip("'") for form in found} - {""}


def terms(query: str) -> list[set[str]]:
    """The query as terms, each the set of its variants (words or phrases), all folded."""
    text = " ".join(re.findall(r"[\w']+", fold(query)))
    found: list[set[str]] = []
    for group in synonym_groups():
        for phrase in sorted((p for p in group if " " in p), key=len, reverse=True):
            if re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", text):
                found.append(set(group))
                text = re.sub(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", " ", text)
    for word in text.split():
        if word in STOP_WORDS or spellings(word) <= STOP_WORDS:
            continue
        variants = spellings(word)
        for group in synonym_groups():
            if variants & group:
                variants |= group
        found.append(variants)
    return found[:MAX_TERMS]


@dataclass
class Results:
    articles: list[HelpArticle]
    themes: list[Theme]
    # The matching published questions' ids, in the order shown (at most ``limit``).
    topic_ids: list[int]


def search(query: str, *, user, limit: int | None = None) -> Results:
    """Help articles, themes and published questions that match every term of the query; at
    most ``limit`` questions (the first ones in the order shown) when it is given."""
    wanted = terms(query.strip())
    if not wanted:
        return Results([], [], [])
    return Results(
        articles=_articles(wanted),
        themes=[theme for theme in Theme.objects.all() if _matches(_theme_text(theme), wanted)],
        topic_ids=_topic_ids(wanted, user=user, limit=limit),
    )


def search_topics(query: str, *, user, limit: int | None = None) -> list[Topic]:
    """Published topics whose title or published posts match every term of the query, in the
    order shown (the ranking the search page uses)."""
    return topics_in_order(_topic_ids(terms(query.strip()), user=user, limit=limit), user=user)


def topics_in_order(ids: list[int], *, user) -> list[Topic]:
    """These questions with what a list shows of them (``for_lists``), in this order; one that
    is no longer published since it was found is left out."""
    found = _published(user).filter(pk__in=ids).for_lists().in_bulk()
    return [found[pk] for pk in ids if pk in found]


def _published(user) -> QuerySet[Topic]:
    return Topic.objects.visible_to(user).filter(status=PostStatus.PUBLISHED)


def _conditions(wanted: list[set[str]]) -> tuple[Q, Q]:
    if connection.vendor == "postgresql":
        return _postgres_conditions(wanted)
    return _folded_conditions(wanted)


def _topic_ids(wanted: list[set[str]], *, user, limit: int | None) -> list[int]:
    """Questions whose title matches come first, then those where a published reply matches
    (or, on SQLite, where the title and replies together have every term), each newest first.
    The ids in that order are the whole ranking: the page reads only its own questions, and
    the list's length says whether there are more than the page may show.

    The matching questions are found in that order, one list after the other, and only as many
    as ``limit`` asks for. On PostgreSQL, titles that match are found through their GIN index
    and the newest kept, unless so many titles match that walking the questions newest first
    (index ``topic_status_recent``) meets enough of them sooner (``_walk_titles``). For the
    replies, the database walks the questions newest first and looks into each one's posts
    until enough match, or asks the posts' GIN index for a rare word. Either way it never
    reads every post, which one query over "title or any post matches", ranked afterwards,
    had to do.
    """
    if not wanted:
        return []
    base = _published(user)
    in_title, in_replies = _conditions(wanted)
    if connection.vendor == "postgresql" and not _walk_titles(wanted, limit):
        # Sorting on an expression keeps the planner from walking the recent-topics index
        # and testing every title on the way (it counts a text-search match as nearly free):
        # it reads the titles' GIN index, then sorts what matched.
        by_date = ExpressionWrapper(
            F("last_post_at") + Value(datetime.timedelta(0)), output_field=DateTimeField()
        )
        titled = base.filter(in_title).order_by(by_date.desc(), "-pk")
    else:
        titled = base.filter(in_title).order_by(*NEWEST_FIRST)
    ids = _first_ids(titled, limit)
    if limit is None or len(ids) < limit:
        rest = base.exclude(in_title).filter(in_replies).order_by(*NEWEST_FIRST)
        ids += _first_ids(rest, None if limit is None else limit - len(ids))
    return ids


NEWEST_FIRST = ("-last_post_at", "-pk")


def _first_ids(topics: QuerySet[Topic], limit: int | None) -> list[int]:
    ids = topics.values_list("pk", flat=True)
    return list(ids if limit is None else ids[:limit])


# --- PostgreSQL ------------------------------------------------------------------------------


class _Analysed(SearchQuery):
    """A query PostgreSQL has already analysed, given as tsquery text: the several statements
    of one search neither repeat nor re-plan the analysis of every variant."""

    template = "%(expressions)s::tsquery"


def _tsquery(wanted: list[set[str]]) -> SearchQuery:
    """Every term, each by any of its variants, in French or Dutch analysis."""
    return _Analysed(" & ".join(_analysed(_key(wanted))))


def _key(wanted: list[set[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(sorted(variants)) for variants in wanted)


@lru_cache(maxsize=1024)
def _analysed(wanted: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Every term as the OR of its variants' analyses (tsquery text; the terms are to be
    ANDed), each analysis once: variants and the two languages often analyse to the same
    lexemes ("pesten" in Dutch and French, "harcèlement" and "harcelement"), and PostgreSQL
    tests a query's every branch on every row it looks at."""
    return tuple("(" + " | ".join(f"({q})" for q in either) + ")" for either in _analyses(wanted))


@lru_cache(maxsize=1024)
def _analyses(wanted: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """Per term, its variants' distinct analyses in both languages (tsquery texts); a term
    that is only stop words asks nothing (as && with an empty query) and is left out."""
    configs = list(CONFIGS.values())
    params = [value for variants in wanted for v in variants for c in configs for value in (c, v)]
    if not params:
        return ()
    analyses = ", ".join(["plainto_tsquery(%s::regconfig, %s)::text"] * (len(params) // 2))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {analyses}", params)
        found = iter(cursor.fetchone())
    terms = []
    for variants in wanted:
        either = tuple(
            dict.fromkeys(q for q in (next(found) for _ in variants for _ in configs) if q)
        )
        if either:
            terms.append(either)
    return tuple(terms)


# --- Which way to find the newest matching titles -------------------------------------------
#
# Walking the questions newest first tests about limit / share titles; reading the GIN index
# fetches and sorts share × N of them, each for about half the cost of a test. The walk is the
# cheaper when share² × N > 2 × limit (20,000 questions, 251 wanted: a word in more than one
# title in six). The shares come from PostgreSQL's own statistics of the titles' documents
# (pg_stats: the most common lexemes and how many titles have each), read once in a while.

STATS_SECONDS = 600
_LEXEME = re.compile(r"'((?:[^']|'')*)'")


@dataclass
class _TitleStats:
    read_at: float
    rows: float  # questions in the table, as last analysed (0: unknown)
    shares: dict[str, float]  # lexeme: the share of titles that have it
    unlisted: float  # the share assumed for a lexeme not among the most common


_title_stats: _TitleStats | None = None


def _stats() -> _TitleStats:
    global _title_stats
    now = time.monotonic()
    if _title_stats is None or now - _title_stats.read_at > STATS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs"
                " FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema()"
                " AND s.tablename = c.relname AND s.attname = 'search_document'"
                " WHERE c.oid = to_regclass(%s)",
                [Topic._meta.db_table],
            )
            row = cursor.fetchone() or (0, None, None)
        rows, lexemes, freqs = row
        shares = dict(zip(lexemes or [], freqs or [], strict=False))
        # After each lexeme's share come the lowest and highest of them, then the share of
        # empty documents; PostgreSQL takes half the lowest for a lexeme not listed.
        unlisted = freqs[len(lexemes)] / 2 if lexemes and freqs else 0.0
        _title_stats = _TitleStats(now, max(float(rows or 0), 0.0), shares, unlisted)
    return _title_stats


def title_share(analyses: tuple[tuple[str, ...], ...], stats: _TitleStats) -> float:
    """The share of titles expected to match: every term (independently), each by any of its
    analyses, each analysis with all its lexemes."""
    share = 1.0
    for either in analyses:
        none = 1.0
        for q in either:
            has = 1.0
            for lexeme in _LEXEME.findall(q):
                has *= stats.shares.get(lexeme.replace("''", "'"), stats.unlisted)
            none *= 1.0 - has
        share *= 1.0 - none
    return share


def walk_is_cheaper(share: float, rows: float, limit: int | None) -> bool:
    return limit is not None and share * share * rows > 2 * limit


def _walk_titles(wanted: list[set[str]], limit: int | None) -> bool:
    """Whether so many titles match that the newest ones are found sooner by walking the
    questions newest first than through the titles' GIN index."""
    if limit is None:
        return False
    stats = _stats()
    return walk_is_cheaper(title_share(_analyses(_key(wanted)), stats), stats.rows, limit)


def _postgres_conditions(wanted: list[set[str]]) -> tuple[Q, Q]:
    """The title's search document has every term; or one published reply's has."""
    query = _tsquery(wanted)
    replies = Post.objects.filter(
        topic=OuterRef("pk"), status=PostStatus.PUBLISHED, search_document=query
    )
    return Q(search_document=query), Q(Exists(replies))


# --- SQLite and small tables ---------------------------------------------------------------


def _folded_conditions(wanted: list[set[str]]) -> tuple[Q, Q]:
    """Every term, by any variant, in the folded title; or each in the title or a published
    reply (shown text only)."""
    published = Post.objects.filter(status=PostStatus.PUBLISHED).annotate(
        folded=Func(F("search_body"), function=SQLITE_FOLD, output_field=TextField())
    )
    in_title = Q()
    anywhere = Q()
    for variants in wanted:
        title_has = Q()
        either = Q()
        for variant in variants:
            posts = published.filter(folded__contains=variant)
            title_has |= Q(search_title__contains=variant)
            either |= Q(search_title__contains=variant) | Q(pk__in=posts.values("topic_id"))
        in_title &= title_has
        anywhere &= either
    return in_title, anywhere


def _matches(text: str, wanted: list[set[str]]) -> bool:
    folded = fold(text)
    return all(any(variant in folded for variant in variants) for variants in wanted)


def _theme_text(theme: Theme) -> str:
    return " ".join(
        str(getattr(theme, f"{field}_{language}") or "")
        for field in ("name", "description")
        for language in CONFIGS
    )


def _article_text(article: HelpArticle) -> str:
    return " ".join(
        str(getattr(article, f"{field}_{language}") or "")
        for field in ("title", "summary", "body")
        for language in CONFIGS
    )


def _articles(wanted: list[set[str]]) -> list[HelpArticle]:
    articles = HelpArticle.objects.select_related("theme")
    if connection.vendor == "postgresql":
        # The page shows titles and summaries: not the articles' bodies.
        found = articles.filter(search_document=_tsquery(wanted))
        return list(found.defer(*HelpArticle.BODY_FIELDS))
    return [article for article in articles if _matches(_article_text(article), wanted)]
