"""Progress roll-up: the figures of a plan's progress report for one fiscal year.

Computed from the items' progress rows, never typed twice; once the year's reporting round
is closed, from the figures frozen then (``FrozenProgress``, the latest version), so that a
later edit of an item changes no published figure. Report pages, the APIs and the
exports call :func:`plan_progress`, or :func:`plans_progress` for many plans and years; it
runs a fixed number of queries whatever the size of the plans.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext

from .models import ActionItemPage, FrozenProgressRow, MeasurePage, PlanPage, ProgressRow
from .scales import DEFAULT_SCALE, Scale, scales_for
from .selectors import department_prefetch
from .visibility import hidden_branches, visible
from .vocabularies import NO_REPORT, NOT_ASSESSED, STATUS_ORDER


@dataclass
class ItemStatus:
    """An item's progress in the year: ``reported`` when it has a progress row; a reported
    item without a status is 評価なし. ``grade`` is the level of the plan's scale."""

    item: ActionItemPage
    status: str | None
    percent: int | None = None
    narrative: str = ""
    previous_status: str | None = None
    grade: str = ""
    previous_grade: str = ""
    reported: bool = False
    previous_reported: bool = False
    scale: Scale = DEFAULT_SCALE

    @property
    def code(self) -> str:
        """The roll-up's column of the item: its status, 評価なし or 報告なし."""
        if self.status:
            return self.status
        return NOT_ASSESSED if self.reported else NO_REPORT

    @property
    def status_label(self) -> str:
        """The plan's word for the item's progress (評価なし for a row without a status)."""
        return self.scale.label(self.status, self.grade) if self.reported else ""

    @property
    def previous_status_label(self) -> str:
        return self.scale.label(self.previous_status, self.previous_grade) if self.previous_reported else ""

    @property
    def changed(self) -> bool:
        """Assessed in both years, with another status or another level of the scale."""
        if not (self.status and self.previous_status):
            return False
        return self.status != self.previous_status or self.status_label != self.previous_status_label


@dataclass
class StatusCount:
    code: str
    label: str  # as the plan names it: its own levels' labels, or the status's label
    count: int
    share: float  # of all items, 0–100
    label_ja: str = ""


def _buckets(scale: Scale, statuses: list[ItemStatus]) -> list[str]:
    """The roll-up's columns for a plan: every status (the default scale), or the statuses
    the plan's own levels count as and any other its items have; then 評価なし, 報告なし."""
    if not scale.own:
        return [*STATUS_ORDER, NOT_ASSESSED, NO_REPORT]
    used = set(scale.statuses()) | {entry.status for entry in statuses if entry.status}
    return [*(status for status in STATUS_ORDER if status in used), NOT_ASSESSED, NO_REPORT]


def _status_counts(statuses: list[ItemStatus], buckets: list[str], scale: Scale) -> list[StatusCount]:
    counter = Counter(entry.code for entry in statuses)
    total = len(statuses) or 1
    counts = []
    for code in buckets:
        if code == NO_REPORT:
            label = gettext("報告なし")
            with translation.override(settings.LANGUAGE_CODE):
                label_ja = gettext("報告なし")
        else:
            label, label_ja = scale.bucket_label(code), scale.bucket_label(code, japanese=True)
        counts.append(StatusCount(code, label, counter[code], 100 * counter[code] / total, label_ja))
    return counts


@dataclass
class MeasureProgress:
    measure: MeasurePage
    items: list[ItemStatus] = field(default_factory=list)
    buckets: list[str] = field(default_factory=lambda: [*STATUS_ORDER, NOT_ASSESSED, NO_REPORT])
    scale: Scale = DEFAULT_SCALE

    @property
    def counts(self) -> list[StatusCount]:
        return _status_counts(self.items, self.buckets, self.scale)


@dataclass
class PlanProgress:
    plan: PlanPage
    fiscal_year: int
    measures: list[MeasureProgress]
    scale: Scale = DEFAULT_SCALE
    buckets: list[str] = field(default_factory=lambda: [*STATUS_ORDER, NOT_ASSESSED, NO_REPORT])

    @property
    def items(self) -> list[ItemStatus]:
        return [entry for measure in self.measures for entry in measure.items]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def reported(self) -> int:
        """Items with a progress row for the year (評価なし included)."""
        return sum(1 for entry in self.items if entry.reported)

    @property
    def counts(self) -> list[StatusCount]:
        return _status_counts(self.items, self.buckets, self.scale)

    @property
    def not_reported(self) -> list[ItemStatus]:
        """Items with no progress row for the year (stale)."""
        return [entry for entry in self.items if not entry.reported]

    @property
    def changed(self) -> list[ItemStatus]:
        return [entry for entry in self.items if entry.changed]


def plan_progress(plan: PlanPage, fiscal_year: int, *, departments: bool = True) -> PlanProgress:
    """Every published measure and item of ``plan`` with its status for ``fiscal_year``.

    Items are counted under the measure they belong to; re-listings (再掲) are not counted
    twice. With ``departments=False`` the items' departments are not read; pass the items
    shown to :func:`with_departments` instead (a large plan's report shows a few of them).
    """
    (progress,) = plans_progress([(plan, fiscal_year)], departments=departments)
    return progress


def plans_progress(
    keys: list[tuple[PlanPage, int]],
    *,
    hidden: Q | None = None,
    departments: bool = False,
    item_fields: tuple[str, ...] | None = None,
) -> list[PlanProgress]:
    """:func:`plan_progress` for several (plan, fiscal year) pairs at once, in the same fixed
    number of queries whatever their number and the plans' size (the open-data API lists
    every plan and year this way).

    ``item_fields`` loads only those fields of the items, for a caller that shows counts and
    not the items themselves.
    """
    if hidden is None:
        hidden = hidden_branches()
    plan_ids = {plan.pk for plan, _year in keys}
    years = {year for _plan, year in keys} | {year - 1 for _plan, year in keys}
    measures = list(visible(MeasurePage.objects.filter(plan_id__in=plan_ids), hidden=hidden).order_by("path"))
    items = visible(ActionItemPage.objects.filter(plan_id__in=plan_ids, measure__in=measures), hidden=hidden)
    items = items.order_by("path")
    if item_fields is not None:
        items = items.only(
            "pk", "plan_id", "measure_id", "path", "translation_key", "locale_id", *item_fields
        )
    if departments:
        items = items.prefetch_related(department_prefetch())
    items = list(items)
    rows = {
        (row.item_id, row.fiscal_year): row
        for row in ProgressRow.objects.filter(
            item__in=[item.pk for item in items], fiscal_year__in=years
        ).only("item_id", "fiscal_year", "status", "grade", "percent", "narrative")
    }
    frozen = _frozen_figures({(plan.translation_key, year) for plan, year in keys})
    scales = scales_for(plan for plan, _year in keys)
    measures_by_plan: dict[int, list[MeasurePage]] = defaultdict(list)
    for measure in measures:
        measures_by_plan[measure.plan_id].append(measure)
    items_by_measure: dict[int, list[ActionItemPage]] = defaultdict(list)
    for item in items:
        items_by_measure[item.measure_id].append(item)
    result = []
    for plan, year in keys:
        figures = frozen.get((plan.translation_key, year))
        scale = scales[plan.pk]
        by_measure = []
        for measure in measures_by_plan[plan.pk]:
            entries = []
            for item in items_by_measure[measure.pk]:
                current = rows.get((item.pk, year))
                narrative = current.narrative if current else ""
                if figures is not None:
                    if item.translation_key not in figures:
                        continue  # added after the figures were frozen
                    frozen_row = figures[item.translation_key]
                    narrative = frozen_row.narratives.get(str(item.locale_id), narrative)
                    entry = ItemStatus(
                        item=item,
                        status=frozen_row.status or None,
                        grade=frozen_row.grade,
                        percent=frozen_row.percent,
                        narrative=narrative,
                        previous_status=frozen_row.previous_status or None,
                        previous_grade=frozen_row.previous_grade,
                        reported=frozen_row.reported,
                        previous_reported=bool(frozen_row.previous_status),
                        scale=scale,
                    )
                else:
                    previous = rows.get((item.pk, year - 1))
                    entry = ItemStatus(
                        item=item,
                        status=(current.status or None) if current else None,
                        grade=current.grade if current else "",
                        percent=current.percent if current else None,
                        narrative=narrative,
                        previous_status=(previous.status or None) if previous else None,
                        previous_grade=previous.grade if previous else "",
                        reported=current is not None,
                        previous_reported=previous is not None,
                        scale=scale,
                    )
                entries.append(entry)
            by_measure.append((measure, entries))
        buckets = _buckets(scale, [entry for _measure, entries in by_measure for entry in entries])
        measure_progress = [
            MeasureProgress(measure, entries, buckets=buckets, scale=scale) for measure, entries in by_measure
        ]
        result.append(
            PlanProgress(plan=plan, fiscal_year=year, measures=measure_progress, scale=scale, buckets=buckets)
        )
    return result


FrozenFigures = dict[object, FrozenProgressRow]


def _frozen_figures(keys: set[tuple[object, int]]) -> dict[tuple[object, int], FrozenFigures]:
    """The latest frozen version of each (plan translation key, year) that has one: item
    translation key → its frozen row. One query."""
    if not keys:
        return {}
    rows = FrozenProgressRow.objects.filter(
        frozen__plan_key__in={key for key, _year in keys},
        frozen__fiscal_year__in={year for _key, year in keys},
    ).select_related("frozen")
    latest: dict[tuple[object, int], int] = {}
    found: dict[tuple[object, int, int], FrozenFigures] = defaultdict(dict)
    for row in rows:
        plan_key, year, version = row.frozen.plan_key, row.frozen.fiscal_year, row.frozen.version
        if (plan_key, year) not in keys:
            continue
        latest[plan_key, year] = max(version, latest.get((plan_key, year), 0))
        found[plan_key, year, version][row.item_key] = row
    return {key: found[(*key, version)] for key, version in latest.items()}


def with_departments(entries: list[ItemStatus]) -> list[ItemStatus]:
    """Read the departments of the items of ``entries`` (one query), for a roll-up made with
    ``departments=False``."""
    prefetch_related_objects([entry.item for entry in entries], department_prefetch())
    return entries
