"""「計画表の取り込み」 in the admin: upload, read the dry run's report, confirm, see the
result; only for users who may edit the plan."""

from __future__ import annotations

import io

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import GroupPagePermission

import pytest
from openpyxl import Workbook

from plans.models import ActionItemPage, Department, MeasurePage, PlanImport

HEADERS = ["施策番号", "施策", "番号", "事業名", "担当", "主体", "令和6年度", "令和7年度", "進捗状況", "実績"]
EXISTING_ROW = [
    "1",
    "審議会等への市民公募委員の参加促進",
    "1-1",
    "審議会等への公募委員の登用",
    "市民協働推進課、広報課",
    "市",
    "継続",
    "継続",
    "順調",
    "公募委員を12人登用しました。",
]
NEW_ROW = [
    "4",
    "若者の市政参加の促進",
    "4-1",
    "高校生との意見交換会",
    "青少年育成課",
    "協働",
    "検討",
    "実施",
    "",
    "",
]


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet(*rows, headers=HEADERS, name: str = "計画表.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "計画表"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def staff_user(django_user_model, username: str, *, page_permissions=(), root=None):
    user = django_user_model.objects.create_user(username=username, password="password")
    group = Group.objects.create(name=f"{username} group")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(access_admin)
    for permission_type in page_permissions:
        GroupPagePermission.objects.create(group=group, page=root, permission_type=permission_type)
    user.groups.add(group)
    return user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a folder of this test, removed with it."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def editor(django_user_model, tree, client):
    """May add and edit pages everywhere, but not publish them."""
    user = staff_user(django_user_model, "editor", page_permissions=["add", "change"], root=tree.home)
    client.force_login(user)
    return user


@pytest.fixture
def outsider(django_user_model, tree, client):
    """May use the admin, but edit no page."""
    user = staff_user(django_user_model, "outsider")
    client.force_login(user)
    return user


def upload_url(plan) -> str:
    return reverse("kyodo_admin:plan_imports", args=[plan.pk])


def upload(client, plan, file, **fields):
    return client.post(upload_url(plan), {"file": file, "status_year": "2024", "publish": "draft"} | fields)


# Upload and dry run ---------------------------------------------------------------


def test_the_upload_shows_the_dry_run_report_and_changes_nothing(client, editor, sample_plan):
    response = upload(client, sample_plan.plan, spreadsheet(EXISTING_ROW, NEW_ROW), status_year="2024")
    record = PlanImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("kyodo_admin:import_detail", args=[record.pk])
    assert record.plan_id == sample_plan.plan.pk
    assert record.created_by == editor
    assert record.original_filename == "計画表.xlsx"
    assert record.status_year == 2024
    assert record.state == PlanImport.State.CHECKED
    assert record.report["has_errors"] is False
    assert record.file.read().startswith(b"PK")

    html = client.get(response["Location"]).content.decode()
    assert "取り込みの確認" in html
    assert "高校生との意見交換会" in html and "新規作成" in html
    assert "令和6年度（2024年度）" in html  # how the schedule header was read
    assert "青少年育成課" in html  # a department to create
    assert "女性委員の登用促進" in html  # an item missing from the file, kept
    assert "反映する" in html
    # Nothing written yet.
    assert not ActionItemPage.objects.filter(title="高校生との意見交換会").exists()
    assert not Department.objects.filter(name="青少年育成課").exists()


def test_confirming_applies_the_file_as_drafts(client, editor, sample_plan):
    upload(client, sample_plan.plan, spreadsheet(EXISTING_ROW, NEW_ROW))
    record = PlanImport.objects.get()
    response = client.post(reverse("kyodo_admin:import_apply", args=[record.pk]))
    assert response.status_code == 302

    record.refresh_from_db()
    assert record.state == PlanImport.State.APPLIED
    assert record.applied_at is not None
    assert record.report["applied"] is True
    measure = MeasurePage.objects.get(plan=sample_plan.plan, number="4")
    item = ActionItemPage.objects.get(plan=sample_plan.plan, number="4-1")
    assert item.measure_id == measure.pk
    assert item.get_latest_revision_as_object().title == "高校生との意見交換会"
    assert not item.live  # drafts: the editor may not publish
    # The editor owns the pages they brought in, as pages they add in the admin.
    assert (measure.owner, item.owner) == (editor, editor)
    assert Department.objects.filter(name="青少年育成課").exists()
    assert ActionItemPage.objects.filter(pk=sample_plan.women_members.pk).exists()  # missing, kept

    html = client.get(response["Location"]).content.decode()
    assert "取り込みの結果" in html
    assert "反映済み" in html
    assert "下書きとして保存されています" in html
    assert 'action="{}"'.format(reverse("kyodo_admin:import_apply", args=[record.pk])) not in html


def test_an_applied_import_cannot_be_applied_again(client, editor, sample_plan):
    upload(client, sample_plan.plan, spreadsheet(NEW_ROW))
    record = PlanImport.objects.get()
    apply_url = reverse("kyodo_admin:import_apply", args=[record.pk])
    client.post(apply_url)
    item = ActionItemPage.objects.get(plan=sample_plan.plan, number="4-1")
    revisions = item.revisions.count()
    response = client.post(apply_url, follow=True)
    assert "反映できません" in response.content.decode()
    assert ActionItemPage.objects.get(pk=item.pk).revisions.count() == revisions


def test_a_file_with_errors_shows_them_and_offers_no_confirmation(client, editor, sample_plan):
    bad_status = [*NEW_ROW[:8], "たぶん順調", ""]
    response = upload(client, sample_plan.plan, spreadsheet(EXISTING_ROW, bad_status))
    record = PlanImport.objects.get()
    assert record.state == PlanImport.State.HAS_ERRORS
    html = client.get(response["Location"]).content.decode()
    assert "エラーが1件あります。" in html
    assert "「たぶん順調」" in html
    assert "3行目" in html and "進捗状況" in html  # row and column as the user wrote it
    assert reverse("kyodo_admin:import_apply", args=[record.pk]) not in html
    assert "ファイルを選び直す" in html

    response = client.post(reverse("kyodo_admin:import_apply", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == PlanImport.State.HAS_ERRORS
    assert not MeasurePage.objects.filter(plan=sample_plan.plan, number="4").exists()


def test_a_file_missing_a_required_column_is_an_error(client, editor, sample_plan):
    headers = [header for header in HEADERS if header != "施策"]
    row = [value for header, value in zip(HEADERS, NEW_ROW, strict=True) if header != "施策"]
    response = upload(client, sample_plan.plan, spreadsheet(row, headers=headers))
    html = client.get(response["Location"]).content.decode()
    assert PlanImport.objects.get().state == PlanImport.State.HAS_ERRORS
    assert "施策" in html and "エラー" in html


def test_a_binary_file_named_csv_is_reported_not_crashed_on(client, editor, sample_plan):
    file = SimpleUploadedFile("計画表.csv", bytes(range(256)) * 4, content_type="text/csv")
    response = upload(client, sample_plan.plan, file)
    record = PlanImport.objects.get()
    assert record.state == PlanImport.State.HAS_ERRORS
    assert "読めません" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"file": SimpleUploadedFile("計画.pdf", b"%PDF-1.4")}, "file", "取り込めない種類のファイルです"),
        ({"file": ""}, "file", "ファイルを選んでください。"),
        ({"status_year": "来年度"}, "status_year", "「来年度」は年度として読めません。"),
        ({"status_year": "2300"}, "status_year", "1900年度から2200年度の範囲にありません"),
        ({"publish": "publish"}, "publish", "公開する権限がありません"),
    ],
)
def test_bad_upload_forms_are_explained_and_store_nothing(
    client, editor, sample_plan, fields, field, message
):
    data = {"file": spreadsheet(NEW_ROW), "publish": "draft"} | fields
    response = client.post(upload_url(sample_plan.plan), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not PlanImport.objects.exists()


def test_the_menu_screen_lets_the_user_choose_the_plan(client, editor, sample_plan):
    response = client.get(reverse("kyodo_admin:imports"))
    assert response.status_code == 200
    html = response.content.decode()
    assert sample_plan.plan.title in html and "協働推進アクションプラン" in html
    response = client.post(
        reverse("kyodo_admin:imports"),
        {
            "plan": sample_plan.plan.pk,
            "file": spreadsheet(NEW_ROW),
            "status_year": "6年度",
            "publish": "draft",
        },
    )
    assert response.status_code == 302
    record = PlanImport.objects.get()
    assert record.plan_id == sample_plan.plan.pk
    assert record.status_year == 2024  # 6年度 in the era of the plan's start (令和3年度)


def test_the_plan_page_header_offers_the_import(client, editor, sample_plan):
    html = client.get(reverse("wagtailadmin_explore", args=[sample_plan.plan.pk])).content.decode()
    assert upload_url(sample_plan.plan) in html
    html = client.get(reverse("wagtailadmin_explore", args=[sample_plan.participation.pk])).content.decode()
    assert upload_url(sample_plan.participation) not in html


def test_past_imports_are_listed_for_the_plan(client, editor, sample_plan):
    upload(client, sample_plan.plan, spreadsheet(NEW_ROW, name="第3次計画_令和6年度.xlsx"))
    html = client.get(upload_url(sample_plan.plan)).content.decode()
    assert "これまでの取り込み" in html
    assert "第3次計画_令和6年度.xlsx" in html
    assert "確認済み（未反映）" in html


def test_a_publisher_can_publish_on_import(admin_client, sample_plan):
    upload(admin_client, sample_plan.plan, spreadsheet(NEW_ROW), publish="publish")
    record = PlanImport.objects.get()
    assert record.publish
    admin_client.post(reverse("kyodo_admin:import_apply", args=[record.pk]))
    item = ActionItemPage.objects.get(plan=sample_plan.plan, number="4-1")
    assert item.live
    assert item.title == "高校生との意見交換会"


# Who may use it --------------------------------------------------------------------


def test_a_user_who_cannot_edit_the_plan_is_refused(client, outsider, sample_plan):
    assert client.get(upload_url(sample_plan.plan)).status_code == 403
    assert client.get(reverse("kyodo_admin:imports")).status_code == 403
    response = upload(client, sample_plan.plan, spreadsheet(NEW_ROW))
    assert response.status_code == 403
    assert not PlanImport.objects.exists()


def test_someone_elses_import_cannot_be_seen_or_applied_without_edit_rights(
    client, editor, django_user_model, sample_plan
):
    upload(client, sample_plan.plan, spreadsheet(NEW_ROW))
    record = PlanImport.objects.get()
    client.force_login(staff_user(django_user_model, "reader"))
    assert client.get(reverse("kyodo_admin:import_detail", args=[record.pk])).status_code == 403
    assert client.post(reverse("kyodo_admin:import_apply", args=[record.pk])).status_code == 403
    record.refresh_from_db()
    assert record.state == PlanImport.State.CHECKED
    assert not MeasurePage.objects.filter(plan=sample_plan.plan, number="4").exists()


def test_an_editor_of_another_part_of_the_tree_is_refused(
    client, django_user_model, sample_plan, action_plan
):
    user = staff_user(
        django_user_model, "action-editor", page_permissions=["add", "change"], root=action_plan
    )
    client.force_login(user)
    assert client.get(upload_url(action_plan)).status_code == 200
    assert client.get(upload_url(sample_plan.plan)).status_code == 403
    html = client.get(reverse("kyodo_admin:imports")).content.decode()
    assert action_plan.title in html
    assert sample_plan.plan.title not in html


def test_the_screens_are_for_signed_in_staff_only(client, sample_plan):
    response = client.get(upload_url(sample_plan.plan))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_import_whose_file_is_gone_is_not_applied(client, editor, sample_plan):
    upload(client, sample_plan.plan, spreadsheet(NEW_ROW))
    record = PlanImport.objects.get()
    record.file.delete(save=False)
    response = client.post(reverse("kyodo_admin:import_apply", args=[record.pk]), follow=True)
    assert "ファイルが見つかりません" in response.content.decode()
    record.refresh_from_db()
    assert record.state == PlanImport.State.CHECKED
    assert not MeasurePage.objects.filter(plan=sample_plan.plan, number="4").exists()
