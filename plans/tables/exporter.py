"""Writing a plan as a plan table (計画表), and a progress report's figures as a table.

The plan table is the format of ``docs/plan-table-format.md``: the importer reads what
this module writes and finds every row unchanged. Column headers come from
:mod:`.columns`, cell words from :mod:`.values`, fiscal years are written the way
:func:`plans.fiscal_years.parse_fiscal_year` reads them back (``令和6年度`` under Japanese
headers, ``FY2024`` under English ones).

Every function reads a plan in a fixed number of queries, whatever its size.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Revision

from ..fiscal_years import fiscal_year_en, wareki
from ..indicators import target_for
from ..models import (
    ActionItemPage,
    Department,
    Indicator,
    IndicatorMeasure,
    MeasurePage,
    PlanPage,
    ProgressRow,
    ScheduleRow,
)
from ..scales import DEFAULT_SCALE, Scale, scale_of
from ..selectors import department_prefetch
from ..visibility import visible
from ..vocabularies import ITEM_FLAG_FIELDS, NO_REPORT, Actor, IndicatorDirection, IndicatorRule, Phase
from .columns import COLUMNS
from .indicator_format import INDICATOR_COLUMNS, number_cell
from .text import stream_to_description
from .values import format_choice, format_departments, format_flag, format_status

Headers = Literal["ja", "en"]
HEADER_LANGUAGES: tuple[str, ...] = ("ja", "en")
ONWARDS = "以降"

# The table --------------------------------------------------------------------------


@dataclass(frozen=True)
class TableColumn:
    key: str  # the English header; also the key of the row dicts
    japanese: str

    def header(self, headers: Headers) -> str:
        return self.japanese if headers == "ja" else self.key


@dataclass(frozen=True)
class YearColumn:
    """A schedule column: one fiscal year, or that year and the years after it (以降)."""

    year: int
    onwards: bool = False

    @property
    def key(self) -> str:
        return fiscal_year_en(self.year) + (ONWARDS if self.onwards else "")

    @property
    def japanese(self) -> str:
        return wareki(self.year) + (ONWARDS if self.onwards else "")

    def header(self, headers: Headers) -> str:
        return self.japanese if headers == "ja" else self.key


@dataclass
class PlanTable:
    columns: list[TableColumn | YearColumn]
    rows: list[dict[str, str]]
    status_year: int | None

    def header_row(self, headers: Headers) -> list[str]:
        return [column.header(headers) for column in self.columns]

    def value_rows(self) -> Iterable[list[str]]:
        for row in self.rows:
            yield [row.get(column.key, "") for column in self.columns]


def export_rows(
    plan: PlanPage,
    *,
    include_unpublished: bool = False,
    status_year: int | None = None,
    headers: Headers = "ja",
) -> list[dict[str, str]]:
    """One dict per row of the plan table, keyed by column key (schedule columns by
    ``FY2024`` / ``FY2026以降``): item rows, 再掲 rows and rows of measures without items."""
    return plan_table(
        plan, include_unpublished=include_unpublished, status_year=status_year, headers=headers
    ).rows


def plan_table(
    plan: PlanPage,
    *,
    include_unpublished: bool = False,
    status_year: int | None = None,
    headers: Headers = "ja",
) -> PlanTable:
    """The plan as a table.

    ``include_unpublished`` takes every measure and item of the plan, drafts, private and
    unpublished pages included, each as its latest revision (for editors); otherwise only
    what the public may see, as published. ``status_year`` chooses the year of the status
    and progress columns; by default the latest year with progress in the plan.
    """
    _check_headers(headers)
    english = headers == "en"
    scale = scale_of(plan)
    content = _PlanContent.load(plan, include_unpublished=include_unpublished)
    if status_year is None:
        status_year = max((row.fiscal_year for item in content.items for row in item.progress), default=None)
    columns = table_columns(year_columns([plan], content.items))

    own: dict[int, list[ItemRecord]] = {measure.pk: [] for measure in content.measures}
    relisted: dict[int, list[ItemRecord]] = {measure.pk: [] for measure in content.measures}
    for item in content.items:
        own[item.measure_id].append(item)
        for measure_id in item.relisted_under:
            if measure_id in relisted and measure_id != item.measure_id:
                relisted[measure_id].append(item)

    rows: list[dict[str, str]] = []
    with translation.override("ja"):
        for measure in content.measures:
            measure_cells = {
                "area": measure.area,
                "measure_number": measure.number,
                "measure": measure.title,
                "measure_description": stream_to_description(measure.description),
            }
            if not own[measure.pk] and not relisted[measure.pk]:
                rows.append(measure_cells)
            for item in own[measure.pk]:
                cells = item_cells(item, status_year=status_year, english=english, scale=scale)
                rows.append(measure_cells | cells)
            for item in relisted[measure.pk]:
                rows.append(measure_cells | _relisting_cells(item))
    blank = dict.fromkeys((column.key for column in columns), "")
    rows = [blank | row for row in rows]
    return PlanTable(columns=columns, rows=rows, status_year=status_year)


def table_columns(years: Iterable[YearColumn]) -> list[TableColumn | YearColumn]:
    """The columns of every plan table Kyodo writes, in order: those of
    :mod:`plans.tables.columns`, then one schedule column per fiscal year. The plan-table
    exports, the plan page's 「計画表」 download and the open-data item CSV all write these."""
    return [TableColumn(column.key, column.japanese) for column in COLUMNS] + list(years)


def item_cells(
    item: ItemRecord, *, status_year: int | None, english: bool, scale: Scale = DEFAULT_SCALE
) -> dict[str, str]:
    """The plan-table cells of one item (its measure's cells aside); the status in the
    words of ``scale``, the evaluation scale of the item's plan."""
    page = item.page
    cells = {
        "group": page.group,
        "item_number": page.number,
        "item": page.title,
        "description": stream_to_description(page.description),
        "departments": format_departments([department.name for department in item.departments]),
        "actor": format_choice(Actor, page.actor, english=english),
        **{code: format_flag(getattr(page, field)) for code, field in ITEM_FLAG_FIELDS.items()},
        "pickup_text": page.pickup_text,
        "external_id": page.external_id,
    }
    progress = next((row for row in item.progress if row.fiscal_year == status_year), None)
    if progress is not None:
        cells["status"] = format_status(scale, progress.status, progress.grade, english=english)
        cells["status_year"] = fiscal_year_en(status_year) if english else wareki(status_year)
        cells["progress_note"] = progress.narrative
    for row in item.schedule:
        cells[YearColumn(row.fiscal_year, row.onwards).key] = format_choice(Phase, row.phase, english=english)
    return cells


def _relisting_cells(item: ItemRecord) -> dict[str, str]:
    """A 再掲 row: the item's identity and the flag; the importer links the existing item."""
    page = item.page
    return {
        "item_number": page.number,
        "item": page.title,
        "relisted": format_flag(True),
        "external_id": page.external_id,
    }


def year_columns(plans: Iterable[PlanPage], items: Iterable[ItemRecord]) -> list[YearColumn]:
    """A column for every year of the plans' periods and every scheduled year; a separate
    以降 column for a year in which some item's phase carries on after it."""
    plain = {year for plan in plans for year in plan.fiscal_years}
    onwards = set()
    for item in items:
        for row in item.schedule:
            (onwards if row.onwards else plain).add(row.fiscal_year)
    columns = [YearColumn(year) for year in plain] + [YearColumn(year, True) for year in onwards]
    return sorted(columns, key=lambda column: (column.year, column.onwards))


# Reading the plan -------------------------------------------------------------------


@dataclass
class ItemRecord:
    """An item with the rows the plan table shows, read in bulk (the open-data API's CSV
    builds these too, to write the same cells)."""

    page: ActionItemPage
    measure_id: int
    departments: list[Department] = field(default_factory=list)
    schedule: list[ScheduleRow] = field(default_factory=list)
    progress: list[ProgressRow] = field(default_factory=list)
    relisted_under: list[int] = field(default_factory=list)


@dataclass
class _PlanContent:
    measures: list[MeasurePage]
    items: list[ItemRecord]

    @classmethod
    def load(cls, plan: PlanPage, *, include_unpublished: bool) -> _PlanContent:
        measures = MeasurePage.objects.child_of(plan)
        if not include_unpublished:
            measures = visible(measures)
        measures = list(measures.order_by("path"))
        items = ActionItemPage.objects.filter(measure__in=measures)
        if not include_unpublished:
            items = visible(items)
        items = list(
            items.order_by("path").prefetch_related(
                department_prefetch(),
                Prefetch("schedule", queryset=ScheduleRow.objects.order_by("fiscal_year")),
                "progress",
                "relistings",
            )
        )
        if include_unpublished:
            measures = _latest_revisions(measures)
            return cls(measures, _draft_items(items))
        return cls(
            measures,
            [
                ItemRecord(
                    page=item,
                    measure_id=item.measure_id,
                    departments=[link.department for link in item.departments.all()],
                    schedule=list(item.schedule.all()),
                    progress=list(item.progress.all()),
                    relisted_under=[link.measure_id for link in item.relistings.all()],
                )
                for item in items
            ],
        )


def _latest_revisions(pages: list) -> list:
    """Each page as its latest revision (a draft when there is one), in one query."""
    revision_ids = [page.latest_revision_id for page in pages if page.has_unpublished_changes]
    revisions = Revision.objects.in_bulk([pk for pk in revision_ids if pk])
    result = []
    for page in pages:
        revision = revisions.get(page.latest_revision_id) if page.has_unpublished_changes else None
        result.append(page.with_content_json(revision.content) if revision else page)
    return result


def _draft_items(items: list[ActionItemPage]) -> list[ItemRecord]:
    latest = _latest_revisions(items)
    department_ids = {
        link.department_id
        for stored, page in zip(items, latest, strict=True)
        if page is not stored
        for link in page.departments.all()
    }
    departments = Department.objects.in_bulk(department_ids) if department_ids else {}
    result = []
    for stored, page in zip(items, latest, strict=True):
        if page is stored:
            links = [link.department for link in page.departments.all()]
        else:
            links = [
                departments[link.department_id]
                for link in sorted(page.departments.all(), key=lambda link: link.sort_order or 0)
                if link.department_id in departments
            ]
        result.append(
            ItemRecord(
                page=page,
                # the tree decides where the item is, not the link saved in the revision
                measure_id=stored.measure_id,
                departments=links,
                schedule=sorted(page.schedule.all(), key=lambda row: row.fiscal_year),
                progress=list(page.progress.all()),
                relisted_under=[link.measure_id for link in page.relistings.all()],
            )
        )
    return result


# Writing files ----------------------------------------------------------------------


def write_xlsx(
    plan: PlanPage,
    fileobj: BinaryIO,
    *,
    headers: Headers = "ja",
    include_unpublished: bool = False,
    status_year: int | None = None,
) -> PlanTable:
    """The plan table as an Excel workbook of one sheet, headers in Japanese or English."""
    table = plan_table(
        plan, include_unpublished=include_unpublished, status_year=status_year, headers=headers
    )
    sheet_name = "計画表" if headers == "ja" else "Plan table"
    sheets = [(sheet_name, table.header_row(headers), table.value_rows())]
    indicators = indicator_table(plan, headers=headers)
    if indicators is not None:
        sheets.append(("指標" if headers == "ja" else "Indicators", *indicators))
    _write_workbook(fileobj, sheets, title=plan.title)
    return table


# Indicators ---------------------------------------------------------------------------


def indicator_table(plan: PlanPage, *, headers: Headers = "ja") -> tuple[list[str], list[list]] | None:
    """The plan's published indicators as the indicator table (指標) the importer reads back
    unchanged: the header and the rows, or ``None`` when the plan has none. The target is the
    final one (interim targets are edited in the admin); a column for every year of the
    plan's period and every year with a value. Four queries, whatever the number."""
    _check_headers(headers)
    english = headers == "en"
    indicators = list(
        Indicator.objects.filter(plan=plan, live=True)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch("measure_links", queryset=IndicatorMeasure.objects.select_related("measure")),
            "targets",
            "values",
        )
    )
    if not indicators:
        return None

    def year(value: int | None) -> str:
        if value is None:
            return ""
        return fiscal_year_en(value) if english else wareki(value)

    years = sorted(
        set(plan.fiscal_years)
        | {
            row.fiscal_year
            for indicator in indicators
            for row in indicator.values.all()
            if row.value is not None
        }
    )
    header = [column.japanese if not english else column.key for column in INDICATOR_COLUMNS]
    header += [year(value) for value in years]
    rows = []
    for indicator in indicators:
        targets = sorted(indicator.targets.all(), key=lambda target: target.fiscal_year)
        final = targets[-1] if targets else None
        values = {row.fiscal_year: row.value for row in indicator.values.all()}
        rows.append(
            [
                "、".join(link.measure.number for link in indicator.measure_links.all()),
                indicator.name,
                indicator.unit,
                format_choice(IndicatorDirection, indicator.direction, english=english),
                year(indicator.baseline_year),
                number_cell(indicator.baseline_value),
                year(final.fiscal_year) if final else "",
                number_cell(final.value) if final else None,
                indicator.code,
                *(number_cell(values.get(value)) for value in years),
            ]
        )
    return header, rows


def write_csv(
    plan: PlanPage,
    fileobj: BinaryIO,
    *,
    headers: Headers = "ja",
    include_unpublished: bool = False,
    status_year: int | None = None,
) -> PlanTable:
    """The plan table as CSV in UTF-8 with a byte-order mark, so that Excel opens it right."""
    table = plan_table(
        plan, include_unpublished=include_unpublished, status_year=status_year, headers=headers
    )
    _write_csv(fileobj, table.header_row(headers), table.value_rows())
    return table


def _write_csv(fileobj: BinaryIO, header: list[str], rows: Iterable[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    fileobj.write(buffer.getvalue().encode("utf-8-sig"))


LONG_COLUMNS = {"measure_description", "description", "pickup_text", "progress_note"}
WIDE_COLUMNS = {"area", "measure", "item", "group", "departments"}


def _write_workbook(
    fileobj: BinaryIO, sheets: list[tuple[str, list[str], Iterable[list]]], *, title: str
) -> None:
    """Sheets with a bold header row that stays in view, a filter, wrapped multi-line
    cells and columns as wide as their text. Written in openpyxl's write-only mode, which
    keeps time and memory linear in the number of rows."""
    # openpyxl takes about 0.15 s to import: only a request for a workbook pays it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    def cell(sheet, value, *, style=None):
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            # text is text: never let a title that starts with 「=」 become a formula
            written.data_type = "s"
        multiline = isinstance(value, str) and "\n" in value
        written.alignment = wrap if multiline or style == "header" else top
        if style == "header":
            written.font = bold
            written.fill = fill
        return written

    for sheet_name, header, rows in sheets:
        sheet = workbook.create_sheet(sheet_name)
        rows = [[_cell_value(value, ILLEGAL_CHARACTERS_RE) for value in values] for values in rows]
        for index, text in enumerate(header):
            widths = (_text_width(row[index]) for row in rows if index < len(row))
            width = min(max(max(widths, default=0), _text_width(text), 6) + 2, 60)
            sheet.column_dimensions[get_column_letter(index + 1)].width = float(width)
        sheet.freeze_panes = "A2"
        last_column = get_column_letter(max(len(header), 1))
        sheet.auto_filter.ref = f"A1:{last_column}{len(rows) + 1}"

        sheet.append([cell(sheet, text, style="header") for text in header])
        for values in rows:
            sheet.append([cell(sheet, value) for value in values])
    workbook.save(fileobj)


def _cell_value(value, illegal):
    """Text without the control characters XLSX cannot hold; an empty text is a blank cell."""
    if isinstance(value, str):
        return illegal.sub("", value) or None
    return value


def _text_width(value) -> int:
    if value is None or value == "":
        return 0
    return max(_display_width(line) for line in str(value).split("\n"))


def _display_width(text: str) -> int:
    """Full-width characters take two columns in Excel's default font."""
    return sum(1 if ord(character) < 0x1100 else 2 for character in text)


def _check_headers(headers: str) -> None:
    if headers not in HEADER_LANGUAGES:
        raise ValueError(f"headers must be one of {HEADER_LANGUAGES}, not {headers!r}")


# Progress reports -------------------------------------------------------------------

PROGRESS_ITEM_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("area", "分野"),
    TableColumn("measure_number", "施策番号"),
    TableColumn("measure", "施策"),
    TableColumn("item_number", "番号"),
    TableColumn("item", "事業名"),
    TableColumn("departments", "担当"),
    TableColumn("status_year", "評価年度"),
    TableColumn("status", "進捗状況"),
    TableColumn("percent", "進捗率"),
    TableColumn("previous_status", "前年度の進捗状況"),
    TableColumn("progress_note", "実績"),
)
NO_REPORT_COLUMN = TableColumn("none", "報告なし")
NOT_ASSESSED_COLUMN = TableColumn("not_assessed", "評価なし")
TOTAL_COLUMN = TableColumn("total", "計")


def progress_item_rows(progress, *, headers: Headers = "ja") -> tuple[list[str], list[list]]:
    """Every item of a :class:`plans.rollup.PlanProgress` with its status for the year, in
    the words of the plan's evaluation scale: the header and the rows. Items without a
    report have an empty status; those reported without a status, 評価なし."""
    _check_headers(headers)
    english = headers == "en"
    scale = progress.scale
    year = fiscal_year_en(progress.fiscal_year) if english else wareki(progress.fiscal_year)
    rows = []
    with translation.override("ja"):
        for measure_progress in progress.measures:
            measure = measure_progress.measure
            for entry in measure_progress.items:
                item = entry.item
                rows.append(
                    [
                        measure.area,
                        measure.number,
                        measure.title,
                        item.number,
                        item.title,
                        format_departments([link.department.name for link in item.departments.all()]),
                        year,
                        _report_status(scale, entry.status, entry.grade, entry.reported, english),
                        entry.percent,
                        _report_status(
                            scale,
                            entry.previous_status,
                            entry.previous_grade,
                            entry.previous_reported,
                            english,
                        ),
                        entry.narrative,
                    ]
                )
    return [column.header(headers) for column in PROGRESS_ITEM_COLUMNS], rows


def _report_status(scale: Scale, status: str | None, grade: str, reported: bool, english: bool) -> str:
    if not reported:
        return ""
    if not status:
        return NOT_ASSESSED_COLUMN.header("en" if english else "ja")
    return format_status(scale, status, grade, english=english)


def progress_count_rows(progress, *, headers: Headers = "ja") -> tuple[list[str], list[list]]:
    """The number of items in each column of the roll-up (the canonical statuses, named as
    the plan names them, then 評価なし and 報告なし) per measure, and for the whole plan last."""
    _check_headers(headers)
    english = headers == "en"
    with translation.override("ja"):
        status_headers = [
            code if english else progress.scale.bucket_label(code, japanese=True)
            for code in progress.buckets
            if code != NO_REPORT
        ]
    header = [
        TableColumn("measure_number", "施策番号").header(headers),
        TableColumn("measure", "施策").header(headers),
        *status_headers,
        NO_REPORT_COLUMN.header(headers),
        TOTAL_COLUMN.header(headers),
    ]
    rows = [
        [
            measure_progress.measure.number,
            measure_progress.measure.title,
            *(entry.count for entry in measure_progress.counts),
            len(measure_progress.items),
        ]
        for measure_progress in progress.measures
    ]
    whole_plan = "plan total" if english else "計画全体"
    rows.append(["", whole_plan, *(entry.count for entry in progress.counts), progress.total])
    return header, rows


# The indicator table of a report ------------------------------------------------------

REPORT_INDICATOR_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("indicator_id", "指標ID"),
    TableColumn("indicator", "指標名"),
    TableColumn("unit", "単位"),
    TableColumn("direction", "方向"),
    TableColumn("fiscal_year", "評価年度"),
    TableColumn("value", "実績値"),
    TableColumn("note", "備考"),
    TableColumn("target_year", "目標年度"),
    TableColumn("target", "目標値"),
    TableColumn("baseline_year", "基準年度"),
    TableColumn("baseline", "基準値"),
    TableColumn("rule", "評価方法"),
    TableColumn("percent", "達成度（%）"),
    TableColumn("grade", "評価"),
    TableColumn("grade_meaning", "評価の意味"),
    TableColumn("explanation", "評価の説明"),
)


def report_indicator_rows(
    figures, fiscal_year: int, *, headers: Headers = "ja"
) -> tuple[list[str], list[list]]:
    """A progress report's indicator table (the :class:`plans.indicator_figures.IndicatorFigures`
    the report page shows, frozen or published): one row per indicator with the year's value
    and note, the target that applies, the baseline, and the grade, its percent, its meaning
    and the sentence that explains it, all from the grading service's assessment. Words of a
    vocabulary are Japanese under Japanese headers and codes under English ones; the grade's
    meaning and the explanation are written in the language active when this runs (the
    report's). An indicator not graded has an empty grade; the explanation says why."""
    _check_headers(headers)
    english = headers == "en"

    def year(value: int | None) -> str:
        if not value:
            return ""
        return fiscal_year_en(value) if english else wareki(value)

    rows = []
    for entry in figures:
        indicator, assessment = entry.indicator, entry.assessment
        target = assessment.target or target_for(entry.targets, fiscal_year)
        baseline = entry.baseline
        band = assessment.band
        rows.append(
            [
                indicator.code,
                indicator.name,
                indicator.unit,
                format_choice(IndicatorDirection, indicator.direction, english=english),
                year(fiscal_year),
                number_cell(assessment.value),
                entry.year_note,
                year(target.fiscal_year) if target else "",
                number_cell(target.value) if target else None,
                year(baseline.fiscal_year) if baseline else "",
                number_cell(baseline.value) if baseline else None,
                format_choice(IndicatorRule, assessment.rule, english=english) if assessment.graded else "",
                assessment.percent,
                str(band.label) if band else "",
                str(band.description) if band else "",
                str(assessment.explanation),
            ]
        )
    return [column.header(headers) for column in REPORT_INDICATOR_COLUMNS], rows


def write_progress_csv(
    progress, fileobj: BinaryIO, *, headers: Headers = "ja", table: Literal["items", "counts"] = "items"
) -> None:
    """One table of a progress report as CSV (UTF-8 with BOM): the items or the counts."""
    header, rows = (progress_item_rows if table == "items" else progress_count_rows)(
        progress, headers=headers
    )
    _write_rows_csv(fileobj, header, rows)


def write_report_indicators_csv(
    figures, fiscal_year: int, fileobj: BinaryIO, *, headers: Headers = "ja"
) -> None:
    """A progress report's indicator table as CSV (UTF-8 with BOM); the header alone when
    the report has no indicators."""
    _write_rows_csv(fileobj, *report_indicator_rows(figures, fiscal_year, headers=headers))


def _write_rows_csv(fileobj: BinaryIO, header: list[str], rows: list[list]) -> None:
    _write_csv(fileobj, header, ([("" if value is None else str(value)) for value in row] for row in rows))


def write_progress_xlsx(
    progress, fileobj: BinaryIO, *, headers: Headers = "ja", indicators: list | None = None
) -> None:
    """A progress report's figures as a workbook: the items sheet, the counts sheet and,
    when the report has indicators (``indicators``: its indicator figures), the sheet 指標."""
    item_header, item_rows = progress_item_rows(progress, headers=headers)
    count_header, count_rows = progress_count_rows(progress, headers=headers)
    names = ("事業ごとの進捗状況", "施策ごとの集計") if headers == "ja" else ("Items", "Counts by measure")
    sheets = [(names[0], item_header, item_rows), (names[1], count_header, count_rows)]
    if indicators:
        sheets.append(
            (
                "指標" if headers == "ja" else "Indicators",
                *report_indicator_rows(indicators, progress.fiscal_year, headers=headers),
            )
        )
    _write_workbook(
        fileobj,
        sheets,
        title=_("%(year)sの進捗状況") % {"year": wareki(progress.fiscal_year)},
    )
