"""Every site gets the help article on clearing one's history on a shared phone (issue 8):
the footer and the quick-exit explanations link to it. Created only where its slug is free."""

from django.db import migrations

from forum.builtin import help_articles_create_missing


def create_missing(apps, schema_editor) -> None:
    help_articles_create_missing(apps.get_model("forum", "HelpArticle"), base_fields=True)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0007_notification_help_opened"),
    ]

    # Going back leaves the article alone: a coordinator may have edited it since.
    operations = [migrations.RunPython(create_missing, migrations.RunPython.noop)]
