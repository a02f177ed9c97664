"""Importing an indicator table (指標) into a plan: the dry run.

:func:`indicator_import` reads the rows of an indicator table (:mod:`.indicator_format`
found it), finds the stored indicator each row names — by 指標ID, else by name within the
plan — and records in the :class:`~.report.ImportReport` what would be created, updated or
left unchanged, with every error and warning. It writes nothing; the plan of changes it
leaves (:class:`IndicatorState`) is carried out by
:mod:`plans.services.indicator_writer`, in the same transaction as the plan table's pages
when the indicators came with them.

The rules are the plan table's (``docs/plan-table-format.md``): a blank cell or an absent
column leaves the stored value alone, 削除 clears it (and is reported), an import never
deletes an indicator (those the file does not mention are listed), and a stored indicator
with a draft is compared as its draft, as the editor would find it.

目標年度 and 目標値 are the indicator's final target, its latest. An interim target (中間目標)
is kept as it is: the file's target may not fall on or before one (an error says so).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wagtail.models import Locale, Revision

from ..fiscal_years import FiscalYearError, fiscal_year_ja, parse_fiscal_year
from ..models import Indicator, IndicatorTarget, MeasurePage, PlanPage
from ..models.forms import baseline_after_targets
from ..vocabularies import IndicatorDirection
from .changes import MeasurePlan
from .headers import _YEAR_LIKE
from .indicator_format import INDICATOR_BY_KEY, format_number, indicator_column_for_header, parse_number
from .layout import Table
from .report import (
    INDICATORS,
    Action,
    FieldChange,
    FiscalYearHeader,
    ImportReport,
    IndicatorRowResult,
    MissingPage,
)
from .rows import is_clear_mark
from .text import title_key
from .values import CellError, format_choice, parse_choice, parse_departments

# A target to clear: the final target goes (interim ones stay).
CLEAR = "clear"
# The plan table's message for a value 削除 clears (``.diffs``), the same words for indicators.
CLEAR_WARNING = gettext_noop(
    "「削除」と書かれているため、%(label)sの登録済みの値を消します（%(old)s → %(new)s）。"
)


@dataclass
class IndicatorPlan:
    """What one row of the table does to one indicator. ``None`` leaves a stored value as
    it is; for ``fields``, only the fields that change are listed."""

    row: int
    name: str
    indicator: Indicator | None = None  # the stored indicator in its current state; None: a new one
    draft: bool = False  # the stored indicator has unpublished changes
    fields: dict = field(default_factory=dict)  # field name → new value
    measures: list | None = None  # MeasurePage or MeasurePlan (a measure of the same file)
    target: tuple[int, Decimal] | str | None = None  # the final target, or CLEAR
    values: dict[int, Decimal | None] = field(default_factory=dict)  # year → value (None: clear)
    diffs: list[FieldChange] = field(default_factory=list)

    @property
    def action(self) -> Action:
        if self.indicator is None:
            return Action.CREATED
        return Action.UPDATED if self.diffs else Action.UNCHANGED


@dataclass
class IndicatorState:
    """The plan of changes of an indicator table (what the writer carries out)."""

    table: Table
    plan: PlanPage | None
    locale: Locale
    indicators: list[IndicatorPlan] = field(default_factory=list)


@dataclass
class _Headers:
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    years: list[tuple[int, int, str]] = field(default_factory=list)  # index, year, header

    def cell(self, cells: list[str], key: str) -> str:
        index = self.columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    def header(self, key: str) -> str:
        return self.headers.get(key) or INDICATOR_BY_KEY[key].japanese


def field_label(name: str) -> str:
    labels = {
        "name": _("指標名"),
        "code": _("指標ID"),
        "unit": _("単位"),
        "direction": _("方向"),
        "baseline_year": _("基準年度"),
        "baseline_value": _("基準値"),
        "target": _("目標値"),
        "measures": _("対象の施策"),
    }
    return labels.get(name, name)


def value_label(year: int) -> str:
    return _("%(year)sの実績値") % {"year": fiscal_year_ja(year)}


def indicator_import(
    table: Table,
    report: ImportReport,
    *,
    plan: PlanPage | None,
    locale: Locale,
    planned_measures: list[MeasurePlan] = (),
) -> IndicatorState:
    """The dry run of ``table`` into ``plan``'s indicators, recorded in ``report``.

    ``planned_measures`` are the measures the plan table of the same workbook creates or
    updates: their numbers are known to the 施策番号 column even before they exist."""
    state = IndicatorState(table=table, plan=plan, locale=locale)
    report.indicator_state = state
    report.indicator_sheet = table.sheet
    reader = _Reader(state, report, planned_measures)
    reader.run()
    return state


class _Reader:
    def __init__(self, state: IndicatorState, report: ImportReport, planned_measures):
        self.state = state
        self.report = report
        self.table = state.table
        plan = state.plan
        self.era_start_year = plan.period_start if plan is not None else (report.period or (None,))[0]
        self.stored, self.drafts = _stored_indicators(plan, state.locale)
        self.by_code = {indicator.code: indicator for indicator in self.stored if indicator.code}
        self.by_name: dict[str, list[Indicator]] = {}
        for indicator in self.stored:
            self.by_name.setdefault(title_key(indicator.name), []).append(indicator)
        self.measures: dict[str, MeasurePage | MeasurePlan] = {}
        if plan is not None:
            for measure in MeasurePage.objects.child_of(plan).order_by("path"):
                if measure.number:
                    self.measures[title_key(measure.number)] = measure
        for measure in planned_measures:
            if measure.number:
                self.measures[title_key(measure.number)] = measure.page or measure
        self.matched: dict[int, int] = {}  # stored indicator pk → the row that names it
        self.codes: dict[str, int] = {}  # 指標ID → the row that gives it

    def error(self, text: str, row: int | None = None, key: str | None = None, header: str | None = None):
        column = header if header is not None else (self.headers.header(key) if key else None)
        self.report.error(text, row=row, column=column, part=INDICATORS)

    def warning(self, text: str, row: int, key: str | None = None, header: str | None = None):
        column = header if header is not None else (self.headers.header(key) if key else None)
        self.report.warning(text, row=row, column=column, part=INDICATORS)

    def run(self) -> None:
        for problem in self.table.problems:
            self.report.error(problem.text, row=problem.row, column=problem.column or None, part=INDICATORS)
        self.headers = self.map_headers()
        for row in self.table.rows:
            entry = self.read_row(row.number, row.cells)
            if entry is not None:
                self.state.indicators.append(entry)
                self.report.indicator_rows.append(
                    IndicatorRowResult(
                        row=entry.row,
                        name=entry.name,
                        code=entry.fields.get("code", entry.indicator.code if entry.indicator else ""),
                        action=entry.action,
                        changes=[change.label for change in entry.diffs] if entry.indicator else [],
                        diffs=[] if entry.indicator is None else entry.diffs,
                    )
                )
        for indicator in self.stored:
            if indicator.pk not in self.matched:
                self.report.missing_indicators.append(
                    MissingPage(page_id=indicator.pk, title=indicator.name, number=indicator.code)
                )

    # Headers -----------------------------------------------------------------------

    def map_headers(self) -> _Headers:
        found = _Headers()
        seen_years: dict[int, str] = {}
        row = self.table.header_row
        for index, header in enumerate(self.table.headers):
            if not header:
                if any(index < len(data.cells) and data.cells[index] for data in self.table.rows):
                    self.report.warning(
                        _("%(number)s列目には見出しがないため、読み込みません。") % {"number": index + 1},
                        row=row,
                        part=INDICATORS,
                    )
                continue
            column = indicator_column_for_header(header)
            if column is not None:
                if column.key in found.columns:
                    self.report.error(
                        _("「%(header)s」は「%(other)s」と同じ項目の列です。どちらか一方にしてください。")
                        % {"header": header, "other": found.headers[column.key]},
                        row=row,
                        column=header,
                        part=INDICATORS,
                    )
                    continue
                found.columns[column.key] = index
                found.headers[column.key] = header
                continue
            if _YEAR_LIKE.search("".join(unicodedata.normalize("NFKC", header).split())):
                try:
                    parsed = parse_fiscal_year(header, era_start_year=self.era_start_year)
                except FiscalYearError as error:
                    self.report.error(str(error), row=row, column=header, part=INDICATORS)
                    continue
                if parsed.onwards:
                    self.report.error(
                        _("実績値の列は1つの年度です。「%(header)s」のように「以降」は付けないでください。")
                        % {"header": header},
                        row=row,
                        column=header,
                        part=INDICATORS,
                    )
                    continue
                if parsed.year in seen_years:
                    self.report.error(
                        _("「%(header)s」は「%(other)s」と同じ年度の列です。")
                        % {"header": header, "other": seen_years[parsed.year]},
                        row=row,
                        column=header,
                        part=INDICATORS,
                    )
                    continue
                seen_years[parsed.year] = header
                found.years.append((index, parsed.year, header))
                self.report.indicator_year_headers.append(
                    FiscalYearHeader(header, parsed.year, False, parsed.reading)
                )
                continue
            self.report.warning(
                _("「%(header)s」は指標の表の列ではないため、読み込みません。") % {"header": header},
                row=row,
                column=header,
                part=INDICATORS,
            )
        return found

    # Rows ----------------------------------------------------------------------------

    def read_row(self, number: int, cells: list[str]) -> IndicatorPlan | None:
        headers = self.headers
        name = headers.cell(cells, "indicator")
        code_text = headers.cell(cells, "indicator_id")
        if not name:
            self.error(_("指標名がありません。"), number, "indicator")
            return None
        if is_clear_mark(name):
            self.error(
                _(
                    "指標名は消せません。指標をなくすときは、管理画面の「指標」で非公開にするか削除してください。"
                ),
                number,
                "indicator",
            )
            return None
        code = None if not code_text else ("" if is_clear_mark(code_text) else code_text)
        indicator = self.match(number, name, code)
        if indicator is False:
            return None
        entry = IndicatorPlan(row=number, name=name, indicator=indicator)
        entry.draft = indicator is not None and indicator.pk in self.drafts
        ok = True
        stored = indicator

        def wanted(field_name: str, value, old) -> None:
            if value is None or value == old:
                return
            entry.fields[field_name] = value

        # Texts and words.
        if stored is None or stored.name != name:
            entry.fields["name"] = name
        if code is not None:
            if code and code in self.codes:
                self.error(
                    _("指標ID「%(code)s」は%(row)s行目と同じです。指標IDは指標ごとに変えてください。")
                    % {"code": code, "row": self.codes[code]},
                    number,
                    "indicator_id",
                )
                ok = False
            elif code and code in self.by_code and self.by_code[code] is not stored:
                self.error(
                    _("指標ID「%(code)s」は、この計画の別の指標「%(name)s」が使っています。")
                    % {"code": code, "name": self.by_code[code].name},
                    number,
                    "indicator_id",
                )
                ok = False
            if code:
                self.codes[code] = number
            wanted("code", code, stored.code if stored else "")
        unit_text = headers.cell(cells, "unit")
        unit = None if not unit_text else ("" if is_clear_mark(unit_text) else unit_text)
        wanted("unit", unit, stored.unit if stored else "")
        row_unit = unit if unit is not None else (stored.unit if stored else "")
        direction_text = headers.cell(cells, "direction")
        if direction_text:
            try:
                if is_clear_mark(direction_text):
                    raise CellError(
                        _("方向は消せません。%(words)sのどれかを書いてください。")
                        % {"words": "、".join(_direction_words())}
                    )
                direction = parse_choice(IndicatorDirection, direction_text)
            except CellError as error:
                self.error(str(error), number, "direction")
                ok = False
            else:
                wanted("direction", direction, stored.direction if stored else IndicatorDirection.UP)

        # The baseline.
        baseline_year = self.year_cell(cells, "baseline_year", number)
        baseline_value = self.number_cell(cells, "baseline", number, row_unit)
        if baseline_year is False or baseline_value is False:
            ok = False
        else:
            if baseline_year == CLEAR:
                if stored is not None and stored.baseline_year is not None:
                    entry.fields["baseline_year"] = None
            else:
                wanted("baseline_year", baseline_year, stored.baseline_year if stored else None)
            if baseline_value == CLEAR:
                if stored is not None and stored.baseline_value is not None:
                    entry.fields["baseline_value"] = None
            elif baseline_value is not None and (stored is None or stored.baseline_value != baseline_value):
                entry.fields["baseline_value"] = baseline_value

        # The final target.
        targets = sorted(stored.targets.all(), key=lambda target: target.fiscal_year) if stored else []
        target = self.read_target(cells, number, row_unit, targets)
        if target is False:
            ok = False
        else:
            entry.target = target
        final_year = None
        if isinstance(target, tuple):
            final_year = target[0]
        elif target is None and targets:
            final_year = targets[-1].fiscal_year
        target_years = [target.fiscal_year for target in targets[:-1]] + ([final_year] if final_year else [])
        baseline = entry.fields.get("baseline_year", stored.baseline_year if stored else None)
        message = baseline_after_targets(baseline, target_years)
        if message and ok:
            self.error(str(message), number, "baseline_year")
            ok = False

        # The measures.
        measure_text = headers.cell(cells, "measure_number")
        if measure_text:
            measures = self.read_measures(measure_text, number)
            if measures is False:
                ok = False
            else:
                entry.measures = measures

        # The values, one column per year.
        stored_values = {value.fiscal_year: value.value for value in stored.values.all()} if stored else {}
        for index, year, header in headers.years:
            text = cells[index] if index < len(cells) else ""
            if not text:
                continue
            if is_clear_mark(text):
                if stored_values.get(year) is not None:
                    entry.values[year] = None
                continue
            try:
                value = parse_number(text, row_unit)
            except CellError as error:
                self.error(str(error), number, header=header)
                ok = False
                continue
            if stored_values.get(year) != value:
                entry.values[year] = value

        if not ok:
            return None
        entry.diffs = self.describe(entry, targets, stored_values)
        return entry

    def match(self, number: int, name: str, code: str | None) -> Indicator | None | bool:
        """The stored indicator a row names (``None``: a new one; ``False``: an error)."""
        found = self.by_code.get(code) if code else None
        if found is None:
            candidates = [
                indicator
                for indicator in self.by_name.get(title_key(name), [])
                if not code or not indicator.code or indicator.code == code
            ]
            if len(candidates) > 1:
                self.error(
                    _("この計画には「%(name)s」という指標が複数あります。指標IDで指定してください。")
                    % {"name": name},
                    number,
                    "indicator",
                )
                return False
            found = candidates[0] if candidates else None
        if found is not None:
            if found.pk in self.matched:
                self.error(
                    _("%(row)s行目と同じ指標です。1つの指標は1行にまとめてください。")
                    % {"row": self.matched[found.pk]},
                    number,
                    "indicator",
                )
                return False
            self.matched[found.pk] = number
        return found

    def year_cell(self, cells: list[str], key: str, number: int) -> int | str | None | bool:
        text = self.headers.cell(cells, key)
        if not text:
            return None
        if is_clear_mark(text):
            return CLEAR
        try:
            parsed = parse_fiscal_year(text, era_start_year=self.era_start_year)
        except FiscalYearError as error:
            self.error(str(error), number, key)
            return False
        if parsed.onwards:
            self.error(
                _("「%(text)s」は1つの年度にしてください（「以降」は付けません）。") % {"text": text},
                number,
                key,
            )
            return False
        return parsed.year

    def number_cell(self, cells: list[str], key: str, number: int, unit: str) -> Decimal | str | None | bool:
        text = self.headers.cell(cells, key)
        if not text:
            return None
        if is_clear_mark(text):
            return CLEAR
        try:
            return parse_number(text, unit)
        except CellError as error:
            self.error(str(error), number, key)
            return False

    def read_target(self, cells, number: int, unit: str, targets: list[IndicatorTarget]):
        """The final target the row wants: (year, value), CLEAR, ``None`` (keep) or ``False``."""
        year = self.year_cell(cells, "target_year", number)
        value = self.number_cell(cells, "target", number, unit)
        if year is False or value is False:
            return False
        final = targets[-1] if targets else None
        if year == CLEAR or value == CLEAR:
            if year not in (CLEAR, None) or value not in (CLEAR, None):
                self.error(
                    _(
                        "目標を消すときは、目標年度と目標値の両方を「削除」にするか、片方を空欄にしてください。"
                    ),
                    number,
                    "target" if value != CLEAR else "target_year",
                )
                return False
            return CLEAR if final is not None else None
        if year is None and value is None:
            return None
        if year is None:
            if final is None:
                self.error(_("目標年度がありません。目標値には年度が必要です。"), number, "target_year")
                return False
            year = final.fiscal_year
        if value is None:
            if final is None:
                self.error(_("目標値がありません。目標年度には目標値が必要です。"), number, "target")
                return False
            value = final.value
        interim = [target.fiscal_year for target in targets[:-1]]
        if interim and year <= max(interim):
            self.error(
                _(
                    "目標年度（%(year)s）は、中間目標（%(interim)s）より後の年度にしてください。"
                    "中間目標は管理画面の「指標」で編集します。"
                )
                % {"year": fiscal_year_ja(year), "interim": fiscal_year_ja(max(interim))},
                number,
                "target_year",
            )
            return False
        if final is not None and final.fiscal_year == year and final.value == value:
            return None
        return (year, value)

    def read_measures(self, text: str, number: int) -> list | bool:
        if is_clear_mark(text):
            return []
        try:
            numbers = parse_departments(text)
        except CellError:
            numbers = []
        measures = []
        for measure_number in numbers:
            measure = self.measures.get(title_key(measure_number))
            if measure is None:
                self.error(
                    _("施策番号「%(number)s」の施策はこの計画にありません。") % {"number": measure_number},
                    number,
                    "measure_number",
                )
                return False
            if measure not in measures:
                measures.append(measure)
        return measures

    # What changes, old → new --------------------------------------------------------------

    def describe(self, entry: IndicatorPlan, targets, stored_values) -> list[FieldChange]:
        stored = entry.indicator
        none = _("（なし）")
        diffs: list[FieldChange] = []
        unit = entry.fields.get("unit", stored.unit if stored else "")

        def shown(name: str, value) -> str:
            if value is None or value == "":
                return none
            if name in ("baseline_year",):
                return fiscal_year_ja(value)
            if name == "baseline_value":
                return format_number(value) + unit
            if name == "direction":
                return format_choice(IndicatorDirection, value)
            return str(value)

        for name, value in entry.fields.items():
            if stored is None and name == "name":
                continue
            old = getattr(stored, name) if stored else None
            diffs.append(
                FieldChange(
                    name, field_label(name), shown(name, old), shown(name, value), cleared=value in (None, "")
                )
            )
        if entry.target is not None:
            final = targets[-1] if targets else None
            old = f"{fiscal_year_ja(final.fiscal_year)} {format_number(final.value)}{unit}" if final else none
            if entry.target == CLEAR:
                diffs.append(FieldChange("target", field_label("target"), old, none, cleared=True))
            else:
                year, value = entry.target
                new = f"{fiscal_year_ja(year)} {format_number(value)}{unit}"
                diffs.append(FieldChange("target", field_label("target"), old, new))
        if entry.measures is not None:
            old_numbers = [link.measure.number for link in stored.measure_links.all()] if stored else []
            new_numbers = [measure.number for measure in entry.measures]
            if old_numbers != new_numbers:
                diffs.append(
                    FieldChange(
                        "measures",
                        field_label("measures"),
                        "、".join(old_numbers) or none,
                        "、".join(new_numbers) or none,
                        cleared=not new_numbers,
                    )
                )
            else:
                entry.measures = None
        for year, value in sorted(entry.values.items()):
            old = stored_values.get(year)
            diffs.append(
                FieldChange(
                    f"value_{year}",
                    value_label(year),
                    format_number(old) + unit if old is not None else none,
                    format_number(value) + unit if value is not None else none,
                    cleared=value is None,
                )
            )
        if stored is not None:
            for change in diffs:
                if change.cleared:
                    self.warning(
                        _(CLEAR_WARNING) % {"label": change.label, "old": change.old, "new": change.new},
                        entry.row,
                    )
        return diffs


def _direction_words() -> list[str]:
    return [format_choice(IndicatorDirection, choice.value) for choice in IndicatorDirection]


def _stored_indicators(plan: PlanPage | None, locale: Locale) -> tuple[list[Indicator], set[int]]:
    """The plan's indicators in ``locale``, each as its latest revision when it has a draft
    (as the editor finds it), in a fixed number of queries."""
    if plan is None:
        return [], set()
    indicators = list(
        Indicator.objects.filter(plan=plan, locale=locale)
        .order_by("sort_order", "pk")
        .prefetch_related("measure_links__measure", "targets", "values")
    )
    drafts = {indicator.pk for indicator in indicators if indicator.has_unpublished_changes}
    revisions = Revision.objects.in_bulk(
        [indicator.latest_revision_id for indicator in indicators if indicator.pk in drafts]
    )
    current = []
    for indicator in indicators:
        revision = revisions.get(indicator.latest_revision_id) if indicator.pk in drafts else None
        current.append(indicator.with_content_json(revision.content) if revision else indicator)
    # A draft's measure links name measures by id: read their numbers in one query.
    link_ids = {
        link.measure_id
        for indicator in current
        if indicator.pk in drafts
        for link in indicator.measure_links.all()
    }
    if link_ids:
        pages = MeasurePage.objects.in_bulk(link_ids)
        for indicator in current:
            if indicator.pk in drafts:
                for link in indicator.measure_links.all():
                    if link.measure_id in pages:
                        link.measure = pages[link.measure_id]
    return current, drafts


__all__ = ["CLEAR", "IndicatorPlan", "IndicatorState", "indicator_import"]
