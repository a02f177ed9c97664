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
from django.db.models import Case, CharField, F, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Cast
from django.db.models.lookups import Exact, In

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


def superseded_plans() -> QuerySet[PlanPage]:
    """Plans that are no longer current: 改定済み or 終了, or replaced by a published plan in
    force (a successor still 策定中 leaves its predecessor current)."""
    successors = PlanPage.objects.filter(live=True, status=PlanStatus.IN_FORCE, replaces__isnull=False)
    return PlanPage.objects.filter(
        Q(status__in=[PlanStatus.SUPERSEDED, PlanStatus.ENDED]) | Q(pk__in=successors.values("replaces_id"))
    )


def _keys(queryset: QuerySet) -> QuerySet:
    """The primary keys of ``queryset`` as the index entry's ``object_id`` holds them (text)."""
    return queryset.annotate(_kyodo_key=Cast("pk", CharField())).values("_kyodo_key")


def _kinds() -> dict[int, int]:
    models = {**KINDS, GlossaryPage: GLOSSARY_KIND}
    # ContentType's manager keeps them for the process: a query on the first search only.
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return {content_types[model].pk: kind for model, kind in models.items()}


def prominence(prefix: str) -> Expression:
    """What a match is worth for its page's kind, currency and (for a plan) whether it is a
    table of responses, read from the index entry at ``prefix`` (``index_entries__`` from a
    model, ``index_entry__`` from SQLite's FTS rows)."""
    content_type = F(f"{prefix}content_type_id")
    object_id = F(f"{prefix}object_id")

    def of_type(content_type_id: int):
        return Exact(content_type, Value(content_type_id))

    kinds = _kinds()
    kind = Case(
        *[When(of_type(pk), then=Value(KIND * value)) for pk, value in kinds.items()],
        default=Value(KIND * OTHER),
        output_field=FloatField(),
    )
    stale_plans = superseded_plans()
    members = {
        model: _keys(model.objects.filter(plan__in=stale_plans.values("pk")))
        for model in (MeasurePage, ActionItemPage, ProgressReportPage)
    }
    stale = {PlanPage: _keys(stale_plans), **members}
    content_types = ContentType.objects.get_for_models(*stale, for_concrete_models=False)
    current = Case(
        *[
            When(of_type(content_types[model].pk) & In(object_id, keys), then=Value(0.0))
            for model, keys in stale.items()
        ],
        default=Value(CURRENT),
        output_field=FloatField(),
    )
    responses = _keys(PlanPage.objects.filter(kind=PlanKind.RESPONSE))
    response = Case(
        When(of_type(content_types[PlanPage].pk) & In(object_id, responses), then=Value(RESPONSE)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return kind + current + response


def fold(rank: Expression) -> Expression:
    """A text rank of 0 or more folded into [0, 1): ``rank / (1 + rank)``."""
    return rank / (Value(1.0) + rank)


def title_bonus(matches_title: Expression) -> Expression:
    """:data:`TITLE` when the boolean ``matches_title`` holds, else 0."""
    return Case(When(matches_title, then=Value(TITLE)), default=Value(0.0), output_field=FloatField())
