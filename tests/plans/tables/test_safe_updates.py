"""Safe updates: a blank cell leaves the stored value alone, 削除 clears it (and the report
says so), and the dry run shows each changed field's old and new value — in the report's
JSON, in the command's text and on the admin screen."""

from __future__ import annotations

import io
import json

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Revision

import pytest

from plans.models import ActionItemPage, MeasurePage, PlanImport
from plans.services.imports import import_plan_file
from plans.staff import pr_group_name, setup_staff_groups
from plans.tables.exporter import write_csv, write_xlsx
from plans.tables.report import Action, ImportReport, Level, render_text
from plans.tables.rows import is_clear_mark
from plans.tables.text import description_to_stream, stream_to_description
from plans.vocabularies import Actor, DepartmentRole, Phase, ProgressStatus

from .sheets import delimited, xlsx

HEADERS = [
    "分野",
    "施策番号",
    "施策",
    "施策の内容",
    "番号",
    "事業名",
    "管理番号",
    "担当",
    "主体",
    "取組方針",
    "事業内容",
    "令和3年度",
    "令和4年度",
    "令和5年度",
    "進捗状況",
    "評価年度",
    "実績",
]
MEASURE = {"施策番号": "1", "施策": "審議会等への市民公募委員の参加促進"}
# 1-1: 市民協働推進課 (lead) and 広報課, 市が主体, 令和3–5年度 検討・実施・継続, 2024 順調.
PUBLIC_MEMBERS = {**MEASURE, "番号": "1-1", "事業名": "審議会等への公募委員の登用", "管理番号": "KY-0101"}
# 1-2: 広聴課, 市民と市が主体, 2023 and 2024 遅れ.
WOMEN_MEMBERS = {**MEASURE, "番号": "1-2", "事業名": "女性委員の登用促進"}
NARRATIVE_2024 = "2024年度の取組実績。"
LONG_DESCRIPTION = (
    "審議会等の委員の一部を公募とし、市民が市政に参加する機会を広げます。"
    "公募の方法や選考の基準を公表し、応募しやすい仕組みを整えます。"
    "登用の状況は毎年度、市のホームページで公表します。"
)


def row(cells: dict) -> list[str]:
    return [cells.get(header, "") for header in HEADERS]


def sheet(*cells: dict, file_format: str = "xlsx") -> tuple[bytes, str]:
    rows = [HEADERS, *(row(values) for values in cells)]
    if file_format == "xlsx":
        return xlsx(rows), "計画表.xlsx"
    return delimited(rows, encoding=file_format), "計画表.csv"


def run(plan, *cells: dict, file_format: str = "xlsx", **options) -> ImportReport:
    data, filename = sheet(*cells, file_format=file_format)
    return import_plan_file(data, filename, plan=plan, **options)


def live(page):
    return type(page).objects.get(pk=page.pk)


def departments_of(item) -> list[tuple[str, str]]:
    return [(row.department.name, row.role) for row in item.departments.order_by("sort_order")]


def schedule_of(item) -> list[tuple[int, str]]:
    return [(row.fiscal_year, row.phase) for row in item.schedule.order_by("fiscal_year")]


def progress_of(item) -> dict[int, tuple[str, str]]:
    return {row.fiscal_year: (row.status, row.narrative) for row in item.progress.all()}


def warnings(report: ImportReport) -> list[tuple[int | None, str | None, str]]:
    return [(m.row, m.column, m.text) for m in report.messages if m.level == Level.WARNING]


def diffs(result) -> dict[str, tuple[str, str, bool]]:
    return {change.label: (change.old, change.new, change.cleared) for change in result.diffs}


# Blank cells leave stored values alone ---------------------------------------------------


@pytest.mark.parametrize("file_format", ["xlsx", "utf-8-sig", "cp932"])
def test_a_returned_sheet_with_an_empty_narrative_keeps_it(sample_plan, file_format):
    """A department fills in only the status: every blank cell (実績, 担当, 主体, 取組方針,
    事業内容, the schedule years) keeps what is stored."""
    report = run(
        sample_plan.plan,
        {**PUBLIC_MEMBERS, "進捗状況": "概ね順調", "評価年度": "令和6年度"},
        file_format=file_format,
        publish=True,
    )
    assert not report.has_errors, report.messages
    assert report.rows[0].item_action == Action.UPDATED
    assert report.rows[0].changes == ["進捗状況"]
    item = live(sample_plan.public_members)
    assert progress_of(item)[2024] == (ProgressStatus.MOSTLY_ON_TRACK, NARRATIVE_2024)
    assert departments_of(item) == [
        ("市民協働推進課", DepartmentRole.LEAD),
        ("広報課", DepartmentRole.PARTNER),
    ]
    assert (item.actor, item.group, item.number) == (Actor.CITY, "■ 公募委員制度の運用", "1-1")
    assert stream_to_description(item.description) == "市民と市が地域の課題について話し合う場を設けます。"
    assert schedule_of(item) == [(2021, Phase.STUDY), (2022, Phase.IMPLEMENT), (2023, Phase.CONTINUE)]
    assert live(sample_plan.participation).area == "I 市政への市民参加の推進"


def test_a_blank_departments_cell_keeps_lead_and_partners(sample_plan):
    revisions = Revision.objects.count()
    report = run(sample_plan.plan, PUBLIC_MEMBERS, WOMEN_MEMBERS, publish=True)
    assert not report.has_errors, report.messages
    assert [result.item_action for result in report.rows] == [Action.UNCHANGED, Action.UNCHANGED]
    assert not report.has_changes
    assert Revision.objects.count() == revisions
    assert departments_of(live(sample_plan.public_members)) == [
        ("市民協働推進課", DepartmentRole.LEAD),
        ("広報課", DepartmentRole.PARTNER),
    ]
    assert departments_of(live(sample_plan.women_members)) == [("広聴課", DepartmentRole.LEAD)]


def test_a_shorter_departments_list_is_what_the_user_wrote_and_the_dry_run_warns_of_it(sample_plan):
    report = run(sample_plan.plan, {**PUBLIC_MEMBERS, "担当": "市民協働推進課"}, dry_run=True)
    assert diffs(report.rows[0]) == {"担当": ("市民協働推進課、広報課", "市民協働推進課", False)}
    # A department that writes only its own name is told that its partner goes.
    assert warnings(report) == [
        (
            2,
            "担当",
            "担当から「広報課」が外れます。外さないときは、担当の欄にすべての部署を書いてください"
            "（空欄なら担当は変わりません）。",
        )
    ]
    report = run(sample_plan.plan, {**PUBLIC_MEMBERS, "担当": "市民協働推進課"}, publish=True)
    assert departments_of(live(sample_plan.public_members)) == [("市民協働推進課", DepartmentRole.LEAD)]


# 削除 clears, and the report says so -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "削除",
        " 削除 ",
        "clear",
        "CLEAR",
        "ｃｌｅａｒ",
        "（削除）",
        "(削除)",
        "【削除】",
        "[clear]",
        "［ｃｌｅａｒ］",
    ],
)
def test_the_clear_mark_is_read_in_any_width_case_and_brackets(text):
    assert is_clear_mark(text)


@pytest.mark.parametrize("text", ["", "削除済み", "一部削除", "削除する", "クリア", "-", "なし", "clear up"])
def test_other_words_are_not_the_clear_mark(text):
    assert not is_clear_mark(text)


def test_the_clear_mark_clears_each_kind_of_field_and_every_clear_is_a_warning(sample_plan):
    measure = sample_plan.participation
    measure.description = description_to_stream("公募委員の登用を進めます。")
    measure.save()
    first = {
        **PUBLIC_MEMBERS,
        "分野": "削除",
        "施策の内容": "削除",
        "番号": "削除",  # the item is still found by its 管理番号
        "担当": "削除",
        "主体": "ｃｌｅａｒ",
        "取組方針": "（削除）",
        "事業内容": "削除",
        "令和3年度": "削除",
        "進捗状況": "削除",  # the status goes, the narrative stays (評価なし)
        "評価年度": "令和6年度",
    }
    second = {**WOMEN_MEMBERS, "進捗状況": "削除", "実績": "CLEAR", "評価年度": "令和6年度"}

    checked = run(sample_plan.plan, first, second, dry_run=True)
    assert not checked.has_errors, checked.messages
    cleared = {
        (row, column) for row, column, text in warnings(checked) if "「削除」と書かれているため" in text
    }
    assert cleared == {
        (2, "分野"),
        (2, "施策の内容"),
        (2, "番号"),
        (2, "担当"),
        (2, "主体"),
        (2, "取組方針"),
        (2, "事業内容"),
        (2, "令和3年度"),
        (2, "進捗状況"),
        (3, "進捗状況、実績"),
    }
    assert {change.label: change.cleared for change in checked.rows[0].measure_diffs} == {
        "分野": True,
        "内容": True,
    }
    assert diffs(checked.rows[0])["担当"] == ("市民協働推進課、広報課", "（なし）", True)
    assert diffs(checked.rows[0])["進捗状況（令和6年度）"] == (
        f"順調 / {NARRATIVE_2024}",
        f"評価なし / {NARRATIVE_2024}",
        True,
    )
    assert diffs(checked.rows[1]) == {
        "進捗状況（令和6年度）": (f"遅れ / {NARRATIVE_2024}", "（なし）", True),
    }
    text = "\n".join(render_text(checked))
    assert "    担当：市民協働推進課、広報課 → （なし）【削除】" in text
    assert "警告（2行目 「令和3年度」列）：「削除」と書かれているため" in text

    applied = run(sample_plan.plan, first, second, publish=True)
    assert applied.applied and not applied.has_errors
    measure = live(measure)
    assert (measure.area, stream_to_description(measure.description), measure.number) == ("", "", "1")
    item = live(sample_plan.public_members)
    assert (item.number, item.external_id, item.actor, item.group) == ("", "KY-0101", "", "")
    assert departments_of(item) == []
    assert stream_to_description(item.description) == ""
    assert schedule_of(item) == [(2022, Phase.IMPLEMENT), (2023, Phase.CONTINUE)]
    assert progress_of(item) == {
        2023: (ProgressStatus.MOSTLY_ON_TRACK, "2023年度の取組実績。"),
        2024: ("", NARRATIVE_2024),
    }
    # Both columns cleared: the year's progress row is gone; the other year stays.
    assert progress_of(live(sample_plan.women_members)) == {
        2023: (ProgressStatus.DELAYED, "2023年度の取組実績。")
    }

    # The same file again: nothing left to clear, so no change and no warning.
    revisions = Revision.objects.count()
    again = run(sample_plan.plan, first, second, publish=True)
    assert not again.has_changes
    assert [result.item_action for result in again.rows] == [Action.UNCHANGED, Action.UNCHANGED]
    assert warnings(again) == []
    assert Revision.objects.count() == revisions


def test_the_clear_mark_on_a_new_item_or_an_empty_value_changes_nothing(sample_plan):
    new_item = {
        "施策番号": "9",
        "施策": "地域活動の担い手づくり",
        "番号": "9-1",
        "事業名": "地域活動講座の開催",
        "担当": "削除",
        "主体": "削除",
        "令和3年度": "削除",
        "進捗状況": "削除",
        "実績": "削除",
        "評価年度": "令和6年度",
    }
    # 1-2 has no 管理番号 and no 施策の内容 is stored for its measure: nothing to clear.
    empty_already = {**WOMEN_MEMBERS, "管理番号": "削除", "施策の内容": "削除"}
    report = run(sample_plan.plan, new_item, empty_already, publish=True)
    assert not report.has_errors, report.messages
    assert [result.item_action for result in report.rows] == [Action.CREATED, Action.UNCHANGED]
    assert warnings(report) == []
    item = ActionItemPage.objects.get(plan=sample_plan.plan, number="9-1")
    assert (item.actor, departments_of(item), schedule_of(item), progress_of(item)) == ("", [], [], {})


@pytest.mark.parametrize(
    ("cells", "column", "text"),
    [
        ({**PUBLIC_MEMBERS, "事業名": "削除"}, "事業名", "事業名は「削除」で消せません"),
        ({**PUBLIC_MEMBERS, "施策": "削除"}, "施策", "施策名は「削除」で消せません"),
        ({**PUBLIC_MEMBERS, "施策番号": "削除"}, "施策番号", "施策番号は「削除」で消せません"),
        ({**PUBLIC_MEMBERS, "担当": "市民協働推進課、削除"}, "担当", "「削除」は部署名と一緒には書けません"),
    ],
)
def test_the_clear_mark_where_a_value_is_required_is_an_error(sample_plan, cells, column, text):
    revisions = Revision.objects.count()
    report = run(sample_plan.plan, cells, publish=True)
    errors = [(m.row, m.column) for m in report.errors if text in m.text]
    assert errors == [(2, column)], report.messages
    assert not report.applied
    assert Revision.objects.count() == revisions


def test_the_clear_mark_in_a_flag_column_unsets_the_flag_without_a_warning(sample_plan):
    rows = [["施策", "事業名", "新規"], [MEASURE["施策"], PUBLIC_MEMBERS["事業名"], "削除"]]
    report = import_plan_file(xlsx(rows), "計画表.xlsx", plan=sample_plan.plan, publish=True)
    assert not report.has_errors and warnings(report) == []
    assert diffs(report.rows[0]) == {"新規": ("あり", "なし", False)}
    assert live(sample_plan.public_members).is_new is False


# The dry run shows old → new ---------------------------------------------------------


def changing_row() -> dict:
    return {
        **PUBLIC_MEMBERS,
        "分野": "I 市民参加の推進",
        "事業名": "審議会等への公募委員の積極的な登用",
        "担当": "広報課\n市民協働推進課",
        "主体": "削除",
        "事業内容": LONG_DESCRIPTION.replace("毎年度", "半年ごと"),
        "令和4年度": "継続",
        "進捗状況": "概ね順調",
        "評価年度": "令和6年度",
        "実績": "登用した公募委員は12人でした。",
    }


@pytest.fixture
def long_description(sample_plan):
    item = sample_plan.public_members
    item.description = description_to_stream(LONG_DESCRIPTION)
    item.save()
    return sample_plan


def test_the_dry_run_shows_the_old_and_new_value_of_each_changed_field(long_description):
    sample_plan = long_description
    report = run(sample_plan.plan, changing_row(), dry_run=True)
    assert not report.has_errors, report.messages
    result = report.rows[0]
    assert [(c.label, c.old, c.new) for c in result.measure_diffs] == [
        ("分野", "I 市政への市民参加の推進", "I 市民参加の推進")
    ]
    changes = diffs(result)
    assert changes["名称"] == ("審議会等への公募委員の登用", "審議会等への公募委員の積極的な登用", False)
    assert changes["担当"] == ("市民協働推進課、広報課", "広報課、市民協働推進課", False)
    assert changes["主体"] == ("市が主体", "（なし）", True)
    assert changes["スケジュール"] == (
        "令和3年度：検討、令和4年度：実施、令和5年度：継続",
        "令和3年度：検討、令和4年度：継続、令和5年度：継続",
        False,
    )
    assert changes["進捗状況（令和6年度）"] == (
        f"順調 / {NARRATIVE_2024}",
        "概ね順調 / 登用した公募委員は12人でした。",
        False,
    )
    # A long text is shortened around its first difference, with … where text is left out.
    old, new, _cleared = changes["内容"]
    assert old.startswith("…") and new.startswith("…")
    assert "毎年度" in old and "半年ごと" in new
    assert len(old) < len(LONG_DESCRIPTION) and len(new) < len(LONG_DESCRIPTION)

    # Kept in the stored report's JSON, and read back.
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    stored = {change["label"]: change for change in data["rows"][0]["diffs"]}
    assert stored["担当"] == {
        "field": "departments",
        "label": "担当",
        "old": "市民協働推進課、広報課",
        "new": "広報課、市民協働推進課",
        "cleared": False,
    }
    assert data["rows"][0]["measure_diffs"][0]["new"] == "I 市民参加の推進"
    assert ImportReport.from_dict(data).to_dict() == data

    # And in the command's text, under the row.
    lines = render_text(report)
    at = lines.index(
        "2行目：施策「審議会等への市民公募委員の参加促進」更新／"
        "事業「審議会等への公募委員の積極的な登用」更新（名称、主体、内容、担当、スケジュール、進捗状況）"
    )
    assert lines[at + 1 : at + 3] == [
        "  施策「審議会等への市民公募委員の参加促進」：",
        "    分野：I 市政への市民参加の推進 → I 市民参加の推進",
    ]
    assert "    担当：市民協働推進課、広報課 → 広報課、市民協働推進課" in lines
    assert "    主体：市が主体 → （なし）【削除】" in lines
    assert (
        "    スケジュール：令和3年度：検討、令和4年度：実施、令和5年度：継続 → "
        "令和3年度：検討、令和4年度：継続、令和5年度：継続"
    ) in lines
    assert (
        f"    進捗状況（令和6年度）：順調 / {NARRATIVE_2024} → 概ね順調 / 登用した公募委員は12人でした。"
        in lines
    )


def test_an_older_stored_report_without_old_and_new_values_still_loads(sample_plan, client, pr_user):
    report = run(sample_plan.plan, changing_row(), dry_run=True)
    data = report.to_dict()
    for stored_row in data["rows"]:
        del stored_row["diffs"], stored_row["measure_diffs"]
    older = ImportReport.from_dict(data)
    assert older.rows[0].changes == report.rows[0].changes and older.rows[0].diffs == []
    assert any("事業「審議会等への公募委員の積極的な登用」更新" in line for line in render_text(older))
    record = PlanImport.objects.create(
        plan=sample_plan.plan, original_filename="前年度.xlsx", report=data, created_by=pr_user
    )
    client.force_login(pr_user)
    html = client.get(reverse("kyodo_admin:import_detail", args=[record.pk])).content.decode()
    assert "審議会等への公募委員の積極的な登用" in html
    assert "変更の内容" not in html  # nothing to show, and no failure


# The admin screen ----------------------------------------------------------------------


@pytest.fixture
def pr_user(django_user_model, tree):
    """A member of 広報担当, the office that imports plan tables."""
    setup_staff_groups()
    user = django_user_model.objects.create_user(username="koho", password="password")
    user.groups.add(Group.objects.get(name=pr_group_name()))
    return user


def test_the_admin_report_shows_old_and_new_values_readable_on_a_phone(long_description, client, pr_user):
    sample_plan = long_description
    client.force_login(pr_user)
    data, filename = sheet(changing_row(), {**WOMEN_MEMBERS, "担当": "広聴課、広報課"})
    response = client.post(
        reverse("kyodo_admin:plan_imports", args=[sample_plan.plan.pk]),
        {
            "file": SimpleUploadedFile(filename, data),
            "status_year": "2024",
            "publish": "draft",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(response["Location"]).content.decode()
    section = html[html.index('id="import-changes"') : html.index('class="kyodo-admin-confirm"')]
    assert "<table" not in section  # one box per row and a definition list, no wide table
    assert section.count("<details") == 2
    assert '<details class="kyodo-admin-change kyodo-admin-change--clear" open>' in section  # 主体 削除
    assert "削除あり" in section
    assert "施策「審議会等への市民公募委員の参加促進」" in section
    assert "I 市政への市民参加の推進" in section and "I 市民参加の推進" in section
    for text in (
        "変更前",
        "変更後",
        "審議会等への公募委員の積極的な登用",
        "市民協働推進課、広報課",
        "広報課、市民協働推進課",
        "令和3年度：検討、令和4年度：継続、令和5年度：継続",
        "概ね順調 / 登用した公募委員は12人でした。",
        "半年ごと",
        "広聴課、広報課",
    ):
        assert text in section, text
    assert "「削除」と書かれているため、主体の登録済みの値を消します" in html
    # Still only a check: nothing written.
    assert live(sample_plan.public_members).title == "審議会等への公募委員の登用"


# Re-import and round trip ------------------------------------------------------------


@pytest.mark.parametrize(("writer", "filename"), [(write_xlsx, "plan.xlsx"), (write_csv, "plan.csv")])
def test_after_clearing_an_export_imports_unchanged(sample_plan, writer, filename):
    cleared = {
        **PUBLIC_MEMBERS,
        "担当": "削除",
        "事業内容": "削除",
        "令和3年度": "削除",
        "進捗状況": "削除",
        "評価年度": "令和6年度",
    }
    assert run(sample_plan.plan, cleared, publish=True).applied
    buffer = io.BytesIO()
    writer(sample_plan.plan, buffer, headers="ja")
    pages = MeasurePage.objects.count() + ActionItemPage.objects.count()
    revisions = Revision.objects.count()
    report = import_plan_file(buffer.getvalue(), filename, plan=sample_plan.plan, publish=True)
    assert not report.has_errors, report.messages
    assert not report.has_changes, [(r.row, r.changes) for r in report.rows if r.changes]
    assert warnings(report) == []
    assert Revision.objects.count() == revisions
    assert MeasurePage.objects.count() + ActionItemPage.objects.count() == pages
    item = live(sample_plan.public_members)
    assert departments_of(item) == [] and progress_of(item)[2024] == ("", NARRATIVE_2024)
