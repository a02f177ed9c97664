"""「計画表の取り込み」: upload a plan table, read the dry run's report, confirm to apply.

Every upload is kept as a :class:`~plans.models.PlanImport` (the file and the report), so
that the confirmation applies exactly the file that was checked, and the list of past
imports is the record of who changed a plan from a spreadsheet and when.

A file goes into a plan the user may edit, or creates a new plan (「新しい計画を作る」)
under a plan index where Wagtail lets the user add pages: 広報担当 may, 担当課職員 may not.
Large files are checked and applied by a background task (:mod:`plans.import_jobs`); the
report page then shows the progress and refreshes itself until the task is done.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from ..import_jobs import (
    file_facts,
    read_stored,
    start_apply,
    start_check,
)
from ..models import PlanImport, PlanIndexPage, PlanPage
from ..tables.report import INDICATORS, ImportReport, action_label, format_message, level_label
from .access import forbidden
from .import_forms import ImportTarget, ImportUploadForm, PublishChoice

IMPORTS_PER_PAGE = 20
REFRESH_SECONDS = 3  # how often the report page reloads while a task runs
FILE_GONE = gettext_lazy("取り込んだファイルが見つかりません。もう一度ファイルを選んで確認してください。")
NOT_EDITOR = gettext_lazy(
    "計画表を取り込めるのは、その計画のページを編集できる職員と、計画を作れる職員だけです。"
)
NOT_CREATOR = gettext_lazy("この計画一覧に計画を作る権限がありません。")
NOT_APPLICABLE = gettext_lazy("この取り込みは反映できません（反映済みか、処理中か、エラーがあります）。")
NOTHING_CHANGED = gettext_lazy("ファイルの内容が登録済みの内容と同じだったため、何も変更していません。")


# Who may do what ------------------------------------------------------------------------


def can_edit(user, plan: PlanPage) -> bool:
    return plan.permissions_for_user(user).can_edit()


def can_publish(user, plan: PlanPage) -> bool:
    return plan.permissions_for_user(user).can_publish()


def can_create_under(user, index: PlanIndexPage) -> bool:
    """Whether Wagtail lets ``user`` add a plan under ``index`` (広報担当 may, 担当課職員 not)."""
    return index.permissions_for_user(user).can_add_subpage()


def can_publish_under(user, index: PlanIndexPage) -> bool:
    return index.permissions_for_user(user).can_publish_subpage()


def editable_plans(user) -> list[PlanPage]:
    """The plans of the default language that ``user`` may edit (imports write there;
    translations follow through wagtail-localize)."""
    plans = PlanPage.objects.filter(locale=Locale.get_default()).order_by("path")
    return [plan for plan in plans if can_edit(user, plan)]


def plan_indexes_for(user) -> list[PlanIndexPage]:
    """The plan indexes of the default language under which ``user`` may create a plan."""
    indexes = PlanIndexPage.objects.filter(locale=Locale.get_default()).order_by("path")
    return [index for index in indexes if can_create_under(user, index)]


def can_import(user) -> bool:
    """Whether 「計画表の取り込み」 opens for ``user`` from the admin menu: they may edit a plan
    or create one. The menu item (``plans.wagtail_hooks``) shows on this same check."""
    return bool(editable_plans(user)) or bool(plan_indexes_for(user))


def may_see(user, record: PlanImport) -> bool:
    """An import is seen and applied by those who may edit its plan, or, for a plan still
    to be created, by those who may create plans where it goes."""
    if record.plan_id is not None:
        return can_edit(user, record.plan)
    return record.parent is not None and can_create_under(user, record.parent)


def import_url(record: PlanImport) -> str:
    return reverse("kyodo_admin:import_detail", args=[record.pk])


def plan_imports_url(plan: PlanPage | None) -> str:
    if plan is None:
        return reverse("kyodo_admin:imports")
    return reverse("kyodo_admin:plan_imports", args=[plan.pk])


# The upload ---------------------------------------------------------------------------------


class UploadView(WagtailAdminTemplateMixin, FormView):
    """The upload form and the imports made so far. Reached from the admin menu (choose the
    plan, or create one, in the form) or from a plan's page (``plan_id`` in the URL)."""

    template_name = "plans/admin/import_upload.html"
    form_class = ImportUploadForm
    header_icon = "upload"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        plan_id = kwargs.get("plan_id")
        self.plan = get_object_or_404(PlanPage, pk=plan_id) if plan_id else None

    def dispatch(self, request, *args, **kwargs):
        if self.plan is not None:
            if not can_edit(request.user, self.plan):
                return forbidden(request, NOT_EDITOR)
        elif not can_import(request.user):
            return forbidden(request, NOT_EDITOR)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def plans(self) -> list[PlanPage]:
        return [self.plan] if self.plan else editable_plans(self.request.user)

    @cached_property
    def indexes(self) -> list[PlanIndexPage]:
        return [] if self.plan else plan_indexes_for(self.request.user)

    def get_page_title(self):
        return _("計画表の取り込み")

    def get_page_subtitle(self):
        return self.plan.title if self.plan else ""

    def get_breadcrumbs_items(self):
        items = self.breadcrumbs_items
        if self.plan is None:
            return items + [{"url": "", "label": self.get_page_title()}]
        return items + [
            {"url": reverse("kyodo_admin:imports"), "label": self.get_page_title()},
            {"url": "", "label": self.plan.title},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        kwargs["plan"] = self.plan
        kwargs["plans"] = PlanPage.objects.filter(pk__in=[plan.pk for plan in self.plans]).order_by("path")
        kwargs["indexes"] = PlanIndexPage.objects.filter(
            pk__in=[index.pk for index in self.indexes]
        ).order_by("path")
        kwargs["can_publish"] = lambda plan: can_publish(user, plan)
        kwargs["can_publish_under"] = lambda index: can_publish_under(user, index)
        return kwargs

    def get_initial(self):
        """``?plan=<id>`` preselects a plan; ``?parent=<id>`` (the button on a plan index)
        preselects 「新しい計画を作る」 under that index."""
        initial = super().get_initial()
        if self.plan is None and self.request.GET.get("plan", "").isdigit():
            initial["plan"] = int(self.request.GET["plan"])
        if self.plan is None and self.request.GET.get("parent", "").isdigit():
            initial["target"] = ImportTarget.NEW
            initial["parent"] = int(self.request.GET["parent"])
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        mine = Q(plan__in=self.plans)
        if self.indexes:
            mine |= Q(plan__isnull=True, parent__in=self.indexes)
        imports = PlanImport.objects.filter(mine).select_related("plan", "created_by")
        paginator = Paginator(imports, IMPORTS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            {
                "plan": self.plan,
                "imports": page.object_list,
                "page_obj": page,
                "paginator": paginator,
                "elided_page_range": paginator.get_elided_page_range(page.number),
                "can_publish_any": any(can_publish(user, plan) for plan in self.plans)
                or any(can_publish_under(user, index) for index in self.indexes),
                "plan_admin_url": reverse("wagtailadmin_explore", args=[self.plan.pk]) if self.plan else "",
                "template_url": reverse("kyodo_admin:import_template"),
                "help_url": reverse("kyodo_admin:import_help"),
            }
        )
        return context

    def form_valid(self, form):
        user = self.request.user
        upload = form.cleaned_data["file"]
        filename = PurePath(upload.name).name
        record = PlanImport(
            original_filename=filename,
            sheet=form.cleaned_data["sheet"],
            sheet_names=form.facts.sheet_names,
            rows=form.facts.rows,
            status_year=form.cleaned_data["status_year"],
            publish=form.cleaned_data["publish"] == PublishChoice.PUBLISH,
            state=PlanImport.State.CHECKING,  # never offered for applying before its check
            created_by=user,
        )
        if form.creates_plan():
            parent = form.cleaned_data["parent"]
            if not can_create_under(user, parent):
                return forbidden(self.request, NOT_CREATOR)
            record.parent = parent
            record.new_plan_title = form.cleaned_data["title"]
            record.period_start = form.cleaned_data["period_start"]
            record.period_end = form.cleaned_data["period_end"]
        else:
            plan = form.get_plan()
            if not can_edit(user, plan):
                return forbidden(self.request, NOT_EDITOR)
            record.plan = plan
        record.file.save(filename, ContentFile(form.file_bytes), save=False)
        record.save()
        start_check(record, user)
        return redirect(import_url(record))


# One import ---------------------------------------------------------------------------------


class ImportRecordMixin:
    """The import named in the URL, for users who may see it (:func:`may_see`)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.record = get_object_or_404(
            PlanImport.objects.select_related("created_by", "applied_by", "plan", "parent"), pk=kwargs["pk"]
        )
        if self.record.plan_id is None and not (self.record.creates_plan and self.record.parent_id):
            raise Http404  # the plan (or where it was to go) was deleted: nothing to show or apply
        self.plan = self.record.plan

    def dispatch(self, request, *args, **kwargs):
        if not may_see(request.user, self.record):
            return forbidden(request, NOT_EDITOR)
        return super().dispatch(request, *args, **kwargs)


class ReportView(ImportRecordMixin, WagtailAdminTemplateMixin, TemplateView):
    """The dry run's report with the confirmation button, the progress of a background
    task, or the result once applied."""

    template_name = "plans/admin/import_report.html"
    header_icon = "upload"

    def get_page_title(self):
        state = self.record.state
        if state == PlanImport.State.APPLIED:
            return _("取り込みの結果")
        if self.record.is_running:
            return _("取り込みの処理中")
        return _("取り込みの確認")

    def get_page_subtitle(self):
        return self.record.original_filename

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("kyodo_admin:imports"), "label": _("計画表の取り込み")},
            {"url": plan_imports_url(self.plan), "label": self.record.plan_title},
            {"url": "", "label": self.record.original_filename},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.record
        report = ImportReport.from_dict(record.report or {"filename": record.original_filename})
        states = PlanImport.State
        context.update(
            {
                "record": record,
                "plan": self.plan,
                "plan_title": record.plan_title,
                "report": report_context(report),
                "has_report": bool(record.report),
                "can_apply": record.state == states.CHECKED and not report.has_errors,
                "nothing_changed": NOTHING_CHANGED,
                "applied": record.state == states.APPLIED,
                "running": record.is_running,
                "failed": record.state == states.FAILED,
                "refresh_seconds": REFRESH_SECONDS,
                "other_sheets": [name for name in record.sheet_names if name != report.sheet]
                if record.state in (states.CHECKED, states.HAS_ERRORS) and len(record.sheet_names) > 1
                else [],
                "plan_admin_url": reverse("wagtailadmin_explore", args=[self.plan.pk]) if self.plan else "",
                "indicators_admin_url": (
                    f"{reverse('wagtailsnippets_plans_indicator:list')}?plan={self.plan.pk}"
                    if self.plan
                    else ""
                ),
                "upload_url": plan_imports_url(self.plan),
            }
        )
        return context


class ApplyView(ImportRecordMixin, View):
    """Apply a checked import: the stored file is read again and applied in one
    transaction (a file that now has errors changes nothing), at once or, for a large
    file, by a background task whose progress the report page shows."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        record = self.record
        user = request.user
        if record.state != PlanImport.State.CHECKED:
            messages.error(request, NOT_APPLICABLE)
            return redirect(import_url(record))
        if record.publish:
            allowed = can_publish(user, self.plan) if self.plan else can_publish_under(user, record.parent)
            if not allowed:
                return forbidden(request, _("この計画のページを公開する権限がありません。"))
        try:
            read_stored(record)
        except OSError:
            messages.error(request, FILE_GONE)
            return redirect(plan_imports_url(self.plan))
        if not start_apply(record, user):
            messages.error(request, NOT_APPLICABLE)
            return redirect(import_url(record))
        record.refresh_from_db()
        _apply_message(request, record)
        return redirect(import_url(record))


def _apply_message(request, record: PlanImport) -> None:
    states = PlanImport.State
    if record.state == states.APPLIED:
        report = ImportReport.from_dict(record.report or {"filename": record.original_filename})
        if not record.publish and not report.has_changes:
            messages.info(request, NOTHING_CHANGED)
        elif report.indicators_only:
            # A file of indicators and nothing else: no page of the plan was written.
            if record.publish:
                messages.success(request, _("指標の表を反映し、指標を公開しました。"))
            else:
                messages.success(
                    request, _("指標の表を反映しました。変更は指標の下書きとして保存されています。")
                )
        elif record.publish:
            messages.success(request, _("計画表を反映し、公開しました。"))
        else:
            messages.success(request, _("計画表を反映しました。変更は下書きとして保存されています。"))
    elif record.state == states.HAS_ERRORS:
        messages.error(
            request,
            _("反映しようとしたところエラーが見つかったため、何も変更していません。内容を確認してください。"),
        )
    elif record.state == states.FAILED:
        messages.error(request, record.error)
    else:
        messages.info(request, _("反映を始めました。この画面で進み具合を確かめられます。"))


class SheetView(ImportRecordMixin, View):
    """Check the same file again, reading another sheet of the workbook."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        record = self.record
        sheet = request.POST.get("sheet", "")
        if record.state not in (PlanImport.State.CHECKED, PlanImport.State.HAS_ERRORS):
            messages.error(request, _("この取り込みは、シートを選び直せません（反映済みか処理中です）。"))
            return redirect(import_url(record))
        if sheet not in record.sheet_names:
            messages.error(
                request,
                _("シート「%(sheet)s」がありません。あるシート：%(sheets)s")
                % {"sheet": sheet, "sheets": "、".join(record.sheet_names)},
            )
            return redirect(import_url(record))
        try:
            data = read_stored(record)
        except OSError:
            messages.error(request, FILE_GONE)
            return redirect(plan_imports_url(self.plan))
        record.sheet = sheet
        record.rows = file_facts(data, record.original_filename, sheet=sheet).rows
        record.report = {}
        record.save(update_fields=["sheet", "rows", "report"])
        start_check(record, request.user)
        return redirect(import_url(record))


# The report as the template shows it ------------------------------------------------


def report_context(report: ImportReport) -> dict:
    """Everything the report template needs, worked out here so the template only prints."""
    by_row = defaultdict(list)
    indicator_messages = defaultdict(list)
    for message in report.messages:
        if message.row:
            (indicator_messages if message.part == INDICATORS else by_row)[message.row].append(message)
    rows = []
    for result in report.rows:
        item_action = action_label(result.item_action) if result.item_action else ""
        if result.relisted and item_action:
            item_action = _("%(action)s（再掲）") % {"action": item_action}
        row_messages = by_row.get(result.row, [])
        rows.append(
            {
                "row": result.row,
                "measure_title": result.measure_title,
                "measure_action": action_label(result.measure_action),
                "measure_action_code": str(result.measure_action),
                "item_title": result.item_title,
                "item_action": item_action,
                "item_action_code": str(result.item_action or ""),
                "changes": result.changes,
                "diffs": result.diffs,
                "measure_diffs": result.measure_diffs,
                "clears": result.clears,
                "messages": [_message(message) for message in row_messages],
                "has_error": any(message.level == "error" for message in row_messages),
                "has_warning": any(message.level == "warning" for message in row_messages),
            }
        )
    readings = report.reading_lines()  # how the sheet was read, row by row
    return {
        "filename": report.filename,
        "sheet": report.sheet,
        "status_year": report.status_year,
        "counts": report.counts,
        "has_errors": report.has_errors,
        "has_changes": report.has_changes,
        "applied": report.applied,
        "published": report.published,
        "errors": [_message(message) for message in report.errors],
        "warnings": [_message(message) for message in report.warnings],
        "notes": [_message(message) for message in report.messages if message.level == "info"],
        "rows": rows,
        "changed_rows": [row for row in rows if row["diffs"] or row["measure_diffs"]],
        "readings": readings,
        "readings_open": any(line.kind == "unread" for line in readings),  # errors: shown at once
        "fiscal_year_headers": report.fiscal_year_headers,
        "departments_to_create": report.departments_to_create,
        "missing_measures": report.missing_measures,
        "missing_items": report.missing_items,
        "indicators_only": report.indicators_only,
        "has_indicators": report.has_indicators,
        "indicator_sheet": report.indicator_sheet,
        "indicator_rows": [_indicator_row(result, indicator_messages) for result in report.indicator_rows],
        "indicator_year_headers": report.indicator_year_headers,
        "missing_indicators": report.missing_indicators,
    }


def _indicator_row(result, messages_by_row) -> dict:
    row_messages = messages_by_row.get(result.row, [])
    return {
        "row": result.row,
        "name": result.name,
        "code": result.code,
        "action": action_label(result.action),
        "action_code": str(result.action),
        "changes": result.changes,
        "diffs": result.diffs,
        "clears": result.clears,
        "messages": [_message(message) for message in row_messages],
        "has_error": any(message.level == "error" for message in row_messages),
        "has_warning": any(message.level == "warning" for message in row_messages),
    }


def _message(message) -> dict:
    return {
        "level": str(message.level),
        "level_label": level_label(message.level),
        "row": message.row,
        "column": message.column or "",
        "part_label": _("指標の表") if message.part == INDICATORS else "",
        "text": message.text,
        "full": format_message(message),
    }
