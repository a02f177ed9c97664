"""The modelsearch internals Kyodo's search backend relies on, as data, with a checker.

If an upgrade of modelsearch renames or reshapes any of them, the checks fail with the name
of what changed: read the new source of ``modelsearch/backends/database/`` and adapt
``search/backends/`` before moving the pin. Used by ``test_backend_guards.py`` (PostgreSQL,
in the suite) and ``sqlite_check.py`` (SQLite, in a child process)."""

from __future__ import annotations

import inspect
from importlib import metadata

MODELSEARCH_VERSION = "1.3.2"

# (module, class, method): the parameters after self, with their defaults.
POSTGRES_METHODS = [
    ("postgres.postgres", "ObjectIndexer", "__init__", "(obj, backend)"),
    ("postgres.postgres", "ObjectIndexer", "prepare_value", "(value)"),
    ("postgres.postgres", "ObjectIndexer", "prepare_field", "(obj, field)"),
    ("postgres.postgres", "ObjectIndexer", "as_vector", "(texts, for_autocomplete=False)"),
    ("postgres.postgres", "PostgresIndex", "add_items", "(model, objs)"),
    ("postgres.postgres", "PostgresIndex", "_refresh_title_norms", "(full=False)"),
    (
        "postgres.postgres",
        "PostgresSearchQueryCompiler",
        "build_tsquery_content",
        "(query, config=None, invert=False)",
    ),
    ("postgres.postgres", "PostgresSearchQueryCompiler", "get_search_vectors", "(search_query)"),
    ("postgres.postgres", "PostgresSearchQueryCompiler", "get_index_vectors", "(search_query)"),
    (
        "postgres.postgres",
        "PostgresSearchQueryCompiler",
        "search",
        "(config, start, stop, score_field=None, backend=None)",
    ),
    ("postgres.postgres", "PostgresSearchQueryCompiler", "get_config", "(backend)"),
    # The ranking rules (search/ranking.py) wrap the stock rank expression.
    ("postgres.postgres", "PostgresSearchQueryCompiler", "_build_rank_expression", "(vectors, config)"),
    ("postgres.postgres", "PostgresSearchQueryCompiler", "build_tsquery", "(query, config=None)"),
    ("postgres.postgres", "PostgresAutocompleteQueryCompiler", "get_index_vectors", "(search_query)"),
    ("postgres.postgres", "PostgresSearchBackend", "__init__", "(params)"),
    # JapanesePostgresSearchResults counts and ranks the first matches in one query.
    ("postgres.postgres", "PostgresSearchResults", "_do_count", "()"),
    ("postgres.postgres", "PostgresSearchResults", "_do_search", "()"),
    ("postgres.postgres", "PostgresSearchResults", "_handle_missing_postgres_extension", "(error)"),
]
POSTGRES_ATTRIBUTES = [
    ("postgres.postgres", "PostgresSearchQueryCompiler", "LAST_TERM_IS_PREFIX", False),
    ("postgres.postgres", "PostgresAutocompleteQueryCompiler", "LAST_TERM_IS_PREFIX", True),
]
POSTGRES_PROPERTIES = [
    ("postgres.postgres", "ObjectIndexer", name)
    for name in ("id", "title", "body", "autocomplete", "title_text", "body_text")
]

SQLITE_METHODS = [
    ("sqlite.sqlite", "ObjectIndexer", "__init__", "(obj, backend)"),
    ("sqlite.sqlite", "ObjectIndexer", "prepare_value", "(value)"),
    ("sqlite.sqlite", "ObjectIndexer", "prepare_field", "(obj, field)"),
    ("sqlite.sqlite", "SQLiteIndex", "add_items", "(model, objs)"),
    ("sqlite.sqlite", "SQLiteIndex", "_refresh_title_norms", "(full=False)"),
    ("sqlite.sqlite", "SQLiteSearchQueryCompiler", "build_search_query_content", "(query, config=None)"),
    ("sqlite.sqlite", "SQLiteSearchQueryCompiler", "search", "(config, start, stop, score_field=None)"),
    ("sqlite.sqlite", "SQLiteSearchQueryCompiler", "_build_rank_expression", "(vectors, config)"),
    (
        "sqlite.query",
        "SearchQueryExpression",
        "__init__",
        "(value: modelsearch.backends.database.sqlite.query.LexemeCombinable, using=None, **extra)",
    ),
    (
        "sqlite.query",
        "BM25",
        "as_sql",
        "(compiler: django.db.models.sql.compiler.SQLCompiler, "
        "connection: django.db.backends.base.base.BaseDatabaseWrapper, function=None, template=None)",
    ),
]
SQLITE_ATTRIBUTES = [
    ("sqlite.sqlite", "SQLiteSearchQueryCompiler", "LAST_TERM_IS_PREFIX", False),
    ("sqlite.sqlite", "SQLiteAutocompleteQueryCompiler", "LAST_TERM_IS_PREFIX", True),
    ("sqlite.sqlite", "SQLiteSearchQueryCompiler", "FTS_TABLE_FIELDS", ["title", "body"]),
    ("sqlite.sqlite", "SQLiteAutocompleteQueryCompiler", "FTS_TABLE_FIELDS", ["autocomplete"]),
]
SQLITE_PROPERTIES = [
    ("sqlite.sqlite", "ObjectIndexer", name) for name in ("id", "title", "body", "autocomplete")
]


def _parameters(function) -> str:
    signature = inspect.signature(function)
    parameters = [p for name, p in signature.parameters.items() if name != "self"]
    return str(signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty))


def problems(methods, attributes, properties) -> list[str]:
    """Everything in the lists that no longer is as Kyodo's backend expects it."""
    import importlib

    found = []
    version = metadata.version("modelsearch")
    if version != MODELSEARCH_VERSION:
        found.append(f"modelsearch is {version}, the backend was written against {MODELSEARCH_VERSION}")

    def cls(module, name):
        module = importlib.import_module(f"modelsearch.backends.database.{module}")
        return getattr(module, name, None)

    for module, class_name, method, expected in methods:
        owner = cls(module, class_name)
        function = getattr(owner, method, None) if owner else None
        if function is None:
            found.append(f"{module}.{class_name}.{method} is gone")
        elif _parameters(function) != expected:
            found.append(f"{module}.{class_name}.{method}{_parameters(function)}, expected {expected}")
    for module, class_name, attribute, expected in attributes:
        value = getattr(cls(module, class_name), attribute, "<missing>")
        if value != expected:
            found.append(f"{module}.{class_name}.{attribute} is {value!r}, expected {expected!r}")
    for module, class_name, name in properties:
        if not hasattr(cls(module, class_name), name):
            found.append(f"{module}.{class_name}.{name} is gone")
    return found
