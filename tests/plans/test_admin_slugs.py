"""Measures and items made in the page editor get the slug their number makes (measure-2,
item-2-1), as imported ones do, unless the editor chose a slug."""

from __future__ import annotations

import json

from django.urls import reverse

import pytest

from plans.models import ActionItemPage, MeasurePage
from plans.services.imports import import_plan_file
from plans.slugs import filled_in_for_the_editor, numbered_slug_base

from ..factories import ActionItemPageFactory, MeasurePageFactory, PlanPageFactory
from .tables.sheets import xlsx
from .test_admin_forms import add_url, form_errors, item_form_data, measure_form_data

TITLE = "協働カフェの開催"


@pytest.fixture
def measure(tree):
    plan = PlanPageFactory(parent=tree.plan_index, slug="action-2")
    return MeasurePageFactory(parent=plan, title="市民活動団体との対話の場づくり", number="1", slug="m1")


def created_item(measure) -> ActionItemPage:
    return ActionItemPage.objects.child_of(measure).get()


def test_a_new_item_with_the_slug_the_editor_filled_in_from_the_title_takes_its_number(admin_client, measure):
    # What Wagtail's page editor puts in the slug field while the title is typed.
    data = item_form_data(title=TITLE, slug=TITLE, number="1-1")

    response = admin_client.post(add_url("actionitempage", measure), data)

    assert response.status_code == 302, form_errors(response)
    assert created_item(measure).slug == "item-1-1"


def test_a_new_measure_whose_title_had_punctuation_takes_its_number(admin_client, tree):
    plan = PlanPageFactory(parent=tree.plan_index, slug="p3")
    title = "市民意見募集（パブリックコメント）の充実"
    data = measure_form_data(title=title, slug="市民意見募集パブリックコメントの充実", number="2")

    response = admin_client.post(add_url("measurepage", plan), data)

    assert response.status_code == 302, form_errors(response)
    assert MeasurePage.objects.child_of(plan).get().slug == "measure-2"


def test_an_empty_slug_is_filled_in_from_the_number(admin_client, measure):
    data = item_form_data(title=TITLE, slug="", number="1-1")
    response = admin_client.post(add_url("actionitempage", measure), data)

    assert response.status_code == 302, form_errors(response)
    assert created_item(measure).slug == "item-1-1"


def test_a_slug_the_editor_typed_is_kept(admin_client, measure):
    data = item_form_data(title=TITLE, slug="kyodo-cafe", number="1-1")

    response = admin_client.post(add_url("actionitempage", measure), data)

    assert response.status_code == 302, form_errors(response)
    assert created_item(measure).slug == "kyodo-cafe"


def test_the_slug_is_unique_among_the_siblings(admin_client, measure):
    # An item renumbered after it was made keeps its slug: item-1-1 is taken by 1-9.
    ActionItemPageFactory(parent=measure, title="市民討議会の試行", number="1-9", slug="item-1-1")

    data = item_form_data(title=TITLE, slug=TITLE, number="1-1")
    response = admin_client.post(add_url("actionitempage", measure), data)

    assert response.status_code == 302, form_errors(response)
    assert ActionItemPage.objects.child_of(measure).get(number="1-1").slug == "item-1-1-2"


def test_without_a_number_the_slug_comes_from_the_title_and_is_short(admin_client, measure):
    title = (
        "地域の課題を市民と市がともに考え、解決に向けて取り組むための協働の仕組みづくりと、"
        "その担い手となる市民活動団体への支援の充実"
    )
    slug = title.replace("、", "")

    response = admin_client.post(add_url("actionitempage", measure), item_form_data(title=title, slug=slug))

    assert response.status_code == 302, form_errors(response)
    made = created_item(measure).slug
    assert len(made) == 60
    assert title.replace("、", "").startswith(made)


def test_an_autosaved_new_item_is_told_its_slug_and_keeps_following_its_number(admin_client, measure):
    """The editor autosaves a new item before its number is typed; the slug follows the number
    until the item is first published, and then stays."""
    data = item_form_data(title=TITLE, slug=TITLE)
    response = admin_client.post(add_url("actionitempage", measure), data, HTTP_ACCEPT="application/json")

    body = json.loads(response.content)
    assert body["success"], body
    item = created_item(measure)
    assert item.slug == TITLE  # no number yet: from the title, as the editor sent it
    assert "slug" not in body["field_updates"]

    edit_url = reverse("wagtailadmin_pages:edit", args=[item.pk])
    response = admin_client.post(
        edit_url, item_form_data(title=TITLE, slug=TITLE, number="1-1"), HTTP_ACCEPT="application/json"
    )
    body = json.loads(response.content)
    assert body["success"], body
    assert body["field_updates"]["slug"] == "item-1-1"
    assert ActionItemPage.objects.get(pk=item.pk).get_latest_revision_as_object().slug == "item-1-1"

    # Renumbered before publication: the slug follows.
    data = item_form_data(title=TITLE, slug="item-1-1", number="1-2", **{"action-publish": "1"})
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, form_errors(response)
    assert ActionItemPage.objects.get(pk=item.pk).slug == "item-1-2"

    # Published: its URL is public now, and a new number leaves it alone.
    response = admin_client.post(edit_url, item_form_data(title=TITLE, slug="item-1-2", number="1-3"))
    assert response.status_code == 302, form_errors(response)
    assert ActionItemPage.objects.get(pk=item.pk).get_latest_revision_as_object().slug == "item-1-2"


def test_the_importer_and_the_editor_make_the_same_slugs(admin_client, tree, departments):
    plan = PlanPageFactory(parent=tree.plan_index, slug="p3")
    headers = ["施策番号", "施策", "番号", "事業名", "担当"]
    sheet = xlsx([headers, ["2", "市民協働の推進", "2-1", TITLE, "広報課"]])
    report = import_plan_file(sheet, "plan.xlsx", plan=plan)
    assert report.applied, report.messages
    imported = ActionItemPage.objects.get(plan=plan, number="2-1")
    assert (imported.get_parent().slug, imported.slug) == ("measure-2", "item-2-1")

    measure = imported.get_parent()
    data = item_form_data(title="協働講座", slug="協働講座", number="2-2")
    response = admin_client.post(add_url("actionitempage", measure), data)

    assert response.status_code == 302, form_errors(response)
    assert ActionItemPage.objects.get(plan=plan, number="2-2").slug == "item-2-2"


@pytest.mark.parametrize(
    ("slug", "filled_in"),
    [
        ("", True),
        ("協働カフェの開催", True),  # the page editor's
        ("協働カフェの開催-2", True),  # Wagtail's, when a sibling has it
        ("item-1-1", True),  # ours, from the number
        ("item-1-1-3", True),
        ("kyodo-cafe", False),
        ("協働カフェ", False),  # a part of the title, chosen
        ("item-2-1", False),  # another number's
    ],
)
def test_which_slugs_count_as_filled_in(slug, filled_in):
    bases = [numbered_slug_base("item", "1-1", TITLE)]
    assert filled_in_for_the_editor(slug, titles=[TITLE], bases=bases) is filled_in
