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
from django.db import ProgrammingError, connections
from django.db.models import BooleanField, F, Func, TextField, Value
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

from .. import ranking
from ..text import index_text
from .query import TITLE_FIELDS, flatten, has_words, index_columns, pair_lexemes, tsquery_source

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
    def title(self):
        # A plan's short title counts as a title (see .query.TITLE_FIELDS).
        texts = [
            (value, weight)
            for field in self.search_fields
            for current_field, weight, value in self.prepare_field(self.obj, field)
            if isinstance(current_field, SearchField) and current_field.field_name in TITLE_FIELDS
        ]
        return self.as_vector(texts)

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


class Matches(Func):
    """``vector @@ query``: whether the tsvector matches the tsquery."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class JapanesePostgresSearchQueryCompiler(_JapaneseTsqueryMixin, PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query):
        # The body holds the title too (see JapaneseObjectIndexer.body).
        return [(F("index_entries__body"), 1.0)]

    def _build_rank_expression(self, vectors, config):
        """The text rank under the ranking rules of :mod:`search.ranking`: title matches,
        then the page's kind and currency, then ``ts_rank``."""
        rank = super()._build_rank_expression(vectors, config)
        # A title holding any word of the query counts as a title match, as on SQLite
        # (where bm25() of the title alone tells only whether any phrase is in it).
        query = self.query
        if isinstance(query, PlainText):
            query = PlainText(query.query_string, operator="or")
        title_query = self.build_tsquery(query, config=config)
        if title_query is None:
            return rank
        return (
            ranking.title_bonus(Matches(F("index_entries__title"), title_query))
            + ranking.prominence("index_entries__")
            + ranking.fold(rank)
        )


class JapanesePostgresAutocompleteQueryCompiler(_JapaneseTsqueryMixin, PostgresAutocompleteQueryCompiler):
    def get_search_vectors(self, search_query):
        return self.get_index_vectors(search_query)


# The name of the rank on the matches of a first-keys query.
RANK_ANNOTATION = "_kyodo_search_rank"


class JapanesePostgresSearchResults(PostgresSearchResults):
    """Counts a search and ranks its first matches in one query.

    A paginator, Wagtail's APIs and the admin ask for the count of a search first, then for
    a page of it. Each is a query that finds, joins and (for the page) ranks every match:
    for a word found in thousands of pages, the same work twice. Here the count asks for
    the keys and ranks of all matches once, kept by PostgreSQL as a materialised common
    table expression (narrow rows: the index entries' texts are not carried along to the
    count and the sort), and returns their number with the keys of the first
    :attr:`FIRST_ROWS`. A slice within those keys reads its records by primary key. The
    keys are kept on the query compiler, which every slice of one search shares.

    Searches not ordered by relevance (``order_by_relevance=False``, which keeps the
    queryset's own order) count and slice as modelsearch does."""

    FIRST_ROWS = 100

    def _kept(self) -> dict:
        return self.query_compiler.__dict__.setdefault("_kyodo_first_keys", {})

    def _rank(self, limit: int) -> tuple[list[tuple], int] | None:
        """The keys and ranks of the first ``limit`` matches and the number of all
        matches; ``None`` where this search is not ranked."""
        if not self.query_compiler.order_by_relevance:
            return None
        matches = self.query_compiler.search(
            self.query_compiler.get_config(self.backend),
            None,
            None,
            score_field=RANK_ANNOTATION,
            backend=self.backend,
        )
        if matches.query.is_empty():
            return [], 0
        if RANK_ANNOTATION not in matches.query.annotations:  # everything matches: no rank
            return None
        sql, params = matches.order_by().values_list("pk", RANK_ANNOTATION).query.sql_with_params()
        with connections[matches.db].cursor() as cursor:
            # The inner SQL is Django's, with every value as a parameter.
            cursor.execute(
                f"WITH matches (pk, rank) AS MATERIALIZED ({sql}) "  # noqa: S608
                "SELECT pk, rank, COUNT(*) OVER () FROM matches ORDER BY rank DESC, pk DESC LIMIT %s",
                [*params, limit],
            )
            ranked = cursor.fetchall()
        return [(pk, rank) for pk, rank, _total in ranked], ranked[0][2] if ranked else 0

    def _first_keys(self, limit: int | None = None) -> tuple[list[tuple], int] | None:
        """:meth:`_rank` of at least ``limit`` (:attr:`FIRST_ROWS` by default) matches,
        kept for the slices of this search."""
        limit = max(limit or 0, self.FIRST_ROWS)
        kept = self._kept()
        known = kept.get(self._score_field)
        if known is not None and (len(known[0]) >= limit or len(known[0]) == known[1]):
            return known
        ranked = self._rank(limit)
        if ranked is not None:
            kept[self._score_field] = ranked
        return ranked

    def ranked_keys(self, limit: int) -> list:
        """The primary keys of the first ``limit`` matches, best first, without reading
        any record: what the search page builds its facets and pages from."""
        first = self._first_keys(limit)
        if first is None:
            return [record.pk for record in self[:limit]]
        return [pk for pk, _rank in first[0][:limit]]

    def _do_count(self):
        if self.start or self.stop is not None:
            return super()._do_count()
        try:
            first = self._first_keys()
        except ProgrammingError as error:
            self._handle_missing_postgres_extension(error)
        return super()._do_count() if first is None else first[1]

    def _do_search(self):
        kept = self._kept().get(self._score_field)
        if kept is None:
            return super()._do_search()
        ranked, total = kept
        stop = total if self.stop is None else min(self.stop, total)
        if stop > len(ranked):
            return super()._do_search()
        wanted = ranked[self.start : stop]
        records = self.query_compiler.queryset.in_bulk([pk for pk, _rank in wanted])
        rows = []
        for pk, rank in wanted:
            record = records.get(pk)
            if record is None:  # deleted since the count
                continue
            if self._score_field:
                setattr(record, self._score_field, rank)
            rows.append(record)
        return rows


class JapanesePostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = JapanesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = JapanesePostgresAutocompleteQueryCompiler
    index_class = JapanesePostgresIndex
    results_class = JapanesePostgresSearchResults

    def __init__(self, params):
        super().__init__(params)
        # Units are indexed as they are: a language configuration would stem Latin words
        # and drop stop words on one side only.
        self.config = TEXT_SEARCH_CONFIG
        self.autocomplete_config = TEXT_SEARCH_CONFIG
