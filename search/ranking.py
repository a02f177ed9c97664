"""Which of two pages that match a query alike comes first.

A search's score is built from, in this order of importance:

1. **Where it matched**: a match in the title (of any word of the query) comes before a
   match in the text only.
2. **What the page is**: plans and guidelines first, then measures (and progress reports,
   the glossary), then items and the other pages (the home page, lists, standard pages).
3. **Whether it is current**: a superseded plan — status 改定済み or 終了, or replaced
   (「前の計画」) by a published plan in force — comes after a current one, and so do its
   measures, items and reports after those of current plans. Among plans equally current,
   a table of responses to a council (kind 答申への対応) comes after the plans themselves.
4. **How well it matched**: the text rank of the backend (PostgreSQL's ``ts_rank``,
   SQLite's ``bm25()``), folded into [0, 1).

The weights are powers of ten apart, so one step never outweighs the one above it. The
expression is written once for both databases over the index entry's content type and
object id (``prefix`` is the path from the searched rows to the index entry) and is
evaluated in the same SQL statement as the match: no query of its own.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, FloatField, Value, When
from django.db.models.expressions import Expression

from wagtail.models import Page

from plans.models import (
    ActionItemPage,
    GlossaryPage,
    GuidelinePage,
    MeasurePage,
    PlanPage,
    ProgressReportPage,
)
from plans.vocabularies import PlanKind, PlanStatus

TITLE = 1000.0
KIND = 100.0
CURRENT = 10.0
RESPONSE = -5.0

MAIN, SECTION, OTHER = 3, 2, 1

# The kind of each page type; any other indexed model (pages and snippets) is OTHER.
KINDS = {
    PlanPage: MAIN,
    GuidelinePage: MAIN,
    MeasurePage: SECTION,
    ProgressReportPage: SECTION,
    ActionItemPage: OTHER,
}
# The glossary page is a section of its own: it explains the words a reader searches for.
GLOSSARY_KIND = SECTION


def _kinds() -> dict[int, int]:
    models = {**KINDS, GlossaryPage: GLOSSARY_KIND}
    # ContentType's manager keeps them for the process: a query on the first search only.
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return {content_types[model].pk: kind for model, kind in models.items()}


def _plan_members() -> tuple[type, ...]:
    return (MeasurePage, ActionItemPage, ProgressReportPage)


class Prominence(Expression):
    """What a match is worth for its page's kind, currency and (for a plan) whether it is a
    table of responses, read from the index entry's content type and object id. A plan is
    superseded when its status is 改定済み or 終了, or a published plan in force names it as
    its 前の計画 (a successor still 策定中 leaves it current).

    Written as one SQL expression (three ``CASE``s, the superseded plans as a subquery that
    PostgreSQL evaluates once per search) rather than built from querysets: the ORM took
    longer to build and compile the subqueries than the database took to run them."""

    output_field = FloatField()

    def __init__(self, content_type, object_id):
        super().__init__()
        self.content_type = content_type
        self.object_id = object_id

    def get_source_expressions(self):
        return [self.content_type, self.object_id]

    def set_source_expressions(self, exprs):
        self.content_type, self.object_id = exprs

    # The SQL below is built from table and column names of the models' _meta, content type
    # ids and the weights (numbers); every value is a parameter.
    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        content_type, content_type_params = compiler.compile(self.content_type)
        object_id, object_id_params = compiler.compile(self.object_id)
        plans = quote(PlanPage._meta.db_table)
        plan_key = quote(PlanPage._meta.pk.column)
        pages = quote(Page._meta.db_table)
        replaces = quote(PlanPage._meta.get_field("replaces").column)
        status = quote(PlanPage._meta.get_field("status").column)
        kind_column = quote(PlanPage._meta.get_field("kind").column)
        stale = (
            f"SELECT {plan_key} FROM {plans} WHERE {status} IN (%s, %s) OR {plan_key} IN ("  # noqa: S608
            f"SELECT s.{replaces} FROM {plans} s JOIN {pages} w ON w.{quote('id')} = s.{plan_key} "
            f"WHERE w.{quote('live')} = %s AND s.{status} = %s AND s.{replaces} IS NOT NULL)"
        )
        stale_params = [PlanStatus.SUPERSEDED.value, PlanStatus.ENDED.value, True, PlanStatus.IN_FORCE.value]
        keys = [f"SELECT CAST({plan_key} AS TEXT) FROM {plans} WHERE {plan_key} IN ({stale})"]  # noqa: S608
        keys_params = list(stale_params)
        for model in _plan_members():
            table = quote(model._meta.db_table)
            key = quote(model._meta.pk.column)
            plan = quote(model._meta.get_field("plan").column)
            keys.append(f"SELECT CAST({key} AS TEXT) FROM {table} WHERE {plan} IN ({stale})")  # noqa: S608
            keys_params += stale_params
        content_types = ContentType.objects.get_for_models(
            PlanPage, *_plan_members(), for_concrete_models=False
        )
        plan_type = content_types[PlanPage].pk
        member_types = ", ".join(str(content_type.pk) for content_type in content_types.values())

        kinds = " ".join(f"WHEN {pk} THEN {KIND * value}" for pk, value in _kinds().items())
        stale_keys = " UNION ALL ".join(keys)
        responses = f"SELECT CAST({plan_key} AS TEXT) FROM {plans} WHERE {kind_column} = %s"  # noqa: S608
        sql = (
            f"((CASE {content_type} {kinds} ELSE {KIND * OTHER} END)"
            f" + (CASE WHEN {content_type} IN ({member_types}) AND {object_id} IN ({stale_keys})"
            f" THEN 0.0 ELSE {CURRENT} END)"
            f" + (CASE WHEN {content_type} = {plan_type} AND {object_id} IN ({responses})"
            f" THEN {RESPONSE} ELSE 0.0 END))"
        )
        params = [
            *content_type_params,
            *content_type_params,
            *object_id_params,
            *keys_params,
            *content_type_params,
            *object_id_params,
            PlanKind.RESPONSE.value,
        ]
        return sql, params


def prominence(prefix: str) -> Expression:
    """:class:`Prominence` of the index entry at ``prefix`` (``index_entries__`` from a
    model, ``index_entry__`` from SQLite's FTS rows)."""
    return Prominence(F(f"{prefix}content_type_id"), F(f"{prefix}object_id"))


def fold(rank: Expression) -> Expression:
    """A text rank of 0 or more folded into [0, 1): ``rank / (1 + rank)``."""
    return rank / (Value(1.0) + rank)


def title_bonus(matches_title: Expression) -> Expression:
    """:data:`TITLE` when the boolean ``matches_title`` holds, else 0."""
    return Case(When(matches_title, then=Value(TITLE)), default=Value(0.0), output_field=FloatField())
