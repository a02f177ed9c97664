"""Two storage choices on PostgreSQL that make a search with thousands of matches cheaper.

1. An index on the columns a search filters pages on (language, published, depth, path)
   that also holds the page id: PostgreSQL builds the table of visible pages that index
   entries are joined to from this small index alone (an index-only scan) instead of
   reading every row of the wide page table.
2. LZ4 compression of the index entries' body vectors, which every ranked match is read
   for: it decompresses several times faster than the default pglz. Entries take it as
   they are next written (``update_index`` rewrites them all). A server built without
   LZ4 keeps pglz.
"""

from django.db import migrations

INDEX = "search_page_visibility"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (locale_id, live) INCLUDE (id, depth, path)"
    )
    schema_editor.execute(
        """
        DO $$
        BEGIN
            ALTER TABLE wagtailsearch_indexentry ALTER COLUMN body SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
            RAISE NOTICE 'LZ4 is not available: the search index keeps pglz compression';
        END
        $$;
        """
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("ALTER TABLE wagtailsearch_indexentry ALTER COLUMN body SET COMPRESSION default")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_page_id_text_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
