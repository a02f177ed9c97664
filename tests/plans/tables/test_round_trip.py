"""Export then import: a plan table written by the exporter reads back with every row
unchanged (``plan-table-format.md``: "Export followed by import of the same file must change
nothing"), for the demo plans and for a plan with every column filled."""

from __future__ import annotations

import io

import pytest

from demo.loader import PLANS, load_demo
from plans.models import ActionItemPage, MeasurePage, PlanPage
from plans.services.imports import import_plan_file
from plans.tables.exporter import write_csv, write_xlsx
from plans.tables.report import Action, render_text
from plans.vocabularies import Actor, Phase, ProgressStatus

from ...factories import (
    ActionItemPageFactory,
    DepartmentFactory,
    MeasurePageFactory,
    PlanPageFactory,
    add_item_rows,
)
from ...tree import demo_database

WRITERS = {"xlsx": write_xlsx, "csv": write_csv}
FORMATS = [("xlsx", "ja"), ("xlsx", "en"), ("csv", "ja"), ("csv", "en")]


def exported(plan: PlanPage, file_format: str, headers: str, **options) -> bytes:
    buffer = io.BytesIO()
    WRITERS[file_format](plan, buffer, headers=headers, **options)
    return buffer.getvalue()


def assert_unchanged(report, *, rows: int) -> None:
    """No error or warning, nothing to create or update, nothing missing, every row
    unchanged; on failure the message is the import report itself."""
    text = "\n".join(render_text(report))
    assert not report.messages, text
    assert not report.has_changes, text
    assert not report.missing_items and not report.missing_measures, text
    assert len(report.rows) == rows, text
    for result in report.rows:
        assert result.measure_action == Action.UNCHANGED, text
        assert result.item_action in (None, Action.UNCHANGED), text
        assert not result.changes, text


def round_trip(plan: PlanPage, file_format: str, headers: str, **options):
    data = exported(plan, file_format, headers, **options)
    return import_plan_file(data, f"plan-table.{file_format}", plan=plan, dry_run=True)


# The demo plans ---------------------------------------------------------------------


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo city for the class below, as `migrate` and `load_demo` leave it, on a copy
    made for the class (see ``demo_database``); the suite's own tree comes back after it."""
    with demo_database(django_db_blocker, load_demo):
        yield


@pytest.mark.slow
class TestDemoPlans:
    @pytest.mark.parametrize("slug", [spec.slug for spec in PLANS])
    @pytest.mark.parametrize(("file_format", "headers"), FORMATS)
    def test_every_demo_plan_reads_back_unchanged(self, demo, db, slug, file_format, headers):
        plan = PlanPage.objects.get(slug=slug, locale__language_code="ja")
        spec = next(spec for spec in PLANS if spec.slug == slug)
        items = sum(len(measure.items) for measure in spec.measures)
        relistings = sum(len(item.relisted_under) for measure in spec.measures for item in measure.items)

        report = round_trip(plan, file_format, headers)

        assert_unchanged(report, rows=items + relistings)
        # the report counts an item marked 再掲 (from another plan) among the linked rows
        assert report.counts.items_unchanged + report.counts.items_linked == items + relistings


# A plan with every column filled ----------------------------------------------------


@pytest.fixture
def full_plan(tree, departments):
    """Every column of the format has a value somewhere: areas, numbered measures with
    descriptions, a measure without items, groups, two-paragraph descriptions, lead and
    partner departments, every actor and flag, pickup texts, external IDs, progress in two
    years, schedules that carry on after the period (以降) and items re-listed under
    other measures."""
    plan = PlanPageFactory(
        parent=tree.plan_index,
        title="協働推進プラン（全項目）",
        slug="full-columns",
        period_start=2022,
        period_end=2026,
    )
    welfare = DepartmentFactory(name="地域福祉課", parent=departments.shimin)
    first = MeasurePageFactory(
        parent=plan,
        title="市民活動団体への支援",
        number="1",
        area="I 協働の担い手づくり",
        description=[
            ("paragraph", "<p>市民活動団体の運営を支えます。</p>"),
            ("paragraph", "<p>相談窓口を設けます。<br/>講座も開きます。</p>"),
        ],
    )
    second = MeasurePageFactory(
        parent=plan,
        title="協働の仕組みづくり",
        number="2",
        area="II 協働の仕組みづくり",
        description=[("paragraph", "<p>協働事業の提案と評価の仕組みを整えます。</p>")],
    )
    MeasurePageFactory(
        parent=plan,
        title="協働に関する条例の検討",
        number="3",
        area="II 協働の仕組みづくり",
        description=[("paragraph", "<p>条例の必要性を検討します。</p>")],
    )
    consultation = add_item_rows(
        ActionItemPageFactory(
            parent=first,
            title="市民活動相談窓口の運営",
            number="1-1",
            external_id="KP-001",
            group="■ 相談と情報提供",
            actor=Actor.JOINT,
            is_new=True,
            is_pickup=True,
            pickup_text="専門の相談員が、団体の立ち上げから運営まで相談に応じます。",
            description=[
                ("paragraph", "<p>市民活動に関する相談に応じます。</p>"),
                ("paragraph", "<p>予約制の相談日を設けます。<br/>オンラインでも受け付けます。</p>"),
            ],
        ),
        departments=[departments.kyodo, welfare, departments.koho],
        progress={2023: ProgressStatus.IN_PROGRESS, 2024: ProgressStatus.MOSTLY_ON_TRACK},
        schedule={2022: Phase.STUDY, 2023: Phase.PREPARE, 2024: Phase.IMPLEMENT, 2026: Phase.CONTINUE},
        relisted_under=[second],
    )
    consultation.schedule.filter(fiscal_year=2026).update(onwards=True)
    add_item_rows(
        ActionItemPageFactory(
            parent=first,
            title="団体向け会計講座の開催",
            number="1-2",
            external_id="KP-002",
            group="■ 相談と情報提供",
            actor=Actor.CITIZEN,
            is_enhanced=True,
            is_relisted=True,  # listed in another plan and repeated here
        ),
        departments=[departments.kocho],
        progress={2024: ProgressStatus.DELAYED},
        schedule={2022: Phase.IMPLEMENT, 2023: Phase.CONTINUE, 2026: Phase.COMPLETE},
    )
    add_item_rows(
        ActionItemPageFactory(
            parent=second,
            title="協働事業提案制度の見直し",
            number="2-1",
            external_id="KP-003",
            group="■ 提案制度",
            actor=Actor.CITY,
        ),
        departments=[departments.kyodo],
        progress={2023: ProgressStatus.COMPLETED},
        schedule={2024: Phase.IMPLEMENT, 2025: Phase.COMPLETE},
    )
    for row in ActionItemPage.objects.get(external_id="KP-001").progress.all():
        row.narrative = (
            f"{row.fiscal_year}年度の相談は{row.fiscal_year - 1900}件でした。\n\n満足度は高い結果でした。"
        )
        row.save()
    return PlanPage.objects.get(pk=plan.pk)


FULL_PLAN_ROWS = 5  # three items, one 再掲 row, one measure without items


@pytest.mark.parametrize(("file_format", "headers"), FORMATS)
def test_a_plan_with_every_column_filled_reads_back_unchanged(full_plan, file_format, headers):
    report = round_trip(full_plan, file_format, headers)

    assert_unchanged(report, rows=FULL_PLAN_ROWS)
    assert report.counts.items_unchanged + report.counts.items_linked == FULL_PLAN_ROWS - 1
    readings = {(header.year, header.onwards) for header in report.fiscal_year_headers}
    assert readings == {
        (2022, False),
        (2023, False),
        (2024, False),
        (2025, False),
        (2026, False),
        (2026, True),
    }


def test_the_full_plan_file_has_a_value_in_every_column(full_plan):
    from plans.tables.exporter import plan_table

    table = plan_table(full_plan)

    empty = [column.key for column in table.columns if not any(row[column.key] for row in table.rows)]
    assert empty == []


@pytest.mark.parametrize("status_year", [2023, 2024])
def test_the_status_of_another_year_reads_back_unchanged(full_plan, status_year):
    report = round_trip(full_plan, "xlsx", "ja", status_year=status_year)

    assert_unchanged(report, rows=FULL_PLAN_ROWS)


def test_the_editors_export_with_drafts_reads_back_unchanged(full_plan):
    item = ActionItemPage.objects.get(external_id="KP-002")
    item.title = "団体向け会計・広報講座の開催"
    item.save_revision()  # a draft: the live page keeps its old title
    ActionItemPageFactory(
        parent=MeasurePage.objects.get(plan=full_plan, number="2"),
        title="協働事業の評価会議（準備中）",
        number="2-2",
        publish=False,
    )

    report = round_trip(full_plan, "csv", "ja", include_unpublished=True)

    assert_unchanged(report, rows=FULL_PLAN_ROWS + 1)
    assert "団体向け会計・広報講座の開催" in {result.item_title for result in report.rows}
