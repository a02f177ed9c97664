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

from django.db.models import Q, prefetch_related_objects
from django.utils.translation import gettext

from .models import ActionItemPage, FrozenProgressRow, MeasurePage, PlanPage, ProgressRow
from .selectors import department_prefetch
from .visibility import hidden_branches, visible
from .vocabularies import NO_REPORT, STATUS_ORDER, ProgressStatus


@dataclass
class ItemStatus:
    item: ActionItemPage
    status: str | None
    percent: int | None = None
    narrative: str = ""
    previous_status: str | None = None

    @property
    def status_label(self) -> str:
        return ProgressStatus(self.status).label if self.status else ""

    @property
    def previous_status_label(self) -> str:
        return ProgressStatus(self.previous_status).label if self.previous_status else ""

    @property
    def changed(self) -> bool:
        return bool(self.status and self.previous_status and self.status != self.previous_status)


@dataclass
class StatusCount:
    code: str
    label: str
    count: int
    share: float  # of all items, 0–100


def _status_counts(statuses: list[ItemStatus]) -> list[StatusCount]:
    counter = Counter(entry.status or NO_REPORT for entry in statuses)
    total = len(statuses) or 1
    counts = [
        StatusCount(code, ProgressStatus(code).label, counter[code], 100 * counter[code] / total)
        for code in STATUS_ORDER
    ]
    counts.append(
        StatusCount(NO_REPORT, gettext("報告なし"), counter[NO_REPORT], 100 * counter[NO_REPORT] / total)
    )
    return counts


@dataclass
class MeasureProgress:
    measure: MeasurePage
    items: list[ItemStatus] = field(default_factory=list)

    @property
    def counts(self) -> list[StatusCount]:
        return _status_counts(self.items)


@dataclass
class PlanProgress:
    plan: PlanPage
    fiscal_year: int
    measures: list[MeasureProgress]

    @property
    def items(self) -> list[ItemStatus]:
        return [entry for measure in self.measures for entry in measure.items]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def reported(self) -> int:
        return sum(1 for entry in self.items if entry.status)

    @property
    def counts(self) -> list[StatusCount]:
        return _status_counts(self.items)

    @property
    def not_reported(self) -> list[ItemStatus]:
        """Items with no progress row for the year (stale)."""
        return [entry for entry in self.items if not entry.status]

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
        ).only("item_id", "fiscal_year", "status", "percent", "narrative")
    }
    frozen = _frozen_figures({(plan.translation_key, year) for plan, year in keys})
    measures_by_plan: dict[int, list[MeasurePage]] = defaultdict(list)
    for measure in measures:
        measures_by_plan[measure.plan_id].append(measure)
    items_by_measure: dict[int, list[ActionItemPage]] = defaultdict(list)
    for item in items:
        items_by_measure[item.measure_id].append(item)
    result = []
    for plan, year in keys:
        figures = frozen.get((plan.translation_key, year))
        measure_progress = []
        for measure in measures_by_plan[plan.pk]:
            entries = []
            for item in items_by_measure[measure.pk]:
                current = rows.get((item.pk, year))
                narrative = current.narrative if current else ""
                if figures is not None:
                    if item.translation_key not in figures:
                        continue  # added after the figures were frozen
                    status, percent, previous_status, narratives = figures[item.translation_key]
                    narrative = narratives.get(str(item.locale_id), narrative)
                else:
                    previous = rows.get((item.pk, year - 1))
                    status = current.status if current else None
                    percent = current.percent if current else None
                    previous_status = previous.status if previous else None
                entries.append(
                    ItemStatus(
                        item=item,
                        status=status,
                        percent=percent,
                        narrative=narrative,
                        previous_status=previous_status,
                    )
                )
            measure_progress.append(MeasureProgress(measure, entries))
        result.append(PlanProgress(plan=plan, fiscal_year=year, measures=measure_progress))
    return result


FrozenFigures = dict[object, tuple[str | None, int | None, str | None, dict[str, str]]]


def _frozen_figures(keys: set[tuple[object, int]]) -> dict[tuple[object, int], FrozenFigures]:
    """The latest frozen version of each (plan translation key, year) that has one: item
    translation key → (status, percent, previous status, narratives by locale id). One query."""
    if not keys:
        return {}
    rows = FrozenProgressRow.objects.filter(
        frozen__plan_key__in={key for key, _year in keys},
        frozen__fiscal_year__in={year for _key, year in keys},
    ).values_list(
        "frozen__plan_key",
        "frozen__fiscal_year",
        "frozen__version",
        "item_key",
        "status",
        "percent",
        "previous_status",
        "narratives",
    )
    latest: dict[tuple[object, int], int] = {}
    found: dict[tuple[object, int, int], FrozenFigures] = defaultdict(dict)
    for plan_key, year, version, item_key, status, percent, previous, narratives in rows:
        if (plan_key, year) not in keys:
            continue
        latest[plan_key, year] = max(version, latest.get((plan_key, year), 0))
        found[plan_key, year, version][item_key] = (
            status or None,
            percent,
            previous or None,
            narratives or {},
        )
    return {key: found[(*key, version)] for key, version in latest.items()}


def with_departments(entries: list[ItemStatus]) -> list[ItemStatus]:
    """Read the departments of the items of ``entries`` (one query), for a roll-up made with
    ``departments=False``."""
    prefetch_related_objects([entry.item for entry in entries], department_prefetch())
    return entries
