"""Reads and writes behind 「担当の事業」: which items a user's departments are responsible
for, their status in a fiscal year, and recording a status as a revision of the item.

A status is written into the item's next revision, never straight into the live rows, so
that what a department records reaches the public only when the item is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from wagtail.models import Revision

from ..models import ActionItemDepartment, ActionItemPage, Department, ProgressRow
from ..scales import DEFAULT_SCALE, Scale, scale_of, scales_for
from ..vocabularies import DepartmentRole


def user_departments(user) -> QuerySet[Department]:
    """The departments ``user`` is a member of."""
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(members=user)


def items_of_departments(departments: QuerySet[Department]) -> QuerySet[ActionItemPage]:
    """Items that any of ``departments`` leads or partners on, in tree order (plan, measure,
    item), whether published or not."""
    links = ActionItemDepartment.objects.filter(department__in=departments).values("item_id")
    return ActionItemPage.objects.filter(pk__in=links).order_by("path")


def is_responsible(user, item: ActionItemPage) -> bool:
    return ActionItemDepartment.objects.filter(item=item, department__members=user).exists()


@dataclass
class ProgressEntry:
    fiscal_year: int
    status: str
    percent: int | None = None
    narrative: str = ""
    grade: str = ""
    scale: Scale = DEFAULT_SCALE  # the evaluation scale of the item's plan

    @property
    def status_label(self) -> str:
        """In the words of the plan's scale; 評価なし for a row without a status."""
        return self.scale.label(self.status, self.grade)


@dataclass
class MyItem:
    """One row of 「担当の事業」."""

    item: ActionItemPage
    roles: list[tuple[Department, str]] = field(default_factory=list)
    entry: ProgressEntry | None = None  # the status for the chosen year, in the latest revision

    @property
    def title(self) -> str:
        # ``draft_title`` is the title of the latest revision, published or not.
        return self.item.draft_title or self.item.title

    @property
    def role_labels(self) -> list[str]:
        return [f"{department.name}（{DepartmentRole(role).label}）" for department, role in self.roles]

    @property
    def is_lead(self) -> bool:
        return any(role == DepartmentRole.LEAD for _, role in self.roles)


def my_items(
    items: list[ActionItemPage], departments: QuerySet[Department], fiscal_year: int
) -> list[MyItem]:
    """Rows for ``items`` with the roles of ``departments`` and the status in ``fiscal_year``.

    The status is read where the item's latest revision keeps it: the live rows when the
    item has no unpublished changes (as Wagtail's own editor does), the revision's content
    otherwise. A fixed number of queries, whatever the number of items.
    """
    rows = {item.pk: MyItem(item) for item in items}
    links = (
        ActionItemDepartment.objects.filter(item__in=list(rows), department__in=departments)
        .select_related("department")
        .order_by("item_id", "sort_order")
    )
    for link in links:
        rows[link.item_id].roles.append((link.department, link.role))

    scales = scales_for({item.plan_id: item.plan for item in items if item.plan_id}.values())
    live_ids = [item.pk for item in items if not item.has_unpublished_changes]
    for row in ProgressRow.objects.filter(item__in=live_ids, fiscal_year=fiscal_year):
        rows[row.item_id].entry = ProgressEntry(
            row.fiscal_year, row.status, row.percent, row.narrative, row.grade
        )

    draft_revisions = {
        item.latest_revision_id: item.pk
        for item in items
        if item.has_unpublished_changes and item.latest_revision_id
    }
    revisions = Revision.objects.filter(pk__in=list(draft_revisions)).values_list("pk", "content__progress")
    for revision_id, progress in revisions:
        entry = _entry_for_year(progress or [], fiscal_year)
        if entry:
            rows[draft_revisions[revision_id]].entry = entry
    for row in rows.values():
        if row.entry is not None:
            row.entry.scale = scales.get(row.item.plan_id, DEFAULT_SCALE)
    return list(rows.values())


def _entry_for_year(progress: list[dict], fiscal_year: int) -> ProgressEntry | None:
    for row in progress:
        if row.get("fiscal_year") == fiscal_year:
            return ProgressEntry(
                fiscal_year=fiscal_year,
                status=row.get("status") or "",
                percent=row.get("percent"),
                narrative=row.get("narrative") or "",
                grade=row.get("grade") or "",
            )
    return None


def latest_progress(item: ActionItemPage) -> list[ProgressEntry]:
    """Every progress row of the item's latest revision, newest year first."""
    latest = item.get_latest_revision_as_object()
    scale = scale_of(item.plan)
    return sorted(
        (
            ProgressEntry(row.fiscal_year, row.status, row.percent, row.narrative, row.grade, scale)
            for row in latest.progress.all()
        ),
        key=lambda entry: entry.fiscal_year,
        reverse=True,
    )
