"""An index on the text form of a page's id, on PostgreSQL.

The database search backend joins its index entries to pages on
``index_entry.object_id = page.id::varchar(50)`` (a generic relation with a text object
id). The page's primary key cannot serve that condition, so without this index PostgreSQL
reads the whole page table for every search, however few pages match. With it, a search
that matches some hundred pages looks each of them up. ``tests/search/test_backend_guards.py``
checks that the join still has this form and that PostgreSQL uses the index for it.
"""

from django.db import migrations

INDEX = "search_page_id_as_text"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (((id::varchar(50))::text))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
