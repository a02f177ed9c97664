"""The PostgreSQL side of Kyodo's Japanese search: modelsearch's PostgreSQL backend with
pre-tokenised text in the index and phrase tsqueries.

Index: every indexed text is normalised and split into short units in Python
(:func:`search.text.index_text`), and PostgreSQL builds the tsvector from the units with
the ``simple`` configuration (no stemming, no stop words), so a unit is a lexeme.
Query: each phrase becomes ``'市民' <-> '参加'``, read by ``to_tsquery`` with the same
configuration. The points where this relies on modelsearch's internals are checked by
``tests/search/test_backend_guards.py``.
"""

from __future__ import annotations

from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
    SearchVectorCombinable,
    SearchVectorField,
)
from django.db.models import F, Func, TextField, Value
from django.utils.functional import cached_property

from modelsearch.backends.database.postgres.postgres import (
    ObjectIndexer,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.index import SearchField
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import ADD, get_content_type_pk

from ..text import index_text
from .query import flatten, has_words, index_columns, pair_lexemes, tsquery_source

TEXT_SEARCH_CONFIG = "simple"


class Strip(SearchVectorCombinable, Func):
    """``strip(tsvector)``: the lexemes without positions or weights."""

    function = "strip"
    output_field = SearchVectorField()


class JapaneseObjectIndexer(ObjectIndexer):
    """Gives the index the normalised short units of each field instead of its raw text.

    The body vector holds the title's units too (with the title's weight): a search then
    matches one column, which its GIN index serves, instead of ``title || body``, which no
    index serves and which PostgreSQL would compute for every page the filters leave."""

    def prepare_value(self, value):
        return index_text(flatten(value))

    def as_vector(self, texts, for_autocomplete=False):
        """The units with their positions and weights and, except in the autocomplete
        column, the pairs of neighbouring units of each text as lexemes without positions
        (see :data:`.query.PAIR_JOINER`): they take no room in the positions a phrase is
        matched with, which stop at 16,383. Autocomplete matches the last unit as a prefix,
        which would also take in the pairs that begin with it, so its column has none."""
        vector = super().as_vector(texts, for_autocomplete=for_autocomplete)
        if for_autocomplete:
            return vector
        pairs = " ".join(lexeme for text, _weight in texts for lexeme in pair_lexemes(text.split()))
        if not pairs:
            return vector
        return ADD([vector, Strip(SearchVector(Value(pairs, output_field=TextField()), config=self.config))])

    @cached_property
    def body(self):
        texts = [
            (value, weight)
            for field in self.search_fields
            for current_field, weight, value in self.prepare_field(self.obj, field)
            if isinstance(current_field, SearchField)
        ]
        return self.as_vector(texts)


class JapanesePostgresIndex(PostgresIndex):
    indexer_class = JapaneseObjectIndexer

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_id = get_content_type_pk(model)
        entry_model = self.entries.model
        entries = [
            entry_model(
                content_type_id=content_type_id,
                object_id=indexer.id,
                title=indexer.title,
                autocomplete=indexer.autocomplete,
                body=indexer.body,
                title_norm=1.0,
                title_text=indexer.title_text,
                body_text=indexer.body_text,
            )
            for indexer in indexers
        ]
        entry_model._default_manager.using(self.write_connection.alias).bulk_create(
            entries,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=["title", "autocomplete", "body", "title_norm", "title_text", "body_text"],
        )
        # New and changed entries have title_norm 1.0 until the average is applied to them.
        self._refresh_title_norms()


class _JapaneseTsqueryMixin:
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, (PlainText, Phrase)):
            source = tsquery_source(query, prefix=self.LAST_TERM_IS_PREFIX)
            if invert and source:
                source = f"!({source})"
            return SearchQuery(source, search_type="raw", config=TEXT_SEARCH_CONFIG)
        return super().build_tsquery_content(query, config=config, invert=invert)

    def get_search_vectors(self, search_query):
        # The model's own columns hold untokenised text: always search the index entry.
        if index_columns(self.fields) == ["title"]:
            return [(F("index_entries__title"), F("index_entries__title_norm"))]
        return self.get_index_vectors(search_query)

    def search(self, config, start, stop, score_field=None, backend=None):
        if not has_words(self.query):
            return self.queryset.none()
        return super().search(config, start, stop, score_field=score_field, backend=backend)


class JapanesePostgresSearchQueryCompiler(_JapaneseTsqueryMixin, PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query):
        # The body holds the title too (see JapaneseObjectIndexer.body).
        return [(F("index_entries__body"), 1.0)]


class JapanesePostgresAutocompleteQueryCompiler(_JapaneseTsqueryMixin, PostgresAutocompleteQueryCompiler):
    def get_search_vectors(self, search_query):
        return self.get_index_vectors(search_query)


class JapanesePostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = JapanesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = JapanesePostgresAutocompleteQueryCompiler
    index_class = JapanesePostgresIndex
    results_class = PostgresSearchResults

    def __init__(self, params):
        super().__init__(params)
        # Units are indexed as they are: a language configuration would stem Latin words
        # and drop stop words on one side only.
        self.config = TEXT_SEARCH_CONFIG
        self.autocomplete_config = TEXT_SEARCH_CONFIG
