"""Indicators (成果指標) as the public pages show them: the published indicators of a measure,
an item or a plan, each with its grade, its yearly figures and its chart; and the indicator
table of a progress report, frozen with the report's figures when the year's round closes.

Every grade comes from :func:`plans.indicators.assess`; nothing here grades. Only published
(live) indicators are read: a draft indicator never appears, and the rows of a published
indicator in the database are the published ones (a value saved as a draft waits in the
indicator's latest revision until it is published). Every function runs a fixed number of
queries, whatever the number of indicators and values.

**Languages.** A page shows the indicators of its own language, and the Japanese ones not
yet translated into it (``fallback``: the template marks them ``lang="ja"``), as the
glossary does. Indicators are found through the translation keys of the measure, item or
plan, because a translated indicator points at the Japanese measure until the measure is
translated and the indicator synced again.

**Frozen reports.** Closing a round (:func:`plans.services.rounds.freeze_figures`) stores,
with the year's :class:`~plans.models.FrozenProgress` version, each published indicator's
numbers as they stood — direction, baseline, targets, the value and note of the year — and
the plan's rule and grade bands (:func:`freeze_indicators`). The report then grades those
numbers with the one grading service (:func:`report_indicators`), so the grade and the
sentence that explains it stay as they were, and are still written in the reader's
language. A value corrected later changes the report only when a new version is frozen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import Q, QuerySet

from .indicator_charts import Chart, build_chart, describe_chart
from .indicators import (
    DEFAULT_BANDS,
    Assessment,
    Band,
    Grading,
    Point,
    assess,
    grading_for,
    grading_of,
    latest_value,
    targets_of,
)
from .models import ActionItemPage, Indicator, IndicatorMeasure, MeasurePage, PlanPage
from .representations import decimal

# The version of the frozen indicators' JSON (FrozenProgress.indicators).
FROZEN_FORMAT = 1


@dataclass(frozen=True)
class YearRow:
    """A line of an indicator's table: a fiscal year with its value, its target or both."""

    fiscal_year: int
    value: Decimal | None
    target: Decimal | None
    note: str = ""


@dataclass
class IndicatorFigures:
    """An indicator as a page shows it, graded for the latest year with a value (or for a
    report's year)."""

    indicator: object  # an Indicator, or a FrozenIndicator on a frozen report
    assessment: Assessment
    fallback: bool = False  # the Japanese indicator on a page in another language
    measure_keys: frozenset = frozenset()
    # The measure pages the indicator is shown under, where a page lists them (the report).
    measures: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"indicator-{self.indicator.pk}"

    @property
    def text_language(self):
        """What the indicator's texts are written in, for ``{% lang_attr %}``."""
        return settings.LANGUAGE_CODE if self.indicator.locale_id is None else self.indicator

    @cached_property
    def baseline(self) -> Point | None:
        indicator = self.indicator
        if indicator.baseline_value is None:
            return None
        return Point(indicator.baseline_year or 0, indicator.baseline_value)

    @cached_property
    def targets(self) -> list[Point]:
        return targets_of(self.indicator)

    @cached_property
    def latest(self) -> Point | None:
        return latest_value(self.indicator)

    @cached_property
    def year_note(self) -> str:
        """The note of the year graded (「調査方法を変更」)."""
        return self.notes.get(self.assessment.fiscal_year, "")

    @cached_property
    def notes(self) -> dict[int, str]:
        return {row.fiscal_year: row.note for row in self.indicator.values.all() if row.note}

    @cached_property
    def rows(self) -> list[YearRow]:
        """Every year with a value or a target, in year order."""
        values = {row.fiscal_year: row.value for row in self.indicator.values.all()}
        targets = {target.fiscal_year: target.value for target in self.targets}
        return [
            YearRow(year, values.get(year), targets.get(year), self.notes.get(year, ""))
            for year in sorted(set(values) | set(targets))
        ]

    @cached_property
    def chart(self) -> Chart | None:
        measured = [Point(row.fiscal_year, row.value) for row in self.rows if row.value is not None]
        return build_chart(baseline=self.baseline, targets=self.targets, values=measured)

    @property
    def chart_description(self) -> str:
        """The chart's text alternative, in the language active when it is read."""
        return describe_chart(
            name=self.indicator.name,
            unit=self.indicator.unit,
            baseline=self.baseline,
            targets=self.targets,
            latest=self.latest,
        )


def live_indicators() -> QuerySet[Indicator]:
    """Published indicators with what grading and the pages read, in their order."""
    return (
        Indicator.objects.filter(live=True).prefetch_related("targets", "values").order_by("sort_order", "pk")
    )


def _of_language(queryset: QuerySet[Indicator], locale_id: int) -> list[tuple[Indicator, bool]]:
    """The indicators of ``queryset`` in the language ``locale_id``, and the Japanese ones not
    translated into it (with True): one indicator per translation key, in order."""
    indicators = list(
        queryset.filter(Q(locale_id=locale_id) | Q(locale__language_code=settings.LANGUAGE_CODE)).distinct()
    )
    own = {indicator.translation_key for indicator in indicators if indicator.locale_id == locale_id}
    return [
        (indicator, indicator.locale_id != locale_id)
        for indicator in indicators
        if indicator.locale_id == locale_id or indicator.translation_key not in own
    ]


def _figures(pairs: list[tuple[Indicator, bool]], grading: Grading) -> list[IndicatorFigures]:
    return [
        IndicatorFigures(indicator, assess(indicator, grading), fallback) for indicator, fallback in pairs
    ]


def measure_indicators(measure: MeasurePage) -> list[IndicatorFigures]:
    """The published indicators of a measure (four queries)."""
    pairs = _of_language(
        live_indicators().filter(measure_links__measure__translation_key=measure.translation_key),
        measure.locale_id,
    )
    return _figures(pairs, grading_for(measure.plan)) if pairs else []


def item_indicators(item: ActionItemPage) -> list[IndicatorFigures]:
    """The published indicators linked to an action item (four queries)."""
    pairs = _of_language(
        live_indicators().filter(item_links__item__translation_key=item.translation_key), item.locale_id
    )
    return _figures(pairs, grading_for(item.plan)) if pairs else []


@dataclass
class IndicatorGroup:
    """The indicators of one measure on the plan page; ``measure`` None for those of the
    plan as a whole (linked to no measure shown)."""

    measure: MeasurePage | None
    indicators: list[IndicatorFigures] = field(default_factory=list)


def plan_indicators(plan: PlanPage, measures: list[MeasurePage]) -> list[IndicatorGroup]:
    """The plan's published indicators grouped by the measures shown (an indicator of two
    measures is under both), then those of the plan as a whole. Five queries."""
    figures = plan_figures(plan)
    if not figures:
        return []
    groups = [IndicatorGroup(measure) for measure in measures]
    whole = IndicatorGroup(None)
    for entry in figures:
        placed = False
        for group in groups:
            if group.measure.translation_key in entry.measure_keys:
                group.indicators.append(entry)
                placed = True
        if not placed:
            whole.indicators.append(entry)
    return [group for group in [*groups, whole] if group.indicators]


def plan_figures(plan: PlanPage, fiscal_year: int | None = None) -> list[IndicatorFigures]:
    """Every published indicator of ``plan`` in the plan's language, graded for
    ``fiscal_year`` (the latest year with a value if None), with the translation keys of
    its measures. Five queries."""
    pairs = _of_language(live_indicators().filter(plan__translation_key=plan.translation_key), plan.locale_id)
    if not pairs:
        return []
    measure_keys: dict[int, set] = defaultdict(set)
    for indicator_id, key in IndicatorMeasure.objects.filter(
        indicator__in=[indicator.pk for indicator, _fallback in pairs]
    ).values_list("indicator_id", "measure__translation_key"):
        measure_keys[indicator_id].add(key)
    grading = grading_for(plan)
    return [
        IndicatorFigures(
            indicator,
            assess(indicator, grading, fiscal_year),
            fallback,
            frozenset(measure_keys[indicator.pk]),
        )
        for indicator, fallback in pairs
    ]


# Frozen with a report ----------------------------------------------------------------------


def freeze_indicators(plan: PlanPage, fiscal_year: int) -> dict:
    """What a frozen version keeps of the published indicators of ``plan`` for
    ``fiscal_year``: their numbers, the year's value and note, the Japanese name and unit
    (shown where no translation is published), and the plan's rule and bands."""
    grading = grading_for(plan)
    indicators = []
    for indicator in live_indicators().filter(plan=plan):
        year = next((row for row in indicator.values.all() if row.fiscal_year == fiscal_year), None)
        indicators.append(
            {
                "key": str(indicator.translation_key),
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "baseline_year": indicator.baseline_year,
                "baseline_value": decimal(indicator.baseline_value),
                "targets": [[point.fiscal_year, decimal(point.value)] for point in targets_of(indicator)],
                "value": decimal(year.value) if year else None,
                "note": year.note if year else "",
            }
        )
    return {
        "format": FROZEN_FORMAT,
        "rule": grading.rule,
        "bands": [
            [band.key, str(band.label), band.threshold, str(band.description)] for band in grading.bands
        ]
        if grading.own
        else None,
        "indicators": indicators,
    }


@dataclass(frozen=True)
class _Row:
    fiscal_year: int
    value: Decimal | None
    note: str = ""


class _Rows:
    """Frozen rows read like a prefetched relation (``.all()``), as grading reads them."""

    def __init__(self, rows: list[_Row]):
        self._rows = rows

    def all(self) -> list[_Row]:
        return self._rows


@dataclass
class FrozenIndicator:
    """An indicator as a frozen version keeps it; the texts are the published translation's
    where there is one (``locale_id`` set), the frozen Japanese ones otherwise."""

    pk: str
    code: str  # 指標ID (empty in versions frozen before it was kept: then the current one)
    name: str
    unit: str
    direction: str
    baseline_year: int | None
    baseline_value: Decimal | None
    targets: _Rows
    values: _Rows
    locale_id: int | None = None


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _frozen_grading(frozen: dict, current: Grading) -> Grading:
    """The frozen rule and thresholds, with each band's label as the plan now writes it in
    the page's language (the frozen Japanese label for a band since removed)."""
    if frozen.get("bands") is None:
        return grading_of(frozen["rule"], DEFAULT_BANDS)
    labels = {band.key: band for band in current.bands} if current.own else {}
    bands = []
    for key, label, threshold, description in frozen["bands"]:
        now = labels.get(key)
        bands.append(
            Band(key, now.label if now else label, threshold, now.description if now else description)
        )
    return grading_of(frozen["rule"], bands)


def report_indicators(plan: PlanPage, fiscal_year: int, frozen: dict | None) -> list[IndicatorFigures]:
    """The indicator table of a progress report: each indicator's value of the year, its
    target, grade and explanation. From ``frozen`` (a frozen version's ``indicators``) once
    the year's figures are frozen, from the published indicators until then."""
    if frozen is None:
        return plan_figures(plan, fiscal_year)
    published = plan_figures(plan, fiscal_year)
    current = {
        str(entry.indicator.translation_key): entry.indicator for entry in published if not entry.fallback
    }
    # The measures an indicator belongs to are the plan's as it is now: the frozen version
    # keeps numbers, not the plan's structure (an indicator since deleted has none).
    measure_keys = {str(entry.indicator.translation_key): entry.measure_keys for entry in published}
    grading = _frozen_grading(frozen, grading_for(plan))
    result = []
    for row in frozen["indicators"]:
        translated = current.get(row["key"])
        note = row["note"]
        if translated is not None:
            note = next(
                (
                    value.note
                    for value in translated.values.all()
                    if value.fiscal_year == fiscal_year and value.note
                ),
                note,
            )
        indicator = FrozenIndicator(
            pk=row["key"],
            code=row.get("code", translated.code if translated else ""),
            name=translated.name if translated else row["name"],
            unit=translated.unit if translated else row["unit"],
            direction=row["direction"],
            baseline_year=row["baseline_year"],
            baseline_value=_decimal(row["baseline_value"]),
            targets=_Rows([_Row(year, _decimal(value)) for year, value in row["targets"]]),
            values=_Rows([_Row(fiscal_year, _decimal(row["value"]), note)]),
            locale_id=translated.locale_id if translated else None,
        )
        result.append(
            IndicatorFigures(
                indicator,
                assess(indicator, grading, fiscal_year),
                fallback=translated is None,
                measure_keys=measure_keys.get(row["key"], frozenset()),
            )
        )
    return result


def place_under_measures(
    figures: list[IndicatorFigures], measures: list[MeasurePage]
) -> list[IndicatorFigures]:
    """Gives each entry of ``figures`` the pages of ``measures`` (in the page's language,
    those it shows) that the indicator belongs to, in their order; no query."""
    for entry in figures:
        entry.measures = [measure for measure in measures if measure.translation_key in entry.measure_keys]
    return figures
