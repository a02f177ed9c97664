"""Importing a plan table (``docs/plan-table-format.md``) into a plan.

:func:`plan_import` is the dry run: it reads every row, matches measures, items and
departments with what the plan holds, and records in an :class:`ImportReport` what would
be created, updated or left unchanged, with every error and warning. It writes nothing.
:func:`apply_import` carries such a report out in one transaction (all or nothing), as
revisions of the pages: drafts, or published when asked. :func:`import_plan_file` does both
for the ``import_plan`` command and the admin screen.

The current state of a page is its latest revision when it has unpublished changes, else
the page itself; values are compared in the form they are stored, so importing the same
file twice changes nothing the second time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from wagtail.log_actions import get_active_log_context
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision, Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from ..fiscal_years import FiscalYearError, ParsedFiscalYear, parse_fiscal_year
from ..models import (
    ActionItemDepartment,
    ActionItemPage,
    Department,
    MeasurePage,
    PlanIndexPage,
    PlanPage,
    ProgressRow,
    Relisting,
    ScheduleRow,
)
from ..models.snippets import normalise_name
from ..search_indexing import deferred_search_indexing
from ..vocabularies import DepartmentRole, PlanKind, PlanStatus
from .columns import BY_KEY, column_for_header
from .reader import Table, TableError, read_table
from .report import Action, FiscalYearHeader, ImportReport, MissingPage, RowResult
from .text import description_to_stream, normalise_description, stream_is_plain, stream_to_description
from .values import (
    CellError,
    parse_actor,
    parse_departments,
    parse_flag,
    parse_phase,
    parse_status,
    split_relisted_title,
)


class ImportRefused(Exception):
    """Applying a report that has errors; nothing was written."""

    def __init__(self, report: ImportReport):
        super().__init__(_("取り込みにエラーがあるため、反映できません。"))
        self.report = report


ITEM_TEXT_KEYS = ("item_number", "external_id", "group", "description", "departments", "actor", "pickup_text")
FLAG_FIELDS = {"new": "is_new", "enhanced": "is_enhanced", "relisted": "is_relisted", "pickup": "is_pickup"}
_YEAR_LIKE = re.compile(r"(年度|以降)|^(FY|令和|平成|昭和|大正|明治|[RHSTM])?[0-9元]+年?$", re.IGNORECASE)


def title_key(text: str) -> str:
    """How titles are compared: NFKC, no white space, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


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
    area: str | None = None  # None: leave as it is (the column is absent)
    description: str | None = None
    page: MeasurePage | None = None  # the current state of the existing measure
    values: dict = field(default_factory=dict)  # what changes
    saved: MeasurePage | None = None

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
    fields: dict = field(default_factory=dict)  # field name → wanted value (only columns present)
    description: str | None = None
    departments: list | None = None  # Department or NewDepartment, lead first
    schedule: dict[int, tuple[str, bool]] | None = None
    schedule_years: set[int] = field(default_factory=set)
    progress: tuple[int, str | None, str | None] | None = None  # year, status, narrative (None: keep)
    relist_to: list[MeasurePlan] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    link_only: bool = False  # only 再掲 rows name it: its own row is not in the file

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


# Reading the current state of pages ----------------------------------------------------


def current_state(page):
    """The page as an editor would find it: its latest revision when it has unpublished
    changes (a draft), the page itself otherwise."""
    if page.has_unpublished_changes and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def _department_rows(item: ActionItemPage) -> list[tuple[int, str]]:
    rows = sorted(item.departments.all(), key=lambda row: row.sort_order or 0)
    return [(row.department_id, row.role) for row in rows]


def _schedule_rows(item: ActionItemPage) -> dict[int, tuple[str, bool]]:
    return {row.fiscal_year: (row.phase, bool(row.onwards)) for row in item.schedule.all()}


def _progress_rows(item: ActionItemPage) -> dict[int, ProgressRow]:
    return {row.fiscal_year: row for row in item.progress.all()}


def _relisted_measure_ids(item: ActionItemPage) -> list[int]:
    return [row.measure_id for row in sorted(item.relistings.all(), key=lambda row: row.sort_order or 0)]


# The dry run -----------------------------------------------------------------------------


class _Planner:
    def __init__(self, table: Table, plan: PlanPage | None, report: ImportReport, state: ImportState):
        self.table = table
        self.plan = plan
        self.report = report
        self.state = state
        self.columns: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        self.years: list[tuple[int, ParsedFiscalYear, str]] = []

    # Headers ------------------------------------------------------------------------

    def header(self, key: str) -> str:
        """The header the user wrote for a column, or the Japanese header when absent."""
        return self.headers.get(key) or BY_KEY[key].japanese

    def era_start_year(self) -> int | None:
        if self.plan is not None:
            return self.plan.period_start
        return self.state.period[0] if self.state.period else None

    def map_headers(self) -> bool:
        table, report = self.table, self.report
        seen_years: dict[tuple[int, bool], str] = {}
        for index, header in enumerate(table.headers):
            if not header:
                if any(row.get(index) for row in table.rows):
                    report.warning(
                        _("%(number)s列目には見出しがないため、読み込みません。") % {"number": index + 1},
                        row=table.header_row,
                    )
                continue
            column = column_for_header(header)
            if column is not None:
                if column.key in self.columns:
                    report.error(
                        _("「%(header)s」は「%(other)s」と同じ項目の列です。どちらか一方にしてください。")
                        % {"header": header, "other": self.headers[column.key]},
                        row=table.header_row,
                        column=header,
                    )
                    continue
                self.columns[column.key] = index
                self.headers[column.key] = header
                continue
            if _YEAR_LIKE.search("".join(unicodedata.normalize("NFKC", header).split())):
                try:
                    parsed = parse_fiscal_year(header, era_start_year=self.era_start_year())
                except FiscalYearError as error:
                    report.error(str(error), row=table.header_row, column=header)
                    continue
                if (parsed.year, parsed.onwards) in seen_years:
                    report.error(
                        _("「%(header)s」は「%(other)s」と同じ年度の列です。")
                        % {"header": header, "other": seen_years[(parsed.year, parsed.onwards)]},
                        row=table.header_row,
                        column=header,
                    )
                    continue
                seen_years[(parsed.year, parsed.onwards)] = header
                self.years.append((index, parsed, header))
                report.fiscal_year_headers.append(
                    FiscalYearHeader(header, parsed.year, parsed.onwards, parsed.reading)
                )
                continue
            report.warning(
                _("「%(header)s」は計画表の列ではないため、読み込みません。") % {"header": header},
                row=table.header_row,
                column=header,
            )
        if "measure" not in self.columns:
            text = _(
                "施策の列がありません。見出しが「施策」（または「施策名」「measure」など）の列が必要です。"
            )
            below = next(
                (
                    row.number
                    for row in table.rows[:10]
                    if any(
                        cell and getattr(column_for_header(cell), "key", "") == "measure"
                        for cell in row.cells
                    )
                ),
                None,
            )
            if below:
                text += _(
                    "見出しは最初の空でない行に置きます。%(row)s行目が見出しのようです。"
                    "上の行（表題など）を消してください。"
                ) % {"row": below}
            report.error(text, row=table.header_row)
            return False
        return True

    # Rows ---------------------------------------------------------------------------

    def run(self) -> None:
        if not self.map_headers():
            return
        state, report = self.state, self.report
        if self.plan is None and state.period is None:
            years = [parsed.year for _index, parsed, _header in self.years]
            if years:
                state.period = (min(years), max(years))
                report.period = state.period
            else:
                report.error(
                    _(
                        "新しい計画の計画期間がわかりません。"
                        "期間を指定してください（例：--period 2008-2012）。"
                    )
                )
        self.load_existing()
        parsed_rows = self.read_rows()
        self.plan_measures(parsed_rows)
        self.plan_items(parsed_rows)
        self.check_numbers()
        self.compare()
        self.results(parsed_rows)
        self.missing()

    def cell(self, row, key: str) -> str:
        index = self.columns.get(key)
        return row.get(index) if index is not None else ""

    def read_rows(self) -> list[dict]:
        report = self.report
        parsed_rows = []
        previous: dict | None = None
        default_year = self.state.status_year
        for row in self.table.rows:
            number = row.number
            data: dict = {"row": number, "ok": True}

            def fail(text, key=None, *, column=None, _row=number, _data=data):
                report.error(text, row=_row, column=column or (self.header(key) if key else None))
                _data["ok"] = False

            measure_title = self.cell(row, "measure")
            measure_number = self.cell(row, "measure_number")
            if not measure_title and not measure_number:
                if previous is None:
                    fail(_("施策名がありません。"), "measure")
                    continue
                measure_title, measure_number = previous["measure_title"], previous["measure_number"]
                report.info(
                    _("施策が空欄のため、上の行と同じ施策「%(title)s」の行として読みました。")
                    % {"title": measure_title or measure_number},
                    row=number,
                    column=self.header("measure"),
                )
            data.update(
                measure_title=measure_title,
                measure_number=measure_number,
                area=self.cell(row, "area") if "area" in self.columns else None,
                measure_description=self.cell(row, "measure_description")
                if "measure_description" in self.columns
                else None,
            )
            previous = data
            title, relisted_suffix = split_relisted_title(self.cell(row, "item"))
            data["item_title"] = title
            item_cells = [self.cell(row, key) for key in ITEM_TEXT_KEYS]
            item_cells += [self.cell(row, key) for key in ("status", "progress_note")]
            item_cells += [row.get(index) for index, _parsed, _header in self.years]
            flags = {}
            for key, name in FLAG_FIELDS.items():
                if key not in self.columns:
                    continue
                text = self.cell(row, key)
                value, recognised = parse_flag(text)
                if not recognised:
                    report.warning(
                        _("「%(text)s」は印として読めないため「あり」としました。") % {"text": text},
                        row=number,
                        column=self.header(key),
                    )
                flags[name] = value
            if relisted_suffix:
                flags["is_relisted"] = True
            data["flags"] = flags
            if not title:
                if any(item_cells) or any(flags.values()):
                    fail(_("事業名がありません。事業の行には事業名が必要です。"), "item")
                data["item"] = False
                parsed_rows.append(data)
                continue
            data["item"] = True
            data["relisted"] = bool(flags.get("is_relisted"))
            fields = dict(flags)
            for key, name in (("item_number", "number"), ("external_id", "external_id"), ("group", "group")):
                if key in self.columns:
                    fields[name] = self.cell(row, key)
            if "pickup_text" in self.columns:
                fields["pickup_text"] = self.cell(row, "pickup_text")
            if "actor" in self.columns:
                try:
                    fields["actor"] = parse_actor(self.cell(row, "actor")) or ""
                except CellError as error:
                    fail(str(error), "actor")
            data["fields"] = fields
            data["description"] = self.cell(row, "description") if "description" in self.columns else None
            if "departments" in self.columns:
                try:
                    data["departments"] = parse_departments(self.cell(row, "departments"))
                except CellError as error:
                    fail(str(error), "departments")
                    data["departments"] = None
            else:
                data["departments"] = None
            data["schedule"] = self.read_schedule(row, fail) if self.years else None
            data["progress"] = self.read_progress(row, fail, default_year)
            parsed_rows.append(data)
        return parsed_rows

    def read_schedule(self, row, fail) -> dict[int, tuple[str, bool]]:
        schedule: dict[int, tuple[str, bool]] = {}
        for index, parsed, header in self.years:
            text = row.get(index)
            if not text:
                continue
            try:
                phase = parse_phase(text)
            except CellError as error:
                fail(str(error), column=header)
                continue
            if parsed.year in schedule:
                fail(_("%(year)sの段階が2つの列に書かれています。") % {"year": parsed.reading}, column=header)
                continue
            schedule[parsed.year] = (phase, parsed.onwards)
        return schedule

    def read_progress(self, row, fail, default_year):
        if "status" not in self.columns and "progress_note" not in self.columns:
            return None
        status_text = self.cell(row, "status")
        note = self.cell(row, "progress_note") if "progress_note" in self.columns else None
        if not status_text and not note:
            return None
        status = None
        if status_text:
            try:
                status = parse_status(status_text)
            except CellError as error:
                fail(str(error), "status")
                return None
        year = default_year
        year_text = self.cell(row, "status_year")
        if year_text:
            try:
                year = parse_fiscal_year(year_text, era_start_year=self.era_start_year()).year
            except FiscalYearError as error:
                fail(str(error), "status_year")
                return None
        if year is None:
            fail(
                _(
                    "進捗状況の年度がわかりません。「評価年度」の列に書くか、評価年度を指定してください"
                    "（例：--status-year 2024）。"
                ),
                "status" if status_text else "progress_note",
            )
            return None
        return (year, status, note)

    # Existing content ---------------------------------------------------------------

    def load_existing(self) -> None:
        self.existing_measures: list[MeasurePage] = []
        self.existing_items: list[ActionItemPage] = []
        if self.plan is not None:
            measures = MeasurePage.objects.child_of(self.plan).order_by("path")
            self.state.drafts |= {page.pk for page in measures if page.has_unpublished_changes}
            self.existing_measures = [current_state(page) for page in measures]
            items = (
                ActionItemPage.objects.filter(plan=self.plan)
                .order_by("path")
                .prefetch_related("departments", "schedule", "progress", "relistings")
            )
            self.state.drafts |= {page.pk for page in items if page.has_unpublished_changes}
            self.existing_items = [current_state(page) for page in items]
        self.measures_by_number = {page.number: page for page in self.existing_measures if page.number}
        self.measures_by_title: dict[str, list[MeasurePage]] = {}
        for page in self.existing_measures:
            self.measures_by_title.setdefault(title_key(page.title), []).append(page)
        self.items_by_external_id = {
            page.external_id: page for page in self.existing_items if page.external_id
        }
        self.items_by_number = {page.number: page for page in self.existing_items if page.number}
        self.items_by_title: dict[str, list[ActionItemPage]] = {}
        for page in self.existing_items:
            self.items_by_title.setdefault(title_key(page.title), []).append(page)
        self.departments: dict[str, list[Department]] = {}
        for department in Department.objects.filter(locale=self.state.locale).select_related("parent"):
            for name in department.matching_names():
                self.departments.setdefault(name, []).append(department)

    # Measures -----------------------------------------------------------------------

    def plan_measures(self, parsed_rows: list[dict]) -> None:
        report = self.report
        by_key: dict[tuple[str, str], MeasurePlan] = {}
        claimed: set[int] = set()
        for data in parsed_rows:
            if "measure_title" not in data:
                continue
            number, title = data["measure_number"], data["measure_title"]
            key = ("number", number) if number else ("title", title_key(title))
            measure = by_key.get(key)
            if measure is None:
                page = None
                if number:
                    page = self.measures_by_number.get(number)
                    if page is None and title:
                        candidates = [
                            candidate
                            for candidate in self.measures_by_title.get(title_key(title), [])
                            if not candidate.number and candidate.pk not in claimed
                        ]
                        page = candidates[0] if candidates else None
                else:
                    candidates = [
                        candidate
                        for candidate in self.measures_by_title.get(title_key(title), [])
                        if candidate.pk not in claimed
                    ]
                    page = candidates[0] if candidates else None
                if not title:
                    if page is None:
                        report.error(
                            _("施策番号「%(number)s」の施策名がありません。") % {"number": number},
                            row=data["row"],
                            column=self.header("measure"),
                        )
                        data["ok"] = False
                        continue
                    title = page.title
                if page is not None:
                    claimed.add(page.pk)
                measure = MeasurePlan(key=key, row=data["row"], title=title, number=number, page=page)
                by_key[key] = measure
                self.state.measures.append(measure)
            elif title and title_key(title) != title_key(measure.title):
                report.error(
                    _("施策番号「%(number)s」の施策名が%(row)s行目（「%(title)s」）と違います。")
                    % {"number": number, "row": measure.row, "title": measure.title},
                    row=data["row"],
                    column=self.header("measure"),
                )
                data["ok"] = False
            for attribute, key_name in (("area", "area"), ("description", "measure_description")):
                value = data["area"] if attribute == "area" else data["measure_description"]
                if value is None:
                    continue
                current = getattr(measure, attribute)
                if current is None or (not current and value):
                    setattr(measure, attribute, value)
                elif value and title_key(value) != title_key(current):
                    report.error(
                        _("同じ施策の%(column)sが%(row)s行目と違います。")
                        % {"column": self.header(key_name), "row": measure.row},
                        row=data["row"],
                        column=self.header(key_name),
                    )
                    data["ok"] = False
            data["measure"] = measure

    # Items --------------------------------------------------------------------------

    def find_item(self, external_id: str, number: str, title: str, *, claimed: set[int], measure=None):
        if external_id:
            page = self.items_by_external_id.get(external_id)
            if page is not None:
                return page
        if number:
            page = self.items_by_number.get(number)
            if page is not None and (not external_id or not page.external_id):
                return page
        candidates = [
            page
            for page in self.items_by_title.get(title_key(title), [])
            if page.pk not in claimed
            and (not external_id or not page.external_id)
            and (not number or not page.number)
        ]
        if measure is not None and measure.page is not None:
            candidates.sort(key=lambda page: page.measure_id != measure.page.pk)
        return candidates[0] if candidates else None

    def relisted_by_title(self, data: dict, measure, planned_new: list, claimed: dict) -> ItemPlan | None:
        """A 再掲 row whose number or reference ID matches nothing: re-listed rows often carry
        a number of their own, so the original is looked for by title too (first among the
        file's new items, then among the plan's items under other measures)."""
        key = title_key(data["item_title"])
        target = next((item for item in planned_new if item.key_values()[2] == key), None)
        if target is None:
            others = [
                page
                for page in self.items_by_title.get(key, [])
                if measure.page is None or page.measure_id != measure.page.pk
            ]
            if others:
                page = others[0]
                target = claimed.get(page.pk) or self.new_item_plan(data, page, link_only=True)
                claimed[page.pk] = target
        if target is not None:
            self.report.info(
                _("番号・管理番号が一致しないため、事業名で再掲の元の事業を見つけました。"),
                row=data["row"],
                column=self.header("item"),
            )
        return target

    def plan_items(self, parsed_rows: list[dict]) -> None:
        report = self.report
        claimed: dict[int, ItemPlan] = {}
        numbers: dict[str, int] = {}
        external_ids: dict[str, int] = {}
        item_rows = [data for data in parsed_rows if data.get("item") and "measure" in data]
        for data in item_rows:
            if data["relisted"]:
                continue
            fields = data["fields"]
            for name, seen, label in (
                ("number", numbers, "item_number"),
                ("external_id", external_ids, "external_id"),
            ):
                value = fields.get(name)
                if not value:
                    continue
                if value in seen:
                    report.error(
                        _("「%(value)s」は%(row)s行目と重複しています。")
                        % {"value": value, "row": seen[value]},
                        row=data["row"],
                        column=self.header(label),
                    )
                    data["ok"] = False
                else:
                    seen[value] = data["row"]
            page = self.find_item(
                fields.get("external_id", ""),
                fields.get("number", ""),
                data["item_title"],
                claimed=set(claimed),
                measure=data["measure"],
            )
            if page is not None and page.pk in claimed:
                report.error(
                    _("%(row)s行目と同じ事業です（「%(title)s」）。")
                    % {"row": claimed[page.pk].row, "title": page.title},
                    row=data["row"],
                    column=self.header("item"),
                )
                data["ok"] = False
                continue
            item = self.new_item_plan(data, page)
            if page is not None:
                claimed[page.pk] = item
                if data["measure"].page is None or page.measure_id != data["measure"].page.pk:
                    report.warning(
                        _(
                            "この事業は別の施策の下にあります。施策の移動はしません"
                            "（移すときは管理画面でページを移動してください）。"
                        ),
                        row=data["row"],
                        column=self.header("measure"),
                    )
        planned_new = [item for item in self.state.items if item.page is None]
        relisted_rows = []
        for data in item_rows:
            if not data["relisted"]:
                continue
            fields, measure = data["fields"], data["measure"]
            page = self.find_item(
                fields.get("external_id", ""),
                fields.get("number", ""),
                data["item_title"],
                claimed=set(),
                measure=measure,
            )
            home_here = page is not None and measure.page is not None and page.measure_id == measure.page.pk
            relisted_rows.append((not home_here, data, page))
        # An item's own row (a 再掲 item with no original elsewhere) before the rows linking it.
        relisted_rows.sort(key=lambda entry: entry[0])
        for _linking, data, page in relisted_rows:
            fields, measure = data["fields"], data["measure"]
            external_id, number = fields.get("external_id", ""), fields.get("number", "")
            target: ItemPlan | None = None
            if page is not None:
                target = claimed.get(page.pk)
                home_here = measure.page is not None and page.measure_id == measure.page.pk
                if target is None and home_here:
                    item = self.new_item_plan(data, page)
                    claimed[page.pk] = item
                    continue
                if target is None:
                    target = self.new_item_plan(data, page, link_only=True)
                    claimed[page.pk] = target
            else:
                for item in planned_new:
                    ext, num, key = item.key_values()
                    if (
                        (external_id and ext == external_id)
                        or (number and num == number)
                        or (not external_id and not number and key == title_key(data["item_title"]))
                    ):
                        target = item
                        break
            if target is None and page is None and (external_id or number):
                target = self.relisted_by_title(data, measure, planned_new, claimed)
            if target is None:
                item = self.new_item_plan(data, None)
                planned_new.append(item)
                report.warning(
                    _(
                        "再掲の元になる事業がこの計画に見つからないため、この施策の事業として作成します"
                        "（再掲の印は残します）。"
                    ),
                    row=data["row"],
                    column=self.header("item"),
                )
                continue
            if target.measure is measure:
                report.warning(
                    _("再掲の元の事業と同じ施策に再掲されているため、この行は読み飛ばします。"),
                    row=data["row"],
                    column=self.header("item"),
                )
                data["skipped"] = True
                continue
            if measure not in target.relist_to:
                target.relist_to.append(measure)
            data["link"] = target
        self.state.items.sort(key=lambda item: item.row)

    def new_item_plan(self, data: dict, page, *, link_only: bool = False) -> ItemPlan:
        item = ItemPlan(row=data["row"], measure=data["measure"], title=data["item_title"], page=page)
        if link_only:
            item.title = page.title
            item.measure = None
            item.link_only = True
        else:
            item.fields = dict(data["fields"])
            item.description = data["description"]
            item.departments = self.resolve_departments(data)
            if data["schedule"] is not None:
                item.schedule = data["schedule"]
                item.schedule_years = {parsed.year for _index, parsed, _header in self.years}
            item.progress = data["progress"]
            data["own"] = item
        self.state.items.append(item)
        return item

    def resolve_departments(self, data: dict):
        names = data.get("departments")
        if names is None:
            return None
        resolved = []
        seen: set[str] = set()
        for name in names:
            key = normalise_name(name)
            if key in seen:
                self.report.warning(
                    _("部署「%(name)s」が2回書かれています。1回として読みます。") % {"name": name},
                    row=data["row"],
                    column=self.header("departments"),
                )
                continue
            seen.add(key)
            matches = self.departments.get(key, [])
            if len(matches) > 1:
                self.report.error(
                    _("「%(name)s」に当たる部署が複数あります（%(names)s）。局名を付けて書いてください。")
                    % {"name": name, "names": "、".join(match.full_name for match in matches)},
                    row=data["row"],
                    column=self.header("departments"),
                )
                data["ok"] = False
                continue
            if matches:
                resolved.append(matches[0])
                continue
            if len(name) > Department._meta.get_field("name").max_length:
                self.report.error(
                    _("部署名「%(name)s」が長すぎます。") % {"name": name},
                    row=data["row"],
                    column=self.header("departments"),
                )
                data["ok"] = False
                continue
            new = self.state.new_departments.setdefault(key, NewDepartment(name))
            new.rows.append(data["row"])
            resolved.append(new)
        return resolved

    def check_numbers(self) -> None:
        """Numbers and management numbers stay unique in the plan after the import."""
        for name, label in (("number", "item_number"), ("external_id", "external_id")):
            owners: dict[str, ItemPlan | ActionItemPage] = {}
            planned = {item.page.pk: item for item in self.state.items if item.page is not None}
            for page in self.existing_items:
                if page.pk in planned:
                    continue
                value = getattr(page, name)
                if value:
                    owners[value] = page
            for item in self.state.items:
                if item.link_only:
                    continue
                value = item.fields.get(name, getattr(item.page, name) if item.page else "")
                if not value:
                    continue
                other = owners.get(value)
                if isinstance(other, ActionItemPage):
                    self.report.error(
                        _("「%(value)s」はこの計画の別の事業「%(title)s」が使っています。")
                        % {"value": value, "title": other.title},
                        row=item.row,
                        column=self.header(label),
                    )
                owners[value] = item
        measure_owners = {
            page.number: page
            for page in self.existing_measures
            if page.number and page.pk not in {m.page.pk for m in self.state.measures if m.page}
        }
        for measure in self.state.measures:
            if measure.number and measure.number in measure_owners:
                self.report.error(
                    _("施策番号「%(value)s」はこの計画の別の施策「%(title)s」が使っています。")
                    % {"value": measure.number, "title": measure_owners[measure.number].title},
                    row=measure.row,
                    column=self.header("measure_number"),
                )

    # Comparing ------------------------------------------------------------------------

    def compare(self) -> None:
        for measure in self.state.measures:
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
                    self.report.warning(
                        _("施策の内容を書き換えるため、段落以外の要素（見出し・表など）はなくなります。"),
                        row=measure.row,
                        column=self.header("measure_description"),
                    )
        for item in self.state.items:
            if item.page is None:
                continue
            self.compare_item(item)

    def compare_item(self, item: ItemPlan) -> None:
        page = item.page
        changes = item.changes
        if not item.link_only:
            if title_key(page.title) != title_key(item.title):
                changes.append("title")
            for name, value in item.fields.items():
                if getattr(page, name) != value:
                    changes.append(name)
            if item.description is not None and normalise_description(
                item.description
            ) != stream_to_description(page.description):
                changes.append("description")
                if not stream_is_plain(page.description):
                    self.report.warning(
                        _("事業内容を書き換えるため、段落以外の要素（見出し・表など）はなくなります。"),
                        row=item.row,
                        column=self.header("description"),
                    )
            if item.departments is not None:
                wanted = [
                    (department.pk if isinstance(department, Department) else None, role)
                    for department, role in _with_roles(item.departments)
                ]
                if wanted != _department_rows(page):
                    changes.append("departments")
            if item.schedule is not None:
                current = {
                    year: value for year, value in _schedule_rows(page).items() if year in item.schedule_years
                }
                if current != item.schedule:
                    changes.append("schedule")
            if item.progress is not None:
                year, status, narrative = item.progress
                existing = _progress_rows(page).get(year)
                if status is None:
                    if existing is None:
                        self.report.error(
                            _("進捗状況がないため、実績だけを保存することはできません。"),
                            row=item.row,
                            column=self.header("status"),
                        )
                    status = existing.status if existing else None
                    item.progress = (year, status, narrative)
                if (
                    existing is None
                    or existing.status != status
                    or (narrative is not None and existing.narrative != narrative)
                ):
                    changes.append("progress")
        current_relistings = set(_relisted_measure_ids(page))
        for measure in item.relist_to:
            if measure.page is None or measure.page.pk not in current_relistings:
                changes.append("relistings")
                break

    # Report ---------------------------------------------------------------------------

    def results(self, parsed_rows: list[dict]) -> None:
        for item in self.state.items:
            if item.page is None and item.progress is not None and item.progress[1] is None:
                self.report.error(
                    _("進捗状況がないため、実績だけを保存することはできません。"),
                    row=item.row,
                    column=self.header("status"),
                )
        for data in parsed_rows:
            measure = data.get("measure")
            if measure is None:
                continue
            result = RowResult(
                row=data["row"],
                measure_title=measure.title,
                measure_action=measure.action,
                measure_number=measure.number,
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
                        and (data["measure"].page.pk in set(_relisted_measure_ids(target.page)))
                    )
                    result.item_action = Action.UNCHANGED if already else Action.UPDATED
                    if not already:
                        result.changes = [field_label("relistings")]
                elif "own" in data:
                    item = data["own"]
                    result.item_action = item.action
                    result.relisted = bool(item.fields.get("is_relisted"))
                    result.changes = [field_label(name) for name in item.changes]
                else:
                    result.item_action = Action.SKIPPED
            self.report.rows.append(result)
        self.report.departments_to_create = [new.name for new in self.state.new_departments.values()]

    def missing(self) -> None:
        mentioned_items = {item.page.pk for item in self.state.items if item.page is not None}
        titles = {page.pk: page.title for page in self.existing_measures}
        for page in self.existing_items:
            if page.pk not in mentioned_items:
                self.report.missing_items.append(
                    MissingPage(page.pk, page.title, page.number, titles.get(page.measure_id, ""))
                )
        mentioned_measures = {measure.page.pk for measure in self.state.measures if measure.page is not None}
        for page in self.existing_measures:
            if page.pk not in mentioned_measures:
                self.report.missing_measures.append(MissingPage(page.pk, page.title, page.number))


def _with_roles(departments: list) -> list[tuple]:
    return [
        (department, DepartmentRole.LEAD if index == 0 else DepartmentRole.PARTNER)
        for index, department in enumerate(departments)
    ]


def plan_import(
    table: Table,
    *,
    plan: PlanPage | None,
    status_year: int | None = None,
    period: tuple[int, int] | None = None,
    plan_title: str = "",
) -> ImportReport:
    """The dry run: what importing ``table`` into ``plan`` would do. Writes nothing.

    ``plan=None`` plans a new plan called ``plan_title`` for the ``period`` given (or the
    fiscal years of the schedule columns). ``status_year`` is the year of the status and
    progress columns when the sheet has no 評価年度 column.
    """
    report = ImportReport(
        filename=table.filename,
        sheet=table.sheet,
        plan_id=plan.pk if plan is not None else None,
        plan_title=plan.title if plan is not None else plan_title,
        create_plan=plan is None,
        period=(plan.period_start, plan.period_end) if plan is not None else period,
        status_year=status_year,
    )
    locale = plan.locale if plan is not None else Locale.get_default()
    state = ImportState(
        table=table,
        plan=plan,
        plan_title=report.plan_title,
        period=report.period,
        status_year=status_year,
        locale=locale,
    )
    report.state = state
    for problem in table.problems:
        report.error(problem.text, row=problem.row, column=problem.column or None)
    if period and plan is None and period[0] > period[1]:
        report.error(_("計画期間の終了年度は開始年度以降にしてください。"))
    _Planner(table, plan, report, state).run()
    return report


# Applying --------------------------------------------------------------------------------


def apply_import(report: ImportReport, *, user=None, publish: bool = False) -> ImportReport:
    """Carry out a dry run's report in one transaction and return the report of what was
    done. The plan is read again inside the transaction, so changes made since the dry
    run are taken into account. Raises :class:`ImportRefused` (writing nothing) when the
    report has errors."""
    state: ImportState | None = report.state
    if report.has_errors or state is None:
        raise ImportRefused(report)
    try:
        with transaction.atomic():
            plan = state.plan
            if plan is not None:
                plan = PlanPage.objects.select_for_update().get(pk=plan.pk)
            fresh = plan_import(
                state.table,
                plan=plan,
                status_year=state.status_year,
                period=state.period,
                plan_title=state.plan_title,
            )
            if fresh.has_errors:
                raise ImportRefused(fresh)
            writer = _Writer(fresh.state, user=user, publish=publish)
            writer.write()
    except (IntegrityError, DatabaseError, ValidationError) as error:
        report.error(_("保存できませんでした（%(error)s）。何も反映していません。") % {"error": error})
        raise ImportRefused(report) from error
    fresh.applied = True
    fresh.published = publish
    for title in writer.published_drafts:
        fresh.info(_("「%(title)s」は内容に変更はなく、保存済みの下書きを公開しました。") % {"title": title})
    if fresh.plan_id is None and fresh.state.plan is not None:
        fresh.plan_id = fresh.state.plan.pk
    return fresh


@dataclass
class _NewPage:
    page: Page
    rows: dict[str, list]
    created_at: object


class _Writer:
    def __init__(self, state: ImportState, *, user, publish: bool):
        self.state = state
        self.user = user
        self.publish = publish
        self.slugs: dict[int, set[str]] = {}
        self.published_drafts: list[str] = []
        self.written: list[Page] = []
        self.new_pages: list[_NewPage] = []
        self.new_rows: dict[type, list] = {}
        self.last_paths: dict[int, str] = {}
        self.child_counts: dict[int, int] = {}
        self.relation_names: dict[type, list[str]] = {}

    def save(self, page) -> None:
        """A changed page: a new revision, published when asked (else a draft)."""
        revision = page.save_revision(user=self.user, clean=False)
        if self.publish:
            revision.publish(user=self.user)
        self.written.append(page)

    def add(self, parent: Page, page) -> None:
        """A new page under ``parent``, saved once, already live or a draft.

        What ``add_child()``, ``save_revision()`` and ``publish()`` would do, in fewer
        queries: the page takes the next free tree path under its parent and is saved with
        one insert; its child rows, its first revision (recorded as latest, and live when
        publishing), the parent's child count and the history entries are written for all
        new pages at once by :meth:`finish_new_pages`, which also sends ``page_published``.
        """
        now = timezone.now()
        page.live = self.publish
        page.has_unpublished_changes = not self.publish
        page.draft_title = page.title
        if self.publish:
            page.first_published_at = page.last_published_at = now
        page.depth = parent.depth + 1
        page.path = self.next_path(parent)
        page.numchild = 0
        page._cached_parent_obj = parent  # treebeard's cache: set_url_path() needs no query
        page._set_core_field_defaults()
        related = getattr(page, "_cluster_related_objects", {})
        # Every child relation, empty ones too: a new page has no rows in the database.
        rows = {name: related.pop(name, []) for name in self.child_relations(type(page))}
        # The rows are inserted in bulk afterwards; the history entry is written below.
        page.save(clean=False, log_action=None)
        for name, objects in rows.items():
            field_name = getattr(type(page), name).field.name
            for row in objects:
                setattr(row, field_name, page)
            if objects:
                self.new_rows.setdefault(type(objects[0]), []).extend(objects)
        self.new_pages.append(_NewPage(page=page, rows=rows, created_at=now))
        self.written.append(page)

    def child_relations(self, model) -> list[str]:
        if model not in self.relation_names:
            self.relation_names[model] = [
                relation.get_accessor_name() for relation in get_all_child_relations(model)
            ]
        return self.relation_names[model]

    def next_path(self, parent: Page) -> str:
        """The tree path of the next child of ``parent``, as ``add_child()`` would give it."""
        last = self.last_paths.get(parent.pk)
        if last is None:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
        path = (
            Page._get_path(parent.path, parent.depth + 1, 1) if last is None else Page(path=last)._inc_path()
        )
        self.last_paths[parent.pk] = path
        self.child_counts[parent.pk] = self.child_counts.get(parent.pk, 0) + 1
        return path

    def finish_new_pages(self) -> None:
        """The writes :meth:`add` left for all new pages together."""
        if not self.new_pages:
            return
        for parent_pk, count in self.child_counts.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
        for model, rows in self.new_rows.items():
            model.objects.bulk_create(rows, batch_size=500)
        for new in self.new_pages:
            # The rows back in memory: the revision holds them, and the reference index
            # reads them without a query.
            new.page.__dict__.setdefault("_cluster_related_objects", {}).update(new.rows)
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_object=new.page,
                    base_content_type=new.page.get_base_content_type(),
                    user=self.user,
                    content=new.page.serializable_data(),
                    object_str=str(new.page),
                    created_at=new.created_at,
                )
                for new in self.new_pages
            ],
            batch_size=500,
        )
        fields = ["latest_revision", "latest_revision_created_at"]
        if self.publish:
            fields.append("live_revision")
        for new, revision in zip(self.new_pages, revisions, strict=True):
            new.page.latest_revision = revision
            new.page.latest_revision_created_at = revision.created_at
            if self.publish:
                new.page.live_revision = revision
        Page.objects.bulk_update([new.page for new in self.new_pages], fields, batch_size=500)
        actions = ["wagtail.create", "wagtail.publish"] if self.publish else ["wagtail.create"]
        context = get_active_log_context()
        user = self.user or context.user
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    page=new.page,
                    content_type=ContentType.objects.get_for_model(new.page, for_concrete_model=False),
                    label=str(new.page),
                    action=action,
                    timestamp=new.created_at,
                    user=user,
                    uuid=context.uuid,
                    revision=new.page.latest_revision,
                    content_changed=True,
                )
                for new in self.new_pages
                for action in actions
            ],
            batch_size=500,
        )
        if self.publish:
            for new in self.new_pages:
                page_published.send(
                    sender=new.page.specific_class, instance=new.page, revision=new.page.live_revision
                )
        self.new_pages, self.new_rows, self.child_counts = [], {}, {}

    def unique_slug(self, parent: Page, base: str, fallback: str) -> str:
        if parent.pk not in self.slugs:
            self.slugs[parent.pk] = set(Page.objects.child_of(parent).values_list("slug", flat=True))
        taken = self.slugs[parent.pk]
        base = (slugify(base, allow_unicode=True) or fallback)[:60].strip("-") or fallback
        slug, counter = base, 2
        while slug in taken:
            slug = f"{base}-{counter}"
            counter += 1
        taken.add(slug)
        return slug

    def publish_draft(self, page) -> None:
        """With ``publish``, a page whose draft already holds what the file says has nothing
        to change but its draft still to publish."""
        if self.publish and page.pk in self.state.drafts:
            revision = Page.objects.get(pk=page.pk).specific.get_latest_revision()
            if revision is not None:
                revision.publish(user=self.user)
                self.published_drafts.append(page.title)

    def write(self) -> None:
        with disable_reference_index_auto_update(), deferred_search_indexing():
            self.write_pages()
            self.finish_new_pages()
        # Once per page, with its rows in place (they are saved after the page itself).
        for page in self.written:
            ReferenceIndex.create_or_update_for_object(page)
        for backend in get_search_backends(with_auto_update=True):
            for model in {type(page) for page in self.written}:
                pks = [page.pk for page in self.written if type(page) is model]
                backend.add_bulk(model, list(model.get_indexed_objects().filter(pk__in=pks)))

    def write_pages(self) -> None:
        state = self.state
        if state.plan is None:
            state.plan = self.create_plan()
        for new in state.new_departments.values():
            new.created = Department.objects.create(name=new.name, locale=state.locale)
        for measure in state.measures:
            self.write_measure(measure)
        for item in state.items:
            self.write_item(item)

    def create_plan(self) -> PlanPage:
        state = self.state
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        indexes = PlanIndexPage.objects.filter(locale=state.locale)
        if site is not None:
            indexes = indexes.descendant_of(site.root_page, inclusive=True)
        index = indexes.order_by("path").first()
        if index is None:
            raise ImportRefused(_no_index_report(state))
        title = state.plan_title
        kind = PlanKind.PROMOTION
        if "アクションプラン" in title:
            kind = PlanKind.ACTION
        elif "答申" in title or "対応" in title:
            kind = PlanKind.RESPONSE
        elif "基本計画" in title:
            kind = PlanKind.BASIC
        plan = PlanPage(
            title=title,
            slug=self.unique_slug(index, title, "plan"),
            kind=kind,
            status=PlanStatus.IN_FORCE,
            period_start=state.period[0],
            period_end=state.period[1],
            locale=state.locale,
            live=False,
            has_unpublished_changes=True,
        )
        self.add(index, plan)
        return PlanPage.objects.get(pk=plan.pk)

    def write_measure(self, measure: MeasurePlan) -> None:
        if measure.page is None:
            page = MeasurePage(
                title=measure.title,
                number=measure.number,
                area=measure.area or "",
                description=description_to_stream(measure.description or ""),
                slug=self.unique_slug(
                    self.state.plan,
                    f"measure-{measure.number}" if measure.number else measure.title,
                    "measure",
                ),
                locale=self.state.locale,
                live=False,
                has_unpublished_changes=True,
            )
            self.add(self.state.plan, page)
            measure.saved = page
            return
        measure.saved = measure.page
        if not measure.values:
            self.publish_draft(measure.page)
            return
        page = measure.page
        for name, value in measure.values.items():
            if name == "description":
                page.description = description_to_stream(value)
            else:
                setattr(page, name, value)
        self.save(page)

    def department(self, department) -> Department:
        return department.created if isinstance(department, NewDepartment) else department

    def write_item(self, item: ItemPlan) -> None:
        if item.page is not None and not item.changes:
            self.publish_draft(item.page)
            return
        if item.page is None:
            parent = item.measure.saved
            number = item.fields.get("number", "")
            page = ActionItemPage(
                title=item.title,
                slug=self.unique_slug(parent, f"item-{number}" if number else item.title, "item"),
                locale=self.state.locale,
                live=False,
                has_unpublished_changes=True,
            )
        else:
            page = item.page
            if "title" in item.changes:
                page.title = item.title
        for name, value in item.fields.items():
            setattr(page, name, value)
        if item.description is not None and (item.page is None or "description" in item.changes):
            page.description = description_to_stream(item.description)
        if item.departments is not None:
            # A department that stays keeps its row's translation key (translations follow it).
            keys = (
                {row.department_id: row.translation_key for row in item.page.departments.all()}
                if item.page
                else {}
            )
            rows = []
            for order, (department, role) in enumerate(_with_roles(item.departments)):
                department = self.department(department)
                row = ActionItemDepartment(
                    department=department, role=role, sort_order=order, locale_id=page.locale_id
                )
                row.translation_key = keys.get(department.pk, row.translation_key)
                rows.append(row)
            page.departments = rows
        if item.schedule is not None:
            kept = {
                year: value
                for year, value in (_schedule_rows(item.page) if item.page else {}).items()
                if year not in item.schedule_years
            }
            rows = sorted({**kept, **item.schedule}.items())
            page.schedule = [
                ScheduleRow(fiscal_year=year, phase=phase, onwards=onwards, sort_order=order)
                for order, (year, (phase, onwards)) in enumerate(rows)
            ]
        if item.progress is not None:
            year, status, narrative = item.progress
            existing = _progress_rows(item.page) if item.page else {}
            previous = existing.get(year)
            row = ProgressRow(
                fiscal_year=year,
                status=status,
                percent=previous.percent if previous else None,
                narrative=narrative if narrative is not None else (previous.narrative if previous else ""),
            )
            if previous is not None:
                row.translation_key = previous.translation_key
            rows = sorted({**existing, year: row}.items())
            # Each year's row keeps its translation key, so its translated narrative stays.
            page.progress = [
                ProgressRow(
                    fiscal_year=value.fiscal_year,
                    status=value.status,
                    percent=value.percent,
                    narrative=value.narrative,
                    sort_order=order,
                    locale_id=page.locale_id,
                    translation_key=value.translation_key,
                )
                for order, (_year, value) in enumerate(rows)
            ]
        if item.relist_to:
            measure_ids = _relisted_measure_ids(item.page) if item.page else []
            for measure in item.relist_to:
                if measure.saved.pk not in measure_ids:
                    measure_ids.append(measure.saved.pk)
            page.relistings = [
                Relisting(measure_id=measure_id, sort_order=order)
                for order, measure_id in enumerate(measure_ids)
            ]
        if item.page is None:
            self.add(item.measure.saved, page)
        else:
            self.save(page)


def _no_index_report(state: ImportState) -> ImportReport:
    report = ImportReport(filename=state.table.filename)
    report.error(_("計画一覧のページがないため、計画を作れません。先に計画一覧のページを作ってください。"))
    return report


# Both steps --------------------------------------------------------------------------------


def find_plan(text: str) -> list[PlanPage]:
    """Plans whose slug, title or short title is ``text`` (compared as titles are)."""
    wanted = title_key(text)
    by_slug = list(PlanPage.objects.filter(slug=text).order_by("path"))
    if by_slug:
        return by_slug
    return [
        plan
        for plan in PlanPage.objects.order_by("path")
        if wanted
        in (title_key(plan.title), title_key(plan.short_title or ""), title_key(plan.draft_title or ""))
    ]


def import_plan_file(
    data: bytes,
    filename: str,
    *,
    plan: PlanPage | None = None,
    plan_title: str | None = None,
    create: bool = False,
    period: tuple[int, int] | None = None,
    status_year: int | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    publish: bool = False,
    user=None,
) -> ImportReport:
    """Read a file, plan the import, and apply it unless ``dry_run`` or the file has errors.

    The plan is ``plan``, else the one ``plan_title`` names (slug, title or short title);
    when none matches and ``create`` is set, a new plan of that title is planned under the
    site's plan index. Never raises for bad input: problems are errors in the report.
    """
    try:
        table = read_table(data, filename, sheet=sheet)
    except TableError as error:
        report = ImportReport(filename=filename, sheet=sheet or "", plan_title=plan_title or "")
        report.error(str(error))
        return report
    if plan is None and plan_title:
        matches = find_plan(plan_title)
        if len(matches) > 1:
            report = ImportReport(filename=filename, sheet=table.sheet, plan_title=plan_title)
            report.error(
                _("「%(title)s」に当たる計画が複数あります（%(slugs)s）。スラッグで指定してください。")
                % {"title": plan_title, "slugs": "、".join(match.slug for match in matches)}
            )
            return report
        plan = matches[0] if matches else None
        if plan is None and not create:
            report = ImportReport(filename=filename, sheet=table.sheet, plan_title=plan_title)
            report.error(
                _("計画「%(title)s」が見つかりません。新しく作るときは --create を付けてください。")
                % {"title": plan_title}
            )
            return report
    if plan is None and not plan_title:
        report = ImportReport(filename=filename, sheet=table.sheet)
        report.error(_("取り込む計画を指定してください。"))
        return report
    if plan is not None:
        plan = plan.specific if not isinstance(plan, PlanPage) else plan
    report = plan_import(
        table, plan=plan, status_year=status_year, period=period, plan_title=plan_title or ""
    )
    if dry_run or report.has_errors:
        return report
    try:
        return apply_import(report, user=user, publish=publish)
    except ImportRefused as refused:
        return refused.report


__all__ = [
    "ImportRefused",
    "apply_import",
    "current_state",
    "find_plan",
    "import_plan_file",
    "plan_import",
]
