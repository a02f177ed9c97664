"""Where each page type may be created: what an editor sees in "add child page"."""

from __future__ import annotations

from wagtail.models import Page

import pytest

from home.models import HomePage, StandardPage
from plans.models import (
    ActionItemPage,
    GlossaryPage,
    GuidelineIndexPage,
    GuidelinePage,
    MeasurePage,
    PlanIndexPage,
    PlanPage,
    ProgressReportPage,
)

from ..factories import ActionItemPageFactory, MeasurePageFactory, PlanPageFactory, StandardPageFactory

PARENTS = {
    HomePage: {Page},
    PlanIndexPage: {HomePage},
    PlanPage: {PlanIndexPage},
    MeasurePage: {PlanPage},
    ActionItemPage: {MeasurePage},
    ProgressReportPage: {PlanPage},
    GuidelineIndexPage: {HomePage},
    GuidelinePage: {GuidelineIndexPage},
    GlossaryPage: {HomePage},
    StandardPage: {HomePage, StandardPage},
}

CHILDREN = {
    HomePage: {PlanIndexPage, GuidelineIndexPage, GlossaryPage, StandardPage},
    PlanIndexPage: {PlanPage},
    PlanPage: {MeasurePage, ProgressReportPage},
    MeasurePage: {ActionItemPage},
    ActionItemPage: set(),
    ProgressReportPage: set(),
    GuidelineIndexPage: {GuidelinePage},
    GuidelinePage: set(),
    GlossaryPage: set(),
    StandardPage: {StandardPage},
}

LEAVES = [model for model, children in CHILDREN.items() if not children]


@pytest.mark.parametrize("model", PARENTS, ids=lambda model: model.__name__)
def test_allowed_parents(model):
    assert set(model.allowed_parent_page_models()) == PARENTS[model]


@pytest.mark.parametrize("model", CHILDREN, ids=lambda model: model.__name__)
def test_allowed_children(model):
    assert set(model.allowed_subpage_models()) == CHILDREN[model]


@pytest.mark.parametrize("model", LEAVES, ids=lambda model: model.__name__)
def test_leaf_pages_offer_no_child_page_types(model):
    assert model.subpage_types == []
    assert model.allowed_subpage_models() == []


def test_only_the_home_page_can_be_created_at_the_root(tree):
    creatable = {model for model in PARENTS if model.can_create_at(tree.root)}
    assert creatable == {HomePage}


def test_home_page_sections_exist_once_per_home_page(tree):
    # The base tree already has one of each under the Japanese home page.
    assert not PlanIndexPage.can_create_at(tree.home)
    assert not GuidelineIndexPage.can_create_at(tree.home)
    assert not GlossaryPage.can_create_at(tree.home)
    # Another home page (another site or language) can have its own.
    other_home = tree.root.add_child(instance=HomePage(title="みなと市 英語版", slug="kyodo-other"))
    assert PlanIndexPage.can_create_at(other_home)
    assert GuidelineIndexPage.can_create_at(other_home)
    assert GlossaryPage.can_create_at(other_home)


def test_where_each_plan_page_can_be_created(tree):
    plan = PlanPageFactory(parent=tree.plan_index, title="協働推進アクションプラン")
    measure = MeasurePageFactory(parent=plan, title="協働事業提案制度の推進")
    item = ActionItemPageFactory(parent=measure, title="協働事業提案制度の実施")

    assert PlanPage.can_create_at(tree.plan_index)
    assert not PlanPage.can_create_at(tree.home)
    assert not PlanPage.can_create_at(plan)

    assert MeasurePage.can_create_at(plan)
    assert not MeasurePage.can_create_at(tree.plan_index)
    assert not MeasurePage.can_create_at(measure)

    assert ActionItemPage.can_create_at(measure)
    assert not ActionItemPage.can_create_at(plan)
    assert not ActionItemPage.can_create_at(item)

    assert ProgressReportPage.can_create_at(plan)
    assert not ProgressReportPage.can_create_at(measure)

    assert StandardPage.can_create_at(tree.home)
    assert not StandardPage.can_create_at(tree.plan_index)
    assert not StandardPage.can_create_at(plan)

    assert GuidelinePage.can_create_at(tree.guideline_index)
    assert not GuidelinePage.can_create_at(tree.plan_index)
    assert not GuidelinePage.can_create_at(tree.home)

    # Several plans per index, several measures per plan, several items per measure.
    assert PlanPage.can_create_at(tree.plan_index)
    assert MeasurePage.can_create_at(plan)
    assert ActionItemPage.can_create_at(measure)


def test_nothing_can_be_created_under_leaf_pages(tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    measure = MeasurePageFactory(parent=plan)
    item = ActionItemPageFactory(parent=measure)
    for model in PARENTS:
        assert not model.can_create_at(item)
        assert not model.can_create_at(tree.glossary)


def test_standard_pages_nest_and_repeat_under_the_home_page(tree):
    policy = StandardPageFactory(parent=tree.home, title="ウェブアクセシビリティ方針", slug="accessibility")
    StandardPageFactory(parent=tree.home, title="このサイトについて", slug="about")

    assert StandardPage.can_create_at(tree.home)
    assert StandardPage.can_create_at(policy)
    assert not PlanPage.can_create_at(policy)
