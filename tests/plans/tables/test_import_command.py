"""The ``import_plan`` command: the report in Japanese, exit status 0 or 1."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from plans.models import ActionItemPage, MeasurePage, PlanPage

from .sheets import delimited, xlsx


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def sheet(tmp_path):
    def write(rows, name="plan.xlsx", encoding="utf-8-sig"):
        path = tmp_path / name
        path.write_bytes(xlsx(rows) if name.endswith(".xlsx") else delimited(rows, encoding=encoding))
        return str(path)

    return write


ROWS = [
    ["施策番号", "施策", "番号", "事業名", "担当", "進捗状況"],
    ["3", "協働事業提案制度の推進", "3-2", "提案事業の成果報告会", "市民協働推進課", "順調"],
]


def test_a_dry_run_prints_the_report_and_writes_nothing(sample_plan, sheet):
    output = run(sheet(ROWS), "--plan", "participation-3", "--status-year", "2024", "--dry-run")
    lines = output.splitlines()
    assert lines[0] == "2行目：施策「協働事業提案制度の推進」変更なし／事業「提案事業の成果報告会」新規作成"
    assert "確認のみで、まだ反映していません。" in lines[-1]
    assert "事業：新規1件" in lines[-1]
    assert not ActionItemPage.objects.filter(number="3-2").exists()


def test_applying_saves_drafts_and_publish_publishes(sample_plan, sheet):
    path = sheet(ROWS, "plan.csv", encoding="cp932")
    output = run(path, "--plan", "みなと市市民参加推進計画（第3次）", "--status-year", "2024")
    assert "反映しました（下書きとして保存）。" in output
    item = ActionItemPage.objects.get(plan=sample_plan.plan, number="3-2")
    assert not item.live
    output = run(path, "--plan", "第3次市民参加推進計画", "--status-year", "2024", "--publish")
    assert "反映し、公開しました。" in output
    # the row is unchanged (the draft already holds it); publishing publishes the draft
    assert "変更なし" in output.splitlines()[0]
    assert "保存済みの下書きを公開しました" in output
    item = ActionItemPage.objects.get(pk=item.pk)
    assert item.live and not item.has_unpublished_changes


def test_errors_exit_with_status_1_and_name_row_and_column(sample_plan, sheet):
    rows = [["施策", "事業名", "状況"], ["協働事業提案制度の推進", "提案事業の成果報告会", "いい感じ"]]
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_plan", sheet(rows), "--plan", "participation-3", "--status-year", "2024", stdout=out
        )
    assert raised.value.returncode == 1
    assert "エラー（2行目 「状況」列）：「いい感じ」は使える語ではありません。" in out.getvalue()
    assert "エラーがあるため、何も反映していません。" in out.getvalue()
    assert not ActionItemPage.objects.filter(title="提案事業の成果報告会").exists()


def test_create_makes_the_plan_under_the_plan_index(tree, sheet):
    rows = [["施策", "事業名", "20年度", "21年度以降"], ["協働の推進", "協働カフェの開催", "検討", "実施"]]
    output = run(sheet(rows), "--plan", "協働推進計画", "--create", "--period", "2008-2012", "--publish")
    assert "「20年度」→「平成20年度（2008年度）」" in output
    assert "「21年度以降」→「平成21年度（2009年度）以降」" in output
    plan = PlanPage.objects.get(title="協働推進計画")
    assert plan.get_parent().pk == tree.plan_index.pk and plan.live
    assert MeasurePage.objects.child_of(plan).get().title == "協働の推進"


def test_an_unknown_plan_without_create_is_an_error(tree, sheet):
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_plan", sheet(ROWS), "--plan", "存在しない計画", stdout=out)
    assert raised.value.returncode == 1
    assert "--create" in out.getvalue()


def test_a_bad_period_and_a_missing_file_are_errors(tree, sheet, tmp_path):
    with pytest.raises(CommandError, match="2008-2012"):
        run(sheet(ROWS), "--plan", "x", "--create", "--period", "平成20年度から")
    with pytest.raises(CommandError, match="読めません"):
        run(str(tmp_path / "none.xlsx"), "--plan", "participation-3")
