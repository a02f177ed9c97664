"""「計画表の取り込み」 with indicators (指標), over HTTP as a member of 広報担当 (not a
superuser): an indicator file into the chosen plan, checked then published; a plan
workbook with a 指標 sheet importing both; errors shown with the indicator table named; an
editor of the plan's pages who may not edit indicators is refused."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import GroupPagePermission

import pytest

from plans.models import Indicator, MeasurePage, PlanImport
from plans.staff import pr_group_name, setup_staff_groups

from .tables.sheets import xlsx

HEADER = [
    "施策番号",
    "指標名",
    "単位",
    "方向",
    "基準年度",
    "基準値",
    "目標年度",
    "目標値",
    "指標ID",
    "令和6年度",
]
ROW = ["1", "出前講座の参加者数", "人", "増加", "令和2年度", "850", "令和7年度", "1,500", "K-1", "1,320人"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def pr(client, django_user_model, tree):
    setup_staff_groups()
    user = django_user_model.objects.create_user(username="koho", password="password")
    user.groups.add(Group.objects.get(name=pr_group_name()))
    client.force_login(user)
    return user


def upload(client, plan, data: bytes, name: str, **fields):
    file = SimpleUploadedFile(name, data)
    return client.post(
        reverse("kyodo_admin:plan_imports", args=[plan.pk]), {"file": file, "publish": "draft"} | fields
    )


def test_pr_staff_import_an_indicator_file_into_the_chosen_plan(client, pr, sample_plan):
    plan = sample_plan.plan
    response = upload(client, plan, xlsx([HEADER, ROW], title="指標"), "指標.xlsx", publish="publish")
    assert response.status_code == 302
    record = PlanImport.objects.get()
    assert record.state == PlanImport.State.CHECKED, record.report

    html = client.get(response["Location"]).content.decode()
    assert "指標（成果指標）" in html and "指標の表だけのファイルです。" in html
    assert "出前講座の参加者数" in html and "新規作成" in html
    assert "令和6年度（2024年度）" in html  # how the year header was read
    assert "この内容で計画の指標を作成・更新し、公開します。" in html
    assert not Indicator.objects.exists()

    client.post(reverse("kyodo_admin:import_apply", args=[record.pk]))

    record.refresh_from_db()
    assert record.state == PlanImport.State.APPLIED
    indicator = Indicator.objects.get(code="K-1")
    assert indicator.live and indicator.plan_id == plan.pk
    assert [(row.fiscal_year, row.value) for row in indicator.values.all()] == [(2024, Decimal("1320"))]
    done = client.get(reverse("kyodo_admin:import_detail", args=[record.pk])).content.decode()
    # The message speaks of the indicators the file held, not of the plan's pages.
    assert "指標の表を反映し、指標を公開しました。" in done
    assert "計画表を反映" not in done
    assert f'href="/admin/snippets/plans/indicator/?plan={plan.pk}"' in done

    # The same file again: every row unchanged, nothing to change.
    upload(client, plan, xlsx([HEADER, ROW], title="指標"), "指標.xlsx")
    again = PlanImport.objects.order_by("-pk").first()
    assert again.report["indicator_rows"][0]["action"] == "unchanged"
    assert (
        "このファイルには変更がありません。"
        in client.get(reverse("kyodo_admin:import_detail", args=[again.pk])).content.decode()
    )


def test_an_indicator_file_kept_as_a_draft_says_so(client, pr, sample_plan):
    plan = sample_plan.plan
    upload(client, plan, xlsx([HEADER, ROW], title="指標"), "指標.xlsx")
    record = PlanImport.objects.get()

    client.post(reverse("kyodo_admin:import_apply", args=[record.pk]))

    assert not Indicator.objects.get(code="K-1").live
    done = client.get(reverse("kyodo_admin:import_detail", args=[record.pk])).content.decode()
    assert "指標の表を反映しました。変更は指標の下書きとして保存されています。" in done


def test_a_file_that_changes_nothing_says_so_once_applied(client, pr, sample_plan):
    plan = sample_plan.plan
    upload(client, plan, xlsx([HEADER, ROW], title="指標"), "指標.xlsx", publish="publish")
    client.post(reverse("kyodo_admin:import_apply", args=[PlanImport.objects.get().pk]))
    revisions = Indicator.objects.get(code="K-1").revisions.count()

    upload(client, plan, xlsx([HEADER, ROW], title="指標"), "指標.xlsx")  # as a draft
    again = PlanImport.objects.order_by("-pk").first()
    response = client.post(reverse("kyodo_admin:import_apply", args=[again.pk]), follow=True)

    done = response.content.decode()
    assert "ファイルの内容が登録済みの内容と同じだったため、何も変更していません。" in done
    assert "下書きとして保存されています" not in done
    assert Indicator.objects.get(code="K-1").revisions.count() == revisions


def test_a_plan_workbook_with_an_indicator_sheet_imports_both(client, pr, sample_plan):
    plan_rows = [
        ["施策番号", "施策", "番号", "事業名"],
        ["4", "若者の市政参加の促進", "4-1", "高校生との意見交換会"],
    ]
    indicator_row = ["4", "意見交換会の参加者数", "人", "増加", "", "", "R7", "200", "K-4", "150"]
    data = xlsx(plan_rows, title="計画表", extra_sheets={"指標": [HEADER, indicator_row]})

    response = upload(client, sample_plan.plan, data, "計画表.xlsx", status_year="2024")
    record = PlanImport.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert "高校生との意見交換会" in html and "意見交換会の参加者数" in html
    assert "シート「指標」の指標の表です。" in html

    client.post(reverse("kyodo_admin:import_apply", args=[record.pk]))

    record.refresh_from_db()
    assert record.state == PlanImport.State.APPLIED
    indicator = Indicator.objects.get(code="K-4")
    assert not indicator.live  # saved as a draft, like the pages
    draft = indicator.get_latest_revision_as_object()
    assert [link.measure_id for link in draft.measure_links.all()] == [MeasurePage.objects.get(number="4").pk]


def test_errors_name_the_indicator_table_row_and_column(client, pr, sample_plan):
    bad = [*ROW[:9], "約1,300"]
    response = upload(client, sample_plan.plan, xlsx([HEADER, bad], title="指標"), "指標.xlsx")

    record = PlanImport.objects.get()
    assert record.state == PlanImport.State.HAS_ERRORS
    html = client.get(response["Location"]).content.decode()
    assert "指標の表 2行目" in html and "令和6年度" in html and "「約1,300」は数として読めません" in html
    assert "反映する</em>" not in html


def test_an_editor_of_the_plans_pages_may_not_import_indicators(client, django_user_model, sample_plan):
    editors = Group.objects.create(name="計画の編集者")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=editors, page=sample_plan.plan, permission=Permission.objects.get(codename=permission)
        )
    user = django_user_model.objects.create_user(username="henshu", password="password")
    user.groups.add(editors)
    client.force_login(user)

    upload(client, sample_plan.plan, xlsx([HEADER, ROW], title="指標"), "指標.xlsx")

    record = PlanImport.objects.get()
    assert record.state == PlanImport.State.HAS_ERRORS
    assert "指標を追加・変更する権限がありません" in record.report["messages"][0]["text"]
    assert not Indicator.objects.exists()
