"""The write stage of a plan-table import: carrying out a plan of changes.

The dry run (:mod:`plans.tables.importer`) leaves a plan of changes in its report
(:class:`~plans.tables.changes.ImportState`); :class:`ImportWriter` writes it, inside the
transaction :func:`plans.services.imports.apply_import` opens: a new plan through
:func:`plans.services.plans.create_plan`, new departments, new measures and items through
the bulk page writer (:mod:`plans.services.bulk_pages`), and every changed page as a new
revision through Wagtail's ``save_revision()`` and ``publish()``, which keeps scheduled
publishing, workflows, comments and aliases right. A page whose draft already holds what
the file says is published when publishing was asked for. The reference index and the
search index are updated once at the end.

What the plan of changes leaves as ``None`` (a blank cell, an absent column) is not
touched; an empty value (削除 in the cell) clears the field, removes the year's phase, or
clears the year's status or narrative (both cleared: the year's progress row goes).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from modelsearch.backends import get_search_backends
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

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
from ..search_indexing import deferred_search_indexing
from ..slugs import ITEM_PREFIX, MEASURE_PREFIX, free_slug, numbered_slug_base, sibling_slugs, slug_base
from ..tables.changes import ImportState, ItemPlan, MeasurePlan, NewDepartment, with_roles
from ..tables.importer import ImportRefused
from ..tables.report import ImportReport
from ..tables.stored import progress_rows, relisted_measure_ids, schedule_rows
from ..tables.text import description_to_stream
from .bulk_pages import BulkPageWriter
from .plans import create_plan, default_plan_index


class ImportWriter:
    """Carries out a plan of changes (:class:`~plans.tables.changes.ImportState`): new
    pages through the bulk page writer, changed pages as new revisions, then the reference
    index and the search index of every page written.

    A new plan goes under ``index`` (by default the site's plan index). ``progress`` is
    called with (measures and items written, their number) as the pages are written.
    """

    def __init__(
        self,
        state: ImportState,
        *,
        user,
        publish: bool,
        index: PlanIndexPage | None = None,
        progress: Callable[[int, int], None] | None = None,
    ):
        self.state = state
        self.user = user
        self.publish = publish
        self.index = index
        self.progress = progress
        self.slugs: dict[int, set[str]] = {}
        self.published_drafts: list[str] = []
        self.written: list[Page] = []
        self.new_pages = BulkPageWriter(user=user, publish=publish)

    def save(self, page) -> None:
        """A changed page: a new revision, published when asked (else a draft)."""
        revision = page.save_revision(user=self.user, clean=False)
        if self.publish:
            revision.publish(user=self.user)
        self.written.append(page)

    def add(self, parent: Page, page) -> None:
        """A new page under ``parent``: see :class:`~plans.services.bulk_pages.BulkPageWriter`.
        The person who imports owns it, as when they add a page in the admin (the page's
        「所有者」, who may edit it under Wagtail's "add" permission)."""
        if self.user is not None and self.user.is_authenticated:
            page.owner = self.user
        self.new_pages.add(parent, page)
        self.written.append(page)

    def unique_slug(self, parent: Page, base: str) -> str:
        """``base`` made free among ``parent``'s children (those written so far included)."""
        if parent.pk not in self.slugs:
            self.slugs[parent.pk] = sibling_slugs(parent)
        taken = self.slugs[parent.pk]
        slug = free_slug(base, taken)
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
            self.new_pages.finish()
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
        total = len(state.measures) + len(state.items)
        for done, measure in enumerate(state.measures, start=1):
            self.write_measure(measure)
            self.report_progress(done, total)
        for done, item in enumerate(state.items, start=len(state.measures) + 1):
            self.write_item(item)
            self.report_progress(done, total)

    def report_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)

    def create_plan(self) -> PlanPage:
        state = self.state
        index = self.index or default_plan_index(state.locale)
        if index is None:
            raise ImportRefused(_no_index_report(state))
        plan = create_plan(
            index=index,
            title=state.plan_title,
            slug=self.unique_slug(index, slug_base(state.plan_title, "plan")),
            period_start=state.period[0],
            period_end=state.period[1],
            user=self.user,
            publish=self.publish,
        )
        self.written.append(plan)
        return plan

    def write_measure(self, measure: MeasurePlan) -> None:
        if measure.page is None:
            page = MeasurePage(
                title=measure.title,
                number=measure.number,
                area=measure.area or "",
                description=description_to_stream(measure.description or ""),
                slug=self.unique_slug(
                    self.state.plan, numbered_slug_base(MEASURE_PREFIX, measure.number, measure.title)
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
                slug=self.unique_slug(parent, numbered_slug_base(ITEM_PREFIX, number, item.title)),
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
            for order, (department, role) in enumerate(with_roles(item.departments)):
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
                for year, value in (schedule_rows(item.page) if item.page else {}).items()
                if year not in item.schedule
            }
            written = {year: value for year, value in item.schedule.items() if value is not None}
            rows = sorted({**kept, **written}.items())
            page.schedule = [
                ScheduleRow(fiscal_year=year, phase=phase, onwards=onwards, sort_order=order)
                for order, (year, (phase, onwards)) in enumerate(rows)
            ]
        if item.progress is not None:
            year, level, narrative = item.progress
            existing = progress_rows(item.page) if item.page else {}
            previous = existing.get(year)
            row = ProgressRow(
                fiscal_year=year,
                status=level.status if level else "",  # 評価なし without a level (or 削除)
                grade=level.key if level else "",
                percent=previous.percent if previous else None,
                narrative=narrative if narrative is not None else (previous.narrative if previous else ""),
            )
            if previous is not None:
                row.translation_key = previous.translation_key
            rows = sorted({**existing, year: row}.items())
            if not row.status and not row.narrative:
                # 削除 in both columns (or in the one the year still had): the year has no progress.
                rows = [(row_year, value) for row_year, value in rows if row_year != year]
            # Each year's row keeps its translation key, so its translated narrative stays.
            page.progress = [
                ProgressRow(
                    fiscal_year=value.fiscal_year,
                    status=value.status,
                    grade=value.grade,
                    percent=value.percent,
                    narrative=value.narrative,
                    sort_order=order,
                    locale_id=page.locale_id,
                    translation_key=value.translation_key,
                )
                for order, (_year, value) in enumerate(rows)
            ]
        if item.relist_to:
            measure_ids = relisted_measure_ids(item.page) if item.page else []
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
