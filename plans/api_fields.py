"""Serializer fields of the page types' ``api_fields``: related records as objects, codes with
labels, and the computed figures of progress reports.

The page models declare them in their ``api_fields``; the headless API (``api.v2``) serves
them. The shapes come from :mod:`plans.representations`. Fields that read related rows
expect the viewset's prefetches, so a listing runs the same number of queries whatever its
length.
"""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Page

from rest_framework.fields import Field

from . import representations
from .indicators import DEFAULT_GRADING, Assessment, Grading, assess, explain_in, gradings_for
from .scales import DEFAULT_SCALE, Scale, scales_for
from .visibility import visible_pages
from .vocabularies import (
    ACTOR_MARKS,
    NO_REPORT,
    NOT_ASSESSED,
    Actor,
    DepartmentRole,
    IndicatorDirection,
    IndicatorRule,
    ItemFlag,
    Phase,
    ProgressStatus,
    item_flags,
)


def _request(field: Field):
    return field.context.get("request")


def _scale(field: Field, plan) -> Scale:
    """The evaluation scale of ``plan``, read once per response (a listing of many items
    of the same plans reads each plan's scale once)."""
    if plan is None:
        return DEFAULT_SCALE
    scales = field.context.setdefault("evaluation_scales", {})
    if plan.pk not in scales:
        plans = [plan]
        listed = getattr(field.root, "instance", None)
        if isinstance(listed, list | tuple | QuerySet):
            # A listing: the scales of every plan it shows (plans, or the items' plans), at once.
            plans += [getattr(page, "plan", page) for page in listed]
            plans = [page for page in plans if hasattr(page, "evaluation_levels")]
        scales.update(scales_for(plans))
    return scales[plan.pk]


class ChoiceField(Field):
    """A vocabulary code with its labels: ``{"code", "label", "label_ja"}``."""

    def __init__(self, vocabulary: type[models.TextChoices], **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return representations.choice(self.vocabulary, value)


class ActorField(ChoiceField):
    """Who carries an item out, with the mark plans print (★ ● ◎)."""

    def __init__(self, **kwargs):
        super().__init__(Actor, **kwargs)

    def to_representation(self, value):
        if not value:
            return None
        return representations.choice(Actor, value, mark=ACTOR_MARKS.get(value, ""))


class FiscalYearField(Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return representations.fiscal_year(value)


class PeriodField(Field):
    """A plan's period: first and last fiscal year."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, plan):
        return {
            "start": representations.fiscal_year(plan.period_start),
            "end": representations.fiscal_year(plan.period_end),
            "fiscal_years": plan.fiscal_years,
        }


class ItemFlagsField(Field):
    """新規, 充実, 再掲 and ピックアップ as a list of codes with labels, in the plans' order."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, item):
        return [representations.choice(ItemFlag, code) for code in item_flags(item)]


class DepartmentField(Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return representations.department(value)


class ItemDepartmentsField(Field):
    """The departments of an item in order, the lead first, each with its role."""

    def __init__(self, **kwargs):
        super().__init__(source="departments", read_only=True, **kwargs)

    def to_representation(self, links):
        return [
            {
                "role": representations.choice(DepartmentRole, link.role),
                "department": representations.department(link.department),
            }
            for link in links.all()
        ]


class ScheduleField(Field):
    """The planned phase per fiscal year (検討 → 実施 → 継続)."""

    def __init__(self, **kwargs):
        super().__init__(source="schedule", read_only=True, **kwargs)

    def to_representation(self, rows):
        return [
            {
                "fiscal_year": representations.fiscal_year(row.fiscal_year),
                "phase": representations.choice(Phase, row.phase),
                "onwards": row.onwards,
            }
            for row in sorted(rows.all(), key=lambda row: row.fiscal_year)
        ]


class ProgressRowsField(Field):
    """What happened each fiscal year, oldest first: the grade in the words of the plan's
    evaluation scale, the canonical status (null for 評価なし), percent and narrative."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, item):
        scale = _scale(self, item.plan)
        return [
            {
                "fiscal_year": representations.fiscal_year(row.fiscal_year),
                "status": representations.choice(ProgressStatus, row.status),
                "grade": representations.grade(scale, row.status, row.grade),
                "percent": row.percent,
                "narrative": row.narrative,
            }
            for row in sorted(item.progress.all(), key=lambda row: row.fiscal_year)
        ]


class EvaluationScaleField(Field):
    """The words a plan grades progress with: its own levels, or the default scale
    (``own`` false), each with the canonical status it counts as."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, plan):
        scale = _scale(self, plan)
        return {
            "own": scale.own,
            "levels": [
                {
                    "label": str(level.label),
                    "label_ja": level.japanese,
                    "description": str(level.description),
                    "status": representations.choice(ProgressStatus, level.status),
                }
                for level in scale.levels
            ],
        }


class PageReferenceField(Field):
    """A related page (the plan of a measure, the measure of an item) as id, title and URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, page):
        return representations.page_reference(page, _request(self))


class RelistingsField(Field):
    """The other measures an item is re-listed under (再掲); the viewset prefetches only the
    public ones."""

    def __init__(self, **kwargs):
        super().__init__(source="relistings", read_only=True, **kwargs)

    def to_representation(self, relistings):
        return [representations.page_reference(row.measure, _request(self)) for row in relistings.all()]


class PlanDocumentsField(Field):
    """The original documents of a plan (計画書, 概要版) with URL, size and type."""

    def __init__(self, **kwargs):
        super().__init__(source="documents", read_only=True, **kwargs)

    def to_representation(self, rows):
        request = _request(self)
        return [
            {**representations.document(row.document, request), "title": row.display_title}
            for row in rows.all()
        ]


class FeaturedPlansField(Field):
    """The plans a home page features, only those a citizen may see."""

    def __init__(self, **kwargs):
        super().__init__(source="featured_plans", read_only=True, **kwargs)

    def to_representation(self, rows):
        request = _request(self)
        rows = list(rows.all())
        plans = visible_pages(Page.objects.filter(pk__in=[row.plan_id for row in rows]), request)
        by_id = {plan.pk: plan for plan in plans}
        return [
            representations.page_reference(by_id[row.plan_id], request)
            for row in rows
            if row.plan_id in by_id
        ]


class GlossaryTermsField(Field):
    """Every glossary term of the glossary page's language, in reading order."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return [representations.glossary_term(term) for term in page.terms_of_language()]


class TableOfContentsField(Field):
    """The headings of a page's body with their anchors (``table_of_contents``)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, entries):
        return list(entries)


def _no_report() -> dict:
    """The status column of an item with no progress row for the year."""
    with translation.override(representations.SOURCE_LANGUAGE):
        label_ja = gettext("報告なし")
    return {"code": NO_REPORT, "label": gettext("報告なし"), "label_ja": label_ja}


def _not_assessed() -> dict:
    """The status column of an item whose row for the year has a narrative and no status."""
    with translation.override(representations.SOURCE_LANGUAGE):
        label_ja = gettext("評価なし")
    return {"code": NOT_ASSESSED, "label": gettext("評価なし"), "label_ja": label_ja}


def _status(code: str | None) -> dict:
    """A progress status with its labels; 評価なし for the roll-up's "not_assessed", and
    報告なし for no status (or the roll-up's "none")."""
    if code in ProgressStatus.values:
        return representations.choice(ProgressStatus, code)
    return _not_assessed() if code == NOT_ASSESSED else _no_report()


def _status_counts(counts) -> list[dict]:
    """Counts by canonical status, each named as the plan names it (its own levels' labels
    when it has a scale of its own)."""
    return [
        {
            **_status(count.code),
            "label": str(count.label),
            "label_ja": count.label_ja,
            "count": count.count,
            "share": round(count.share, 1),
        }
        for count in counts
    ]


class ProgressFiguresField(Field):
    """The figures of a progress report, computed by ``plans.rollup.plan_progress`` from the
    items' progress rows: counts by status for the plan and per measure, each item's status
    and the change since the previous year, and the items with no report."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, report):
        # The roll-up reads the page models, which declare this field: imported at call time.
        from .rollup import plan_progress

        if not report.plan_id:
            return None
        request = _request(self)
        progress = plan_progress(report.plan, report.fiscal_year, departments=False)

        def item_status(entry) -> dict:
            return {
                "item": {**representations.page_reference(entry.item, request), "number": entry.item.number},
                "status": _status(entry.code),
                "grade": representations.grade(progress.scale, entry.status, entry.grade)
                if entry.reported
                else None,
                "percent": entry.percent,
                "narrative": entry.narrative,
                "previous_status": representations.choice(ProgressStatus, entry.previous_status),
                "previous_grade": representations.grade(
                    progress.scale, entry.previous_status, entry.previous_grade
                )
                if entry.previous_reported
                else None,
                "changed": entry.changed,
            }

        return {
            "fiscal_year": representations.fiscal_year(progress.fiscal_year),
            "total": progress.total,
            "reported": progress.reported,
            "counts": _status_counts(progress.counts),
            "measures": [
                {
                    "measure": {
                        **representations.page_reference(measure.measure, request),
                        "number": measure.measure.number,
                    },
                    "total": len(measure.items),
                    "counts": _status_counts(measure.counts),
                    "items": [item_status(entry) for entry in measure.items],
                }
                for measure in progress.measures
            ],
            "not_reported": [
                {**representations.page_reference(entry.item, request), "number": entry.item.number}
                for entry in progress.not_reported
            ],
            "changed": [
                {**representations.page_reference(entry.item, request), "number": entry.item.number}
                for entry in progress.changed
            ],
        }


# Indicators (成果指標) --------------------------------------------------------------------


def _grading(field: Field, plan) -> Grading:
    """The indicator grading of ``plan``, read once per response (``plans.indicators``):
    a listing reads the gradings of every plan it shows in one query."""
    if plan is None:
        return DEFAULT_GRADING
    gradings = field.context.setdefault("indicator_gradings", {})
    if plan.pk not in gradings:
        plans = [plan]
        listed = getattr(field.root, "instance", None)
        if isinstance(listed, list | tuple | QuerySet):
            plans += [getattr(page, "plan", page) for page in listed]
            plans = [page for page in plans if hasattr(page, "indicator_rule")]
        gradings.update(gradings_for(plans))
    return gradings[plan.pk]


def _band(band) -> dict | None:
    if band is None:
        return None
    return {"key": band.key, "label": str(band.label), "description": str(band.description)}


def _point(point) -> dict | None:
    if point is None:
        return None
    return {
        "fiscal_year": representations.fiscal_year(point.fiscal_year),
        "value": representations.decimal(point.value),
    }


def indicator_assessment(assessment: Assessment, language: str) -> dict:
    """An indicator's grade as ``plans.indicators.assess`` gave it; the explanation in
    ``language`` (the page's)."""
    return {
        "fiscal_year": representations.fiscal_year(assessment.fiscal_year),
        "outcome": assessment.outcome,
        "rule": representations.choice(IndicatorRule, assessment.rule),
        "value": representations.decimal(assessment.value),
        "target": _point(assessment.target),
        "percent": assessment.percent,
        "band": _band(assessment.band),
        "explanation": explain_in(assessment, language),
    }


def indicator_data(indicator, grading: Grading, language: str) -> dict:
    """An indicator with its baseline, targets, yearly values and latest assessment. Numbers
    are exact decimal strings (``representations.decimal``)."""
    baseline = None
    if indicator.baseline_value is not None or indicator.baseline_year is not None:
        baseline = {
            "fiscal_year": representations.fiscal_year(indicator.baseline_year),
            "value": representations.decimal(indicator.baseline_value),
        }
    return {
        "id": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "description": indicator.description,
        "source": indicator.source,
        "direction": representations.choice(IndicatorDirection, indicator.direction),
        "baseline": baseline,
        "targets": [
            {
                "fiscal_year": representations.fiscal_year(row.fiscal_year),
                "value": representations.decimal(row.value),
            }
            for row in sorted(indicator.targets.all(), key=lambda row: row.fiscal_year)
        ],
        "values": [
            {
                "fiscal_year": representations.fiscal_year(row.fiscal_year),
                "value": representations.decimal(row.value),
                "note": row.note,
            }
            for row in sorted(indicator.values.all(), key=lambda row: row.fiscal_year)
        ],
        "latest_assessment": indicator_assessment(assess(indicator, grading), language),
    }


def _read_indicators(page) -> list:
    if page.pk is None:
        return []
    # The selectors read the page models, which declare these fields: imported at call time.
    from .models import Indicator
    from .selectors import live_indicators

    if hasattr(page, "indicator_rule"):
        return list(live_indicators(Indicator.objects.filter(plan_id=page.pk)))
    link = "item_links__item" if hasattr(page, "measure_id") else "measure_links__measure"
    return list(live_indicators(Indicator.objects.filter(**{link: page.pk})))


class IndicatorsField(Field):
    """The published indicators of a plan, or those that measure a measure or an item, in
    their display order, each graded by its plan's rule (latest year with a value). Reads
    the viewset's prefetch (``live_indicators`` on a plan, ``live_indicator_links`` on a
    measure or an item); indicators of another language than the page's are left out (a
    translated indicator points at the Japanese measure until the measure is translated)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        if hasattr(page, "live_indicators"):
            indicators = page.live_indicators
        elif hasattr(page, "live_indicator_links"):
            indicators = [link.indicator for link in page.live_indicator_links]
        else:  # a page read without the viewset's prefetch: a draft's preview
            indicators = _read_indicators(page)
        indicators = sorted(
            (entry for entry in indicators if entry.locale_id == page.locale_id),
            key=lambda entry: (entry.sort_order, entry.pk),
        )
        language = page.locale.language_code
        plan = page if hasattr(page, "indicator_rule") else getattr(page, "plan", None)
        grading = _grading(self, plan)
        return [indicator_data(entry, grading, language) for entry in indicators]


class IndicatorGradingField(Field):
    """How a plan grades its indicators: the rule and the bands (its own, or the default
    ones with ``own`` false), highest threshold first."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, plan):
        grading = _grading(self, plan)
        return {
            "rule": representations.choice(IndicatorRule, grading.rule),
            "own": grading.own,
            "bands": [{**_band(band), "threshold": band.threshold} for band in grading.bands],
        }
