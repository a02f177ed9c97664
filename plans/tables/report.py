"""The result of reading a plan table: what an import would do (dry run) or did (applied).

An :class:`ImportReport` is what both doors show, with how each row of the sheet was read
(:class:`RowReading`): the ``import_plan`` command prints it (:func:`render_text`) and the
admin screen shows it as a table and keeps
:meth:`ImportReport.to_dict` in ``PlanImport.report``. Message texts are translated when
the report is made, in the language active at that moment; the labels of the reading when
it is shown.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _


class Action(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def action_label(action: Action | str | None) -> str:
    labels = {
        Action.CREATED: _("新規作成"),
        Action.UPDATED: _("更新"),
        Action.UNCHANGED: _("変更なし"),
        Action.SKIPPED: _("スキップ"),
    }
    return labels.get(action, "") if action else ""


def level_label(level: Level | str) -> str:
    return {Level.ERROR: _("エラー"), Level.WARNING: _("警告"), Level.INFO: _("お知らせ")}[Level(level)]


class Reading(StrEnum):
    """How a row of the sheet was read (:mod:`.layout` decides it)."""

    HEADER = "header"
    MEASURE = "measure"  # a row that opens a measure (a section row, or a measure without items)
    GROUP = "group"  # a row that opens a group of items (取組方針, 「■…」)
    AREA = "area"  # a row that opens an area of measures (分野, 「基本目標1 …」)
    ITEM = "item"
    SKIPPED = "skipped"
    UNREAD = "unread"  # a row that cannot be read safely: an error says what to change


class SkipReason(StrEnum):
    TITLE = "title"  # above the header: the title, a date, a department
    LEGEND = "legend"
    HEADER = "header"  # the header repeated further down
    FOOTNOTE = "footnote"
    MERGED = "merged"  # only cells merged with a row above
    BLANK = "blank"


SECOND_HEADER_ROW = "second"  # the reason of the lower row of a two-row header


def reading_label(reading: Reading | str, reason: SkipReason | str = "") -> str:
    if reading == Reading.SKIPPED:
        reasons = {
            SkipReason.TITLE: _("見出しより上の表題など"),
            SkipReason.LEGEND: _("凡例"),
            SkipReason.HEADER: _("見出しの繰り返し"),
            SkipReason.FOOTNOTE: _("注記"),
            SkipReason.MERGED: _("上の行と結合したセルだけ"),
            SkipReason.BLANK: _("空の行"),
        }
        return _("読み飛ばし（%(reason)s）") % {"reason": reasons.get(reason, reason)}
    if reading == Reading.HEADER and reason == SECOND_HEADER_ROW:
        return _("見出し（上の行と合わせて1つの見出し）")
    labels = {
        Reading.HEADER: _("見出し"),
        Reading.MEASURE: _("施策"),
        Reading.GROUP: _("取組方針"),
        Reading.AREA: _("分野"),
        Reading.ITEM: _("事業"),
        Reading.UNREAD: _("読めない行"),
    }
    return labels.get(reading, str(reading))


@dataclass
class Message:
    level: Level
    text: str
    row: int | None = None  # sheet row number, 1-based as Excel shows it
    column: str | None = None  # the header as the user wrote it
    part: str = ""  # INDICATORS for a row of the indicator table (指標); "" for the plan table


INDICATORS = "indicators"  # Message.part of the indicator table's messages


@dataclass
class FieldChange:
    """One field of a measure or item that the import changes, with its value before and
    after as short texts (made when the report is made, like the messages): long texts are
    shortened with …, departments are names lead first, the schedule a list of 年度：段階,
    progress 「status / narrative」."""

    field: str  # the field's name in code: "description", "departments", "progress"…
    label: str  # as the report shows it: 「事業内容」「進捗状況（令和6年度）」
    old: str
    new: str
    cleared: bool = False  # the cell holds 削除: a stored value is removed

    @classmethod
    def from_dict(cls, data: dict) -> FieldChange:
        return cls(
            field=data.get("field", ""),
            label=data.get("label", ""),
            old=data.get("old", ""),
            new=data.get("new", ""),
            cleared=data.get("cleared", False),
        )


@dataclass
class RowResult:
    """What one row of the sheet does."""

    row: int
    measure_title: str
    measure_action: Action
    item_title: str = ""  # empty for a row that holds only a measure
    item_action: Action | None = None  # ``None`` for a row that holds only a measure
    relisted: bool = False  # the row links an item listed under another measure (再掲)
    changes: list[str] = field(default_factory=list)  # names of the item fields that change
    measure_number: str = ""
    diffs: list[FieldChange] = field(default_factory=list)  # the item's changes, old → new
    # The measure's changes, old → new, on the first row that names the measure.
    measure_diffs: list[FieldChange] = field(default_factory=list)

    @property
    def clears(self) -> bool:
        return any(change.cleared for change in (*self.measure_diffs, *self.diffs))

    @classmethod
    def from_dict(cls, row: dict) -> RowResult:
        """A stored row; reports stored before ``diffs`` existed read with none."""
        return cls(
            **{
                **row,
                "measure_action": Action(row["measure_action"]),
                "item_action": Action(row["item_action"]) if row.get("item_action") else None,
                "diffs": [FieldChange.from_dict(change) for change in row.get("diffs", [])],
                "measure_diffs": [FieldChange.from_dict(change) for change in row.get("measure_diffs", [])],
            }
        )


@dataclass
class IndicatorRowResult:
    """What one row of the indicator table (指標) does."""

    row: int
    name: str
    code: str = ""
    action: Action = Action.UNCHANGED
    changes: list[str] = field(default_factory=list)  # labels of the fields that change
    diffs: list[FieldChange] = field(default_factory=list)

    @property
    def clears(self) -> bool:
        return any(change.cleared for change in self.diffs)

    @classmethod
    def from_dict(cls, row: dict) -> IndicatorRowResult:
        return cls(
            row=row["row"],
            name=row.get("name", ""),
            code=row.get("code", ""),
            action=Action(row.get("action", Action.UNCHANGED)),
            changes=list(row.get("changes", [])),
            diffs=[FieldChange.from_dict(change) for change in row.get("diffs", [])],
        )


@dataclass
class RowReading:
    """How one row of the sheet was read: header, measure, group, item or skipped (why)."""

    row: int
    reading: Reading
    text: str = ""  # the measure's title, the group, the header cells, the skipped row's text
    number: str = ""  # the measure's number, when the row gives one
    reason: str = ""  # SkipReason for skipped rows; "second" for the lower row of a header
    span: int = 1  # blank rows next to each other share one reading


@dataclass
class ReadingLine:
    """Rows read the same way, next to each other (item rows), as the report shows them."""

    first: int
    last: int
    count: int
    kind: Reading
    label: str
    text: str

    @property
    def rows(self) -> str:
        """「5行目」, or 「7〜12行目（6行）」 for several rows."""
        if self.count == 1:
            return _("%(row)s行目") % {"row": self.first}
        return _("%(first)s〜%(last)s行目（%(count)s行）") % {
            "first": self.first,
            "last": self.last,
            "count": f"{self.count:,}",
        }


@dataclass
class FiscalYearHeader:
    """How a schedule column's header was read: 「20年度」→「平成20年度（2008年度）」."""

    header: str
    year: int
    onwards: bool
    reading: str


@dataclass
class MissingPage:
    """A page of the plan that the file does not mention; it is kept as it is."""

    page_id: int
    title: str
    number: str = ""
    measure_title: str = ""  # for items: the measure they belong to


@dataclass
class Counts:
    rows: int = 0
    measures_created: int = 0
    measures_updated: int = 0
    measures_unchanged: int = 0
    items_created: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    items_linked: int = 0  # 再掲 rows
    rows_skipped: int = 0
    departments_created: int = 0
    errors: int = 0
    warnings: int = 0
    indicators_created: int = 0
    indicators_updated: int = 0
    indicators_unchanged: int = 0


@dataclass
class ImportReport:
    filename: str
    sheet: str = ""
    plan_id: int | None = None
    plan_title: str = ""
    create_plan: bool = False  # the plan does not exist yet and applying creates it
    period: tuple[int, int] | None = None
    status_year: int | None = None
    rows: list[RowResult] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    departments_to_create: list[str] = field(default_factory=list)
    missing_items: list[MissingPage] = field(default_factory=list)
    missing_measures: list[MissingPage] = field(default_factory=list)
    fiscal_year_headers: list[FiscalYearHeader] = field(default_factory=list)
    readings: list[RowReading] = field(default_factory=list)  # every row, up to the last one with text
    applied: bool = False
    published: bool = False
    # The indicator table (指標): a sheet of the plan's workbook, or the whole file.
    indicators_only: bool = False  # the file is an indicator table and nothing else
    indicator_sheet: str = ""  # the sheet it was read from ("" for CSV)
    indicator_rows: list[IndicatorRowResult] = field(default_factory=list)
    indicator_year_headers: list[FiscalYearHeader] = field(default_factory=list)
    missing_indicators: list[MissingPage] = field(default_factory=list)
    # What applying needs beyond the report (the read table and the planned changes); not
    # serialised: applying from a stored report re-reads the stored file.
    state: Any = field(default=None, repr=False, compare=False)
    indicator_state: Any = field(default=None, repr=False, compare=False)

    # Messages ---------------------------------------------------------------------

    def add(
        self, level: Level, text: str, *, row: int | None = None, column: str | None = None, part: str = ""
    ) -> None:
        self.messages.append(Message(Level(level), str(text), row, column, part))

    def error(self, text: str, *, row: int | None = None, column: str | None = None, part: str = "") -> None:
        self.add(Level.ERROR, text, row=row, column=column, part=part)

    def warning(
        self, text: str, *, row: int | None = None, column: str | None = None, part: str = ""
    ) -> None:
        self.add(Level.WARNING, text, row=row, column=column, part=part)

    def info(self, text: str, *, row: int | None = None, column: str | None = None, part: str = "") -> None:
        self.add(Level.INFO, text, row=row, column=column, part=part)

    @property
    def errors(self) -> list[Message]:
        return [message for message in self.messages if message.level == Level.ERROR]

    @property
    def warnings(self) -> list[Message]:
        return [message for message in self.messages if message.level == Level.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(message.level == Level.ERROR for message in self.messages)

    @property
    def has_changes(self) -> bool:
        counts = self.counts
        return bool(
            self.create_plan
            or counts.measures_created
            or counts.measures_updated
            or counts.items_created
            or counts.items_updated
            or counts.departments_created
            or counts.indicators_created
            or counts.indicators_updated
        )

    # Figures ----------------------------------------------------------------------

    @property
    def counts(self) -> Counts:
        counts = Counts(rows=len(self.rows), departments_created=len(self.departments_to_create))
        seen_measures: set[tuple[str, str]] = set()
        for result in self.rows:
            if (result.measure_number, result.measure_title) not in seen_measures:
                seen_measures.add((result.measure_number, result.measure_title))
                attribute = f"measures_{result.measure_action}"
                if hasattr(counts, attribute):
                    setattr(counts, attribute, getattr(counts, attribute) + 1)
            if result.item_action is None:
                if result.measure_action == Action.SKIPPED:
                    counts.rows_skipped += 1
                continue
            if result.item_action == Action.SKIPPED:
                counts.rows_skipped += 1
            elif result.relisted and result.item_action != Action.CREATED:
                counts.items_linked += 1
            else:
                attribute = f"items_{result.item_action}"
                setattr(counts, attribute, getattr(counts, attribute) + 1)
        for result in self.indicator_rows:
            attribute = f"indicators_{result.action}"
            setattr(counts, attribute, getattr(counts, attribute) + 1)
        counts.errors = len(self.errors)
        counts.warnings = len(self.warnings)
        return counts

    @property
    def has_indicators(self) -> bool:
        """Whether the file has an indicator table (which may have no rows)."""
        return self.indicators_only or bool(self.indicator_sheet or self.indicator_rows)

    def reading_lines(self) -> list[ReadingLine]:
        """How the sheet was read, row by row; item rows next to each other share a line."""
        lines: list[ReadingLine] = []
        for reading in self.readings:
            text = reading_text(reading)
            last = lines[-1] if lines else None
            if (
                last is not None
                and reading.reading == Reading.ITEM == last.kind
                and not text
                and not last.text
            ):
                last.last, last.count = reading.row, last.count + 1
                continue
            label = reading_label(reading.reading, reading.reason)
            last_row = reading.row + reading.span - 1
            lines.append(ReadingLine(reading.row, last_row, reading.span, reading.reading, label, text))
        return lines

    # Storage ----------------------------------------------------------------------

    def to_dict(self) -> dict:
        """Plain JSON data (``PlanImport.report``); :meth:`from_dict` reads it back."""
        # The states hold the read table and pages: never serialised, not even copied.
        state, indicator_state = self.state, self.indicator_state
        self.state = self.indicator_state = None
        try:
            data = asdict(self, dict_factory=_plain_dict)
        finally:
            self.state, self.indicator_state = state, indicator_state
        data.pop("state", None)
        data.pop("indicator_state", None)
        data["period"] = list(self.period) if self.period else None
        data["counts"] = asdict(self.counts)
        data["has_errors"] = self.has_errors
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        return cls(
            filename=data.get("filename", ""),
            sheet=data.get("sheet", ""),
            plan_id=data.get("plan_id"),
            plan_title=data.get("plan_title", ""),
            create_plan=data.get("create_plan", False),
            period=tuple(data["period"]) if data.get("period") else None,
            status_year=data.get("status_year"),
            rows=[RowResult.from_dict(row) for row in data.get("rows", [])],
            messages=[
                Message(
                    Level(message["level"]),
                    message["text"],
                    message.get("row"),
                    message.get("column"),
                    message.get("part", ""),
                )
                for message in data.get("messages", [])
            ],
            departments_to_create=list(data.get("departments_to_create", [])),
            missing_items=[MissingPage(**page) for page in data.get("missing_items", [])],
            missing_measures=[MissingPage(**page) for page in data.get("missing_measures", [])],
            fiscal_year_headers=[
                FiscalYearHeader(**header) for header in data.get("fiscal_year_headers", [])
            ],
            readings=[
                RowReading(**{**reading, "reading": Reading(reading["reading"])})
                for reading in data.get("readings", [])
            ],
            applied=data.get("applied", False),
            published=data.get("published", False),
            indicators_only=data.get("indicators_only", False),
            indicator_sheet=data.get("indicator_sheet", ""),
            indicator_rows=[IndicatorRowResult.from_dict(row) for row in data.get("indicator_rows", [])],
            indicator_year_headers=[
                FiscalYearHeader(**header) for header in data.get("indicator_year_headers", [])
            ],
            missing_indicators=[MissingPage(**page) for page in data.get("missing_indicators", [])],
        )


def reading_text(reading: RowReading) -> str:
    """What a row was read as, in words: 「1「協働(共働)の意識を高める」」, 「■…」."""
    if reading.reading == Reading.MEASURE:
        title = f"「{reading.text}」" if reading.text else ""
        return f"{reading.number}{title}"
    if reading.reading == Reading.ITEM or not reading.text:
        return ""
    if reading.reading == Reading.HEADER:
        return reading.text
    text = reading.text if len(reading.text) <= 40 else reading.text[:39] + "…"
    return f"「{text}」"


def _plain_dict(pairs: list[tuple[str, Any]]) -> dict:
    return {
        key: (str(value) if isinstance(value, StrEnum) else value)
        for key, value in pairs
        if key not in ("state", "indicator_state")
    }


def render_text(report: ImportReport) -> list[str]:
    """The report as lines of text (the ``import_plan`` command prints them): one line per
    row, under it each changed field with its old and new value, how the sheet was read
    (header, sections, items, skipped rows), the fiscal-year headers,
    the departments to create, the pages missing from the file, warnings and errors with
    their row and column, then a summary."""
    lines: list[str] = []
    for result in report.rows:
        lines.append(row_line(result))
        if result.measure_diffs:
            lines.append("  " + _("施策「%(title)s」：") % {"title": result.measure_title})
            lines += [f"    {change_line(change)}" for change in result.measure_diffs]
        if result.diffs:
            if result.measure_diffs:
                lines.append("  " + _("事業「%(title)s」：") % {"title": result.item_title})
            lines += [f"    {change_line(change)}" for change in result.diffs]
    if report.readings:
        lines.append(_("シートの読み方："))
        for line in report.reading_lines():
            lines.append(f"  {line.rows}：{line.label}{'　' + line.text if line.text else ''}")
    if report.fiscal_year_headers:
        lines.append(_("年度の見出しの読み方："))
        for header in report.fiscal_year_headers:
            lines.append(f"  「{header.header}」→「{header.reading}」")
    if report.departments_to_create:
        lines.append(_("新しく作る部署：%(names)s") % {"names": "、".join(report.departments_to_create)})
    if report.missing_measures:
        lines.append(_("ファイルにない施策（削除せずそのまま残します）："))
        for page in report.missing_measures:
            lines.append(f"  {page.number} {page.title}".rstrip())
    if report.missing_items:
        lines.append(_("ファイルにない事業（削除せずそのまま残します）："))
        for page in report.missing_items:
            lines.append(
                f"  {(page.number + ' ') if page.number else ''}{page.title}（{page.measure_title}）"
            )
    if report.has_indicators:
        lines += indicator_lines(report)
    for message in report.messages:
        lines.append(format_message(message))
    lines.append(summary(report))
    return lines


def indicator_lines(report: ImportReport) -> list[str]:
    """The indicator table's part of the report: a line per row with its changes, how the
    year headers were read, and the indicators the file does not mention."""
    lines = [_("指標の表（%(sheet)s）：") % {"sheet": report.indicator_sheet or report.filename}]
    for result in report.indicator_rows:
        lines.append("  " + indicator_row_line(result))
        lines += [f"    {change_line(change)}" for change in result.diffs]
    if report.indicator_year_headers:
        lines.append(_("実績値の年度の見出しの読み方："))
        for header in report.indicator_year_headers:
            lines.append(f"  「{header.header}」→「{header.reading}」")
    if report.missing_indicators:
        lines.append(_("ファイルにない指標（削除せずそのまま残します）："))
        for indicator in report.missing_indicators:
            lines.append(f"  {(indicator.number + ' ') if indicator.number else ''}{indicator.title}")
    return lines


def indicator_row_line(result: IndicatorRowResult) -> str:
    """「3行目：指標「出前講座の参加者数」更新（実績値（令和6年度））」"""
    line = _("%(row)s行目：指標「%(name)s」%(action)s") % {
        "row": result.row,
        "name": result.name,
        "action": action_label(result.action),
    }
    if result.changes:
        line += _("（%(fields)s）") % {"fields": "、".join(result.changes)}
    return line


def row_line(result: RowResult) -> str:
    """「3行目：施策「…」変更なし／事業「…」更新（担当、進捗状況）」"""
    measure = _("施策「%(title)s」%(action)s") % {
        "title": result.measure_title,
        "action": action_label(result.measure_action),
    }
    if result.item_action is None:
        return _("%(row)s行目：%(measure)s") % {"row": result.row, "measure": measure}
    item_action = action_label(result.item_action)
    if result.relisted:
        item_action = _("%(action)s（再掲）") % {"action": item_action}
    item = _("事業「%(title)s」%(action)s") % {"title": result.item_title, "action": item_action}
    if result.changes:
        item += _("（%(fields)s）") % {"fields": "、".join(result.changes)}
    return _("%(row)s行目：%(measure)s／%(item)s") % {"row": result.row, "measure": measure, "item": item}


def change_line(change: FieldChange) -> str:
    """「担当：市民協働推進課、広報課 → 市民協働推進課」; a clear is marked 【削除】."""
    line = _("%(label)s：%(old)s → %(new)s") % {"label": change.label, "old": change.old, "new": change.new}
    if change.cleared:
        line += _("【削除】")
    return line


def format_message(message: Message) -> str:
    where = []
    if message.part == INDICATORS:
        where.append(_("指標の表"))
    if message.row:
        where.append(_("%(row)s行目") % {"row": message.row})
    if message.column:
        where.append(_("「%(column)s」列") % {"column": message.column})
    place = f"（{' '.join(where)}）" if where else ""
    return f"{level_label(message.level)}{place}：{message.text}"


def summary(report: ImportReport) -> str:
    counts = report.counts
    indicators = _(
        "指標：新規%(indicators_created)s件、更新%(indicators_updated)s件、変更なし%(indicators_unchanged)s件。"
    ) % asdict(counts)
    if report.indicators_only:
        text = indicators + _("エラー%(errors)s件、警告%(warnings)s件。") % asdict(counts)
    else:
        text = _(
            "施策：新規%(measures_created)s件、更新%(measures_updated)s件、変更なし%(measures_unchanged)s件。"
            "事業：新規%(items_created)s件、更新%(items_updated)s件、変更なし%(items_unchanged)s件、"
            "再掲%(items_linked)s件。新しい部署%(departments_created)s件。"
            "エラー%(errors)s件、警告%(warnings)s件。"
        ) % asdict(counts)
        if report.has_indicators:
            text += indicators
    if report.has_errors:
        state = _("エラーがあるため、何も反映していません。")
    elif report.applied and report.published:
        state = _("反映し、公開しました。")
    elif report.applied:
        state = _("反映しました（下書きとして保存）。")
    else:
        state = _("確認のみで、まだ反映していません。")
    return f"{text}{state}"
