"""The figures of a progress report, computed from the items' progress rows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from plans.models import ActionItemPage, ProgressRow
from plans.rollup import plan_progress
from plans.vocabularies import NO_REPORT, NOT_ASSESSED, ProgressStatus

from ..factories import (
    ActionItemPageFactory,
    MeasurePageFactory,
    PlanPageFactory,
    add_item_rows,
    add_many_items,
)


def counts(entries) -> dict[str, int]:
    """Non-zero counts by status code."""
    return {entry.code: entry.count for entry in entries if entry.count}


def by_measure(progress) -> dict[str, dict[str, int]]:
    return {measure.measure.number: counts(measure.counts) for measure in progress.measures}


def test_counts_by_status_per_measure_and_for_the_plan(sample_plan):
    progress = plan_progress(sample_plan.plan, 2024)

    assert by_measure(progress) == {
        "1": {ProgressStatus.ON_TRACK: 1, ProgressStatus.DELAYED: 1},
        "2": {NO_REPORT: 1},
        "3": {ProgressStatus.COMPLETED: 1},
    }
    assert counts(progress.counts) == {
        ProgressStatus.ON_TRACK: 1,
        ProgressStatus.DELAYED: 1,
        ProgressStatus.COMPLETED: 1,
        NO_REPORT: 1,
    }
    assert (progress.total, progress.reported) == (4, 3)


def test_every_status_is_listed_with_its_label_and_share(sample_plan):
    progress = plan_progress(sample_plan.plan, 2024)

    labels = {entry.code: str(entry.label) for entry in progress.counts}
    assert labels[ProgressStatus.MOSTLY_ON_TRACK] == "概ね順調"
    assert labels[ProgressStatus.DELAYED] == "遅れ"
    assert labels[NO_REPORT] == "報告なし"
    assert set(labels) == {*ProgressStatus.values, NOT_ASSESSED, NO_REPORT}
    shares = {entry.code: entry.share for entry in progress.counts}
    assert shares[ProgressStatus.ON_TRACK] == pytest.approx(25.0)
    assert sum(shares.values()) == pytest.approx(100.0)


def test_items_without_a_row_for_the_year_are_not_reported(sample_plan):
    progress = plan_progress(sample_plan.plan, 2024)

    assert [entry.item.pk for entry in progress.not_reported] == [sample_plan.public_comment.pk]
    entry = progress.not_reported[0]
    assert entry.status is None
    assert entry.previous_status == ProgressStatus.IN_PROGRESS


def test_changed_lists_items_whose_status_differs_from_the_previous_year(sample_plan):
    progress = plan_progress(sample_plan.plan, 2024)

    assert [entry.item.pk for entry in progress.changed] == [sample_plan.public_members.pk]
    entry = progress.changed[0]
    assert (entry.previous_status_label, entry.status_label) == ("概ね順調", "順調")


def test_the_narrative_and_percent_of_the_year_are_carried(sample_plan):
    ProgressRow.objects.filter(item=sample_plan.proposal_system, fiscal_year=2024).update(
        percent=100, narrative="提案された12事業のうち5事業を協働で実施しました。"
    )

    entry = next(
        e for e in plan_progress(sample_plan.plan, 2024).items if e.item.pk == sample_plan.proposal_system.pk
    )

    assert entry.percent == 100
    assert entry.narrative == "提案された12事業のうち5事業を協働で実施しました。"


def test_an_earlier_year_uses_its_own_rows(sample_plan):
    progress = plan_progress(sample_plan.plan, 2023)

    assert counts(progress.counts) == {
        ProgressStatus.MOSTLY_ON_TRACK: 1,
        ProgressStatus.DELAYED: 1,
        ProgressStatus.IN_PROGRESS: 1,
        ProgressStatus.COMPLETED: 1,
    }
    assert progress.changed == []  # nothing was reported for 2022


def test_a_relisted_item_is_counted_once(sample_plan):
    # 公募委員 lives under 施策1 and is re-listed (再掲) under 施策3.
    assert sample_plan.public_members.relistings.filter(measure=sample_plan.proposals).exists()

    progress = plan_progress(sample_plan.plan, 2024)

    item_ids = [entry.item.pk for entry in progress.items]
    assert item_ids.count(sample_plan.public_members.pk) == 1
    assert progress.total == 4
    measure_3 = next(m for m in progress.measures if m.measure.pk == sample_plan.proposals.pk)
    assert [entry.item.pk for entry in measure_3.items] == [sample_plan.proposal_system.pk]


def test_an_unpublished_item_is_not_counted(sample_plan):
    draft = ActionItemPageFactory(
        parent=sample_plan.comments, title="意見募集結果の公表方法の改善", publish=False
    )
    add_item_rows(draft, progress={2024: ProgressStatus.ON_TRACK})
    withdrawn = ActionItemPageFactory(parent=sample_plan.comments, title="市民意見交換会の開催")
    add_item_rows(withdrawn, progress={2024: ProgressStatus.COMPLETED})
    withdrawn.unpublish()

    progress = plan_progress(sample_plan.plan, 2024)

    item_ids = {entry.item.pk for entry in progress.items}
    assert draft.pk not in item_ids
    assert withdrawn.pk not in item_ids
    assert progress.total == 4
    assert counts(progress.counts)[ProgressStatus.ON_TRACK] == 1


def test_a_draft_change_of_a_live_item_does_not_show(sample_plan):
    item = ActionItemPage.objects.get(pk=sample_plan.women_members.pk)
    item.progress = [
        ProgressRow(fiscal_year=2023, status=ProgressStatus.DELAYED),
        ProgressRow(fiscal_year=2024, status=ProgressStatus.COMPLETED, narrative="下書きの実績"),
    ]
    item.save_revision()  # saved as a draft, not published

    progress = plan_progress(sample_plan.plan, 2024)

    entry = next(e for e in progress.items if e.item.pk == item.pk)
    assert entry.status == ProgressStatus.DELAYED
    assert counts(progress.counts)[ProgressStatus.DELAYED] == 1
    assert ProgressStatus.COMPLETED not in {e.status for e in progress.items if e.item.pk == item.pk}

    # Once published, the new status counts.
    ActionItemPage.objects.get(pk=item.pk).get_latest_revision().publish()
    entry = next(e for e in plan_progress(sample_plan.plan, 2024).items if e.item.pk == item.pk)
    assert entry.status == ProgressStatus.COMPLETED


def test_items_under_an_unpublished_measure_are_not_counted(sample_plan):
    sample_plan.comments.unpublish()

    progress = plan_progress(sample_plan.plan, 2024)

    assert [m.measure.number for m in progress.measures] == ["1", "3"]
    assert sample_plan.public_comment.pk not in {entry.item.pk for entry in progress.items}


def count_rollup_queries(plan) -> int:
    with CaptureQueriesContext(connection) as context:
        progress = plan_progress(plan, 2024)
        # What a report page reads from the result.
        read = [entry.count for entry in progress.counts]
        for measure in progress.measures:
            read += [entry.count for entry in measure.counts]
            for entry in measure.items:
                read += [link.department.full_name for link in entry.item.departments.all()]
        read += [*progress.not_reported, *progress.changed]
    assert read
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_items(tree, departments):
    small = PlanPageFactory(parent=tree.plan_index, slug="small", issuing_department=departments.kyodo)
    large = PlanPageFactory(parent=tree.plan_index, slug="large", issuing_department=departments.kyodo)
    rows = {
        "departments": [departments.kyodo, departments.koho],
        "progress": {2023: "in_progress", 2024: "on_track"},
    }
    add_many_items(MeasurePageFactory(parent=small, number="1"), 5, **rows)
    for number in ("1", "2"):
        add_many_items(MeasurePageFactory(parent=large, number=number), 25, **rows)

    assert plan_progress(large, 2024).total == 50
    assert count_rollup_queries(small) == count_rollup_queries(large)
