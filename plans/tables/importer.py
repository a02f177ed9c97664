"""Importing a plan table (``docs/plan-table-format.md``) into a plan: the dry run.

:func:`plan_import` runs the stages that come after reading (:mod:`.reader` and
:mod:`.layout` make the :class:`~.layout.Table`):

1. :mod:`.headers`: which column each header names;
2. :mod:`.stored`: the plan as it is stored (each page in its current state);
3. :mod:`.rows`: what each data row says, cell by cell;
4. :mod:`.matching`: which stored measure and item each row is, or a new one;
5. :mod:`.changes`: what would change, and the report of every row.

It records in an :class:`ImportReport` what would be created, updated or left unchanged,
with every error and warning, and writes nothing.
:func:`plans.services.imports.apply_import` carries such a report out in one transaction
(all or nothing), as revisions of the pages: drafts, or published when asked.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from wagtail.models import Locale

from ..models import PlanPage
from ..scales import scale_of
from .changes import ImportState, compare, report_missing, row_results
from .headers import map_headers
from .indicator_import import indicator_import
from .layout import Table, row_readings
from .matching import match_rows
from .report import INDICATORS, ImportReport
from .rows import read_rows
from .stored import current_state, load_stored
from .text import title_key


class ImportRefused(Exception):
    """Applying a report that has errors; nothing was written."""

    def __init__(self, report: ImportReport):
        super().__init__(_("取り込みにエラーがあるため、反映できません。"))
        self.report = report


def plan_import(
    table: Table,
    *,
    plan: PlanPage | None,
    status_year: int | None = None,
    period: tuple[int, int] | None = None,
    plan_title: str = "",
    indicator_table: Table | None = None,
) -> ImportReport:
    """The dry run: what importing ``table`` into ``plan`` would do. Writes nothing.

    ``plan=None`` plans a new plan called ``plan_title`` for the ``period`` given (or the
    fiscal years of the schedule columns). ``status_year`` is the year of the status and
    progress columns when the sheet has no 評価年度 column. ``indicator_table`` is the
    workbook's 指標 sheet, whose indicators are imported too (:mod:`.indicator_import`).
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
    _plan_changes(table, report, state)
    if indicator_table is not None:
        indicator_import(indicator_table, report, plan=plan, locale=locale, planned_measures=state.measures)
    return report


def indicators_import(table: Table, *, plan: PlanPage | None) -> ImportReport:
    """The dry run of a file that holds only an indicator table (指標), into ``plan``'s
    indicators (:mod:`.indicator_import`). Writes nothing."""
    report = ImportReport(
        filename=table.filename,
        sheet=table.sheet,
        plan_id=plan.pk if plan is not None else None,
        plan_title=plan.title if plan is not None else "",
        period=(plan.period_start, plan.period_end) if plan is not None else None,
        indicators_only=True,
    )
    if plan is None:
        report.error(
            _("指標の表だけのファイルは、新しい計画には取り込めません。登録済みの計画を選んでください。"),
            part=INDICATORS,
        )
        return report
    indicator_import(table, report, plan=plan, locale=plan.locale)
    return report


def _plan_changes(table: Table, report: ImportReport, state: ImportState) -> None:
    headers = map_headers(table, report, era_start_year=state.era_start_year)
    if headers is None:
        report.readings = row_readings(table, None)
        return
    if state.plan is None and state.period is None:
        years = [parsed.year for _index, parsed, _header in headers.years]
        if years:
            state.period = (min(years), max(years))
            report.period = state.period
        else:
            report.error(
                _("新しい計画の計画期間がわかりません。期間を指定してください（例：--period 2008-2012）。")
            )
    scale = state.scale = scale_of(state.plan)
    stored = load_stored(state.plan, state.locale, scale=scale)
    state.drafts |= stored.drafts
    parsed_rows = read_rows(
        table,
        headers,
        report,
        status_year=state.status_year,
        era_start_year=state.era_start_year,
        scale=scale,
    )
    report.readings = row_readings(table, parsed_rows)
    match_rows(parsed_rows, state, stored, headers, report)
    compare(state, headers, report)
    row_results(state, parsed_rows, headers, report)
    report_missing(state, stored, report)


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
    "indicators_import",
    "plan_import",
]
