"""Progress roll-up: the figures of a plan's progress report for one fiscal year.

Computed from the items' progress rows, never typed twice. Report pages, the APIs and the
exports call :func:`plan_progress`; it runs a fixed number of queries whatever the size
of the plan.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext

from .models import ActionItemPage, MeasurePage, PlanPage, ProgressRow
from .selectors import department_prefetch, hidden_branches, visible
from .vocabularies import STATUS_ORDER, ProgressStatus

NO_REPORT = "none"


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
    hidden = hidden_branches()
    measures = list(visible(MeasurePage.objects.filter(plan=plan), hidden=hidden).order_by("path"))
    items = visible(ActionItemPage.objects.filter(plan=plan, measure__in=measures), hidden=hidden)
    items = items.order_by("path")
    if departments:
        items = items.prefetch_related(department_prefetch())
    items = list(items)
    rows = {
        (row.item_id, row.fiscal_year): row
        for row in ProgressRow.objects.filter(
            item__in=[item.pk for item in items], fiscal_year__in=[fiscal_year, fiscal_year - 1]
        )
    }
    by_measure = {measure.pk: MeasureProgress(measure) for measure in measures}
    for item in items:
        current = rows.get((item.pk, fiscal_year))
        previous = rows.get((item.pk, fiscal_year - 1))
        by_measure[item.measure_id].items.append(
            ItemStatus(
                item=item,
                status=current.status if current else None,
                percent=current.percent if current else None,
                narrative=current.narrative if current else "",
                previous_status=previous.status if previous else None,
            )
        )
    return PlanProgress(plan=plan, fiscal_year=fiscal_year, measures=list(by_measure.values()))


def with_departments(entries: list[ItemStatus]) -> list[ItemStatus]:
    """Read the departments of the items of ``entries`` (one query), for a roll-up made with
    ``departments=False``."""
    prefetch_related_objects([entry.item for entry in entries], department_prefetch())
    return entries
