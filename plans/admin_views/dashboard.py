"""Panels of the admin's dashboard: what each person has to do next.

- PR staff (who run the reporting rounds): the open rounds with their answers by state,
  the answers waiting for review, and the plans in force whose items have no progress
  for the last fiscal year (stale).
- Department staff: the open rounds of their departments, the due date, and how many of
  their items are still unanswered.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils import timezone

from wagtail.admin.ui.components import Component

from ..fiscal_years import fiscal_year_of
from ..models import ActionItemPage, PlanPage, ProgressRow, ReportingRound
from ..reporting import open_rounds_for, round_overview, with_department_counts
from ..vocabularies import AnswerState, PlanStatus
from .progress import user_departments
from .rounds import can_manage_rounds

STALE_LIMIT = 10


class RoundsPanel(Component):
    name = "kyodo_rounds"
    template_name = "plans/admin/dashboard/rounds.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        overviews = [
            round_overview(reporting_round)
            for reporting_round in ReportingRound.objects.filter(status=ReportingRound.Status.OPEN)
            .select_related("plan")
            .order_by("due_date")
        ]
        last_year = fiscal_year_of(timezone.localdate()) - 1
        reported = ProgressRow.objects.filter(item=OuterRef("pk"), fiscal_year=last_year)
        stale = (
            ActionItemPage.objects.live()
            .filter(plan__status=PlanStatus.IN_FORCE, plan__locale__language_code="ja")
            .annotate(reported=Exists(reported))
            .filter(reported=False)
        )
        stale_plans = list(
            PlanPage.objects.filter(pk__in=stale.values("plan_id")).order_by("path")[:STALE_LIMIT]
        )
        return {
            "overviews": overviews,
            "waiting": sum(overview.counts[AnswerState.SUBMITTED] for overview in overviews),
            "last_year": last_year,
            "stale_count": stale.count(),
            "stale_plans": stale_plans,
        }


class MyRoundsPanel(Component):
    name = "kyodo_my_rounds"
    template_name = "plans/admin/dashboard/my_rounds.html"
    order = 40

    def __init__(self, request, departments):
        self.request = request
        self.departments = departments

    def get_context_data(self, parent_context):
        rounds = with_department_counts(open_rounds_for(self.departments), self.departments)
        return {"rounds": rounds}


def homepage_panels(request, panels) -> None:
    user = request.user
    if can_manage_rounds(user):
        panels.append(RoundsPanel(request))
    departments = user_departments(user)
    if departments.exists():
        panels.append(MyRoundsPanel(request, departments))
