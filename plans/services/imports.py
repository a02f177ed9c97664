"""Importing a plan table: carrying out the dry run's report (all or nothing).

:func:`plans.tables.importer.plan_import` is the dry run: it reads the table and records
what would change, writing nothing. :func:`apply_import` carries such a report out in one
transaction, as revisions of the pages: drafts, or published when asked (the write stage
itself is :class:`plans.services.import_writer.ImportWriter`).
:func:`import_plan_file` does both for the ``import_plan`` command and the admin screen.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import PlanIndexPage, PlanPage
from ..tables.changes import ImportState
from ..tables.importer import ImportRefused, find_plan, indicators_import, plan_import
from ..tables.indicator_import import IndicatorState
from ..tables.reader import TableError, indicator_layout, read_indicator_table, read_table
from ..tables.report import INDICATORS, Action, ImportReport
from .import_writer import ImportWriter
from .indicator_writer import write_indicators


def apply_import(
    report: ImportReport,
    *,
    user=None,
    publish: bool = False,
    index: PlanIndexPage | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Carry out a dry run's report in one transaction and return the report of what was
    done. The plan is read again inside the transaction, so changes made since the dry
    run are taken into account. Raises :class:`ImportRefused` (writing nothing) when the
    report has errors. A new plan goes under ``index`` (by default the site's plan index);
    ``progress`` follows the writing (see :class:`ImportWriter`)."""
    state: ImportState | None = report.state
    indicator_state: IndicatorState | None = report.indicator_state
    if report.has_errors or (state is None and indicator_state is None):
        raise ImportRefused(report)
    published_drafts: list[str] = []
    try:
        with transaction.atomic():
            plan = state.plan if state is not None else indicator_state.plan
            if plan is not None:
                plan = PlanPage.objects.select_for_update().get(pk=plan.pk)
            indicator_table = indicator_state.table if indicator_state is not None else None
            if state is None:
                fresh = indicators_import(indicator_table, plan=plan)
            else:
                fresh = plan_import(
                    state.table,
                    plan=plan,
                    status_year=state.status_year,
                    period=state.period,
                    plan_title=state.plan_title,
                    indicator_table=indicator_table,
                )
            check_indicator_permissions(fresh, user=user, publish=publish)
            if fresh.has_errors:
                raise ImportRefused(fresh)
            if fresh.state is not None:
                writer = ImportWriter(fresh.state, user=user, publish=publish, index=index, progress=progress)
                writer.write()
                published_drafts += writer.published_drafts
                plan = fresh.state.plan
            if fresh.indicator_state is not None:
                published_drafts += write_indicators(
                    fresh.indicator_state, plan=plan, user=user, publish=publish
                )
    except (IntegrityError, DatabaseError, ValidationError) as error:
        report.error(_("保存できませんでした（%(error)s）。何も反映していません。") % {"error": error})
        raise ImportRefused(report) from error
    fresh.applied = True
    fresh.published = publish
    for title in published_drafts:
        fresh.info(_("「%(title)s」は内容に変更はなく、保存済みの下書きを公開しました。") % {"title": title})
    if fresh.plan_id is None and plan is not None:
        fresh.plan_id = plan.pk
    return fresh


def check_indicator_permissions(report: ImportReport, *, user, publish: bool) -> None:
    """An error in ``report`` when ``user`` may not make the indicator changes it plans
    (広報担当 may; an editor of one plan's pages may not touch its indicators). Without a
    user (the ``import_plan`` command) nothing is checked."""
    if user is None or not report.indicator_rows:
        return
    actions = {result.action for result in report.indicator_rows}
    needed = []
    if Action.CREATED in actions:
        needed.append("plans.add_indicator")
    if Action.UPDATED in actions:
        needed.append("plans.change_indicator")
    if publish and actions & {Action.CREATED, Action.UPDATED}:
        needed.append("plans.publish_indicator")
    if not all(user.has_perm(permission) for permission in needed):
        report.error(
            _(
                "指標を追加・変更する権限がありません。指標の表を取り込めるのは、指標を編集できる職員"
                "（広報担当など）だけです。"
            ),
            part=INDICATORS,
        )


def import_plan_file(
    data: bytes,
    filename: str,
    *,
    plan: PlanPage | None = None,
    plan_title: str | None = None,
    create: bool = False,
    new_plan: bool = False,
    index: PlanIndexPage | None = None,
    period: tuple[int, int] | None = None,
    status_year: int | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    publish: bool = False,
    user=None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Read a file, plan the import, and apply it unless ``dry_run`` or the file has errors.

    The plan is ``plan``, else the one ``plan_title`` names (slug, title or short title);
    when none matches and ``create`` is set, a new plan of that title is planned under the
    site's plan index. ``new_plan`` plans a new plan called ``plan_title`` without looking
    for one of that name (the admin's 「新しい計画を作る」), under ``index`` when given.
    A file that is an indicator table (指標) imports into ``plan``'s indicators; a plan
    workbook with a 指標 sheet imports its indicators with its pages.
    Never raises for bad input: problems are errors in the report.
    """
    indicators_only, indicator_sheet = indicator_layout(data, filename, sheet=sheet)
    if indicators_only:
        return _import_indicator_file(
            data, filename, plan=plan, sheet=sheet, dry_run=dry_run, publish=publish, user=user
        )
    try:
        table = read_table(data, filename, sheet=sheet)
    except TableError as error:
        report = ImportReport(filename=filename, sheet=sheet or "", plan_title=plan_title or "")
        report.error(str(error))
        return report
    indicator_table = None
    indicator_error = None
    if indicator_sheet is not None:
        try:
            indicator_table = read_indicator_table(data, filename, sheet=indicator_sheet)
        except TableError as error:
            indicator_error = _("シート「%(sheet)s」：%(error)s") % {"sheet": indicator_sheet, "error": error}
    if plan is None and plan_title and not new_plan:
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
        table,
        plan=plan,
        status_year=status_year,
        period=period,
        plan_title=plan_title or "",
        indicator_table=indicator_table,
    )
    if indicator_error:
        report.indicator_sheet = indicator_sheet
        report.error(indicator_error, part=INDICATORS)
    check_indicator_permissions(report, user=user, publish=publish)
    if dry_run or report.has_errors:
        return report
    try:
        return apply_import(report, user=user, publish=publish, index=index, progress=progress)
    except ImportRefused as refused:
        return refused.report


def _import_indicator_file(
    data: bytes,
    filename: str,
    *,
    plan: PlanPage | None,
    sheet: str | None,
    dry_run: bool,
    publish: bool,
    user,
) -> ImportReport:
    """A file that holds only an indicator table: its dry run, and its apply unless
    ``dry_run`` or the file has errors."""
    try:
        table = read_indicator_table(data, filename, sheet=sheet)
    except TableError as error:
        report = ImportReport(filename=filename, sheet=sheet or "", indicators_only=True)
        report.error(str(error), part=INDICATORS)
        return report
    if plan is not None and not isinstance(plan, PlanPage):
        plan = plan.specific
    report = indicators_import(table, plan=plan)
    check_indicator_permissions(report, user=user, publish=publish)
    if dry_run or report.has_errors:
        return report
    try:
        return apply_import(report, user=user, publish=publish)
    except ImportRefused as refused:
        return refused.report
