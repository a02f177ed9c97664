"""What each data row of a table says, read cell by cell into values.

For every row: the measure it names (or the measure of the row above, when both 施策 and
施策番号 are blank: a section row that opens a measure counts as such a row), the group a
「■…」 section row above gives it when its 取組方針 is blank, the item's title, fields and
flags, its departments (names, matched later), its schedule and its progress for one
fiscal year. A cell that cannot be read is an error with its row and column, and the row
is marked as not ``ok``; rows are matched with the stored plan afterwards (:mod:`.matching`).

Each row is a ``dict``: ``row`` (its number), ``ok``, ``measure_title``,
``measure_number``, ``area`` and ``measure_description``, ``item_title``, ``flags``,
``item`` (whether it is an item row) and, for item rows, ``relisted``, ``fields``,
``description``, ``departments``, ``schedule`` and ``progress``.

Blank cells and the clear mark (``docs/plan-table-format.md``, "Blank cells"): a blank
cell, like an absent column, leaves the stored value alone, because a sheet sent back by a
department often leaves out what it did not mean to change; the word 削除 (or ``clear``)
clears it. So a value of ``None`` (a field missing from ``fields``, a year missing from
``schedule``) leaves that part of the stored page as it is, and an empty value (``""``,
``[]``, a year mapped to ``None``) clears it. Flags keep their own rule: blank is false.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from ..fiscal_years import FiscalYearError, parse_fiscal_year
from ..scales import DEFAULT_SCALE, Scale
from ..vocabularies import ITEM_FLAG_FIELDS
from .headers import HeaderMap
from .layout import Row, RowKind, Table
from .report import ImportReport
from .text import title_key
from .values import (
    CellError,
    actor_label,
    actor_marks,
    parse_actor,
    parse_departments,
    parse_flag,
    parse_phase,
    parse_status,
    split_relisted_title,
)

# The columns that make a row an item row when 事業名 is blank (an error: the title is missing).
ITEM_TEXT_KEYS = ("item_number", "external_id", "group", "description", "departments", "actor", "pickup_text")

# The clear mark: the cell's stored value is to be removed. Compared after NFKC, without
# spaces and case-folded, with or without one pair of brackets around it (「（削除）」「【削除】」).
CLEAR_WORDS = ("削除", "clear")
_CLEAR_KEYS = {word.casefold() for word in CLEAR_WORDS}
_BRACKETED = re.compile(r"^[(\[【〔「『<〈《]+(.*?)[)\]】〕」』>〉》]+$")


def is_clear_mark(text: str) -> bool:
    """Whether a cell holds the clear mark: 削除, ｃｌｅａｒ, （削除）, 【削除】…"""
    key = "".join(unicodedata.normalize("NFKC", text).split()).casefold()
    bracketed = _BRACKETED.match(key)
    if bracketed:
        key = bracketed.group(1)
    return key in _CLEAR_KEYS


def read_rows(
    table: Table,
    headers: HeaderMap,
    report: ImportReport,
    *,
    status_year: int | None,
    era_start_year: int | None,
    scale: Scale = DEFAULT_SCALE,
) -> list[dict]:
    """Every data row of ``table`` read into values, with every problem in ``report``.

    ``status_year`` is the year of the status and progress columns for rows without
    評価年度; ``era_start_year`` the first year of the plan, in whose era bare years read;
    ``scale`` the plan's evaluation scale, whose labels the status column holds."""
    reader = _RowReader(headers, report, era_start_year=era_start_year, scale=scale)
    return reader.read(table.rows, status_year)


class _RowReader:
    def __init__(self, headers: HeaderMap, report: ImportReport, *, era_start_year: int | None, scale: Scale):
        self.headers = headers
        self.report = report
        self.era_start_year = era_start_year
        self.scale = scale

    def cell(self, row: Row, key: str) -> str:
        return self.headers.cell(row, key)

    def header(self, key: str) -> str:
        return self.headers.header(key)

    def value(self, row: Row, key: str) -> str | None:
        """A cell as a stored value: ``None`` when blank or absent (leave it alone), ``""``
        for the clear mark (clear it), else its text."""
        text = self.cell(row, key)
        if not text:
            return None
        return "" if is_clear_mark(text) else text

    def read(self, rows: list[Row], default_year: int | None) -> list[dict]:
        report, columns = self.report, self.headers.columns
        parsed_rows = []
        previous: dict | None = None
        group: str | None = None  # the group a 「■…」 section row opened
        area: str | None = None  # the area a 「基本目標1 …」 section row opened
        section: dict | None = None  # the last section row that opened a measure
        for row in rows:
            number = row.number
            data: dict = {"row": number, "ok": True}
            if row.kind == RowKind.GROUP:
                group = row.section.title
                continue
            if row.kind == RowKind.AREA:
                area, group = row.section.title, None
                continue
            if row.kind == RowKind.MEASURE:
                # A section row: the measure of the rows below it, as a row without an item.
                data.update(
                    measure_title=row.section.title,
                    measure_number=row.section.number,
                    area=area,
                    measure_description=None,
                    item_title="",
                    flags={},
                    item=False,
                    section=True,
                )
                parsed_rows.append(data)
                previous, section, group = data, data, None
                continue

            def fail(text, key=None, *, column=None, _row=number, _data=data):
                report.error(text, row=_row, column=column or (self.header(key) if key else None))
                _data["ok"] = False

            measure_title = self.cell(row, "measure")
            measure_number = self.cell(row, "measure_number")
            if is_clear_mark(measure_title):
                fail(
                    _(
                        "施策名は「削除」で消せません。施策名は必要です"
                        "（取り込みでは施策を削除しません。施策をなくすときは管理画面で操作してください）。"
                    ),
                    "measure",
                )
                continue
            if is_clear_mark(measure_number):
                fail(
                    _(
                        "施策番号は「削除」で消せません。施策番号は同じ施策の行をまとめる番号です"
                        "（番号をなくすときは施策のページで消してください）。"
                    ),
                    "measure_number",
                )
                continue
            if not measure_title and not measure_number:
                if previous is None:
                    if "measure" in columns:
                        fail(_("施策名がありません。"), "measure")
                    else:
                        fail(
                            _(
                                "この行の施策がわかりません。上に施策を始める行"
                                "（「施策1:…」「…［施策番号 1］」など）を置いてください。"
                            )
                        )
                    continue
                measure_title, measure_number = previous["measure_title"], previous["measure_number"]
                if not _same_measure(previous, section):  # under a section row, the reading says it
                    report.info(
                        _("施策が空欄のため、上の行と同じ施策「%(title)s」の行として読みました。")
                        % {"title": measure_title or measure_number},
                        row=number,
                        column=self.header("measure"),
                    )
            elif (
                not measure_number
                and section is not None
                and title_key(measure_title) == title_key(section["measure_title"])
            ):
                measure_number = section["measure_number"]  # the section row's measure, with its number
            data.update(
                measure_title=measure_title,
                measure_number=measure_number,
                area=_or_section(self.value(row, "area"), area),
                measure_description=self.value(row, "measure_description"),
            )
            previous = data
            title, relisted_suffix = split_relisted_title(self.cell(row, "item"))
            if is_clear_mark(title):
                fail(
                    _(
                        "事業名は「削除」で消せません。取り込みでは事業を削除しません"
                        "（事業をなくすときは管理画面で非公開にするか削除してください）。"
                    ),
                    "item",
                )
                continue
            data["item_title"] = title
            item_cells = [self.cell(row, key) for key in ITEM_TEXT_KEYS]
            item_cells += [self.cell(row, key) for key in ("status", "progress_note")]
            item_cells += [row.get(index) for index, _parsed, _header in self.headers.years]
            flags = {}
            for key, name in ITEM_FLAG_FIELDS.items():
                if key not in columns:
                    continue
                text = self.cell(row, key)
                # 削除 in a flag column is "not set", like a blank cell (never a mark).
                value, recognised = (False, True) if is_clear_mark(text) else parse_flag(text)
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
            for key, name in (
                ("item_number", "number"),
                ("external_id", "external_id"),
                ("group", "group"),
                ("pickup_text", "pickup_text"),
            ):
                value = self.value(row, key)
                if value is not None:
                    fields[name] = value
            if group is not None and fields.get("group") is None:
                fields["group"] = group  # the 「■…」 section row above
            actor = self.value(row, "actor")
            if actor is not None:
                try:
                    fields["actor"] = parse_actor(actor) or ""
                except CellError as error:
                    fail(str(error), "actor")
                else:
                    self.report_combined_actor(row)
            data["fields"] = fields
            data["description"] = self.value(row, "description")
            data["departments"] = self.read_departments(row, fail)
            data["schedule"] = self.read_schedule(row, fail) if self.headers.years else None
            data["progress"] = self.read_progress(row, fail, default_year)
            parsed_rows.append(data)
        return parsed_rows

    def read_departments(self, row: Row, fail) -> list[str] | None:
        """The names of the 担当 cell, lead first; ``None`` for a blank cell (keep the
        departments), ``[]`` for the clear mark (no departments)."""
        text = self.value(row, "departments")
        if text is None:
            return None
        if not text:
            return []
        try:
            names = parse_departments(text)
        except CellError as error:
            fail(str(error), "departments")
            return None
        if any(is_clear_mark(name) for name in names):
            fail(
                _(
                    "「削除」は部署名と一緒には書けません。担当をすべて消すときは「削除」だけを書いてください。"
                ),
                "departments",
            )
            return None
        return names

    def report_combined_actor(self, row: Row) -> None:
        text = self.cell(row, "actor")
        marks = actor_marks(text)
        if len(marks) > 1:
            self.report.info(
                _(
                    "主体の欄に「%(text)s」と印が複数あるため、最初の「%(first)s」（%(actor)s）を主体としました。"
                )
                % {"text": text, "first": marks[0], "actor": actor_label(marks[0])},
                row=row.number,
                column=self.header("actor"),
            )

    def read_schedule(self, row: Row, fail) -> dict[int, tuple[str, bool] | None]:
        """The phase of each year whose cell is not blank; ``None`` for a year whose cell
        holds the clear mark (the year's phase is removed). Blank years stay as stored."""
        schedule: dict[int, tuple[str, bool] | None] = {}
        for index, parsed, header in self.headers.years:
            text = row.get(index)
            if not text:
                continue
            if parsed.year in schedule:
                fail(_("%(year)sの段階が2つの列に書かれています。") % {"year": parsed.reading}, column=header)
                continue
            if is_clear_mark(text):
                schedule[parsed.year] = None
                continue
            try:
                phase = parse_phase(text)
            except CellError as error:
                fail(str(error), column=header)
                continue
            schedule[parsed.year] = (phase, parsed.onwards)
        return schedule

    def read_progress(self, row: Row, fail, default_year: int | None):
        """``(year, level, narrative)``: the level of the plan's scale the status cell names,
        and the narrative, each ``None`` when blank (kept) and ``""`` for the clear mark;
        ``None`` when both are blank."""
        status_text = self.value(row, "status")
        note = self.value(row, "progress_note")
        if status_text is None and note is None:
            return None
        level = status_text  # None: keep the stored status; "": 削除 clears it
        if status_text:
            try:
                level = parse_status(status_text, self.scale)
            except CellError as error:
                fail(str(error), "status")
                return None
        year = default_year
        year_text = self.cell(row, "status_year")
        if year_text:
            try:
                year = parse_fiscal_year(year_text, era_start_year=self.era_start_year).year
            except FiscalYearError as error:
                fail(str(error), "status_year")
                return None
        if year is None:
            fail(
                _(
                    "進捗状況の年度がわかりません。「評価年度」の列に書くか、評価年度を指定してください"
                    "（例：--status-year 2024）。"
                ),
                "status" if status_text is not None else "progress_note",
            )
            return None
        return (year, level, note)


def _or_section(value: str | None, section: str | None) -> str | None:
    """A cell's value, or the section row's above when the cell is blank (``None``)."""
    return section if value is None else value


def _same_measure(data: dict, section: dict | None) -> bool:
    return section is not None and (data["measure_title"], data["measure_number"]) == (
        section["measure_title"],
        section["measure_number"],
    )
