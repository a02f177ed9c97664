"""Large plan tables in 「計画表の取り込み」: the check and the apply run as django-tasks tasks
(here in the database backend, run by the worker as ``manage.py db_worker`` would), the
screen shows the progress meanwhile and the report at the end; a task that fails is recorded
in Japanese and applies nothing."""

from __future__ import annotations

import io

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.db.models.sql import InsertQuery
from django.urls import reverse

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from plans.import_jobs import Progress, file_facts
from plans.models import ActionItemPage, MeasurePage, PlanImport, PlanPage
from plans.staff import pr_group_name, setup_staff_groups

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["施策番号", "施策", "番号", "事業名", "担当", "令和7年度", "令和8年度", "進捗状況", "評価年度"]
MEASURES = ["地域の担い手の育成", "市民活動の拠点づくり", "情報の共有と発信"]
ITEMS_PER_MEASURE = 10
TITLE = "協働推進アクションプラン（第2期）"


def large_sheet() -> SimpleUploadedFile:
    """30 items under 3 measures: above the threshold these tests set (20 rows)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "計画表"
    sheet.append(HEADERS)
    for number, measure in enumerate(MEASURES, start=1):
        for item in range(1, ITEMS_PER_MEASURE + 1):
            sheet.append(
                [
                    str(number),
                    measure,
                    f"{number}-{item}",
                    f"{measure}に向けた取組その{item}",
                    "市民協働推進課",
                    "準備",
                    "実施",
                    "順調",
                    "令和7年度",
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("アクションプラン.xlsx", buffer.getvalue(), content_type=XLSX_TYPE)


@pytest.fixture(autouse=True)
def _background(settings, tmp_path):
    """Files over 20 rows go to the database task backend; the test runs its worker."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.KYODO_IMPORT_BACKGROUND_ROWS = 20
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def pr(client, django_user_model, tree):
    setup_staff_groups()
    user = django_user_model.objects.create_user(username="koho", password="password")
    user.groups.add(Group.objects.get(name=pr_group_name()))
    client.force_login(user)
    return user


def run_worker(task_name: str) -> DBTaskResult:
    """What `manage.py db_worker` does with one queued task (its loop also closes database
    connections, which a test inside a transaction cannot allow)."""
    queued = DBTaskResult.objects.ready().get(task_path=f"plans.import_jobs.{task_name}")
    queued.claim("test-worker")
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run_task(queued)
    queued.refresh_from_db()
    return queued


def upload_new_plan(client, tree, **fields):
    return client.post(
        reverse("kyodo_admin:imports"),
        {
            "target": "new",
            "title": TITLE,
            "period_start": "2025",
            "period_end": "2029",
            "parent": tree.plan_index.pk,
            "file": large_sheet(),
            "status_year": "",
            "publish": "draft",
        }
        | fields,
    )


def test_a_large_file_is_checked_and_applied_by_tasks_with_its_progress_shown(client, pr, tree):
    response = upload_new_plan(client, tree)
    assert response.status_code == 302
    record = PlanImport.objects.get()
    assert (record.rows, record.state) == (30, PlanImport.State.CHECK_QUEUED)
    html = client.get(response["Location"]).content.decode()
    assert "取り込みの処理中" in html
    assert "30行のファイルの確認を待っています。" in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert reverse("kyodo_admin:import_apply", args=[record.pk]) not in html

    # The worker checks the file; the screen shows the report, and stops refreshing.
    assert run_worker("check_in_background").status == "SUCCESSFUL"
    record.refresh_from_db()
    assert record.state == PlanImport.State.CHECKED
    assert (record.progress_done, record.progress_total) == (30, 30)
    html = client.get(response["Location"]).content.decode()
    assert "取り込みの確認" in html and "http-equiv" not in html
    assert f"{MEASURES[2]}に向けた取組その10" in html
    assert reverse("kyodo_admin:import_apply", args=[record.pk]) in html

    # Applying queues the task: nothing is written until the worker runs it.
    response = client.post(reverse("kyodo_admin:import_apply", args=[record.pk]), follow=True)
    html = response.content.decode()
    assert "反映を始めました" in html
    assert "反映を待っています。" in html and "http-equiv" in html
    record.refresh_from_db()
    assert record.state == PlanImport.State.APPLY_QUEUED
    assert not PlanPage.objects.filter(title=TITLE).exists()
    # A second click does not queue it twice.
    client.post(reverse("kyodo_admin:import_apply", args=[record.pk]))
    assert DBTaskResult.objects.filter(task_path="plans.import_jobs.apply_in_background").count() == 1

    assert run_worker("apply_in_background").status == "SUCCESSFUL"
    record.refresh_from_db()
    plan = PlanPage.objects.get(title=TITLE)
    assert (record.state, record.plan_id, record.applied_by) == (PlanImport.State.APPLIED, plan.pk, pr)
    assert (record.progress_done, record.progress_total) == (33, 33)  # 3 measures and 30 items written
    assert MeasurePage.objects.child_of(plan).count() == 3
    assert ActionItemPage.objects.descendant_of(plan).count() == 30
    assert not ActionItemPage.objects.descendant_of(plan).filter(live=True).exists()
    html = client.get(reverse("kyodo_admin:import_detail", args=[record.pk])).content.decode()
    assert "取り込みの結果" in html and "http-equiv" not in html
    assert "変更は下書きとして保存されています" in html


def test_the_progress_of_a_running_apply_is_shown(client, pr, tree):
    upload_new_plan(client, tree)
    run_worker("check_in_background")
    record = PlanImport.objects.get()
    # What the screen shows while the worker writes (the record as the task leaves it).
    PlanImport.objects.filter(pk=record.pk).update(
        state=PlanImport.State.APPLYING, progress_done=12, progress_total=33
    )
    html = client.get(reverse("kyodo_admin:import_detail", args=[record.pk])).content.decode()
    assert "反映しています：施策・事業 33件のうち 12件を書き込みました。" in html
    assert '<progress max="33" value="12">' in html
    assert "反映する" not in html


def test_progress_is_seen_by_others_while_the_import_transaction_is_open(db):
    """The apply writes in one transaction; its progress goes through a connection of its own
    and is committed at once, so another request sees it before the import ends."""
    side = connections.create_connection("default")
    record = PlanImport(original_filename="進捗.xlsx", file="plan-imports/進捗.xlsx", rows=40)
    query = InsertQuery(PlanImport)
    query.insert_values(
        [field for field in PlanImport._meta.local_concrete_fields if not field.primary_key], [record]
    )
    ((pk,),) = query.get_compiler(connection=side).execute_sql(returning_fields=[PlanImport._meta.pk])
    try:
        progress = Progress(pk)
        with transaction.atomic():  # the import's transaction
            assert connection.in_atomic_block
            progress(7, 41)
            # Another connection (another request) reads the record.
            observer = connections.create_connection("default")
            with observer.cursor() as cursor:
                cursor.execute(
                    "SELECT progress_done, progress_total FROM plans_planimport WHERE id = %s", [pk]
                )
                assert cursor.fetchone() == (7, 41)
            observer.close()
            progress(8, 41)  # within the second: not written again
            progress(41, 41)  # the last one always is
            assert PlanImport.objects.values_list("progress_done", "progress_total").get(pk=pk) == (41, 41)
        progress.close()
    finally:
        with side.cursor() as cursor:
            cursor.execute("DELETE FROM plans_planimport WHERE id = %s", [pk])
        side.close()


def test_a_failing_task_is_recorded_in_japanese_and_applies_nothing(client, pr, tree):
    upload_new_plan(client, tree)
    run_worker("check_in_background")
    record = PlanImport.objects.get()
    client.post(reverse("kyodo_admin:import_apply", args=[record.pk]))
    record.file.storage.delete(record.file.name)  # the stored file is gone before the worker runs

    assert run_worker("apply_in_background").status == "FAILED"
    record.refresh_from_db()
    assert record.state == PlanImport.State.FAILED
    assert "取り込んだファイルが見つかりません" in record.error
    assert not PlanPage.objects.filter(title=TITLE).exists()
    html = client.get(reverse("kyodo_admin:import_detail", args=[record.pk])).content.decode()
    assert "取り込みを中断しました。" in html and "取り込んだファイルが見つかりません" in html
    assert "中断（反映していません）" in html
    assert "http-equiv" not in html and reverse("kyodo_admin:import_apply", args=[record.pk]) not in html


def test_small_files_stay_in_the_request(client, pr, sample_plan, settings):
    settings.KYODO_IMPORT_BACKGROUND_ROWS = 500
    response = client.post(
        reverse("kyodo_admin:plan_imports", args=[sample_plan.plan.pk]),
        {"file": large_sheet(), "status_year": "", "publish": "draft"},
    )
    assert response.status_code == 302
    record = PlanImport.objects.get()
    assert record.state == PlanImport.State.CHECKED  # checked at once, no task queued
    assert not DBTaskResult.objects.filter(task_path__startswith="plans.import_jobs").exists()
    client.post(reverse("kyodo_admin:import_apply", args=[record.pk]))
    record.refresh_from_db()
    assert record.state == PlanImport.State.APPLIED
    assert ActionItemPage.objects.filter(plan=sample_plan.plan, number="3-10").exists()


def test_the_rows_of_a_file_are_counted_before_it_is_read():
    data = large_sheet().read()
    facts = file_facts(data, "アクションプラン.xlsx")
    assert (facts.rows, facts.sheet_names) == (30, ["計画表"])
    csv = "施策,事業名\r\n" + "".join(f"施策{n},事業{n}\r\n" for n in range(45))
    assert file_facts(csv.encode("cp932"), "計画表.csv").rows == 45
    assert file_facts(b"\x00\x01 not a workbook", "壊れた.xlsx").rows == 0


def test_with_the_immediate_backend_a_large_file_is_done_within_the_request(client, pr, tree, settings):
    """TASKS_BACKEND=immediate (the default): the same tasks run at once, nothing waits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = upload_new_plan(client, tree)
    record = PlanImport.objects.get()
    assert record.state == PlanImport.State.CHECKED
    assert "取り込みの確認" in client.get(response["Location"]).content.decode()
    response = client.post(reverse("kyodo_admin:import_apply", args=[record.pk]), follow=True)
    assert "計画表を反映しました。変更は下書きとして保存されています。" in response.content.decode()
    record.refresh_from_db()
    assert record.state == PlanImport.State.APPLIED
    assert ActionItemPage.objects.descendant_of(record.plan).count() == 30
