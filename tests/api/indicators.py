"""Indicators of the sample plan as both APIs' tests use them: two published ones graded by
the plan's own rule and bands, and the ones the public must never see (a draft never
published, one unpublished, a newer draft of a published one, one of a private plan)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from wagtail.models import PageViewRestriction

from plans.models import Indicator, IndicatorGradeBand, IndicatorValue, PlanPage
from plans.vocabularies import IndicatorDirection, IndicatorRule

from ..factories import add_indicator
from ..tree import SamplePlan

# 長与町-style bands on the progress rule.
BANDS = (
    ("S", 100, "目標を達成"),
    ("A", 80, "順調に進んでいる"),
    ("B", 60, "一定の進捗がある"),
    ("C", 0, "遅れている"),
)
DRAFT_NAME = "下書きだけの指標"
UNPUBLISHED_NAME = "公開をやめた指標"
PRIVATE_NAME = "非公開の計画の指標"


@dataclass
class SampleIndicators:
    members: Indicator  # 公募委員の割合: (26.8 − 18.5) ÷ (30 − 18.5) = 72% → B in FY2024
    comments: Indicator  # 平均意見数: (10.8 − 6) ÷ (12 − 6) = 80% → A in FY2024
    draft: Indicator
    unpublished: Indicator
    private: Indicator


def grade_by_progress(plan: PlanPage) -> None:
    """The plan grades by 基準値からの進捗率 with S/A/B/C, published as the plan editor does."""
    plan.indicator_rule = IndicatorRule.PROGRESS
    plan.indicator_grade_bands = [
        IndicatorGradeBand(label=label, threshold=threshold, description=description, locale=plan.locale)
        for label, threshold, description in BANDS
    ]
    plan.save_revision().publish()


def add_sample_indicators(sample_plan: SamplePlan, private_plan: PlanPage) -> SampleIndicators:
    grade_by_progress(sample_plan.plan)
    plan = PlanPage.objects.get(pk=sample_plan.plan.pk)
    members = add_indicator(
        plan,
        code="1-1",
        measures=[sample_plan.participation],
        baseline=(2020, "18.5"),
        targets={2025: "30"},
        values={2022: None, 2023: "24.0", 2024: "26.8"},
        notes={2024: "委員改選の年"},
        sort_order=1,
    )
    members.item_links.create(item=sample_plan.public_members)
    members.save_revision().publish()
    comments = add_indicator(
        plan,
        name="パブリックコメント1件あたりの平均意見数",
        unit="件",
        code="2-1",
        measures=[sample_plan.comments, sample_plan.participation],
        baseline=(2020, "6"),
        targets={2023: "9", 2025: "12"},
        values={2023: "9.5", 2024: "10.8"},
        sort_order=2,
    )
    # A newer draft of a published indicator: the public keeps reading the published values.
    draft_row = Indicator.objects.get(pk=comments.pk)
    draft_row.name = "下書きで変えた名前"
    draft_row.values = [IndicatorValue(fiscal_year=2024, value=Decimal("99"), locale=plan.locale)]
    draft_row.save_revision()

    draft = Indicator(plan=plan, locale=plan.locale, name=DRAFT_NAME, unit="人", live=False)
    draft.save()
    draft.measure_links.create(measure=sample_plan.participation)
    draft.item_links.create(item=sample_plan.public_members)
    draft.values.create(fiscal_year=2024, value=Decimal("5"), locale=plan.locale)
    draft.save_revision()

    unpublished = add_indicator(
        plan, name=UNPUBLISHED_NAME, measures=[sample_plan.participation], values={2024: "1"}
    )
    unpublished.unpublish()

    private = add_indicator(
        private_plan,
        name=PRIVATE_NAME,
        direction=IndicatorDirection.DOWN,
        values={2024: "3"},
        targets={2025: "1"},
    )
    PageViewRestriction.objects.create(
        page=private_plan, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return SampleIndicators(
        members=Indicator.objects.get(pk=members.pk),
        comments=Indicator.objects.get(pk=comments.pk),
        draft=Indicator.objects.get(pk=draft.pk),
        unpublished=Indicator.objects.get(pk=unpublished.pk),
        private=Indicator.objects.get(pk=private.pk),
    )
