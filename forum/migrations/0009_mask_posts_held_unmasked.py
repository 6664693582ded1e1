"""Posts held for a moderator (or hidden) by the code before masking happened at posting time
were stored with no masked spans: when a moderator published one, or an appeal reversed a
hiding, its phone numbers, addresses and handles were shown in full. Screen those posts now and
store where their personal details are, as posting does; search then leaves them out too.

Uses the screening engine of the code that runs it (pure Python, rules only), in batches.
"""

from django.db import migrations

BATCH = 500


def personal_spans(engine, text: str, language: str | None) -> list[list[int]]:
    """Where the rules find personal details (moderation.policy does the same at posting)."""
    return [
        list(signal.span)
        for signal in engine.screen(text, language).signals
        if signal.category == "personal_info" and signal.source == "rule"
    ]


def mask_unmasked(apps, schema_editor) -> None:
    from cybersquad.rendering import apply_mask
    from moderation.screening import get_engine

    engine = get_engine()
    Post = apps.get_model("forum", "Post")
    unmasked = (
        Post.objects.filter(status__in=["held", "hidden"], masked_spans=[])
        .exclude(body="")
        .select_related("topic")
        .only("pk", "body", "topic__language")
        .order_by("pk")
    )
    changed = []
    for post in unmasked.iterator(chunk_size=BATCH):
        spans = personal_spans(engine, post.body, post.topic.language)
        if not spans:
            continue
        post.masked_spans = spans
        post.search_body = apply_mask(post.body, spans)
        changed.append(post)
        if len(changed) == BATCH:
            Post.objects.bulk_update(changed, ["masked_spans", "search_body"])
            changed = []
    if changed:
        Post.objects.bulk_update(changed, ["masked_spans", "search_body"])


class Migration(migrations.Migration):
    dependencies = [("forum", "0008_shared_phone_help_article")]

    operations = [migrations.RunPython(mask_unmasked, migrations.RunPython.noop)]
