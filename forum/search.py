"""Forum search: PostgreSQL full-text per topic language, folded substring match on SQLite."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F, Func, Q, QuerySet, TextField
from django.dispatch import receiver

from forum.models import Post, PostStatus, Topic, fold_for_search

# PostgreSQL text-search configuration per site language.
PG_CONFIGS = {"fr": "french", "nl": "dutch"}
# On SQLite, search compares case- and accent-folded text with this function of ours.
SQLITE_FOLD = "cybersquad_fold"


@receiver(connection_created)
def _register_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, _fold_or_empty, deterministic=True)


def _fold_or_empty(text: str | None) -> str:
    return fold_for_search(text or "")


def search_topics(query: str, *, user) -> QuerySet[Topic]:
    """Published topics whose title or published posts match every word of the query.

    Posts are searched in what is shown of them (``search_body``: masked personal details
    left out), never in their raw text: a search must not reveal what was masked.
    """
    query = query.strip()
    base = Topic.objects.visible_to(user).filter(status=PostStatus.PUBLISHED)
    if not query:
        return base.none()
    if connection.vendor == "postgresql":
        return _search_postgres(base, query)
    return _search_folded(base, query)


def _search_postgres(base: QuerySet[Topic], query: str) -> QuerySet[Topic]:
    matched_ids: set[int] = set()
    for language, config in PG_CONFIGS.items():
        sq = SearchQuery(query, config=config, search_type="websearch")
        posts = (
            Post.objects.filter(topic__language=language, status=PostStatus.PUBLISHED)
            .annotate(document=SearchVector("topic__title", "search_body", config=config))
            .filter(document=sq)
            .values_list("topic_id", flat=True)
        )
        matched_ids.update(posts)
    sq_any = SearchQuery(query, config="simple", search_type="websearch")
    return (
        base.filter(pk__in=matched_ids)
        .annotate(rank=SearchRank(SearchVector("title", config="simple"), sq_any))
        .select_related("theme", "author")
        .order_by("-rank", "-last_post_at")
    )


def _search_folded(base: QuerySet[Topic], query: str) -> QuerySet[Topic]:
    condition = Q()
    published = Post.objects.filter(status=PostStatus.PUBLISHED).annotate(
        folded=Func(F("search_body"), function=SQLITE_FOLD, output_field=TextField())
    )
    for word in fold_for_search(query).split():
        posts = published.filter(folded__contains=word)
        condition &= Q(search_title__contains=word) | Q(pk__in=posts.values("topic_id"))
    return base.filter(condition).select_related("theme", "author").order_by("-last_post_at")
