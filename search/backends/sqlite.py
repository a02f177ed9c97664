"""The SQLite side of Kyodo's Japanese search: modelsearch's FTS5 backend with
pre-tokenised text in the index and FTS5 phrase queries.

Index: every indexed text is normalised and split into short units in Python
(:func:`search.text.index_text`) and stored with spaces between the units; FTS5's
``unicode61`` tokenizer then takes each unit as one token. Query: each phrase becomes
``"市民 参加"``. The points where this relies on modelsearch's internals are checked by
``tests/search/test_backend_guards.py``.
"""

from __future__ import annotations

from django.db.models import Value
from django.db.models.lookups import LessThan
from django.utils.functional import cached_property

from modelsearch.backends.database.sqlite.query import BM25, LexemeCombinable, SearchQueryExpression
from modelsearch.backends.database.sqlite.sqlite import (
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.index import SearchField
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from .. import ranking
from ..text import index_text
from .query import TITLE_FIELDS, flatten, fts5_source, has_words, index_columns


class JapaneseObjectIndexer(ObjectIndexer):
    """Gives the index the normalised short units of each field instead of its raw text."""

    def prepare_value(self, value):
        return index_text(flatten(value))

    def _texts(self, in_title: bool) -> str:
        return " ".join(
            value
            for field in self.search_fields
            for current_field, value in self.prepare_field(self.obj, field)
            if isinstance(current_field, SearchField)
            and (current_field.field_name in TITLE_FIELDS) == in_title
        )

    @cached_property
    def title(self):
        # A plan's short title counts as a title (see .query.TITLE_FIELDS).
        return self._texts(True)

    @cached_property
    def body(self):
        return self._texts(False)


class JapaneseSQLiteIndex(SQLiteIndex):
    indexer_class = JapaneseObjectIndexer

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_id = get_content_type_pk(model)
        values = {
            indexer.id: {"title": indexer.title, "autocomplete": indexer.autocomplete, "body": indexer.body}
            for indexer in indexers
        }
        entries = self.entries.filter(content_type_id=content_type_id)
        # Changed rows are updated one by one (the FTS table follows through its triggers).
        existing = set(entries.filter(object_id__in=list(values)).values_list("object_id", flat=True))
        for object_id in existing:
            entries.filter(object_id=object_id).update(**values[object_id], title_norm=1.0)
        self.entries.bulk_create(
            [
                self.entries.model(content_type_id=content_type_id, object_id=object_id, **fields)
                for object_id, fields in values.items()
                if object_id not in existing
            ]
        )
        self._refresh_title_norms()


class FTS5Query(LexemeCombinable):
    """A finished FTS5 query text, handed to modelsearch's MATCH expression as it is."""

    def __init__(self, source: str):
        super().__init__()
        self.source = source

    def as_sql(self, compiler, connection):
        return "%s", [self.source]


class TitleWeightedBM25(BM25):
    """FTS5's bm25() with a match in the title counting fifty times one in the body, as the
    stock backend's PostgreSQL twin ranks titles (the FTS table's columns are
    autocomplete, body, title; autocomplete does not count)."""

    WEIGHTS = (0.0, 1.0, 50.0)

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection)
        weights = ", ".join(str(weight) for weight in self.WEIGHTS)
        return sql.replace(")", f", {weights})", 1), params


class TitleOnlyBM25(TitleWeightedBM25):
    """bm25() counting the title alone: below 0 when the title matches, 0 when it does not."""

    WEIGHTS = (0.0, 0.0, 1.0)


class _JapaneseFTS5Mixin:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, (PlainText, Phrase)):
            return SearchQueryExpression(FTS5Query(fts5_source(query, prefix=self.LAST_TERM_IS_PREFIX)))
        return super().build_search_query_content(query, config=config)

    def _build_rank_expression(self, vectors, config):
        # One bm25() over the row with the title weighted. The stock expression adds the
        # same unweighted bm25() twice, once scaled by the title's shortness, which puts any
        # page with a short title first wherever the match is.
        return TitleWeightedBM25()

    def search(self, config, start, stop, score_field=None):
        if not has_words(self.query):
            return self.queryset.none()
        # The model's own columns are not in the FTS table: search the index entry's.
        requested = self.fields
        self.fields = index_columns(requested) if requested else None
        try:
            return super().search(config, start, stop, score_field=score_field)
        finally:
            self.fields = requested


class JapaneseSQLiteSearchQueryCompiler(_JapaneseFTS5Mixin, SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        """The ranking rules of :mod:`search.ranking` (title matches, then the page's kind
        and currency, then the weighted bm25()), negated: SQLite sorts the score upwards,
        and bm25() is below zero, lower for a better match."""
        title_matches = LessThan(TitleOnlyBM25(), Value(0.0))
        return -(
            ranking.title_bonus(title_matches)
            + ranking.prominence("index_entry__")
            + ranking.fold(-TitleWeightedBM25())
        )


class JapaneseSQLiteAutocompleteQueryCompiler(_JapaneseFTS5Mixin, SQLiteAutocompleteQueryCompiler):
    def search(self, config, start, stop, score_field=None):
        if not has_words(self.query):
            return self.queryset.none()
        requested = self.fields
        self.fields = None  # the autocomplete column
        try:
            return SQLiteAutocompleteQueryCompiler.search(self, config, start, stop, score_field=score_field)
        finally:
            self.fields = requested


class JapaneseSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = JapaneseSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = JapaneseSQLiteAutocompleteQueryCompiler
    index_class = JapaneseSQLiteIndex
