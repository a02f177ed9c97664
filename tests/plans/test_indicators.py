"""Indicators (指標) in the database and in the admin: what the database refuses, the
indicator editor as 広報担当 uses it (over HTTP, as a member of the group, not a superuser),
department staff who may look but not edit, the listing, and a plan's grade bands."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from plans.indicators import assess, grading_for
from plans.models import Indicator, IndicatorGradeBand, IndicatorTarget, IndicatorValue, PlanPage
from plans.staff import department_group_name, pr_group_name, setup_staff_groups
from plans.vocabularies import IndicatorDirection, IndicatorRule, PlanKind

from ..factories import add_indicator
from .test_constraints import refused


@pytest.fixture
def indicator(sample_plan):
    """公募委員の割合: 18.5% in FY2020, 30% aimed at in FY2025, measured in 2023 and 2024."""
    return add_indicator(
        sample_plan.plan,
        code="1-1",
        measures=[sample_plan.participation],
        baseline=(2020, "18.5"),
        targets={2025: "30"},
        values={2023: "24.0", 2024: "26.8"},
        notes={2024: "委員改選の年"},
    )


def staff(django_user_model, client, username: str, group_name: str):
    setup_staff_groups()
    user = django_user_model.objects.create_user(username, f"{username}@city.minato.example.jp", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return user


@pytest.fixture
def pr_client(client, django_user_model, db):
    staff(django_user_model, client, "koho-tanto", pr_group_name())
    return client


@pytest.fixture
def department_client(client, django_user_model, db):
    staff(django_user_model, client, "tanto-ka", department_group_name())
    return client


# The database -----------------------------------------------------------------------


def test_an_indicator_keeps_its_numbers_as_decimals(indicator):
    assert indicator.live and indicator.plan.slug == "participation-3"
    assert indicator.baseline_value == Decimal("18.5")
    assert [(row.fiscal_year, row.value, row.note) for row in indicator.values.order_by("fiscal_year")] == [
        (2023, Decimal("24"), ""),
        (2024, Decimal("26.8"), "委員改選の年"),
    ]
    assert [link.measure.number for link in indicator.measure_links.all()] == ["1"]


def test_one_value_per_indicator_and_year(indicator):
    with refused():
        IndicatorValue.objects.create(
            indicator=indicator, fiscal_year=2024, value=Decimal(27), locale=indicator.locale
        )
    with refused(ValidationError) as error:
        IndicatorValue(
            indicator=indicator, fiscal_year=2024, value=Decimal(27), locale=indicator.locale
        ).full_clean()
    assert "同じ年度の実績値が2つあります。" in str(error.value)


def test_one_target_per_indicator_and_year(indicator):
    with refused():
        IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2025, value=Decimal(35))
    with refused(ValidationError) as error:
        IndicatorTarget(indicator=indicator, fiscal_year=2025, value=Decimal(35)).full_clean()
    assert "同じ年度の目標値が2つあります。" in str(error.value)


@pytest.mark.parametrize("year", [1899, 2201])
def test_years_stay_within_the_sane_range(indicator, year):
    with refused():
        IndicatorValue.objects.create(
            indicator=indicator, fiscal_year=year, value=Decimal(1), locale=indicator.locale
        )
    with refused():
        IndicatorTarget.objects.create(indicator=indicator, fiscal_year=year, value=Decimal(1))
    with refused():
        Indicator.objects.filter(pk=indicator.pk).update(baseline_year=year)


def test_an_indicator_id_is_unique_within_a_plan(indicator, sample_plan, action_plan):
    with refused(ValidationError) as error:
        Indicator(plan=sample_plan.plan, locale=indicator.locale, code="1-1", name="別の指標").full_clean()
    assert "この計画には同じ指標IDがすでにあります。" in str(error.value)
    with refused():
        Indicator.objects.create(plan=sample_plan.plan, locale=indicator.locale, code="1-1", name="別の指標")
    # Another plan, or no ID at all, is fine.
    add_indicator(action_plan, code="1-1")
    add_indicator(sample_plan.plan, code="", name="ID のない指標")
    add_indicator(sample_plan.plan, code="", name="もう一つの ID のない指標")


def test_the_baseline_year_is_not_after_a_target_year(indicator):
    indicator.baseline_year = 2026
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert error.value.message_dict["baseline_year"] == [
        "基準年度（2026年度）が目標年度（2025年度）より後になっています。"
    ]


def test_grading_a_stored_indicator_reads_what_was_prefetched(
    indicator, sample_plan, django_assert_num_queries
):
    grading = grading_for(sample_plan.plan)
    fetched = Indicator.objects.prefetch_related("targets", "values").get(pk=indicator.pk)
    with django_assert_num_queries(0):
        result = assess(fetched, grading, 2024)
        assert (result.percent, result.band.label) == (89, "B")
        assert str(result.explanation) == (
            "令和6年度の実績値は26.8%で、目標値（令和7年度 30%）に対して89%の達成です。"
        )


# The indicator editor --------------------------------------------------------------------


def indicator_form_data(plan, **fields) -> dict:
    return nested_form_data(
        {
            "plan": plan.pk,
            "code": "2-1",
            "sort_order": "0",
            "name": "パブリックコメントの意見提出者数",
            "unit": "人",
            "direction": IndicatorDirection.UP,
            "description": "1年間に市民意見募集へ意見を提出した人の数",
            "source": "広報課の集計",
            "baseline_year": "2020",
            "baseline_value": "120",
            "measure_links": inline_formset([]),
            "item_links": inline_formset([]),
            "targets": inline_formset([{"fiscal_year": "2025", "value": "300"}]),
            "values": inline_formset(
                [
                    {"fiscal_year": "2023", "value": "180", "note": ""},
                    {"fiscal_year": "2024", "value": "", "note": "集計中"},
                ]
            ),
            **fields,
        }
    )


def add_url() -> str:
    return reverse("wagtailsnippets_plans_indicator:add")


def test_pr_staff_create_and_publish_an_indicator_with_targets_and_values(pr_client, sample_plan):
    data = indicator_form_data(
        sample_plan.plan,
        measure_links=inline_formset([{"measure": sample_plan.comments.pk}]),
        item_links=inline_formset([{"item": sample_plan.public_comment.pk}]),
    )
    data["action-publish"] = "action-publish"
    response = pr_client.post(add_url(), data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    indicator = Indicator.objects.get(code="2-1")
    assert indicator.live and indicator.plan_id == sample_plan.plan.pk
    assert [(row.fiscal_year, row.value) for row in indicator.targets.all()] == [(2025, Decimal(300))]
    assert [(row.fiscal_year, row.value, row.note) for row in indicator.values.order_by("fiscal_year")] == [
        (2023, Decimal(180), ""),
        (2024, None, "集計中"),
    ]
    assert [link.measure_id for link in indicator.measure_links.all()] == [sample_plan.comments.pk]
    assert [link.item_id for link in indicator.item_links.all()] == [sample_plan.public_comment.pk]
    assert indicator.revisions.count() == 1


def test_the_indicator_editor_is_in_japanese(pr_client, sample_plan):
    html = pr_client.get(add_url()).content.decode()
    for label in (
        "指標名",
        "単位",
        "望ましい方向",
        "基準年度",
        "基準値",
        "目標値",
        "実績値",
        "対象の施策",
        "出典・把握方法",
    ):
        assert label in html, label
    assert "増加が望ましい" in html and "目標値の達成・維持" in html


def test_a_year_given_twice_is_refused_in_japanese(pr_client, sample_plan):
    data = indicator_form_data(
        sample_plan.plan,
        values=inline_formset(
            [
                {"fiscal_year": "2024", "value": "1", "note": ""},
                {"fiscal_year": "2024", "value": "2", "note": ""},
            ]
        ),
        targets=inline_formset(
            [{"fiscal_year": "2025", "value": "3"}, {"fiscal_year": "2025", "value": "4"}]
        ),
    )
    response = pr_client.post(add_url(), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "同じ年度の実績値が2つあります。" in html
    assert "同じ年度の目標値が2つあります。" in html
    assert not Indicator.objects.filter(code="2-1").exists()


def test_a_baseline_after_the_target_is_refused_in_japanese(pr_client, sample_plan):
    response = pr_client.post(add_url(), indicator_form_data(sample_plan.plan, baseline_year="2026"))
    assert response.status_code == 200
    assert "基準年度（2026年度）が目標年度（2025年度）より後になっています。" in response.content.decode()
    assert not Indicator.objects.filter(code="2-1").exists()


def test_a_measure_of_another_plan_is_refused(pr_client, sample_plan, action_plan):
    other = action_plan.get_children().specific().get()
    data = indicator_form_data(sample_plan.plan, measure_links=inline_formset([{"measure": other.pk}]))
    response = pr_client.post(add_url(), data)
    assert response.status_code == 200
    assert "「市民活動団体との対話の場づくり」はこの計画の施策ではありません。" in response.content.decode()


def test_an_indicator_id_already_used_is_refused_in_japanese(pr_client, sample_plan, indicator):
    response = pr_client.post(add_url(), indicator_form_data(sample_plan.plan, code="1-1"))
    assert response.status_code == 200
    assert "この計画には同じ指標IDがすでにあります。" in response.content.decode()


def test_pr_staff_save_a_draft_and_the_live_indicator_stays(pr_client, indicator):
    url = reverse("wagtailsnippets_plans_indicator:edit", args=[indicator.pk])
    data = indicator_form_data(
        indicator.plan,
        code="1-1",
        values=inline_formset(
            [
                {"id": row.pk, "fiscal_year": str(row.fiscal_year), "value": str(row.value), "note": row.note}
                for row in indicator.values.order_by("fiscal_year")
            ]
            + [{"fiscal_year": "2025", "value": "31", "note": ""}],
            initial=2,
        ),
    )
    response = pr_client.post(url, data)

    assert response.status_code == 302
    live = Indicator.objects.get(pk=indicator.pk)
    assert live.has_unpublished_changes
    assert sorted(live.values.values_list("fiscal_year", flat=True)) == [2023, 2024]
    draft = live.get_latest_revision_as_object()
    assert sorted(row.fiscal_year for row in draft.values.all()) == [2023, 2024, 2025]


def test_department_staff_see_indicators_but_cannot_edit_them(department_client, indicator):
    listing = department_client.get(reverse("wagtailsnippets_plans_indicator:list"))
    assert listing.status_code == 200
    assert "審議会等の委員に占める公募委員の割合" in listing.content.decode()
    edit = department_client.post(
        reverse("wagtailsnippets_plans_indicator:edit", args=[indicator.pk]),
        indicator_form_data(indicator.plan),
    )
    assert edit.status_code in (302, 403)
    assert department_client.get(add_url()).status_code in (302, 403)
    assert Indicator.objects.get(pk=indicator.pk).name == "審議会等の委員に占める公募委員の割合"
    assert not Indicator.objects.filter(code="2-1").exists()


def test_the_listing_searches_and_filters_by_plan(pr_client, indicator, action_plan):
    add_indicator(action_plan, name="協働カフェの参加者数", unit="人")
    url = reverse("wagtailsnippets_plans_indicator:list")
    html = pr_client.get(url, {"q": "公募委員"}).content.decode()
    assert "審議会等の委員に占める公募委員の割合" in html and "協働カフェの参加者数" not in html
    html = pr_client.get(url, {"plan": action_plan.pk}).content.decode()
    assert "協働カフェの参加者数" in html and "審議会等の委員に占める公募委員の割合" not in html


def test_the_listing_is_for_staff_only(client, db):
    response = client.get(reverse("wagtailsnippets_plans_indicator:list"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# A plan's grade bands --------------------------------------------------------------------


def plan_form_data(bands: list[dict], **fields) -> dict:
    return nested_form_data(
        {
            "title": "みなと市協働推進アクションプラン（第2期）",
            "slug": "action-plan-2",
            "short_title": "",
            "kind": PlanKind.ACTION,
            "status": "in_force",
            "period_start": "2025",
            "period_end": "2029",
            "summary": "",
            "chapters": streamfield([]),
            "documents": inline_formset([]),
            "evaluation_levels": inline_formset([]),
            "indicator_rule": IndicatorRule.PATH,
            "indicator_grade_bands": inline_formset(bands),
            "comments": inline_formset([]),
            **fields,
        }
    )


def test_the_plan_editor_sets_the_rule_and_bands(admin_client, tree):
    bands = [
        {"label": "S", "threshold": "100", "description": "目標を達成"},
        {"label": "A", "threshold": "80", "description": "概ね達成"},
        {"label": "B", "threshold": "50", "description": ""},
        {"label": "C", "threshold": "0", "description": "成果が不十分"},
    ]
    url = reverse("wagtailadmin_pages:add", args=("plans", "planpage", tree.plan_index.pk))
    response = admin_client.post(url, plan_form_data(bands))

    assert response.status_code == 302
    plan = PlanPage.objects.get(slug="action-plan-2")
    assert plan.indicator_rule == IndicatorRule.PATH
    grading = grading_for(plan)
    assert grading.own and grading.rule == IndicatorRule.PATH
    assert [(band.label, band.threshold) for band in grading.bands] == [
        ("S", 100),
        ("A", 80),
        ("B", 50),
        ("C", 0),
    ]
    assert IndicatorGradeBand.objects.filter(page=plan).count() == 4
    assert (
        "指標の評価" in admin_client.get(reverse("wagtailadmin_pages:edit", args=[plan.pk])).content.decode()
    )


def test_the_plan_editor_refuses_two_bands_with_one_threshold(admin_client, tree):
    bands = [
        {"label": "A", "threshold": "80", "description": ""},
        {"label": "B", "threshold": "80", "description": ""},
    ]
    url = reverse("wagtailadmin_pages:add", args=("plans", "planpage", tree.plan_index.pk))
    response = admin_client.post(url, plan_form_data(bands))
    assert response.status_code == 200
    assert "下限80％が2つの段階で使われています。" in response.content.decode()
    assert not PlanPage.objects.filter(slug="action-plan-2").exists()
