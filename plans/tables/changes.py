"""The plan of changes: what importing a table would do to a plan, and its report.

:class:`ImportState` holds the plan of changes the dry run builds (:mod:`.matching` fills
it): a :class:`MeasurePlan` per measure and an :class:`ItemPlan` per item the file names,
with the stored page each one updates (``None``: a new page), and the departments to
create. :func:`compare` finds what would change on each stored page (and, through
:mod:`.diffs`, each change's old and new value), :func:`row_results` and
:func:`report_missing` put the outcome in the :class:`~.report.ImportReport`. The write
stage (``plans/services/import_writer.py``) carries the plan of changes out.

Wanted values follow :mod:`.rows`: ``None`` leaves a stored value as it is (a blank cell
or an absent column), an empty value clears it (削除 in the cell).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wagtail.models import Locale

from ..models import ActionItemPage, Department, MeasurePage, PlanPage
from ..scales import DEFAULT_SCALE, Level, Scale
from ..vocabularies import DepartmentRole
from .diffs import describe_changes
from .headers import HeaderMap
from .layout import Table
from .report import Action, FieldChange, ImportReport, MissingPage, RowResult
from .stored import (
    StoredPlan,
    department_rows,
    progress_rows,
    relisted_measure_ids,
    schedule_rows,
    stored_level,
)
from .text import normalise_description, stream_is_plain, stream_to_description, title_key


def field_label(name: str) -> str:
    labels = {
        "title": _("名称"),
        "number": _("番号"),
        "area": _("分野"),
        "description": _("内容"),
        "group": _("取組方針"),
        "external_id": _("管理番号"),
        "actor": _("主体"),
        "is_new": _("新規"),
        "is_enhanced": _("充実"),
        "is_relisted": _("再掲"),
        "is_pickup": _("ピックアップ"),
        "pickup_text": _("ピックアップ説明"),
        "departments": _("担当"),
        "schedule": _("スケジュール"),
        "progress": _("進捗状況"),
        "relistings": _("再掲する施策"),
    }
    return labels.get(name, name)


# The plan of changes -------------------------------------------------------------------


@dataclass
class NewDepartment:
    name: str
    rows: list[int] = field(default_factory=list)
    created: Department | None = None


@dataclass
class MeasurePlan:
    key: tuple[str, str]
    row: int
    title: str
    number: str = ""
    area: str | None = None  # None: leave as it is (blank or absent); "": clear it
    description: str | None = None
    page: MeasurePage | None = None  # the current state of the existing measure
    values: dict = field(default_factory=dict)  # what changes
    saved: MeasurePage | None = None
    diffs: list[FieldChange] = field(default_factory=list)  # what changes, old → new

    @property
    def action(self) -> Action:
        if self.page is None:
            return Action.CREATED
        return Action.UPDATED if self.values else Action.UNCHANGED


@dataclass
class ItemPlan:
    row: int
    measure: MeasurePlan
    title: str
    page: ActionItemPage | None = None  # the current state of the existing item
    fields: dict = field(default_factory=dict)  # field name → wanted value (only cells not blank)
    description: str | None = None
    departments: list | None = None  # Department or NewDepartment, lead first ([]: clear)
    # The years whose cell is not blank: phase and 以降, or None to remove the year's phase.
    schedule: dict[int, tuple[str, bool] | None] | None = None
    # year, level of the plan's scale, narrative: None keeps the stored value, "" clears it.
    progress: tuple[int, Level | str | None, str | None] | None = None
    relist_to: list[MeasurePlan] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    link_only: bool = False  # only 再掲 rows name it: its own row is not in the file
    diffs: list[FieldChange] = field(default_factory=list)  # what changes, old → new

    @property
    def action(self) -> Action:
        if self.page is None:
            return Action.CREATED
        return Action.UPDATED if self.changes else Action.UNCHANGED

    def key_values(self) -> tuple[str, str, str]:
        return (
            self.fields.get("external_id", self.page.external_id if self.page else ""),
            self.fields.get("number", self.page.number if self.page else ""),
            title_key(self.title),
        )


@dataclass
class ImportState:
    table: Table
    plan: PlanPage | None
    plan_title: str
    period: tuple[int, int] | None
    status_year: int | None
    locale: Locale
    measures: list[MeasurePlan] = field(default_factory=list)
    items: list[ItemPlan] = field(default_factory=list)
    new_departments: dict[str, NewDepartment] = field(default_factory=dict)
    drafts: set[int] = field(default_factory=set)  # pages with unpublished changes
    scale: Scale = DEFAULT_SCALE  # the plan's evaluation scale: the words of 進捗状況

    @property
    def era_start_year(self) -> int | None:
        """The first fiscal year of the plan (of a new plan: of its period, when known)."""
        if self.plan is not None:
            return self.plan.period_start
        return self.period[0] if self.period else None


def with_roles(departments: list) -> list[tuple]:
    """The departments of an item with their roles: the first leads, the others partner."""
    return [
        (department, DepartmentRole.LEAD if index == 0 else DepartmentRole.PARTNER)
        for index, department in enumerate(departments)
    ]


# Comparing -----------------------------------------------------------------------------


def compare(state: ImportState, headers: HeaderMap, report: ImportReport) -> None:
    """What would change on every stored measure and item the file names: the measures'
    ``values`` and the items' ``changes``."""
    for measure in state.measures:
        page = measure.page
        wanted = {"title": measure.title}
        if measure.number:
            wanted["number"] = measure.number
        if measure.area is not None:
            wanted["area"] = measure.area
        if page is None:
            continue
        for name, value in wanted.items():
            if name == "title" and title_key(page.title) == title_key(value):
                continue  # the same title, written with other character widths
            if getattr(page, name) != value:
                measure.values[name] = value
        if measure.description is not None and normalise_description(
            measure.description
        ) != stream_to_description(page.description):
            measure.values["description"] = measure.description
            if not stream_is_plain(page.description):
                report.warning(
                    _("施策の内容を書き換えるため、段落以外の要素（見出し・表など）はなくなります。"),
                    row=measure.row,
                    column=headers.header("measure_description"),
                )
    for item in state.items:
        if item.page is None:
            _nothing_to_clear(item)
            continue
        _compare_item(item, headers, report)
    describe_changes(state, headers, report, label=field_label)


def _nothing_to_clear(item: ItemPlan) -> None:
    """A new item has no stored values: 削除 in its cells means no value."""
    if item.schedule:
        item.schedule = {year: value for year, value in item.schedule.items() if value is not None}
    if item.progress is not None:
        item.progress = _progress_without_clears(item.progress)


def _progress_without_clears(progress: tuple) -> tuple | None:
    """Progress for a year that has none stored: 削除 has nothing to clear there."""
    year, status, narrative = progress
    if not status and not narrative:
        return None
    return (year, status or None, narrative or None)


def _compare_item(item: ItemPlan, headers: HeaderMap, report: ImportReport) -> None:
    page = item.page
    changes = item.changes
    if not item.link_only:
        if title_key(page.title) != title_key(item.title):
            changes.append("title")
        for name, value in item.fields.items():
            if getattr(page, name) != value:
                changes.append(name)
        if item.description is not None and normalise_description(item.description) != stream_to_description(
            page.description
        ):
            changes.append("description")
            if not stream_is_plain(page.description):
                report.warning(
                    _("事業内容を書き換えるため、段落以外の要素（見出し・表など）はなくなります。"),
                    row=item.row,
                    column=headers.header("description"),
                )
        if item.departments is not None:
            wanted = [
                (department.pk if isinstance(department, Department) else None, role)
                for department, role in with_roles(item.departments)
            ]
            if wanted != department_rows(page):
                changes.append("departments")
        if item.schedule is not None:
            current = {year: value for year, value in schedule_rows(page).items() if year in item.schedule}
            wanted = {year: value for year, value in item.schedule.items() if value is not None}
            if current != wanted:
                changes.append("schedule")
        if item.progress is not None and item.progress[0] not in progress_rows(page):
            item.progress = _progress_without_clears(item.progress)
        if item.progress is not None:
            year, level, narrative = item.progress
            existing = progress_rows(page).get(year)
            if level is None:
                # A blank status cell keeps the stored status of that year; without one the
                # narrative is stored as 評価なし.
                level = stored_level(existing)
                item.progress = (year, level, narrative)
            if (
                existing is None
                or stored_level(existing) != (level or None)  # "" (削除) leaves no status
                or (narrative is not None and existing.narrative != narrative)
            ):
                changes.append("progress")
    current_relistings = set(relisted_measure_ids(page))
    for measure in item.relist_to:
        if measure.page is None or measure.page.pk not in current_relistings:
            changes.append("relistings")
            break


# The report ----------------------------------------------------------------------------


def row_results(
    state: ImportState, parsed_rows: list[dict], headers: HeaderMap, report: ImportReport
) -> None:
    """The report's line for every row, and the departments it would create."""
    for data in parsed_rows:
        measure = data.get("measure")
        if measure is None:
            continue
        result = RowResult(
            row=data["row"],
            measure_title=measure.title,
            measure_action=measure.action,
            measure_number=measure.number,
            measure_diffs=measure.diffs if data["row"] == measure.row else [],
        )
        if data.get("item"):
            result.item_title = data["item_title"]
            if data.get("skipped"):
                result.item_action = Action.SKIPPED
                result.relisted = True
            elif "link" in data:
                target = data["link"]
                result.relisted = True
                already = (
                    target.page is not None
                    and data["measure"].page is not None
                    and (data["measure"].page.pk in set(relisted_measure_ids(target.page)))
                )
                result.item_action = Action.UNCHANGED if already else Action.UPDATED
                if not already:
                    result.changes = [field_label("relistings")]
                    result.diffs = [change for change in target.diffs if change.field == "relistings"]
            elif "own" in data:
                item = data["own"]
                result.item_action = item.action
                result.relisted = bool(item.fields.get("is_relisted"))
                result.changes = [field_label(name) for name in item.changes]
                result.diffs = item.diffs
            else:
                result.item_action = Action.SKIPPED
        report.rows.append(result)
    report.departments_to_create = [new.name for new in state.new_departments.values()]


def report_missing(state: ImportState, stored: StoredPlan, report: ImportReport) -> None:
    """The stored measures and items the file does not mention (kept as they are)."""
    mentioned_items = {item.page.pk for item in state.items if item.page is not None}
    titles = {page.pk: page.title for page in stored.measures}
    for page in stored.items:
        if page.pk not in mentioned_items:
            report.missing_items.append(
                MissingPage(page.pk, page.title, page.number, titles.get(page.measure_id, ""))
            )
    mentioned_measures = {measure.page.pk for measure in state.measures if measure.page is not None}
    for page in stored.measures:
        if page.pk not in mentioned_measures:
            report.missing_measures.append(MissingPage(page.pk, page.title, page.number))
