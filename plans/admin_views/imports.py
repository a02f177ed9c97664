"""「計画表の取り込み」: upload a plan table, read the dry run's report, confirm to apply.

Every upload is kept as a :class:`~plans.models.PlanImport` (the file and the report), so
that the confirmation applies exactly the file that was checked, and the list of past
imports is the record of who changed a plan from a spreadsheet and when.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from ..models import PlanImport, PlanPage
from ..services.imports import import_plan_file
from ..tables.report import ImportReport, action_label, format_message, level_label
from .access import forbidden
from .forms import ImportUploadForm, PublishChoice

IMPORTS_PER_PAGE = 20
FILE_GONE = gettext_lazy("取り込んだファイルが見つかりません。もう一度ファイルを選んで確認してください。")
NOT_EDITOR = gettext_lazy("計画表を取り込めるのは、その計画のページを編集できる職員だけです。")


def can_edit(user, plan: PlanPage) -> bool:
    return plan.permissions_for_user(user).can_edit()


def can_publish(user, plan: PlanPage) -> bool:
    return plan.permissions_for_user(user).can_publish()


def editable_plans(user) -> list[PlanPage]:
    """The plans of the default language that ``user`` may edit (imports write there;
    translations follow through wagtail-localize)."""
    plans = PlanPage.objects.filter(locale=Locale.get_default()).order_by("path")
    return [plan for plan in plans if can_edit(user, plan)]


def can_import(user) -> bool:
    """Whether 「計画表の取り込み」 opens for ``user`` from the admin menu: they may edit at
    least one plan. The menu item (``plans.wagtail_hooks``) shows on this same check."""
    return bool(editable_plans(user))


def import_url(record: PlanImport) -> str:
    return reverse("kyodo_admin:import_detail", args=[record.pk])


def plan_imports_url(plan: PlanPage) -> str:
    return reverse("kyodo_admin:plan_imports", args=[plan.pk])


def check_file(record: PlanImport, *, user, plan: PlanPage, data: bytes) -> ImportReport:
    """The dry run of a stored upload, kept on the record."""
    report = import_plan_file(
        data,
        record.original_filename,
        plan=plan,
        status_year=record.status_year,
        sheet=record.sheet or None,
        dry_run=True,
        publish=record.publish,
        user=user,
    )
    record.report = report.to_dict()
    record.state = PlanImport.State.HAS_ERRORS if report.has_errors else PlanImport.State.CHECKED
    record.save(update_fields=["report", "state"])
    return report


class UploadView(WagtailAdminTemplateMixin, FormView):
    """The upload form and the imports made so far. Reached from the admin menu (choose the
    plan in the form) or from a plan's page (``plan_id`` in the URL)."""

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
        kwargs["plan"] = self.plan
        kwargs["plans"] = PlanPage.objects.filter(pk__in=[plan.pk for plan in self.plans]).order_by("path")
        kwargs["can_publish"] = lambda plan: can_publish(self.request.user, plan)
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if self.plan is None and self.request.GET.get("plan", "").isdigit():
            initial["plan"] = int(self.request.GET["plan"])
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        imports = PlanImport.objects.filter(plan__in=self.plans).select_related("plan", "created_by")
        paginator = Paginator(imports, IMPORTS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            {
                "plan": self.plan,
                "imports": page.object_list,
                "page_obj": page,
                "paginator": paginator,
                "elided_page_range": paginator.get_elided_page_range(page.number),
                "can_publish_any": any(can_publish(self.request.user, plan) for plan in self.plans),
                "plan_admin_url": reverse("wagtailadmin_explore", args=[self.plan.pk]) if self.plan else "",
            }
        )
        return context

    def form_valid(self, form):
        plan = form.get_plan()
        if not can_edit(self.request.user, plan):
            return forbidden(self.request, NOT_EDITOR)
        upload = form.cleaned_data["file"]
        data = upload.read()
        filename = PurePath(upload.name).name
        record = PlanImport(
            plan=plan,
            original_filename=filename,
            sheet=form.cleaned_data["sheet"].strip(),
            status_year=form.cleaned_data["status_year"],
            publish=form.cleaned_data["publish"] == PublishChoice.PUBLISH,
            created_by=self.request.user,
        )
        record.file.save(filename, ContentFile(data), save=False)
        record.save()
        check_file(record, user=self.request.user, plan=plan, data=data)
        return redirect(import_url(record))


class ImportRecordMixin:
    """The import named in the URL, for users who may edit its plan."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.record = get_object_or_404(PlanImport.objects.select_related("created_by"), pk=kwargs["pk"])
        if self.record.plan_id is None:
            raise Http404  # the plan was deleted; nothing to show or apply it to
        self.plan = PlanPage.objects.get(pk=self.record.plan_id)

    def dispatch(self, request, *args, **kwargs):
        if not can_edit(request.user, self.plan):
            return forbidden(request, NOT_EDITOR)
        return super().dispatch(request, *args, **kwargs)


class ReportView(ImportRecordMixin, WagtailAdminTemplateMixin, TemplateView):
    """The dry run's report with the confirmation button, or the result once applied."""

    template_name = "plans/admin/import_report.html"
    header_icon = "upload"

    def get_page_title(self):
        if self.record.state == PlanImport.State.APPLIED:
            return _("取り込みの結果")
        return _("取り込みの確認")

    def get_page_subtitle(self):
        return self.record.original_filename

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("kyodo_admin:imports"), "label": _("計画表の取り込み")},
            {"url": plan_imports_url(self.plan), "label": self.plan.title},
            {"url": "", "label": self.record.original_filename},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = ImportReport.from_dict(self.record.report or {"filename": self.record.original_filename})
        context.update(
            {
                "record": self.record,
                "plan": self.plan,
                "report": report_context(report),
                "can_apply": self.record.state == PlanImport.State.CHECKED and not report.has_errors,
                "applied": self.record.state == PlanImport.State.APPLIED,
                "plan_admin_url": reverse("wagtailadmin_explore", args=[self.plan.pk]),
                "upload_url": plan_imports_url(self.plan),
            }
        )
        return context


class ApplyView(ImportRecordMixin, View):
    """Apply a checked import: the stored file is read again and applied in one
    transaction; a file that now has errors changes nothing."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            record = PlanImport.objects.select_for_update().get(pk=self.record.pk)
            if record.state != PlanImport.State.CHECKED:
                messages.error(request, _("この取り込みは反映できません（反映済みか、エラーがあります）。"))
                return redirect(import_url(record))
            if record.publish and not can_publish(request.user, self.plan):
                return forbidden(request, _("この計画のページを公開する権限がありません。"))
            try:
                with record.file.open("rb") as stored:
                    data = stored.read()
            except OSError:
                messages.error(request, FILE_GONE)
                return redirect(plan_imports_url(self.plan))
            report = import_plan_file(
                data,
                record.original_filename,
                plan=self.plan,
                status_year=record.status_year,
                sheet=record.sheet or None,
                dry_run=False,
                publish=record.publish,
                user=request.user,
            )
            record.report = report.to_dict()
            if report.has_errors:
                record.state = PlanImport.State.HAS_ERRORS
                record.save(update_fields=["report", "state"])
                messages.error(
                    request,
                    _(
                        "反映しようとしたところエラーが見つかったため、何も変更していません。内容を確認してください。"
                    ),
                )
                return redirect(import_url(record))
            record.state = PlanImport.State.APPLIED
            record.applied_at = timezone.now()
            record.save(update_fields=["report", "state", "applied_at"])
        if record.publish:
            messages.success(request, _("計画表を反映し、公開しました。"))
        else:
            messages.success(request, _("計画表を反映しました。変更は下書きとして保存されています。"))
        return redirect(import_url(record))


# The report as the template shows it ------------------------------------------------


def report_context(report: ImportReport) -> dict:
    """Everything the report template needs, worked out here so the template only prints."""
    by_row = defaultdict(list)
    for message in report.messages:
        if message.row:
            by_row[message.row].append(message)
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
        "readings": readings,
        "readings_open": any(line.kind == "unread" for line in readings),  # errors: shown at once
        "fiscal_year_headers": report.fiscal_year_headers,
        "departments_to_create": report.departments_to_create,
        "missing_measures": report.missing_measures,
        "missing_items": report.missing_items,
    }


def _message(message) -> dict:
    return {
        "level": str(message.level),
        "level_label": level_label(message.level),
        "row": message.row,
        "column": message.column or "",
        "text": message.text,
        "full": format_message(message),
    }
