"""Realistic Japanese content for the search page tests.

Every searchable text puts the word 「ひまわり」 between brackets, so that any search backend
(the stock one splits Japanese text at punctuation only) finds exactly these pages, and none
of the session tree's.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page, PageViewRestriction

import pytest

from plans.models import (
    ActionItemPage,
    GlossaryTerm,
    GuidelinePage,
    MeasurePage,
    PlanPage,
    ProgressReportPage,
)
from plans.vocabularies import Actor, PlanStatus, ProgressStatus

from ..factories import (
    ActionItemPageFactory,
    GlossaryTermFactory,
    GuidelinePageFactory,
    MeasurePageFactory,
    PlanPageFactory,
    ProgressReportPageFactory,
    add_item_rows,
)

WORD = "ひまわり"


@dataclass
class Content:
    plan: PlanPage
    measure: MeasurePage
    other_measure: MeasurePage
    meeting: ActionItemPage  # ★ 市民協働推進課, 2023 実施中 → 2024 順調
    newsletter: ActionItemPage  # ● 広報課, 2024 遅れ
    course: ActionItemPage  # ◎ 広聴課 + 市民協働推進課, no progress; the word only in its description
    report: ProgressReportPage
    guideline: GuidelinePage
    draft: ActionItemPage
    private: ActionItemPage
    term: GlossaryTerm


@pytest.fixture
def content(tree, departments) -> Content:
    plan = PlanPageFactory(
        parent=tree.plan_index,
        title="みなと市「ひまわり」協働推進計画",
        short_title="ひまわり計画",
        slug="himawari",
        status=PlanStatus.IN_FORCE,
        period_start=2024,
        period_end=2026,
        issuing_department=departments.kyodo,
        summary="市民と市が「ひまわり」のように地域を明るくする協働を進めます。",
    )
    measure = MeasurePageFactory(parent=plan, title="「ひまわり」の輪を広げる", number="1", slug="circle")
    other_measure = MeasurePageFactory(parent=plan, title="学びの場づくり", number="2", slug="learning")
    meeting = add_item_rows(
        ActionItemPageFactory(
            parent=measure,
            title="「ひまわり」交流会の開催",
            number="1-1",
            slug="meeting",
            actor=Actor.CITIZEN,
        ),
        departments=[departments.kyodo],
        progress={2023: ProgressStatus.IN_PROGRESS, 2024: ProgressStatus.ON_TRACK},
    )
    newsletter = add_item_rows(
        ActionItemPageFactory(
            parent=measure, title="「ひまわり」通信の発行", number="1-2", slug="newsletter", actor=Actor.CITY
        ),
        departments=[departments.koho],
        progress={2024: ProgressStatus.DELAYED},
    )
    course = add_item_rows(
        ActionItemPageFactory(
            parent=other_measure,
            title="市民講座の実施",
            number="2-1",
            slug="course",
            actor=Actor.JOINT,
            description=[
                (
                    "paragraph",
                    "<p>地域の課題を学ぶ市民講座を開きます。講座の名前は「ひまわり」セミナーです。</p>",
                )
            ],
        ),
        departments=[departments.kocho, departments.kyodo],
    )
    report = ProgressReportPageFactory(
        parent=PlanPage.objects.get(pk=plan.pk),
        title="令和6年度「ひまわり」進捗レポート",
        slug="report-2024",
        fiscal_year=2024,
        overall_evaluation="「ひまわり」交流会は順調、通信の発行は遅れています。",
    )
    guideline = GuidelinePageFactory(
        parent=tree.guideline_index,
        title="協働の手引き（「ひまわり」版）",
        slug="himawari-guide",
    )
    draft = ActionItemPageFactory(
        parent=other_measure, title="「ひまわり」下書きの事業", number="2-2", slug="draft", publish=False
    )
    private_measure = MeasurePageFactory(parent=plan, title="内部の検討", number="3", slug="internal")
    private = ActionItemPageFactory(
        parent=private_measure, title="「ひまわり」非公開の事業", number="3-1", slug="private"
    )
    PageViewRestriction.objects.create(
        page=private_measure, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    term = GlossaryTermFactory(
        term="ひまわり基金", reading="ひまわりききん", definition="協働事業を支える基金。"
    )
    return Content(
        plan=PlanPage.objects.get(pk=plan.pk),
        measure=measure,
        other_measure=other_measure,
        meeting=meeting,
        newsletter=newsletter,
        course=course,
        report=report,
        guideline=guideline,
        draft=draft,
        private=private,
        term=term,
    )


def english_page(tree, title: str) -> Page:
    """A published English home page (a translation of the Japanese one) with one page below it."""
    from ..factories import StandardPageFactory

    home = tree.home.copy_for_translation(tree.en)
    home.save_revision().publish()
    return StandardPageFactory(
        parent=Page.objects.get(pk=home.pk), title=title, slug="sunflower", locale=tree.en
    )
