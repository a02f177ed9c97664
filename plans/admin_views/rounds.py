"""「年度照会」: PR staff open a reporting round for a plan and a fiscal year, follow each
department's answers (the items' progress and the values of the indicators each item answers
for, old → new), remind, approve or return them, close the round (which publishes and freezes
the year's report) and correct a closed report."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..fiscal_years import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR, fiscal_year_ja, fiscal_year_of
from ..models import ActionItemPage, Department, FrozenProgress, PlanPage, ProgressReportPage, ReportingRound
from ..reporting import round_overview
from ..round_indicators import indicator_answers
from ..services.rounds import (
    RoundError,
    close_round,
    correct_figures,
    open_round,
    review_answer,
    send_reminders,
)
from ..vocabularies import AnswerState
from .access import forbidden
from .forms import CorrectionForm, ReviewForm, RoundForm

PERMISSION = "plans.manage_reportinground"


def can_manage_rounds(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


def _refuse(request):
    return forbidden(request, _("年度照会を扱えるのは広報担当の職員だけです。"))


class ManagerRequired:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_rounds(request.user):
            return _refuse(request)
        return super().dispatch(request, *args, **kwargs)


class RoundListView(ManagerRequired, WagtailAdminTemplateMixin, TemplateView):
    template_name = "plans/admin/rounds.html"
    page_title = gettext_lazy("年度照会")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rounds = list(
            ReportingRound.objects.select_related("plan").order_by("status", "-fiscal_year", "due_date")
        )
        context["rounds"] = [(reporting_round, round_overview(reporting_round)) for reporting_round in rounds]
        return context


def _japanese_plans():
    return PlanPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("path")


def _year_choices() -> list[tuple[int, str]]:
    this_year = fiscal_year_of(timezone.localdate())
    years = [
        year for year in range(this_year + 1, this_year - 4, -1) if MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR
    ]
    return [(year, fiscal_year_ja(year)) for year in years]


class RoundCreateView(ManagerRequired, WagtailAdminTemplateMixin, TemplateView):
    template_name = "plans/admin/round_form.html"
    page_title = gettext_lazy("年度照会を始める")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("kyodo_admin:rounds"), "label": _("年度照会")},
            {"url": "", "label": self.page_title},
        ]

    def form(self):
        this_year = fiscal_year_of(timezone.localdate())
        initial = {"fiscal_year": this_year - 1} if self.request.method == "GET" else None
        return RoundForm(
            self.request.POST or None, initial=initial, plans=_japanese_plans(), years=_year_choices()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        return context

    def post(self, request, *args, **kwargs):
        form = self.form()
        if form.is_valid():
            try:
                reporting_round = open_round(
                    form.cleaned_data["plan"],
                    fiscal_year=form.cleaned_data["fiscal_year"],
                    due_date=form.cleaned_data["due_date"],
                    message=form.cleaned_data["message"],
                    user=request.user,
                )
            except (RoundError, ValidationError) as error:
                form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
            else:
                messages.success(
                    request,
                    _("%(plan)sの%(year)sの照会を始めました。担当課の「担当の事業」に表示されます。")
                    % {
                        "plan": reporting_round.plan.title,
                        "year": fiscal_year_ja(reporting_round.fiscal_year),
                    },
                )
                return redirect("kyodo_admin:round_detail", reporting_round.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RoundDetailView(ManagerRequired, WagtailAdminTemplateMixin, TemplateView):
    template_name = "plans/admin/round_detail.html"
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.reporting_round = get_object_or_404(
            ReportingRound.objects.select_related("plan"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return _("%(year)sの照会") % {"year": fiscal_year_ja(self.reporting_round.fiscal_year)}

    def get_page_subtitle(self):
        return self.reporting_round.plan.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("kyodo_admin:rounds"), "label": _("年度照会")},
            {"url": "", "label": f"{self.get_page_subtitle()} {self.get_page_title()}"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        overview = round_overview(self.reporting_round)
        state = self.request.GET.get("state", "")
        department = self.request.GET.get("department", "")
        items = overview.items
        if state in AnswerState.values:
            items = [item for item in items if overview.answers[item.pk].state == state]
        if department.isdigit():
            items = [
                item
                for item in items
                if any(link.department_id == int(department) for link in item.department_links)
            ]
        report = ProgressReportPage.objects.filter(
            plan=self.reporting_round.plan, fiscal_year=self.reporting_round.fiscal_year
        ).first()
        found = indicator_answers(items, self.reporting_round.fiscal_year)
        context.update(
            reporting_round=self.reporting_round,
            overview=overview,
            rows=[(item, overview.answers[item.pk], found[item.pk]) for item in items],
            states=list(AnswerState),
            state=state,
            department=department,
            report=report,
            versions=FrozenProgress.objects.filter(
                plan_key=self.reporting_round.plan.translation_key,
                fiscal_year=self.reporting_round.fiscal_year,
            ).order_by("version"),
            review_form=ReviewForm(),
            correction_form=kwargs.get("correction_form") or CorrectionForm(),
        )
        return context


def _round_for(request, pk):
    return get_object_or_404(ReportingRound.objects.select_related("plan"), pk=pk)


def _detail(reporting_round, anchor=""):
    return redirect(reverse("kyodo_admin:round_detail", args=[reporting_round.pk]) + anchor)


@require_POST
def review_view(request, pk: int, item_id: int):
    if not can_manage_rounds(request.user):
        return _refuse(request)
    reporting_round = _round_for(request, pk)
    item = get_object_or_404(ActionItemPage, pk=item_id, plan=reporting_round.plan)
    approve = request.POST.get("action") == "approve"
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        review_answer(item, user=request.user, approve=approve, comment=form.cleaned_data.get("comment", ""))
    except RoundError as error:
        messages.error(request, str(error))
    else:
        label = item.draft_title or item.title
        if approve:
            messages.success(request, _("「%(title)s」を承認し、公開しました。") % {"title": label})
        else:
            messages.success(request, _("「%(title)s」を担当課に差し戻しました。") % {"title": label})
    return _detail(reporting_round, "#answers")


@require_POST
def remind_view(request, pk: int):
    if not can_manage_rounds(request.user):
        return _refuse(request)
    reporting_round = _round_for(request, pk)
    ids = [int(value) for value in request.POST.getlist("department") if value.isdigit()]
    departments = list(Department.objects.filter(pk__in=ids)) if ids else None
    try:
        sent = send_reminders(reporting_round, user=request.user, departments=departments)
    except RoundError as error:
        messages.error(request, str(error))
    else:
        if sent:
            messages.success(request, _("督促メールを%(count)d人に送りました。") % {"count": sent})
        else:
            messages.warning(
                request,
                _(
                    "督促メールを送る相手がいません（未提出の事業がないか、部署にメールアドレスの登録された職員がいません）。"
                ),
            )
    return _detail(reporting_round)


@require_POST
def close_view(request, pk: int):
    if not can_manage_rounds(request.user):
        return _refuse(request)
    reporting_round = _round_for(request, pk)
    if not reporting_round.plan.permissions_for_user(request.user).can_publish():
        return forbidden(request, _("この計画のページを公開する権限がありません。"))
    try:
        report = close_round(reporting_round, user=request.user)
    except RoundError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("照会を締め切り、「%(title)s」を公開しました。この報告の数値は確定しました。")
            % {"title": report.title},
        )
    return _detail(reporting_round)


@require_POST
def correct_view(request, pk: int):
    if not can_manage_rounds(request.user):
        return _refuse(request)
    reporting_round = _round_for(request, pk)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            frozen = correct_figures(reporting_round, user=request.user, note=form.cleaned_data["note"])
        except (RoundError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request, _("報告の数値を訂正しました（第%(version)d版）。") % {"version": frozen.version}
            )
            return _detail(reporting_round)
    else:
        messages.error(request, " ".join(form.errors.get("note", [])))
    return _detail(reporting_round, "#correction")
