"""「担当の事業」: department staff see the items their departments lead or partner on, and
record each item's status for a fiscal year as a revision of the item; during an open round,
with the round year's values of the indicators the item answers for (see
:mod:`plans.round_indicators`), saved as revisions of the indicators and submitted with it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..fiscal_years import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR, fiscal_year_of
from ..models import ActionItemDepartment, ActionItemPage, PlanPage
from ..reporting import answers, open_rounds_for, with_department_counts
from ..round_indicators import answers_for_user
from ..scales import scale_of
from ..services.progress import record_progress
from ..services.rounds import RoundError, open_round_of, record_indicator_values, submit_progress
from ..templatetags.kyodo import fiscal_year as fiscal_year_label
from .access import forbidden
from .forms import IndicatorValuesForm, MyItemsFilterForm, ProgressForm
from .progress import (
    is_responsible,
    items_of_departments,
    latest_progress,
    my_items,
    user_departments,
)

ITEMS_PER_PAGE = 50


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


def my_items_url(*, year: int | None = None) -> str:
    url = reverse("kyodo_admin:my_items")
    return f"{url}?{urlencode({'year': year})}" if year else url


class MyItemsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "plans/admin/my_items.html"
    page_title = gettext_lazy("担当の事業")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        departments = user_departments(self.request.user)
        department_list = list(departments.select_related("parent"))
        context["departments"] = department_list
        if not department_list:
            return context

        items = items_of_departments(departments)
        plans = list(PlanPage.objects.filter(pk__in=items.values("plan_id")).order_by("path"))
        rounds = open_rounds_for(departments)
        # The year of the open round due first, otherwise this fiscal year: the list and the
        # year box always show the same year.
        default_year = rounds[0].fiscal_year if rounds else current_fiscal_year()
        years = self.year_choices(plans, current_fiscal_year()) + [r.fiscal_year for r in rounds]
        data = self.request.GET.copy()
        if not data.get("year"):
            data["year"] = str(default_year)  # a plan chosen without a year keeps the year shown
        filters = MyItemsFilterForm(
            data,
            years=[(year, fiscal_year_label(year)) for year in sorted(set(years), reverse=True)],
            plans=[(plan.pk, plan.title) for plan in plans],
        )
        year, plan_id = default_year, None
        if filters.is_valid():
            year = filters.cleaned_data["year"] or default_year
            plan_id = filters.cleaned_data["plan"]
        if plan_id:
            items = items.filter(plan_id=plan_id)
        paginator = Paginator(items.select_related("plan", "measure"), ITEMS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        rows = my_items(list(page.object_list), departments, year)
        found = answers([row.item for row in rows], year)
        for row in rows:
            row.answer = found[row.item.pk]
        with_department_counts(rounds, departments)
        context.update(
            {
                "rounds": rounds,
                "filters": filters,
                "year": year,
                "rows": rows,
                "page_obj": page,
                "paginator": paginator,
                "item_count": paginator.count,
                "elided_page_range": paginator.get_elided_page_range(page.number),
            }
        )
        return context

    @staticmethod
    def year_choices(plans: list[PlanPage], this_year: int) -> list[int]:
        """Every year of the plans' periods, and this year and the last (reports are written
        in the year after), newest first."""
        years = {this_year, this_year - 1}
        for plan in plans:
            years.update(plan.fiscal_years)
        return sorted((year for year in years if MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR), reverse=True)


class MyItemProgressView(WagtailAdminTemplateMixin, FormView):
    """The progress of one item in one fiscal year, saved as a new revision of the item."""

    template_name = "plans/admin/my_item_progress.html"
    form_class = ProgressForm
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.item = get_object_or_404(
            ActionItemPage.objects.select_related("plan", "measure"), pk=kwargs["item_id"]
        )

    def dispatch(self, request, *args, **kwargs):
        if not is_responsible(request.user, self.item):
            return forbidden(
                request, _("この事業の担当部署に所属している職員だけが、進捗状況を入力できます。")
            )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def permissions(self):
        return self.item.permissions_for_user(self.request.user)

    @cached_property
    def can_publish(self) -> bool:
        return self.permissions.can_publish()

    @cached_property
    def progress(self):
        return latest_progress(self.item)

    @cached_property
    def requested_year(self) -> int:
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            return current_fiscal_year()
        return year if MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR else current_fiscal_year()

    def get_page_title(self):
        return _("進捗状況の入力")

    def get_page_subtitle(self):
        return self.item.draft_title or self.item.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": my_items_url(), "label": _("担当の事業")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    @cached_property
    def scale(self):
        return scale_of(self.item.plan)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["era_start_year"] = self.item.plan.period_start if self.item.plan else None
        kwargs["scale"] = self.scale
        return kwargs

    def get_initial(self):
        year = self.requested_year
        initial = {"fiscal_year": str(year)}
        entry = next((entry for entry in self.progress if entry.fiscal_year == year), None)
        if entry:
            initial.update(
                status=ProgressForm.initial_status(self.scale, entry.status, entry.grade),
                percent=entry.percent,
                narrative=entry.narrative,
            )
        return initial

    @cached_property
    def reporting_round(self):
        """The open round of the item's plan for the year shown, if any."""
        return open_round_of(self.item, self.requested_year)

    @cached_property
    def indicator_answers(self):
        """The indicators the item answers for in the round's year (none outside a round)."""
        if self.reporting_round is None:
            return []
        return answers_for_user(self.item, self.requested_year, self.request.user)

    @cached_property
    def indicator_form(self) -> IndicatorValuesForm:
        data = self.request.POST if self.request.method == "POST" else None
        return IndicatorValuesForm(data, answers=self.indicator_answers)

    def post(self, request, *args, **kwargs):
        offered = {answer.indicator.pk for answer in self.indicator_form.answers}
        if IndicatorValuesForm.posted_indicators(request.POST) - offered:
            return forbidden(request, _("この指標の実績値を入力する権限がありません。"))
        form = self.get_form()
        valid = form.is_valid()
        valid = self.indicator_form.is_valid() and valid
        return self.form_valid(form) if valid else self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            reporting_round=self.reporting_round,
            indicator_form=self.indicator_form,
            readonly_indicators=[answer for answer in self.indicator_answers if not answer.editable],
        )
        links = ActionItemDepartment.objects.filter(item=self.item).select_related("department")
        context.update(
            {
                "item": self.item,
                "title": self.get_page_subtitle(),
                "department_links": list(links.order_by("sort_order")),
                "progress": self.progress,
                "can_publish": self.can_publish,
                "locked": self.locked,
                "answer": self.answer,
                "can_submit": self.item.get_workflow() is not None,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[self.item.pk])
                if self.permissions.can_edit()
                else "",
                "back_url": my_items_url(year=self.requested_year),
            }
        )
        return context

    @cached_property
    def locked(self) -> bool:
        return bool(self.permissions.page_locked())

    @cached_property
    def answer(self):
        return answers([self.item], self.requested_year)[self.item.pk]

    def form_valid(self, form):
        if self.locked:
            form.add_error(
                None, _("この事業は編集中のためロックされています。ロックが解除されてから保存してください。")
            )
            return self.form_invalid(form)
        publish = "publish" in self.request.POST
        if publish and not self.can_publish:
            return forbidden(
                self.request, _("この事業を公開する権限がありません。下書きとして保存してください。")
            )
        year = form.cleaned_data["fiscal_year"]
        status, grade = form.level
        values = {"title": self.get_page_subtitle(), "year": fiscal_year_label(year)}
        indicator_values = self.indicator_form.changes
        if indicator_values and year != self.requested_year:
            form.add_error(
                None,
                _(
                    "指標の実績値は%(round_year)sの値です。年度を%(round_year)sにするか、"
                    "指標の欄を元に戻してから保存してください。"
                )
                % {"round_year": fiscal_year_label(self.requested_year)},
            )
            return self.form_invalid(form)
        if "submit" in self.request.POST:
            try:
                submit_progress(
                    self.item,
                    fiscal_year=year,
                    status=status,
                    grade=grade,
                    percent=form.cleaned_data["percent"],
                    narrative=form.cleaned_data["narrative"].strip(),
                    user=self.request.user,
                    indicator_values=indicator_values,
                )
            except RoundError as error:
                form.add_error(None, str(error))
                return self.form_invalid(form)
            messages.success(
                self.request,
                _("「%(title)s」の%(year)sの進捗状況を提出しました。広報担当が確認して公開します。") % values,
            )
            return redirect(my_items_url(year=year))
        try:
            with transaction.atomic():
                record_progress(
                    self.item,
                    fiscal_year=year,
                    status=status,
                    grade=grade,
                    percent=form.cleaned_data["percent"],
                    narrative=form.cleaned_data["narrative"].strip(),
                    user=self.request.user,
                    publish=publish,
                )
                record_indicator_values(
                    self.item,
                    fiscal_year=year,
                    values=indicator_values,
                    user=self.request.user,
                    # Values are published with the page only by those who may publish indicators.
                    publish=publish and self.request.user.has_perm("plans.publish_indicator"),
                )
        except RoundError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if publish:
            messages.success(
                self.request, _("「%(title)s」の%(year)sの進捗状況を保存し、公開しました。") % values
            )
        else:
            messages.success(
                self.request,
                _(
                    "「%(title)s」の%(year)sの進捗状況を下書きとして保存しました。"
                    "まだ提出していません。入力が終わったら「提出する」を選んでください。"
                )
                % values,
            )
        return redirect(my_items_url(year=year))
