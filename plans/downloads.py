"""File downloads of plans and progress reports: the public ones behind the pages' routes
and the admin one. Only published, public content reaches the public downloads.

A progress report's downloads hold what its page shows: the roll-up of the year
(:func:`plans.rollup.plan_progress`) and the indicator table
(:meth:`~plans.models.ProgressReportPage.indicator_figures`), both read from the latest
frozen version once the year's figures are frozen. The workbook has the indicators as its
sheet 「指標」; CSV holds one table per file, so the indicators have a CSV of their own."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .fiscal_years import FiscalYearError, parse_fiscal_year, wareki
from .models import PlanPage, ProgressReportPage
from .rollup import plan_progress
from .tables import exporter
from .visibility import is_visible

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def attachment(content: bytes, *, filename: str, fallback: str, file_format: str) -> HttpResponse:
    """A download response: the Japanese file name for browsers that read RFC 5987
    (``filename*``), an ASCII one for the others."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    name = f"{safe_filename(filename)}.{file_format}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}.{file_format}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def safe_filename(text: str) -> str:
    """A title as a file name: no path separators, quotes or control characters."""
    return _UNSAFE_IN_FILENAME.sub("_", text).strip(" .") or "download"


def headers_for(page) -> str:
    """Japanese pages download with Japanese headers; every other language with English."""
    return "ja" if page.locale.language_code == "ja" else "en"


def plan_table_filename(plan: PlanPage) -> str:
    return _("%(plan)s_計画表") % {"plan": plan.display_title}


def progress_filename(report: ProgressReportPage, table: str) -> str:
    plan_title = report.plan.display_title if report.plan_id else report.title
    names = {
        "counts": _("%(plan)s_%(year)s_施策ごとの集計"),
        "indicators": _("%(plan)s_%(year)s_成果指標"),
        "items": _("%(plan)s_%(year)s_進捗状況"),
    }
    return names.get(table, names["items"]) % {"plan": plan_title, "year": wareki(report.fiscal_year)}


def _require_public(page) -> None:
    if not page.live or not is_visible(page):
        raise Http404


def plan_table_response(request, plan: PlanPage, file_format: str) -> HttpResponse:
    """The published, public measures and items of a live, public plan as a plan table."""
    _require_public(plan)
    buffer = io.BytesIO()
    writer = exporter.write_xlsx if file_format == "xlsx" else exporter.write_csv
    with translation.override(plan.locale.language_code):
        writer(plan, buffer, headers=headers_for(plan))
        filename = plan_table_filename(plan)
    return attachment(
        buffer.getvalue(), filename=filename, fallback=f"plan-{plan.pk}", file_format=file_format
    )


def progress_response(
    request, report: ProgressReportPage, file_format: str, table: str = "items"
) -> HttpResponse:
    """The figures of a live, public progress report (:func:`plans.rollup.plan_progress`)
    and its indicator table, as the page shows them: ``table`` is the CSV's (``items``,
    ``counts`` or ``indicators``); the workbook has them all."""

    _require_public(report)
    if not report.plan_id:
        raise Http404
    buffer = io.BytesIO()
    with translation.override(report.locale.language_code):
        headers = headers_for(report)
        if file_format == "xlsx":
            progress = plan_progress(report.plan, report.fiscal_year)
            exporter.write_progress_xlsx(
                progress, buffer, headers=headers, indicators=report.indicator_figures()
            )
        elif table == "indicators":
            exporter.write_report_indicators_csv(
                report.indicator_figures(), report.fiscal_year, buffer, headers=headers
            )
        else:
            progress = plan_progress(report.plan, report.fiscal_year)
            exporter.write_progress_csv(progress, buffer, headers=headers, table=table)
        filename = progress_filename(report, "all" if file_format == "xlsx" else table)
    fallback = f"progress-{report.plan_id}-{report.fiscal_year}" + (f"-{table}" if table != "items" else "")
    return attachment(buffer.getvalue(), filename=filename, fallback=fallback, file_format=file_format)


# Admin ------------------------------------------------------------------------------


class PlanExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=gettext_lazy("ファイル形式"),
        choices=[("xlsx", gettext_lazy("Excel形式（.xlsx）")), ("csv", gettext_lazy("CSV形式（UTF-8）"))],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
    headers = forms.ChoiceField(
        label=gettext_lazy("見出しの言語"),
        choices=[("ja", gettext_lazy("日本語")), ("en", gettext_lazy("英語（列の英語名）"))],
        initial="ja",
        widget=forms.RadioSelect,
    )
    status_year = forms.CharField(
        label=gettext_lazy("進捗状況の年度"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("例：2024、令和6年度。空欄なら、進捗のある最新の年度を書き出します。"),
    )
    include_unpublished = forms.BooleanField(
        label=gettext_lazy("下書きと非公開のページも含める"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "含めると、未公開・非公開の施策と事業も、下書きのある事業は下書きの内容で書き出します。"
            "このファイルをそのまま公開しないでください。"
        ),
    )

    def __init__(self, *args, plan: PlanPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_status_year(self) -> int | None:
        text = self.cleaned_data["status_year"].strip()
        if not text:
            return None
        try:
            return parse_fiscal_year(text, era_start_year=self.plan.period_start).year
        except FiscalYearError as error:
            raise forms.ValidationError(str(error)) from error


class PlanExportView(WagtailAdminTemplateMixin, TemplateView):
    """「計画表の書き出し」: for users who may edit the plan; drafts may be included."""

    template_name = "plans/admin/plan_export.html"
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(PlanPage, pk=kwargs["pk"])
        if not self.plan.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("計画表の書き出し")

    def get_page_subtitle(self) -> str:
        return self.plan.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_explore", args=[self.plan.pk]), "label": self.plan.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        bound = "file_format" in request.GET
        self.form = PlanExportForm(request.GET if bound else None, plan=self.plan)
        if bound and self.form.is_valid():
            return self.download(self.form.cleaned_data)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan=self.plan, form=self.form, public_url=self.plan.get_url(self.request))
        return context

    def download(self, options: dict) -> HttpResponse:
        buffer = io.BytesIO()
        file_format = options["file_format"]
        writer = exporter.write_xlsx if file_format == "xlsx" else exporter.write_csv
        writer(
            self.plan,
            buffer,
            headers=options["headers"],
            include_unpublished=options["include_unpublished"],
            status_year=options["status_year"],
        )
        filename = plan_table_filename(self.plan)
        if options["include_unpublished"]:
            filename = _("%(name)s_下書きを含む") % {"name": filename}
        return attachment(
            buffer.getvalue(), filename=filename, fallback=f"plan-{self.plan.pk}", file_format=file_format
        )


def admin_urls() -> list:
    return [path("kyodo/exports/plan/<int:pk>/", PlanExportView.as_view(), name="kyodo_plan_export")]
