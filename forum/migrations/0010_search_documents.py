"""Search documents stored beside posts, topic titles and help articles (PostgreSQL).

First the text-search configurations they are analysed with: French and Dutch stemming after
stripping accents (``unaccent``, a trusted extension: the database owner may create it). Then
the generated columns, and GIN indexes over them (for posts: the published ones only, the only
ones search looks at). SQLite gets the columns as empty strings and no index: search there
compares folded text.
"""

import django.contrib.postgres.search
import forum.search_documents
from django.db import migrations, models


CONFIGURATIONS = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS cs_french;
CREATE TEXT SEARCH CONFIGURATION cs_french (COPY = french);
ALTER TEXT SEARCH CONFIGURATION cs_french
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
DROP TEXT SEARCH CONFIGURATION IF EXISTS cs_dutch;
CREATE TEXT SEARCH CONFIGURATION cs_dutch (COPY = dutch);
ALTER TEXT SEARCH CONFIGURATION cs_dutch
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
"""

INDEXES = """
CREATE INDEX forum_post_search_document ON forum_post USING gin (search_document)
    WHERE status = 'published';
CREATE INDEX forum_topic_search_document ON forum_topic USING gin (search_document);
CREATE INDEX forum_helparticle_search_document ON forum_helparticle USING gin (search_document);
"""

DROP_INDEXES = """
DROP INDEX IF EXISTS forum_post_search_document;
DROP INDEX IF EXISTS forum_topic_search_document;
DROP INDEX IF EXISTS forum_helparticle_search_document;
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0009_mask_posts_held_unmasked'),
    ]

    operations = [
        migrations.RunPython(on_postgresql(CONFIGURATIONS), migrations.RunPython.noop),
        migrations.AddField(
            model_name='helparticle',
            name='search_document',
            field=models.GeneratedField(db_persist=True, expression=forum.search_documents.SearchDocument(dutch=['title_nl', 'summary_nl', 'body_nl'], french=['title_fr', 'summary_fr', 'body_fr']), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='post',
            name='search_document',
            field=models.GeneratedField(db_persist=True, expression=forum.search_documents.SearchDocument(dutch=['search_body'], french=['search_body']), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='topic',
            name='search_document',
            field=models.GeneratedField(db_persist=True, expression=forum.search_documents.SearchDocument(dutch=['title'], french=['title']), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.RunPython(on_postgresql(INDEXES), on_postgresql(DROP_INDEXES)),
    ]
