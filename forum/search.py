"""Forum search: PostgreSQL full-text per topic language, folded substring match on SQLite."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from forum.models import Post, PostStatus, Topic, fold_for_search

# PostgreSQL text-search configuration per site language.
PG_CONFIGS = {"fr": "french", "nl": "dutch"}


def search_topics(query: str, *, user) -> QuerySet[Topic]:
    """Published topics whose title or published posts match every word of the query."""
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
            .annotate(document=SearchVector("topic__title", "body", config=config))
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
    for word in fold_for_search(query).split():
        posts = Post.objects.filter(status=PostStatus.PUBLISHED, search_body__contains=word)
        condition &= Q(search_title__contains=word) | Q(pk__in=posts.values("topic_id"))
    return base.filter(condition).select_related("theme", "author").order_by("-last_post_at")
