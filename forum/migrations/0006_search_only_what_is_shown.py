"""Search looked at every post's folded raw text, personal details that are masked on the
page included: keep only what is shown (folding now happens when searching on SQLite)."""

from django.db import migrations


def reindex(apps, schema_editor):
    from cybersquad.rendering import apply_mask

    Post = apps.get_model("forum", "Post")
    posts = Post.objects.only("pk", "body", "masked_spans").order_by("pk")
    for post in posts.iterator(chunk_size=2000):
        shown = apply_mask(post.body, post.masked_spans)
        Post.objects.filter(pk=post.pk).update(search_body=shown)


class Migration(migrations.Migration):
    dependencies = [("forum", "0005_notification_help_invite")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
