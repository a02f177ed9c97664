"""Importing a plan table (``docs/plan-table-format.md``) into a plan.

:func:`plan_import` is the dry run: it reads every row, matches measures, items and
departments with what the plan holds, and records in an :class:`ImportReport` what would
be created, updated or left unchanged, with every error and warning. It writes nothing.
:func:`plans.services.imports.apply_import` carries such a report out in one transaction
(all or nothing), as revisions of the pages: drafts, or published when asked.

The current state of a page is its latest revision when it has unpublished changes, else
the page itself; values are compared in the form they are stored, so importing the same
file twice changes nothing the second time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wagtail.models import Locale

from ..fiscal_years import FiscalYearError, ParsedFiscalYear, parse_fiscal_year
from ..models import (
    ActionItemPage,
    Department,
    MeasurePage,
    PlanPage,
    ProgressRow,
)
from ..models.snippets import normalise_name
from ..vocabularies import ITEM_FLAG_FIELDS, DepartmentRole
from .columns import BY_KEY, column_for_header
from .reader import Table
from .report import Action, FiscalYearHeader, ImportReport, MissingPage, RowResult
from .text import normalise_description, stream_is_plain, stream_to_description
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
            for key, name in ITEM_FLAG_FIELDS.items():
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


# Finding the plan ------------------------------------------------------------------------


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


__all__ = [
    "ImportRefused",
    "current_state",
    "find_plan",
    "plan_import",
]
