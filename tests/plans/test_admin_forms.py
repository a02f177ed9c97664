"""The page editor refuses a number already used in the plan, with a message in Japanese."""

from __future__ import annotations

import re

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from bs4 import BeautifulSoup

from plans.models import ActionItemPage, MeasurePage, ProgressReportPage

from ..factories import ActionItemPageFactory, MeasurePageFactory, PlanPageFactory, ProgressReportPageFactory


def measure_form_data(**fields) -> dict:
    return nested_form_data(
        {
            "title": "市民意見募集（パブリックコメント）の充実",
            "slug": "public-comment",
            "number": "",
            "area": "I 市政への市民参加の推進",
            "description": streamfield([]),
            "comments": inline_formset([]),
            **fields,
        }
    )


def item_form_data(**fields) -> dict:
    return nested_form_data(
        {
            "title": "パブリックコメント手続の周知",
            "slug": "public-comment-notice",
            "number": "",
            "external_id": "",
            "group": "",
            "description": streamfield([]),
            "actor": "city",
            "pickup_text": "",
            "departments": inline_formset([]),
            "relistings": inline_formset([]),
            "schedule": inline_formset([]),
            "progress": inline_formset([]),
            "comments": inline_formset([]),
            **fields,
        }
    )


def add_url(model: str, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("plans", model, parent.pk))


def form_errors(response) -> dict:
    form = response.context["form"]
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


def test_the_admin_creates_a_measure(admin_client, tree):
    plan = PlanPageFactory(parent=tree.plan_index, title="みなと市市民参加推進計画（第3次）")

    response = admin_client.post(add_url("measurepage", plan), measure_form_data(number="2"))

    assert response.status_code == 302, form_errors(response)
    measure = MeasurePage.objects.child_of(plan).get(slug="public-comment")
    assert (measure.plan_id, measure.number) == (plan.pk, "2")


def test_the_admin_refuses_a_duplicate_measure_number_in_japanese(admin_client, tree):
    plan = PlanPageFactory(parent=tree.plan_index, title="みなと市市民参加推進計画（第3次）")
    MeasurePageFactory(parent=plan, title="審議会等への市民公募委員の参加促進", number="1")

    response = admin_client.post(add_url("measurepage", plan), measure_form_data(number="1"))

    assert response.status_code == 200
    assert form_errors(response)["number"] == [
        "この計画には番号「1」がすでにあります。別の番号にしてください。"
    ]
    assert "この計画には番号「1」がすでにあります。" in response.content.decode()
    assert MeasurePage.objects.filter(plan=plan).count() == 1


def test_the_admin_accepts_a_number_used_in_another_plan(admin_client, tree):
    plan = PlanPageFactory(parent=tree.plan_index, title="みなと市市民参加推進計画（第3次）", slug="p3")
    other = PlanPageFactory(parent=tree.plan_index, title="協働推進アクションプラン", slug="action")
    MeasurePageFactory(parent=other, title="協働事業提案制度の推進", number="1")

    response = admin_client.post(add_url("measurepage", plan), measure_form_data(number="1"))

    assert response.status_code == 302, form_errors(response)
    assert MeasurePage.objects.filter(plan__in=[plan, other], number="1").count() == 2


def test_editing_a_measure_keeps_its_own_number(admin_client, tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    measure = MeasurePageFactory(
        parent=plan, title="審議会等への市民公募委員の参加促進", number="1", slug="m1"
    )

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(measure.pk,)),
        measure_form_data(title="審議会等への市民公募委員の参加促進（改）", slug="m1", number="1"),
    )

    assert response.status_code == 302, form_errors(response)
    assert MeasurePage.objects.get(pk=measure.pk).get_latest_revision_as_object().title.endswith("（改）")


def test_the_edit_form_refuses_a_number_of_another_measure(admin_client, tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    MeasurePageFactory(parent=plan, title="審議会等への市民公募委員の参加促進", number="1")
    second = MeasurePageFactory(parent=plan, title="市民意見募集の充実", number="2", slug="m2")

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(second.pk,)), measure_form_data(slug="m2", number="1")
    )

    assert response.status_code == 200
    assert (
        "この計画には番号「1」がすでにあります。別の番号にしてください。" in form_errors(response)["number"]
    )


def test_the_form_class_refuses_a_duplicate_measure_number(tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    MeasurePageFactory(parent=plan, title="審議会等への市民公募委員の参加促進", number="32")
    form_class = MeasurePage.get_edit_handler().get_form_class()

    form = form_class(measure_form_data(number="32"), instance=MeasurePage(), parent_page=plan, for_user=None)

    assert not form.is_valid()
    assert form.errors["number"] == ["この計画には番号「32」がすでにあります。別の番号にしてください。"]


def test_the_admin_refuses_an_item_number_used_under_another_measure(admin_client, tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    first = MeasurePageFactory(parent=plan, number="1")
    second = MeasurePageFactory(parent=plan, number="2")
    ActionItemPageFactory(parent=first, title="審議会等への公募委員の登用", number="1-1")

    response = admin_client.post(add_url("actionitempage", second), item_form_data(number="1-1"))

    assert response.status_code == 200
    assert form_errors(response)["number"] == [
        "この計画には番号「1-1」がすでにあります。別の番号にしてください。"
    ]
    assert ActionItemPage.objects.filter(plan=plan).count() == 1


def test_the_admin_refuses_a_duplicate_external_id_with_a_message(admin_client, tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    measure = MeasurePageFactory(parent=plan, number="1")
    ActionItemPageFactory(parent=measure, title="審議会等への公募委員の登用", external_id="KY-0101")

    response = admin_client.post(add_url("actionitempage", measure), item_form_data(external_id="KY-0101"))

    assert response.status_code == 200
    assert any("管理番号" in message for messages in form_errors(response).values() for message in messages)
    assert ActionItemPage.objects.filter(plan=plan).count() == 1


def test_the_admin_refuses_a_second_report_for_the_same_year_with_a_message(admin_client, tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    ProgressReportPageFactory(parent=plan, title="令和6年度 市民参加推進レポート", fiscal_year=2024)

    data = nested_form_data(
        {
            "title": "令和6年度 市民参加推進レポート（第2版）",
            "slug": "report-2024-2",
            "fiscal_year": "2024",
            "overall_evaluation": "",
            "introduction": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    response = admin_client.post(add_url("progressreportpage", plan), data)

    assert response.status_code == 200
    assert any("進捗報告" in message for messages in form_errors(response).values() for message in messages)
    assert ProgressReportPage.objects.filter(plan=plan).count() == 1


def test_a_number_taken_by_an_autosaved_draft_points_to_the_draft(admin_client, tree):
    """An abandoned new item, autosaved by the editor, holds its number; the next attempt is
    told so and gets links to continue or delete that draft."""
    plan = PlanPageFactory(parent=tree.plan_index)
    measure = MeasurePageFactory(parent=plan, number="1")
    autosave = admin_client.post(
        add_url("actionitempage", measure),
        item_form_data(title="協働カフェの開催", slug="", number="1-1"),
        HTTP_ACCEPT="application/json",
    )
    assert autosave.json()["success"], autosave.json()
    draft = ActionItemPage.objects.get(plan=plan, number="1-1")
    assert not draft.live

    response = admin_client.post(
        add_url("actionitempage", measure), item_form_data(title="協働カフェの開催", number="1-1")
    )

    assert response.status_code == 200
    [error] = form_errors(response)["number"]
    assert re.fullmatch(
        r"番号「1-1」の下書きがあります（最終更新：\d{4}年\d{1,2}月\d{1,2}日\d{1,2}:\d{2}）。"
        r"下書きを開いて続けるか、削除してください。 下書き「協働カフェの開催」を開く 下書きを削除する",
        BeautifulSoup(error, "html.parser").get_text(),
    ), error
    html = BeautifulSoup(response.content, "html.parser")
    links = {link.get_text(): link["href"] for link in html.select(".error-message a, .w-field__errors a")}
    assert links == {
        "下書き「協働カフェの開催」を開く": reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        "下書きを削除する": reverse("wagtailadmin_pages:delete", args=[draft.pk]),
    }
    assert ActionItemPage.objects.filter(plan=plan).count() == 1


def test_a_number_taken_by_a_published_item_keeps_the_plain_message(admin_client, tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    measure = MeasurePageFactory(parent=plan, number="1")
    # Published once, then unpublished: its number is not a forgotten draft.
    item = ActionItemPageFactory(parent=measure, title="協働カフェの開催", number="1-1")
    item.unpublish()

    response = admin_client.post(add_url("actionitempage", measure), item_form_data(number="1-1"))

    assert form_errors(response)["number"] == [
        "この計画には番号「1-1」がすでにあります。別の番号にしてください。"
    ]
