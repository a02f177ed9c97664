"""Reads of the yearly reporting round (年度照会): which items a round asks about, where each
department's answer stands, and the figures the office follows.

An answer is the item's progress row for the round's year. Where it stands is read from
where Wagtail keeps it, never stored twice:

- 提出済: the item is in review (its workflow is in progress);
- 差し戻し: the reviewer asked for changes (the workflow needs changes), with their comment;
- 入力中: the item's latest revision holds a row for the year that is not yet published;
- 承認済: the published item holds a row for the year;
- 未入力: none of these.

Every function runs a fixed number of queries whatever the number of items.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone

from wagtail.models import Page, Revision, TaskState, WorkflowState

from .models import ActionItemDepartment, ActionItemPage, Department, PlanPage, ProgressRow, ReportingRound
from .scales import DEFAULT_SCALE, Scale, scales_for
from .selectors import department_prefetch
from .vocabularies import AnswerState

UNANSWERED = (AnswerState.MISSING, AnswerState.DRAFT, AnswerState.RETURNED)


@dataclass
class Answer:
    state: str
    status: str = ""
    percent: int | None = None
    narrative: str = ""
    comment: str = ""  # the reviewer's, when returned
    grade: str = ""
    reported: bool = False  # there is a row for the year (評価なし when it has no status)
    scale: Scale = DEFAULT_SCALE  # the evaluation scale of the item's plan

    @property
    def state_label(self) -> str:
        return AnswerState(self.state).label

    @property
    def status_label(self) -> str:
        """In the words of the plan's scale; 評価なし for a row without a status."""
        return self.scale.label(self.status, self.grade) if self.reported else ""


def round_items(reporting_round: ReportingRound) -> QuerySet[ActionItemPage]:
    """The published items of the round's plan, in the plan's order."""
    return ActionItemPage.objects.live().filter(plan_id=reporting_round.plan_id).order_by("path")


def _row_values(row) -> tuple:
    return (
        row.get("status") or "",
        row.get("grade") or "",
        row.get("percent"),
        (row.get("narrative") or "").strip(),
    )


def answers(items: list[ActionItemPage], fiscal_year: int) -> dict[int, Answer]:
    """Where the answer for ``fiscal_year`` of each of ``items`` stands (seven queries)."""
    pks = [item.pk for item in items]
    live = {
        row.item_id: {
            "status": row.status,
            "grade": row.grade,
            "percent": row.percent,
            "narrative": row.narrative,
        }
        for row in ProgressRow.objects.filter(item_id__in=pks, fiscal_year=fiscal_year)
    }
    plan_ids = {item.plan_id for item in items if item.plan_id}
    scales = (
        scales_for(PlanPage.objects.filter(pk__in=plan_ids).only("pk", "translation_key")) if plan_ids else {}
    )
    draft_revisions = {item.latest_revision_id: item.pk for item in items if item.has_unpublished_changes}
    drafts: dict[int, dict] = {}
    for revision_id, progress in Revision.objects.filter(pk__in=list(draft_revisions)).values_list(
        "pk", "content__progress"
    ):
        row = next((row for row in progress or [] if row.get("fiscal_year") == fiscal_year), None)
        if row is not None:
            drafts[draft_revisions[revision_id]] = row

    page_type = ContentType.objects.get_for_model(Page)
    states = {
        int(state.object_id): state
        for state in WorkflowState.objects.filter(
            base_content_type=page_type,
            object_id__in=[str(pk) for pk in pks],
            status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
        )
    }
    comments: dict[int, str] = {}
    returned = [state.pk for state in states.values() if state.status == WorkflowState.STATUS_NEEDS_CHANGES]
    for state_id, comment in (
        TaskState.objects.filter(workflow_state_id__in=returned, status=TaskState.STATUS_REJECTED)
        .order_by("finished_at")
        .values_list("workflow_state_id", "comment")
    ):
        comments[state_id] = comment

    result = {}
    for item in items:
        row = drafts.get(item.pk) or live.get(item.pk)
        values = _row_values(row) if row else ("", "", None, "")
        workflow = states.get(item.pk)
        if workflow is not None and workflow.status == WorkflowState.STATUS_IN_PROGRESS:
            state = AnswerState.SUBMITTED
        elif workflow is not None:
            state = AnswerState.RETURNED
        elif item.pk in drafts and (
            item.pk not in live or _row_values(drafts[item.pk]) != _row_values(live[item.pk])
        ):
            state = AnswerState.DRAFT
        elif item.pk in live:
            state = AnswerState.APPROVED
        else:
            state = AnswerState.MISSING
        result[item.pk] = Answer(
            state=state,
            status=values[0],
            grade=values[1],
            percent=values[2],
            narrative=values[3],
            comment=comments.get(workflow.pk, "") if workflow is not None else "",
            reported=row is not None,
            scale=scales.get(item.plan_id, DEFAULT_SCALE),
        )
    return result


@dataclass
class DepartmentRow:
    department: Department
    items: list[ActionItemPage] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    last_reminder: object = None

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def unanswered(self) -> int:
        return sum(self.counts[state] for state in UNANSWERED)

    def cells(self) -> list[tuple[str, int]]:
        """(state, count) in the order of ``AnswerState``."""
        return [(state.value, self.counts[state]) for state in AnswerState]


@dataclass
class RoundOverview:
    reporting_round: ReportingRound
    items: list[ActionItemPage]
    answers: dict[int, Answer]
    departments: list[DepartmentRow]

    @property
    def counts(self) -> Counter:
        return Counter(answer.state for answer in self.answers.values())

    def state_counts(self) -> list[tuple[str, str, int]]:
        counts = self.counts
        return [(state.value, state.label, counts[state]) for state in AnswerState]

    @property
    def overdue(self) -> bool:
        return self.reporting_round.is_open and timezone.localdate() > self.reporting_round.due_date


def round_overview(
    reporting_round: ReportingRound, *, departments: QuerySet[Department] | None = None
) -> RoundOverview:
    """The round's items (those of ``departments`` only, when given), their answers, and per
    department how many are in each state."""
    items = round_items(reporting_round)
    if departments is not None:
        items = items.filter(departments__department__in=departments).distinct()
    items = list(items.select_related("measure"))
    found = answers(items, reporting_round.fiscal_year)
    rows: dict[int, DepartmentRow] = {}
    prefetch_related_objects(items, department_prefetch(to_attr="department_links"))
    for item in items:
        for link in item.department_links:
            if departments is not None and link.department not in departments:
                continue
            row = rows.setdefault(link.department_id, DepartmentRow(link.department))
            if item not in row.items:
                row.items.append(item)
                row.counts[found[item.pk].state] += 1
    reminders = {}
    for reminder in reporting_round.reminders.order_by("sent_at"):
        reminders[reminder.department_id] = reminder
    for department_id, row in rows.items():
        row.last_reminder = reminders.get(department_id)
    ordered = sorted(rows.values(), key=lambda row: (row.department.sort_order, row.department.name))
    return RoundOverview(reporting_round, items, found, ordered)


def open_rounds_for(departments: QuerySet[Department]) -> list[ReportingRound]:
    """Open rounds of plans with an item that one of ``departments`` leads or partners on."""
    plans = ActionItemDepartment.objects.filter(department__in=departments).values("item__plan_id")
    return list(
        ReportingRound.objects.filter(status=ReportingRound.Status.OPEN, plan_id__in=plans)
        .select_related("plan")
        .order_by("due_date")
    )


def with_department_counts(
    rounds: list[ReportingRound], departments: QuerySet[Department]
) -> list[ReportingRound]:
    """Set on each round how many of its items ``departments`` lead or partner on
    (``mine``), how many of those are unanswered or returned, and whether it is overdue."""
    links = ActionItemDepartment.objects.filter(department__in=departments).values("item_id")
    for reporting_round in rounds:
        items = list(round_items(reporting_round).filter(pk__in=links))
        states = [answer.state for answer in answers(items, reporting_round.fiscal_year).values()]
        reporting_round.mine = len(items)
        reporting_round.unanswered = sum(1 for state in states if state in UNANSWERED)
        reporting_round.returned = states.count(AnswerState.RETURNED)
        reporting_round.overdue = timezone.localdate() > reporting_round.due_date
    return rounds
