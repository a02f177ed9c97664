"""Wagtail's database search backend, understanding Japanese, on PostgreSQL and SQLite.

Selected with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}``.
Like ``wagtail.search.backends.database`` it picks the implementation for the default
database: :class:`~search.backends.postgres.JapanesePostgresSearchBackend` on PostgreSQL,
:class:`~search.backends.sqlite.JapaneseSQLiteSearchBackend` on SQLite with FTS5. Both keep
the stock backends' index table, filters, ordering, facets and rebuild, and change what
is written into the index (normalised short units, :mod:`search.text`) and how a query
is matched (as phrases of those units).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        # Only the backend of the database in use is loaded (each imports its own modules).
        from .postgres import JapanesePostgresSearchBackend

        return JapanesePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        # Only the backend of the database in use is loaded (each imports its own modules).
        from modelsearch.backends.database.sqlite.utils import fts5_available

        if fts5_available():
            # Only the backend of the database in use is loaded.
            from .sqlite import JapaneseSQLiteSearchBackend

            return JapaneseSQLiteSearchBackend(params)
    raise ImproperlyConfigured(
        f"Kyodo's search needs PostgreSQL, or SQLite with FTS5; the default database is {connection.vendor}."
    )
