"""What the database refuses, whichever door the data comes through (admin, import, shell)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import pytest

from plans.models import ActionItemPage, MeasurePage, PlanPage, ProgressReportPage, ProgressRow, ScheduleRow
from plans.vocabularies import Phase, ProgressStatus

from ..factories import (
    ActionItemPageFactory,
    MeasurePageFactory,
    PlanPageFactory,
    ProgressReportPageFactory,
)


@pytest.fixture
def plan(sample_plan):
    return sample_plan.plan


@pytest.fixture
def other_plan(action_plan):
    return action_plan


@pytest.fixture
def item(sample_plan):
    """審議会等への公募委員の登用: number 1-1, external id KY-0101, under 施策1."""
    return sample_plan.public_members


def refused(exception=IntegrityError):
    """Expect a refusal, keeping the test's transaction usable afterwards.

    Saving a page runs ``full_clean()``, so pages are refused with a ValidationError before the
    database sees them; a raw write (``QuerySet.update``, an ``objects.create`` of a row) reaches
    the database and must be refused there with an IntegrityError.
    """

    class _Refused:
        def __enter__(self):
            self._raises = pytest.raises(exception)
            self._info = self._raises.__enter__()
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            return self._info

        def __exit__(self, *exc):
            self._atomic.__exit__(*exc)
            return self._raises.__exit__(*exc)

    return _Refused()


# Measure numbers ---------------------------------------------------------------------


def test_a_measure_number_is_unique_within_a_plan(plan):
    assert MeasurePage.objects.filter(plan=plan, number="1").exists()
    with refused(ValidationError) as error:
        MeasurePageFactory(parent=plan, title="市民参加の手引きの作成", number="1")
    assert "この計画には同じ施策番号がすでにあります。" in str(error.value)
    assert MeasurePage.objects.filter(plan=plan, number="1").count() == 1


def test_the_database_refuses_a_duplicate_measure_number(plan, sample_plan):
    with refused():
        MeasurePage.objects.filter(pk=sample_plan.proposals.pk).update(number="1")


def test_the_same_measure_number_is_allowed_in_another_plan(plan, other_plan):
    assert MeasurePage.objects.filter(plan=plan, number="3").exists()
    MeasurePageFactory(parent=other_plan, title="協働事業提案制度の推進", number="3")
    assert MeasurePage.objects.filter(plan__in=[plan, other_plan], number="3").count() == 2


def test_measures_without_a_number_are_allowed_repeatedly(plan):
    MeasurePageFactory(parent=plan, title="情報公開の推進", number="")
    MeasurePageFactory(parent=plan, title="市民活動の支援", number="")
    MeasurePageFactory(parent=plan, title="職員の意識改革", number="")
    assert MeasurePage.objects.filter(plan=plan, number="").count() == 3


def test_full_clean_reports_a_duplicate_measure_number_in_japanese(plan):
    second = MeasurePageFactory(parent=plan, title="市民意見募集の充実", number="12")
    second.number = "1"
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "この計画には同じ施策番号がすでにあります。" in str(error.value)


# Item numbers and external ids -------------------------------------------------------


def test_an_item_number_is_unique_across_the_measures_of_a_plan(plan, item, sample_plan):
    other_measure = sample_plan.proposals
    with refused(ValidationError) as error:
        ActionItemPageFactory(parent=other_measure, title="協働事業提案制度の実施", number="1-1")
    assert "この計画には同じ事業番号がすでにあります。" in str(error.value)
    second = ActionItemPageFactory(parent=other_measure, title="協働事業提案制度の周知", number="3-2")
    with refused():
        ActionItemPage.objects.filter(pk=second.pk).update(number="1-1")


def test_the_same_item_number_is_allowed_in_another_plan(plan, item, other_plan):
    measure = MeasurePageFactory(parent=other_plan, title="協働事業提案制度の推進", number="5")
    ActionItemPageFactory(parent=measure, title="協働事業提案制度の実施", number="5-1")
    assert ActionItemPage.objects.filter(plan__in=[plan, other_plan], number="1-1").count() == 2


def test_items_without_a_number_are_allowed_repeatedly(plan, item):
    measure = item.measure
    ActionItemPageFactory(parent=measure, title="地域懇談会の開催", number="")
    ActionItemPageFactory(parent=measure, title="出前講座の実施", number="")
    assert ActionItemPage.objects.filter(plan=plan, number="").count() == 2


def test_an_external_id_is_unique_within_a_plan(plan, other_plan, item):
    measure = item.measure
    with refused(ValidationError) as error:
        ActionItemPageFactory(parent=measure, title="女性委員の登用促進", external_id="KY-0101")
    assert "この計画には同じ管理番号がすでにあります。" in str(error.value)
    second = ActionItemPageFactory(parent=measure, title="女性委員の登用促進", external_id="KY-0102")
    with refused():
        ActionItemPage.objects.filter(pk=second.pk).update(external_id="KY-0101")

    other_measure = MeasurePage.objects.child_of(other_plan).first()
    ActionItemPageFactory(parent=other_measure, title="審議会等への公募委員の登用", external_id="KY-0101")
    ActionItemPageFactory(parent=measure, title="出前講座の実施", external_id="")
    ActionItemPageFactory(parent=measure, title="地域懇談会の開催", external_id="")
    assert ActionItemPage.objects.filter(plan__in=[plan, other_plan], external_id="KY-0101").count() == 2


def test_full_clean_reports_a_duplicate_item_number_in_japanese(plan, item):
    measure = MeasurePageFactory(parent=plan, number="12")
    second = ActionItemPageFactory(parent=measure, title="協働事業提案制度の実施", number="12-1")
    second.number = "1-1"
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "この計画には同じ事業番号がすでにあります。" in str(error.value)


# Plan periods ------------------------------------------------------------------------


def test_a_plan_period_cannot_end_before_it_starts(tree, plan):
    with refused(ValidationError) as error:
        PlanPageFactory(parent=tree.plan_index, title="逆転した計画", period_start=2025, period_end=2021)
    assert "計画期間の終了年度は開始年度以降にしてください。" in str(error.value)
    assert not PlanPage.objects.filter(title="逆転した計画").exists()
    with refused():
        PlanPage.objects.filter(pk=plan.pk).update(period_start=2025, period_end=2021)


def test_a_one_year_plan_is_allowed(tree):
    plan = PlanPageFactory(
        parent=tree.plan_index, title="令和6年度 協働推進実施計画", period_start=2024, period_end=2024
    )
    assert plan.fiscal_years == [2024]


@pytest.mark.parametrize(("start", "end"), [(1899, 2020), (2020, 2201)])
def test_a_plan_period_outside_the_sane_range_is_refused(tree, plan, start, end):
    with refused(ValidationError):
        PlanPageFactory(parent=tree.plan_index, period_start=start, period_end=end)
    with refused():
        PlanPage.objects.filter(pk=plan.pk).update(period_start=start, period_end=end)


def test_full_clean_explains_a_reversed_period_in_japanese(plan):
    plan.period_start, plan.period_end = 2025, 2021
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "計画期間の終了年度は開始年度以降にしてください。" in str(error.value)


# Fiscal years, percent, one row per year ---------------------------------------------


@pytest.mark.parametrize("year", [1899, 2201, 0])
def test_schedule_rows_refuse_fiscal_years_out_of_range(item, year):
    with refused():
        ScheduleRow.objects.create(item=item, fiscal_year=year, phase=Phase.IMPLEMENT)


@pytest.mark.parametrize("year", [1900, 2200])
def test_schedule_rows_accept_the_range_limits(item, year):
    ScheduleRow.objects.create(item=item, fiscal_year=year, phase=Phase.IMPLEMENT)


@pytest.mark.parametrize("year", [1899, 2201])
def test_progress_rows_refuse_fiscal_years_out_of_range(item, year):
    with refused():
        ProgressRow.objects.create(item=item, fiscal_year=year, status=ProgressStatus.ON_TRACK)


@pytest.mark.parametrize("year", [1899, 2201])
def test_progress_reports_refuse_fiscal_years_out_of_range(plan, year, sample_plan):
    with refused(ValidationError):
        ProgressReportPageFactory(parent=plan, fiscal_year=year)
    assert list(ProgressReportPage.objects.filter(plan=plan)) == [sample_plan.report]
    report = sample_plan.report
    with refused():
        ProgressReportPage.objects.filter(pk=report.pk).update(fiscal_year=year)


def test_full_clean_refuses_a_progress_row_year_out_of_range(item):
    row = ProgressRow(item=item, fiscal_year=2201, status=ProgressStatus.ON_TRACK)
    with pytest.raises(ValidationError):
        row.full_clean()


def test_progress_percent_over_100_is_refused(item):
    ProgressRow.objects.create(item=item, fiscal_year=2021, status=ProgressStatus.COMPLETED, percent=100)
    with refused():
        ProgressRow.objects.create(item=item, fiscal_year=2022, status=ProgressStatus.ON_TRACK, percent=101)
    with refused():
        ProgressRow.objects.filter(item=item, fiscal_year=2024).update(percent=101)
    with pytest.raises(ValidationError):
        ProgressRow(item=item, fiscal_year=2025, status=ProgressStatus.ON_TRACK, percent=150).full_clean()


def test_one_progress_row_per_item_and_year(item):
    assert item.progress.filter(fiscal_year=2024).exists()
    with refused():
        ProgressRow.objects.create(item=item, fiscal_year=2024, status=ProgressStatus.DELAYED)
    ProgressRow.objects.create(item=item, fiscal_year=2025, status=ProgressStatus.DELAYED)
    assert item.progress.count() == 3


def test_one_schedule_row_per_item_and_year(item):
    ScheduleRow.objects.create(item=item, fiscal_year=2024, phase=Phase.STUDY)
    with refused():
        ScheduleRow.objects.create(item=item, fiscal_year=2024, phase=Phase.IMPLEMENT)
    assert item.schedule.filter(fiscal_year=2024).get().phase == Phase.STUDY


def test_one_progress_report_per_plan_and_year(plan, other_plan):
    assert ProgressReportPage.objects.filter(plan=plan, fiscal_year=2024).exists()  # in the sample plan
    with refused(ValidationError) as error:
        ProgressReportPageFactory(parent=plan, title="令和6年度 市民参加推進レポート（再）", fiscal_year=2024)
    assert "この計画にはこの年度の進捗報告がすでにあります。" in str(error.value)
    earlier = ProgressReportPageFactory(parent=plan, title="令和5年度 市民参加推進レポート", fiscal_year=2023)
    with refused():
        ProgressReportPage.objects.filter(pk=earlier.pk).update(fiscal_year=2024)
    ProgressReportPageFactory(parent=other_plan, title="令和6年度 協働推進レポート", fiscal_year=2024)
    assert ProgressReportPage.objects.filter(plan__in=[plan, other_plan], fiscal_year=2024).count() == 2


# Messages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_invalid",
    [
        pytest.param(
            lambda item: ScheduleRow(item=item, fiscal_year=2300, phase=Phase.STUDY), id="schedule-year"
        ),
        pytest.param(
            lambda item: ProgressRow(item=item, fiscal_year=2300, status=ProgressStatus.ON_TRACK),
            id="progress-year",
        ),
        pytest.param(
            lambda item: ProgressRow(
                item=item, fiscal_year=2025, status=ProgressStatus.ON_TRACK, percent=120
            ),
            id="progress-percent",
        ),
        pytest.param(
            lambda item: ProgressReportPage(title="令和232年度 レポート", slug="r232", fiscal_year=2250),
            id="report-year",
        ),
    ],
)
def test_out_of_range_values_are_explained_in_japanese(item, make_invalid):
    """An editor who types 2300 or 120 % in the admin sees what is wrong, not a constraint's name."""
    with pytest.raises(ValidationError) as error:
        make_invalid(item).full_clean()
    messages = " ".join(error.value.messages)
    assert "_range" not in messages, messages
    assert "制約" not in messages, messages
