"""The plan as it is stored, read once for the dry run: its measures and items as an editor
would find them, the lookups rows are matched by, and the departments of its language.

The current state of a page is its latest revision when it has unpublished changes, else
the page itself; values are compared in the form they are stored, so importing the same
file twice changes nothing the second time. The ``*_rows`` helpers read a stored item's
child rows in the form the plan of changes holds them; the write stage uses them too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail.models import Locale

from ..models import ActionItemPage, Department, MeasurePage, PlanPage, ProgressRow
from ..scales import DEFAULT_SCALE, Level, Scale
from .text import title_key


def current_state(page):
    """The page as an editor would find it: its latest revision when it has unpublished
    changes (a draft), the page itself otherwise."""
    if page.has_unpublished_changes and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def department_rows(item: ActionItemPage) -> list[tuple[int, str]]:
    rows = sorted(item.departments.all(), key=lambda row: row.sort_order or 0)
    return [(row.department_id, row.role) for row in rows]


def schedule_rows(item: ActionItemPage) -> dict[int, tuple[str, bool]]:
    return {row.fiscal_year: (row.phase, bool(row.onwards)) for row in item.schedule.all()}


def progress_rows(item: ActionItemPage) -> dict[int, ProgressRow]:
    return {row.fiscal_year: row for row in item.progress.all()}


def stored_level(row: ProgressRow | None) -> Level | None:
    """The level a stored progress row was graded with (its grade as :func:`load_stored`
    reads it), in the form the plan of changes holds levels; None for 評価なし or no row."""
    if row is None or not row.status:
        return None
    return Level(row.grade, row.status)


def relisted_measure_ids(item: ActionItemPage) -> list[int]:
    return [row.measure_id for row in sorted(item.relistings.all(), key=lambda row: row.sort_order or 0)]


@dataclass
class StoredPlan:
    """A plan's measures and items (each in its current state), in tree order, and the ways
    rows find them; empty for a plan that does not exist yet."""

    measures: list[MeasurePage] = field(default_factory=list)
    items: list[ActionItemPage] = field(default_factory=list)
    drafts: set[int] = field(default_factory=set)  # pages with unpublished changes
    measures_by_number: dict[str, MeasurePage] = field(default_factory=dict)
    measures_by_title: dict[str, list[MeasurePage]] = field(default_factory=dict)
    items_by_external_id: dict[str, ActionItemPage] = field(default_factory=dict)
    items_by_number: dict[str, ActionItemPage] = field(default_factory=dict)
    items_by_title: dict[str, list[ActionItemPage]] = field(default_factory=dict)
    departments: dict[str, list[Department]] = field(default_factory=dict)  # every name → departments


def load_stored(plan: PlanPage | None, locale: Locale, *, scale: Scale = DEFAULT_SCALE) -> StoredPlan:
    """The stored state of ``plan`` and the departments of ``locale``.

    The grade of each progress row is read as the key of its level in ``scale`` (a row
    saved with a blank grade reads as the level of its status), so that a file naming the
    same level finds it unchanged."""
    stored = StoredPlan()
    if plan is not None:
        measures = MeasurePage.objects.child_of(plan).order_by("path")
        stored.drafts |= {page.pk for page in measures if page.has_unpublished_changes}
        stored.measures = [current_state(page) for page in measures]
        items = (
            ActionItemPage.objects.filter(plan=plan)
            .order_by("path")
            .prefetch_related("departments", "schedule", "progress", "relistings")
        )
        stored.drafts |= {page.pk for page in items if page.has_unpublished_changes}
        stored.items = [current_state(page) for page in items]
        for page in stored.items:
            for row in page.progress.all():
                row.grade = scale.key_of(row.status, row.grade)
    stored.measures_by_number = {page.number: page for page in stored.measures if page.number}
    for page in stored.measures:
        stored.measures_by_title.setdefault(title_key(page.title), []).append(page)
    stored.items_by_external_id = {page.external_id: page for page in stored.items if page.external_id}
    stored.items_by_number = {page.number: page for page in stored.items if page.number}
    for page in stored.items:
        stored.items_by_title.setdefault(title_key(page.title), []).append(page)
    for department in Department.objects.filter(locale=locale).select_related("parent"):
        for name in department.matching_names():
            stored.departments.setdefault(name, []).append(department)
    return stored
