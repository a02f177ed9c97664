"""Recording a year's progress of an action item (status, percent, narrative)."""

from __future__ import annotations

from django.db import transaction

from wagtail.models import Page, Revision

from ..models import ActionItemPage, ProgressRow


@transaction.atomic
def record_progress(
    item: ActionItemPage,
    *,
    fiscal_year: int,
    status: str,
    percent: int | None,
    narrative: str,
    user,
    publish: bool = False,
    grade: str = "",
) -> Revision:
    """Set the item's progress for ``fiscal_year`` in a new revision built on its latest one.

    ``grade`` is the level of the plan's evaluation scale and ``status`` the status it counts
    as; a blank status with a narrative is 評価なし.

    The other years' rows and every other field stay as the latest revision has them. The
    revision is published only when ``publish`` is true (the caller checks the user may).
    """
    # Lock the page row so that two saves at once cannot both build on the same revision.
    list(Page.objects.select_for_update().filter(pk=item.pk).values_list("pk", flat=True))
    item = ActionItemPage.objects.get(pk=item.pk)
    latest = item.get_latest_revision_as_object()
    rows = list(latest.progress.all())
    existing = next((row for row in rows if row.fiscal_year == fiscal_year), None)
    if existing is None:
        existing = ProgressRow(fiscal_year=fiscal_year)
        rows.append(existing)
    existing.status = status
    existing.grade = grade
    existing.percent = percent
    existing.narrative = narrative
    rows.sort(key=lambda row: row.fiscal_year)
    for position, row in enumerate(rows):
        row.sort_order = position
    latest.progress = rows
    revision = latest.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user, log_action=True)
    return revision
