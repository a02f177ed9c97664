"""Guards on the points where Kyodo's search backend relies on modelsearch's internals
(tests/search/guards.py lists them). On an upgrade these fail first and say what moved.
The SQLite half runs in a child process (test_backend_sqlite.py)."""

from __future__ import annotations

from django.conf import settings

import modelsearch.backends.database as stock_dispatch
import wagtail.search.backends.database as wagtail_dispatch
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from search.backends.postgres import JapanesePostgresIndex, JapanesePostgresSearchBackend

from .guards import POSTGRES_ATTRIBUTES, POSTGRES_METHODS, POSTGRES_PROPERTIES, problems


def test_the_postgres_internals_are_as_expected():
    assert problems(POSTGRES_METHODS, POSTGRES_ATTRIBUTES, POSTGRES_PROPERTIES) == []


def test_the_index_entry_has_the_columns_the_backend_writes():
    fields = {field.name for field in IndexEntry._meta.get_fields()}
    assert {"content_type", "object_id", "title", "autocomplete", "body", "title_norm"} <= fields
    assert {"title_text", "body_text"} <= fields
    assert ("content_type", "object_id") in IndexEntry._meta.unique_together


def test_wagtail_still_dispatches_to_modelsearch_as_ours_does():
    # search.backends.database mirrors this choice of implementation per database.
    assert wagtail_dispatch.SearchBackend is stock_dispatch.SearchBackend


def test_the_settings_select_the_japanese_backend(db):
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.backends.database"
    backend = get_search_backend()
    assert isinstance(backend, JapanesePostgresSearchBackend)
    assert backend.config == backend.autocomplete_config == "simple"
    index = backend.get_index_for_model(IndexEntry)
    assert isinstance(index, JapanesePostgresIndex)
    assert index.entries.model is IndexEntry
    assert index.write_connection.vendor == "postgresql"


def test_the_checker_reports_what_moved():
    moved = [("postgres.postgres", "PostgresSearchQueryCompiler", "build_tsquery_content", "(query)")]
    gone = [("postgres.postgres", "PostgresSearchQueryCompiler", "build_phrase_query", "(query)")]
    changed = [("postgres.postgres", "PostgresSearchQueryCompiler", "LAST_TERM_IS_PREFIX", True)]

    found = problems(moved + gone, changed, [("postgres.postgres", "ObjectIndexer", "fuzzy_text")])

    assert len(found) == 4
    assert "build_tsquery_content(query, config=None, invert=False), expected (query)" in found[0]
