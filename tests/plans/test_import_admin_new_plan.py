"""「計画表の取り込み」 creating a plan, as 広報担当 does it: download the template, fill it in,
upload it choosing 「新しい計画を作る」, read the check, apply as drafts (nothing public) or
publish. 担当課職員 may not create plans; bad input is explained and stores nothing."""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission

import pytest
from openpyxl import Workbook, load_workbook

from plans.fiscal_years import fiscal_year_of, wareki
from plans.models import ActionItemPage, Indicator, MeasurePage, PlanImport, PlanPage
from plans.staff import department_group_name, pr_group_name, setup_staff_groups
from plans.tables.columns import COLUMNS
from plans.tables.indicator_format import INDICATOR_COLUMNS
from plans.vocabularies import Actor, IndicatorDirection, Phase, ProgressStatus

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "第3次市民参加推進計画"
PERIOD = ("令和7年度", "令和11年度")
YEARS = [wareki(year) for year in range(2025, 2030)]

# Two measures, three items, as a PR office would fill in the template.
ROWS = [
    {
        "分野": "I 市民参加の推進",
        "施策番号": "1",
        "施策": "市政への市民参加の機会の充実",
        "番号": "1-1",
        "事業名": "市民ワークショップの開催",
        "事業内容": "計画づくりの初期段階から市民が意見を出し合うワークショップを開きます。",
        "担当": "市民協働推進課",
        "主体": "市民と市",
        "新規": "○",
        "令和7年度": "準備",
        "令和8年度": "実施",
        "令和9年度": "継続",
    },
    {
        "分野": "I 市民参加の推進",
        "施策番号": "1",
        "施策": "市政への市民参加の機会の充実",
        "番号": "1-2",
        "事業名": "パブリックコメント手続の周知",
        "担当": "広聴課、市民協働推進課",
        "主体": "市",
        "令和7年度": "実施",
        "令和8年度": "継続",
    },
    {
        "分野": "II 協働の推進",
        "施策番号": "2",
        "施策": "市民活動団体との協働の促進",
        "番号": "2-1",
        "事業名": "協働提案制度の見直し",
        "担当": "市民協働推進課",
        "主体": "市",
        "令和7年度": "検討",
        "令和8年度": "実施",
    },
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def groups(db):
    setup_staff_groups()


def member(django_user_model, username: str, group_name: str, *, departments=()):
    user = django_user_model.objects.create_user(
        username=username, password="password", last_name="佐藤", first_name="美咲"
    )
    user.groups.add(Group.objects.get(name=group_name))
    for department in departments:
        department.members.add(user)
    return user


@pytest.fixture
def pr(client, django_user_model, groups, tree):
    """A member of 広報担当, signed in (not a superuser)."""
    user = member(django_user_model, "koho", pr_group_name())
    client.force_login(user)
    return user


@pytest.fixture
def department_staff(client, django_user_model, groups, departments):
    user = member(django_user_model, "kyodo-tanto", department_group_name(), departments=[departments.kyodo])
    client.force_login(user)
    return user


def download_template(client) -> Workbook:
    response = client.get(reverse("kyodo_admin:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert (
        "%E8%A8%88%E7%94%BB%E8%A1%A8%E3%81%AE%E3%81%B2%E3%81%AA%E5%BD%A2.xlsx"
        in response["Content-Disposition"]
    )
    return load_workbook(io.BytesIO(response.content))


def filled_template(client, rows=ROWS, *, name: str = "第3次計画.xlsx") -> SimpleUploadedFile:
    """The template as a person fills it in: the example row replaced, the fiscal-year
    headers set to the plan's period (as the 「説明」 sheet says), one row per item; the
    example indicators deleted (those who get the sheet 「指標」, see the indicator tests)."""
    workbook = download_template(client)
    if "指標" in workbook.sheetnames:
        workbook["指標"].delete_rows(2, 2)
    sheet = workbook["計画表"]
    headers = [cell.value for cell in sheet[1]]
    first_year = headers.index(
        next(header for header in headers if header.endswith("年度") and "評価" not in header)
    )
    for offset, year in enumerate(YEARS):
        sheet.cell(row=1, column=first_year + 1 + offset, value=year)
    headers = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_TYPE)


def new_plan_form(file, tree, **fields) -> dict:
    return {
        "target": "new",
        "title": TITLE,
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "parent": tree.plan_index.pk,
        "file": file,
        "sheet": "",
        "status_year": "",
        "publish": "draft",
    } | fields


def anonymous() -> Client:
    return Client()


# The template -------------------------------------------------------------------------------


def test_the_template_has_the_export_headers_an_example_lists_and_instructions(client, pr):
    workbook = download_template(client)
    assert workbook.sheetnames == ["計画表", "指標", "説明"]
    sheet = workbook["計画表"]
    headers = [cell.value for cell in sheet[1]]
    this_year = fiscal_year_of(timezone.localdate())
    assert headers == [column.japanese for column in COLUMNS] + [
        wareki(year) for year in range(this_year, this_year + 5)
    ]
    example = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert example["施策"] == "市政への市民参加の機会の充実"
    assert example["事業名"] == "審議会等への公募委員の登用"
    assert example["主体"] == "市" and example["充実"] == "○" and example["進捗状況"] == "順調"
    assert sheet.max_row == 2

    lists = {
        str(validation.sqref).split(":")[0]: validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    column = {
        header: sheet.cell(row=1, column=index + 1).column_letter for index, header in enumerate(headers)
    }
    assert lists[f"{column['進捗状況']}2"] == '"未着手,検討中,実施中,順調,概ね順調,やや遅れ,遅れ,完了,中止"'
    assert lists[f"{column['主体']}2"] == '"市民,市,市民と市"'
    assert lists[f"{column['新規']}2"] == lists[f"{column['ピックアップ']}2"] == '"○"'
    assert lists[f"{column[wareki(this_year)]}2"] == '"検討,準備,実施,継続,完了"'
    phases = next(
        v for v in sheet.data_validations.dataValidation if v.formula1 == '"検討,準備,実施,継続,完了"'
    )
    assert str(phases.sqref) == f"{column[wareki(this_year)]}2:{column[wareki(this_year + 4)]}2001"

    guide = "\n".join(
        " ".join(str(value) for value in row if value) for row in workbook["説明"].iter_rows(values_only=True)
    )
    assert "計画表のひな形の使い方" in guide
    assert "1行が1つの事業" in guide
    assert "消すときは「削除」と書きます" in guide  # the blank-cell rule
    assert "docs/plan-table-format.md" in guide
    assert "http://testserver/admin/kyodo/imports/help/" in guide
    assert "施策番号 計画の中での施策の番号" in guide  # every column explained


def test_the_template_has_an_indicator_sheet_laid_out_as_the_import_reads_it(client, pr):
    workbook = download_template(client)
    sheet = workbook["指標"]
    this_year = fiscal_year_of(timezone.localdate())
    years = [wareki(year) for year in range(this_year, this_year + 5)]
    headers = [cell.value for cell in sheet[1]]
    # The indicator columns as the import reads them, then the plan's fiscal years (those of 「計画表」).
    assert headers == [column.japanese for column in INDICATOR_COLUMNS] + years
    assert headers[-5:] == [cell.value for cell in workbook["計画表"][1]][-5:]
    assert sheet.max_row == 3 and sheet.freeze_panes == "A2"
    rows = [
        dict(zip(headers, [cell.value for cell in row], strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    assert [(row["施策番号"], row["指標名"], row["単位"], row["方向"]) for row in rows] == [
        ("1", "審議会等の委員に占める公募委員の割合", "%", "増加"),
        ("1", "公募委員のいない審議会等の数", "件", "減少"),
    ]
    first = rows[0]
    assert (first["基準年度"], first["基準値"], first["目標年度"], first["目標値"], first["指標ID"]) == (
        wareki(this_year - 2),
        18.5,
        years[-1],
        30,
        "K-1",
    )
    assert first[years[0]] == 21.3 and first[years[1]] is None  # values are numbers; later years blank
    assert [row["指標ID"] for row in rows] == ["K-1", "K-2"]
    (directions,) = sheet.data_validations.dataValidation
    assert directions.formula1 == '"増加,減少,維持"' and str(directions.sqref) == "D2:D2001"

    guide = "\n".join(
        " ".join(str(value) for value in row if value) for row in workbook["説明"].iter_rows(values_only=True)
    )
    assert "「指標」シート（成果指標）の書き方" in guide
    for column in INDICATOR_COLUMNS:
        assert f"\n{column.japanese} " in guide, column.japanese
    assert "値を消すときは「削除」と書きます" in guide
    assert "指標IDが同じ登録済みの指標を更新します" in guide


def test_the_template_itself_imports_as_one_measure_one_item_and_two_indicators(client, pr, tree):
    response = client.get(reverse("kyodo_admin:import_template"))
    this_year = fiscal_year_of(timezone.localdate())
    file = SimpleUploadedFile("計画表のひな形.xlsx", response.content, content_type=XLSX_TYPE)
    form = new_plan_form(file, tree, period_start=str(this_year), period_end=wareki(this_year + 4))
    response = client.post(reverse("kyodo_admin:imports"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = PlanImport.objects.get()
    assert record.state == PlanImport.State.CHECKED
    counts = record.report["counts"]
    assert (counts["measures_created"], counts["items_created"], counts["errors"]) == (1, 1, 0)
    assert counts["indicators_created"] == 2
    assert [message for message in record.report["messages"] if message["part"] == "indicators"] == []
    html = client.get(response["Location"]).content.decode()
    assert "審議会等の委員に占める公募委員の割合" in html and "公募委員のいない審議会等の数" in html
    assert not Indicator.objects.exists()  # the check writes nothing

    client.post(reverse("kyodo_admin:import_apply", args=[record.pk]))
    plan = PlanPage.objects.get(title=TITLE)
    measure = MeasurePage.objects.child_of(plan).get()
    item = ActionItemPage.objects.child_of(measure).get()
    assert (measure.number, measure.title) == ("1", "市政への市民参加の機会の充実")
    assert (item.number, item.title, item.actor, item.is_enhanced) == (
        "1-1",
        "審議会等への公募委員の登用",
        Actor.CITY,
        True,
    )
    assert [(row.fiscal_year, row.phase) for row in item.schedule.order_by("fiscal_year")] == [
        (this_year, Phase.IMPLEMENT),
        *[(year, Phase.CONTINUE) for year in range(this_year + 1, this_year + 5)],
    ]
    progress = item.progress.get()
    assert (progress.fiscal_year, progress.status) == (this_year, ProgressStatus.ON_TRACK)
    assert [link.department.name for link in item.departments.order_by("sort_order")] == [
        "市民協働推進課",
        "行政管理課",
    ]
    # The example indicators, drafts of the new plan measuring its measure.
    indicators = list(Indicator.objects.filter(plan=plan).order_by("sort_order", "pk"))
    assert [(i.code, i.name, i.unit, i.direction) for i in indicators] == [
        ("K-1", "審議会等の委員に占める公募委員の割合", "%", IndicatorDirection.UP),
        ("K-2", "公募委員のいない審議会等の数", "件", IndicatorDirection.DOWN),
    ]
    share, count = (Indicator.objects.get(pk=i.pk).latest_revision.as_object() for i in indicators)
    assert not any(i.live for i in indicators)
    assert (share.baseline_year, share.baseline_value) == (this_year - 2, Decimal("18.5"))
    assert [(t.fiscal_year, t.value) for t in share.targets.all()] == [(this_year + 4, Decimal(30))]
    assert [(v.fiscal_year, v.value) for v in share.values.all()] == [(this_year, Decimal("21.3"))]
    assert [(t.fiscal_year, t.value) for t in count.targets.all()] == [(this_year + 4, Decimal(4))]
    assert [link.measure_id for link in share.measure_links.all()] == [measure.pk]


def test_staff_who_may_not_import_indicators_get_the_template_without_them(client, django_user_model, tree):
    """An editor of pages without the indicator permissions: no sheet 「指標」 to stand in the
    way, and the template still imports."""
    page_editor(client, django_user_model, "henshu", tree.home)
    workbook = download_template(client)
    assert workbook.sheetnames == ["計画表", "説明"]
    guide = " ".join(
        str(value) for row in workbook["説明"].iter_rows(values_only=True) for value in row if value
    )
    assert "指標名" not in guide

    response = client.get(reverse("kyodo_admin:import_template"))
    this_year = fiscal_year_of(timezone.localdate())
    file = SimpleUploadedFile("計画表のひな形.xlsx", response.content, content_type=XLSX_TYPE)
    form = new_plan_form(file, tree, period_start=str(this_year), period_end=wareki(this_year + 4))
    assert client.post(reverse("kyodo_admin:imports"), form).status_code == 302
    assert PlanImport.objects.get().report["counts"]["errors"] == 0


# Creating a plan -------------------------------------------------------------------------


def test_pr_staff_create_a_plan_from_the_template_as_drafts_that_stay_private(client, pr, tree):
    html = client.get(reverse("kyodo_admin:imports")).content.decode()
    assert "新しい計画を作る" in html
    assert reverse("kyodo_admin:import_template") in html
    assert reverse("kyodo_admin:import_help") in html
    plans_before = PlanPage.objects.count()

    response = client.post(reverse("kyodo_admin:imports"), new_plan_form(filled_template(client), tree))
    assert response.status_code == 302
    record = PlanImport.objects.get()
    assert (record.new_plan_title, record.period, record.parent_id) == (
        TITLE,
        (2025, 2029),
        tree.plan_index.pk,
    )
    assert record.plan_id is None and record.state == PlanImport.State.CHECKED
    html = client.get(response["Location"]).content.decode()
    assert "取り込みの確認" in html
    assert "新しく作る計画" in html and TITLE in html
    assert "令和7年度（2025年度）〜令和11年度（2029年度）" in html
    assert "市民ワークショップの開催" in html and "協働提案制度の見直し" in html
    assert "反映する" in html
    assert PlanPage.objects.count() == plans_before  # a check writes nothing

    response = client.post(reverse("kyodo_admin:import_apply", args=[record.pk]), follow=True)
    html = response.content.decode()
    assert "取り込みの結果" in html and "下書きとして保存されています" in html
    record.refresh_from_db()
    plan = PlanPage.objects.get(title=TITLE)
    assert (record.state, record.plan_id, record.applied_by) == (PlanImport.State.APPLIED, plan.pk, pr)
    assert plan.get_parent().pk == tree.plan_index.pk
    assert (plan.period_start, plan.period_end) == (2025, 2029)
    measures = MeasurePage.objects.child_of(plan).order_by("path")
    items = ActionItemPage.objects.descendant_of(plan).order_by("path")
    assert [measure.title for measure in measures] == [
        "市政への市民参加の機会の充実",
        "市民活動団体との協働の促進",
    ]
    assert [item.title for item in items] == [
        "市民ワークショップの開催",
        "パブリックコメント手続の周知",
        "協働提案制度の見直し",
    ]
    assert not plan.live and not any(page.live for page in [*measures, *items])
    assert all(page.has_unpublished_changes for page in [plan, *measures, *items])

    # In the admin: the plan and its pages, marked as drafts.
    explorer = client.get(reverse("wagtailadmin_explore", args=[tree.plan_index.pk])).content.decode()
    assert TITLE in explorer and "下書き" in explorer
    explorer = client.get(reverse("wagtailadmin_explore", args=[plan.pk])).content.decode()
    assert "市政への市民参加の機会の充実" in explorer

    # Not on the public site, not in either API.
    public = anonymous()
    assert public.get(plan.url).status_code == 404
    assert TITLE not in public.get(tree.plan_index.url).content.decode()
    assert public.get(f"/api/open/plans/{plan.pk}").status_code == 404
    assert plan.pk not in [entry["id"] for entry in public.get("/api/open/plans").json()["results"]]
    assert public.get(f"/api/open/items/{items[0].pk}").status_code == 404
    assert public.get(f"/api/v2/pages/{plan.pk}/").status_code == 404
    listed = public.get("/api/v2/pages/", {"type": "plans.PlanPage", "fields": "title"}).json()["items"]
    assert TITLE not in [entry["title"] for entry in listed]


def test_pr_staff_may_publish_the_new_plan_at_once(client, pr, tree):
    form = new_plan_form(filled_template(client), tree, publish="publish")
    html = client.get(reverse("kyodo_admin:imports")).content.decode()
    assert "すぐに公開する" in html
    client.post(reverse("kyodo_admin:imports"), form)
    record = PlanImport.objects.get()
    assert record.publish
    response = client.post(reverse("kyodo_admin:import_apply", args=[record.pk]), follow=True)
    assert "計画表を反映し、公開しました。" in response.content.decode()

    plan = PlanPage.objects.get(title=TITLE)
    items = ActionItemPage.objects.descendant_of(plan)
    assert plan.live and items.count() == 3 and all(item.live for item in items)
    public = anonymous()
    page = public.get(plan.url)
    assert page.status_code == 200 and TITLE in page.content.decode()
    assert public.get(f"/api/open/plans/{plan.pk}").json()["title"] == TITLE
    assert public.get(f"/api/v2/pages/{plan.pk}/").status_code == 200


def test_a_title_already_in_use_is_warned_about(client, pr, tree, sample_plan):
    form = new_plan_form(filled_template(client), tree, title=sample_plan.plan.title)
    response = client.post(reverse("kyodo_admin:imports"), form)
    html = client.get(response["Location"]).content.decode()
    assert f"同じ名前の計画「{sample_plan.plan.title}」がすでにあります" in html
    assert PlanImport.objects.get().state == PlanImport.State.CHECKED  # a warning, not an error


def test_another_sheet_of_the_workbook_can_be_chosen_on_the_report(client, pr, tree):
    template = load_workbook(io.BytesIO(filled_template(client).read()))
    cover = template.create_sheet("表紙", 0)
    cover["A1"] = "第3次市民参加推進計画（案）"
    buffer = io.BytesIO()
    template.save(buffer)
    file = SimpleUploadedFile("計画書.xlsx", buffer.getvalue(), content_type=XLSX_TYPE)

    response = client.post(reverse("kyodo_admin:imports"), new_plan_form(file, tree))
    record = PlanImport.objects.get()
    assert record.sheet_names == ["表紙", "計画表", "指標", "説明"]
    assert record.state == PlanImport.State.HAS_ERRORS  # the cover has no table
    html = client.get(response["Location"]).content.decode()
    assert "別のシートを読んで確認し直す" in html
    assert '<option value="計画表">計画表</option>' in html

    response = client.post(reverse("kyodo_admin:import_sheet", args=[record.pk]), {"sheet": "計画表"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.sheet, record.state) == ("計画表", PlanImport.State.CHECKED)
    assert record.report["counts"]["items_created"] == 3
    html = client.get(response["Location"]).content.decode()
    assert "シート：計画表" in html and "反映する" in html

    response = client.post(
        reverse("kyodo_admin:import_sheet", args=[record.pk]), {"sheet": "集計"}, follow=True
    )
    assert "シート「集計」がありません。あるシート：表紙、計画表、指標、説明" in response.content.decode()
    record.refresh_from_db()
    assert record.sheet == "計画表"


def test_the_help_page_explains_every_column(client, pr):
    response = client.get(reverse("kyodo_admin:import_help"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "計画表の書き方" in html
    for column in COLUMNS:
        assert f'<th scope="row">{column.japanese}</th>' in html
    assert "検討、準備、実施、継続、完了" in html
    assert "docs/plan-table-format.md" in html
    assert reverse("kyodo_admin:import_template") in html

    # The indicator table: every column, the directions, years, numbers, 削除, 指標ID, a file of its own.
    indicators = html.split('id="help-indicators"', 1)[1].split('id="help-more"', 1)[0]
    for column in INDICATOR_COLUMNS:
        assert f'<th scope="row">{column.japanese}</th>' in indicators, column.japanese
    assert '<th scope="row">年度の列（例：令和7年度）</th>' in indicators
    assert "増加、減少、維持" in indicators
    assert "「以降」は使えません" in indicators
    assert "単位が人なら「1,320人」" in indicators
    assert "値を消すときは「削除」と書きます" in indicators
    assert "指標IDが同じ登録済みの指標を更新します（指標IDのない行は、指標名が同じ" in indicators
    assert "取り込み画面で選んだ登録済みの計画の指標として取り込まれます" in indicators


# Who may create a plan --------------------------------------------------------------------


def test_department_staff_cannot_create_a_plan(client, department_staff, tree):
    assert client.get(reverse("kyodo_admin:imports")).status_code == 403
    assert client.get(reverse("kyodo_admin:import_template")).status_code == 403
    plans_before = PlanPage.objects.count()
    file = SimpleUploadedFile("計画.xlsx", b"PK", content_type=XLSX_TYPE)
    response = client.post(reverse("kyodo_admin:imports"), new_plan_form(file, tree))
    assert response.status_code == 403
    assert "計画を作れる職員" in response.content.decode()
    assert not PlanImport.objects.exists()
    assert PlanPage.objects.count() == plans_before


def page_editor(client, django_user_model, username: str, page):
    """A user who may add and edit pages below ``page`` (no publishing), signed in."""
    user = django_user_model.objects.create_user(username=username, password="password")
    group = Group.objects.create(name=f"{username}のグループ")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for permission_type in ("add", "change"):
        GroupPagePermission.objects.create(group=group, page=page, permission_type=permission_type)
    user.groups.add(group)
    client.force_login(user)
    return user


def test_an_editor_of_one_plan_is_not_offered_a_new_plan(client, django_user_model, tree, sample_plan):
    page_editor(client, django_user_model, "plan-editor", sample_plan.plan)

    html = client.get(reverse("kyodo_admin:imports")).content.decode()
    assert "新しい計画を作る" not in html
    response = client.post(reverse("kyodo_admin:imports"), new_plan_form(filled_template(client), tree))
    assert response.status_code == 200
    assert "取り込む計画を選んでください。" in response.content.decode()
    assert not PlanImport.objects.exists()
    assert not PlanPage.objects.filter(title=TITLE).exists()


def test_publishing_a_new_plan_needs_the_right_to_publish(client, django_user_model, tree):
    page_editor(client, django_user_model, "henshu", tree.home)
    html = client.get(reverse("kyodo_admin:imports")).content.decode()
    assert "新しい計画を作る" in html and "すぐに公開する" not in html

    response = client.post(
        reverse("kyodo_admin:imports"), new_plan_form(filled_template(client), tree, publish="publish")
    )
    assert response.status_code == 200
    assert "この計画一覧にページを公開する権限がありません" in response.content.decode()
    assert not PlanImport.objects.exists()


# Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "新しい計画の名前を入力してください。"),
        (
            {"period_start": "令和11年度", "period_end": "令和7年度"},
            "period_end",
            "計画期間の終了年度（令和7年度）は、開始年度（令和11年度）と同じか後の年度にしてください。",
        ),
        ({"period_start": "7年度"}, "period_start", "元号か西暦を付けて書いてください"),
        ({"period_end": "来年度"}, "period_end", "「来年度」は年度として読めません。"),
        ({"period_start": ""}, "period_start", "計画期間の開始年度を入力してください。"),
        ({"parent": ""}, "parent", "作成先の計画一覧を選んでください。"),
        ({"sheet": "集計"}, "sheet", "シート「集計」がありません。あるシート：計画表、指標、説明"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(client, pr, tree, fields, field, message):
    plans_before = PlanPage.objects.count()
    response = client.post(
        reverse("kyodo_admin:imports"), new_plan_form(filled_template(client), tree, **fields)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not PlanImport.objects.exists()
    assert PlanPage.objects.count() == plans_before


def test_the_end_year_may_leave_out_the_era_of_the_start(client, pr, tree):
    form = new_plan_form(filled_template(client), tree, period_start="令和7年度", period_end="11年度")
    assert client.post(reverse("kyodo_admin:imports"), form).status_code == 302
    assert PlanImport.objects.get().period == (2025, 2029)


def test_after_review_the_office_publishes_the_new_plan_with_its_pages(client, pr, tree):
    """The drafts of a new plan go live when 広報担当 publishes the plan with its subpages
    (the explorer's 「公開」 with 「下位ページも公開する」)."""
    client.post(reverse("kyodo_admin:imports"), new_plan_form(filled_template(client), tree))
    client.post(reverse("kyodo_admin:import_apply", args=[PlanImport.objects.get().pk]))
    plan = PlanPage.objects.get(title=TITLE)
    item = ActionItemPage.objects.descendant_of(plan).get(number="2-1")
    public = anonymous()
    assert public.get(f"/api/open/items/{item.pk}").status_code == 404

    publish = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={plan.pk}"
    assert client.get(publish).status_code == 200
    response = client.post(publish, {"include_descendants": "on"})
    assert response.status_code == 302

    plan.refresh_from_db()
    assert plan.live
    assert all(page.live for page in plan.get_descendants())
    assert TITLE in public.get(plan.url).content.decode()
    assert public.get(item.url).status_code == 200
    assert public.get(f"/api/open/items/{item.pk}").json()["title"] == "協働提案制度の見直し"
    assert TITLE in [entry["title"] for entry in public.get("/api/open/plans").json()["results"]]


def test_a_plan_index_offers_to_create_a_plan_from_a_table(client, pr, tree):
    explorer = client.get(reverse("wagtailadmin_explore", args=[tree.plan_index.pk])).content.decode()
    link = f"{reverse('kyodo_admin:imports')}?parent={tree.plan_index.pk}"
    assert "計画表から計画を作る" in explorer and link in explorer
    form = client.get(link).context["form"]
    assert (form["target"].value(), form["parent"].value()) == ("new", tree.plan_index.pk)
