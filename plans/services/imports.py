"""Importing a plan table: carrying out the dry run's report (all or nothing).

:func:`plans.tables.importer.plan_import` is the dry run: it reads the table and records
what would change, writing nothing. :func:`apply_import` carries such a report out in one
transaction, as revisions of the pages: drafts, or published when asked.
:func:`import_plan_file` does both for the ``import_plan`` command and the admin screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from ..models import (
    ActionItemDepartment,
    ActionItemPage,
    Department,
    MeasurePage,
    PlanPage,
    ProgressRow,
    Relisting,
    ScheduleRow,
)
from ..search_indexing import deferred_search_indexing
from ..slugs import ITEM_PREFIX, MEASURE_PREFIX, free_slug, numbered_slug_base, sibling_slugs, slug_base
from ..tables.changes import ImportState, ItemPlan, MeasurePlan, NewDepartment, with_roles
from ..tables.importer import ImportRefused, find_plan, plan_import
from ..tables.reader import TableError, read_table
from ..tables.report import ImportReport
from ..tables.stored import progress_rows, relisted_measure_ids, schedule_rows
from ..tables.text import description_to_stream
from .plans import create_plan, default_plan_index


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
        index = default_plan_index(state.locale)
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
                if year not in item.schedule_years
            }
            rows = sorted({**kept, **item.schedule}.items())
            page.schedule = [
                ScheduleRow(fiscal_year=year, phase=phase, onwards=onwards, sort_order=order)
                for order, (year, (phase, onwards)) in enumerate(rows)
            ]
        if item.progress is not None:
            year, status, narrative = item.progress
            existing = progress_rows(item.page) if item.page else {}
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
