"""Importing plan tables: every rule of plan-table-format.md, bad input, drafts and publishing."""

from __future__ import annotations

import io
import json

from wagtail.models import Page, Revision

import pytest

from plans.models import ActionItemPage, Department, MeasurePage, PlanPage, ProgressRow, Relisting
from plans.services.imports import apply_import, import_plan_file
from plans.tables.exporter import write_csv, write_xlsx
from plans.tables.importer import ImportRefused, plan_import
from plans.tables.reader import read_table
from plans.tables.report import Action, ImportReport, Level
from plans.tables.text import description_to_stream, stream_to_description
from plans.vocabularies import Actor, DepartmentRole, Phase, ProgressStatus

from .sheets import delimited, xlsx

# A municipal sheet as staff keep it: numbered measures, ■ group headings, actor marks,
# 新規/充実 columns, 再掲 titles, a 20年度…24年度以降 schedule and a status column.
MUNICIPAL_HEADERS = [
    "分野",
    "施策\n番号",
    "施策",
    "施策の内容",
    "取組方針",
    "番号",
    "推進施策及び実施事業",
    "事業内容",
    "担当局等",
    "主体",
    "新規",
    "充実",
    "20年度",
    "21年度",
    "22年度",
    "23年度",
    "24年度以降",
    "進捗状況",
    "取組実績",
]
AREA_1 = "I 総合的な自治の醸成"
AREA_2 = "II 協働によるまちづくり"
MUNICIPAL_ROWS = [
    [
        AREA_1,
        "1",
        "市民参加の機会の拡充",
        "市政のあらゆる段階で市民が参加できるよう、機会を広げます。",
        "■ 審議会等への市民参加",
        "1-1",
        "審議会等への公募委員の登用",
        "審議会等の委員に公募の市民を登用します。\n\n登用の状況を毎年公表します。",
        "市民協働推進課\n広報課",
        "●",
        "○",
        "",
        "検討",
        "実施",
        "継続",
        "継続",
        "継続",
        "概ね順調",
        "12の審議会で公募委員を登用しました。",
    ],
    [
        AREA_1,
        "1",
        "市民参加の機会の拡充",
        "",
        "■ 審議会等への市民参加",
        "1-2",
        "女性委員の登用促進",
        "女性委員の割合を40％に高めます。",
        "広聴課",
        "◎",
        "",
        "○",
        "",
        "●",
        "→",
        "→",
        "→",
        "遅れ",
        "",
    ],
    [
        AREA_1,
        "1",
        "市民参加の機会の拡充",
        "",
        "■ 意見交換の場づくり",
        "1-3",
        "市民意見交換会の開催",
        "地域ごとに市長と市民が話し合う場を設けます。",
        "協働推進課",
        "★",
        "",
        "",
        "実施",
        "実施",
        "実施",
        "実施",
        "",
        "順調",
        "",
    ],
    [
        AREA_2,
        "2",
        "協働事業の推進",
        "市民活動団体と市が協働して地域の課題に取り組みます。",
        "",
        "2-1",
        "協働事業提案制度の創設",
        "市民活動団体から協働事業の提案を募ります。",
        "まちづくり推進室、市民協働推進課",
        "◎",
        "○",
        "",
        "検討",
        "準備",
        "実施",
        "継続",
        "継続",
        "実施中",
        "制度要綱を定めました。",
    ],
    [AREA_2, "2", "協働事業の推進", "", "", "1-1", "審議会等への公募委員の登用（再掲）", *[""] * 12],
    [AREA_2, "3", "市民活動の支援", "活動の場と情報を提供します。", *[""] * 15],
]
PLAN_TITLE = "青葉市市民参加推進計画"


def municipal_sheet() -> bytes:
    return xlsx([[], MUNICIPAL_HEADERS, *MUNICIPAL_ROWS])


def footprint() -> tuple[int, int, int, int]:
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Department.objects.count(),
        ProgressRow.objects.count(),
    )


def import_rows(rows, plan, *, filename="plan.xlsx", **options) -> ImportReport:
    data = xlsx(rows) if filename.endswith(".xlsx") else delimited(rows)
    return import_plan_file(data, filename, plan=plan, **options)


def messages(report: ImportReport, level: Level = Level.ERROR) -> list[tuple[int | None, str | None, str]]:
    return [(m.row, m.column, m.text) for m in report.messages if m.level == level]


def live(page):
    return type(page).objects.get(pk=page.pk)


def latest(page):
    return type(page).objects.get(pk=page.pk).get_latest_revision_as_object()


# The realistic sheet, end to end -------------------------------------------------------


@pytest.fixture
def municipal_plan(tree, departments) -> tuple[PlanPage, ImportReport]:
    report = import_plan_file(
        municipal_sheet(),
        "青葉市実施事業.xlsx",
        plan_title=PLAN_TITLE,
        create=True,
        period=(2008, 2012),
        status_year=2010,
        publish=True,
    )
    assert not report.has_errors, report.messages
    return PlanPage.objects.get(title=PLAN_TITLE), report


def test_a_municipal_sheet_creates_the_plan_measures_and_items_in_file_order(municipal_plan, tree):
    plan, report = municipal_plan
    assert plan.get_parent().pk == tree.plan_index.pk
    assert (plan.period_start, plan.period_end, plan.live) == (2008, 2012, True)
    measures = list(MeasurePage.objects.child_of(plan).order_by("path"))
    assert [(m.number, m.title, m.area) for m in measures] == [
        ("1", "市民参加の機会の拡充", AREA_1),
        ("2", "協働事業の推進", AREA_2),
        ("3", "市民活動の支援", AREA_2),
    ]
    assert stream_to_description(measures[2].description) == "活動の場と情報を提供します。"
    items = list(ActionItemPage.objects.child_of(measures[0]).order_by("path"))
    assert [(i.number, i.title, i.group) for i in items] == [
        ("1-1", "審議会等への公募委員の登用", "■ 審議会等への市民参加"),
        ("1-2", "女性委員の登用促進", "■ 審議会等への市民参加"),
        ("1-3", "市民意見交換会の開催", "■ 意見交換の場づくり"),
    ]
    assert [(i.actor, i.is_new, i.is_enhanced) for i in items] == [
        (Actor.CITY, True, False),
        (Actor.JOINT, False, True),
        (Actor.CITIZEN, False, False),
    ]
    assert all(item.live for item in items)
    assert report.counts.measures_created == 3
    assert report.counts.items_created == 4
    assert report.counts.items_linked == 1
    assert [result.row for result in report.rows] == [3, 4, 5, 6, 7, 8]


def test_the_description_becomes_one_paragraph_block_per_paragraph(municipal_plan):
    item = ActionItemPage.objects.get(number="1-1", plan=municipal_plan[0])
    assert [block.block_type for block in item.description] == ["paragraph", "paragraph"]
    assert item.description[0].value.source == "<p>審議会等の委員に公募の市民を登用します。</p>"
    assert stream_to_description(item.description) == (
        "審議会等の委員に公募の市民を登用します。\n\n登用の状況を毎年公表します。"
    )


def test_bare_fiscal_years_read_in_the_era_of_the_plan_and_onwards_headers(municipal_plan):
    plan, report = municipal_plan
    readings = {header.header: header.reading for header in report.fiscal_year_headers}
    assert readings["20年度"] == "平成20年度（2008年度）"
    assert readings["24年度以降"] == "平成24年度（2012年度）以降"
    item = ActionItemPage.objects.get(number="1-1", plan=plan)
    assert [(row.fiscal_year, row.phase, row.onwards) for row in item.schedule.order_by("fiscal_year")] == [
        (2008, Phase.STUDY, False),
        (2009, Phase.IMPLEMENT, False),
        (2010, Phase.CONTINUE, False),
        (2011, Phase.CONTINUE, False),
        (2012, Phase.CONTINUE, True),
    ]
    marks = ActionItemPage.objects.get(number="1-2", plan=plan)
    assert [row.fiscal_year for row in marks.schedule.all()] == [2009, 2010, 2011, 2012]  # blank: no row
    assert {row.phase for row in marks.schedule.all()} == {Phase.IMPLEMENT}


def test_departments_are_matched_by_name_and_alias_and_unknown_ones_created(
    municipal_plan, departments, tree
):
    plan, report = municipal_plan
    item = ActionItemPage.objects.get(number="1-1", plan=plan)
    assert [(row.department, row.role) for row in item.departments.order_by("sort_order")] == [
        (departments.kyodo, DepartmentRole.LEAD),
        (departments.koho, DepartmentRole.PARTNER),
    ]
    by_alias = ActionItemPage.objects.get(number="1-3", plan=plan)
    assert by_alias.lead_department == departments.kyodo
    assert report.departments_to_create == ["まちづくり推進室"]
    created = Department.objects.get(name="まちづくり推進室")
    assert (created.parent, created.locale) == (None, tree.ja)
    proposal = ActionItemPage.objects.get(number="2-1", plan=plan)
    assert [row.department for row in proposal.departments.order_by("sort_order")] == [
        created,
        departments.kyodo,
    ]


def test_status_and_progress_note_become_the_progress_row_of_the_status_year(municipal_plan):
    plan, _report = municipal_plan
    rows = {row.item.number: row for row in ProgressRow.objects.filter(item__plan=plan)}
    assert {number: (row.fiscal_year, row.status) for number, row in rows.items()} == {
        "1-1": (2010, ProgressStatus.MOSTLY_ON_TRACK),
        "1-2": (2010, ProgressStatus.DELAYED),
        "1-3": (2010, ProgressStatus.ON_TRACK),
        "2-1": (2010, ProgressStatus.IN_PROGRESS),
    }
    assert rows["1-1"].narrative == "12の審議会で公募委員を登用しました。"


def test_a_relisted_title_links_the_existing_item_without_a_copy(municipal_plan, client):
    plan, report = municipal_plan
    item = ActionItemPage.objects.get(number="1-1", plan=plan)
    collaboration = MeasurePage.objects.get(plan=plan, number="2")
    assert ActionItemPage.objects.filter(plan=plan, title="審議会等への公募委員の登用").count() == 1
    assert list(Relisting.objects.filter(item=item).values_list("measure", flat=True)) == [collaboration.pk]
    row = next(result for result in report.rows if result.row == 7)
    assert (row.relisted, row.item_action, row.item_title) == (
        True,
        Action.UPDATED,
        "審議会等への公募委員の登用",
    )
    response = client.get(collaboration.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "協働事業提案制度の創設" in page
    assert "審議会等への公募委員の登用" in page
    assert item.url in page


def test_the_imported_plan_is_shown_on_the_public_site(municipal_plan, client):
    plan, _report = municipal_plan
    measure = MeasurePage.objects.get(plan=plan, number="1")
    response = client.get(measure.url)
    assert response.status_code == 200
    page = response.content.decode()
    for title in (
        "審議会等への公募委員の登用",
        "女性委員の登用促進",
        "市民意見交換会の開催",
        "■ 意見交換の場づくり",
    ):
        assert title in page
    assert client.get(plan.url).status_code == 200
    item_page = client.get(ActionItemPage.objects.get(plan=plan, number="1-1").url).content.decode()
    assert "12の審議会で公募委員を登用しました。" in item_page


def test_importing_the_same_file_again_changes_nothing(municipal_plan):
    plan, _report = municipal_plan
    before = footprint()
    again = import_plan_file(
        municipal_sheet(), "青葉市実施事業.xlsx", plan=plan, status_year=2010, publish=True
    )
    assert not again.has_errors
    assert footprint() == before
    assert {result.measure_action for result in again.rows} == {Action.UNCHANGED}
    assert {result.item_action for result in again.rows if result.item_action} == {Action.UNCHANGED}
    assert not again.has_changes
    assert again.departments_to_create == []


def test_the_report_is_json_and_reads_back(municipal_plan):
    _plan, report = municipal_plan
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["counts"]["items_created"] == 4
    assert data["has_errors"] is False
    assert data["fiscal_year_headers"][0] == {
        "header": "20年度",
        "year": 2008,
        "onwards": False,
        "reading": "平成20年度（2008年度）",
    }
    assert ImportReport.from_dict(data).to_dict() == data


# Export, then import: a round trip ------------------------------------------------------


@pytest.mark.parametrize(
    ("writer", "filename", "headers"),
    [(write_xlsx, "plan.xlsx", "ja"), (write_xlsx, "plan.xlsx", "en"), (write_csv, "plan.csv", "ja")],
)
def test_an_exported_plan_imports_unchanged(municipal_plan, sample_plan, writer, filename, headers):
    for plan in (municipal_plan[0], sample_plan.plan):
        buffer = io.BytesIO()
        writer(plan, buffer, headers=headers)
        before = footprint()
        report = import_plan_file(buffer.getvalue(), filename, plan=plan, publish=True)
        assert not report.has_errors, report.messages
        assert footprint() == before
        assert not report.has_changes, [r for r in report.rows if r.item_action != Action.UNCHANGED]
        assert report.missing_items == []


# Updates: revisions, drafts and publishing ---------------------------------------------

HEADERS = ["施策番号", "施策", "番号", "事業名", "管理番号", "担当", "主体"]


def test_an_update_is_a_draft_revision_and_live_content_stays(sample_plan):
    item = sample_plan.public_members
    revisions = Revision.objects.count()
    report = import_rows(
        [
            HEADERS,
            [
                "1",
                "審議会等への市民公募委員の参加促進",
                "1-1",
                "公募委員の積極的な登用",
                "KY-0101",
                "市民協働推進課、広報課",
                "●",
            ],
        ],
        sample_plan.plan,
    )
    assert report.rows[0].item_action == Action.UPDATED
    assert report.rows[0].changes == ["名称"]
    assert Revision.objects.count() == revisions + 1
    assert live(item).title == "審議会等への公募委員の登用"
    assert live(item).has_unpublished_changes
    assert latest(item).title == "公募委員の積極的な登用"
    # the draft is now the current state: the same file again changes nothing
    again = import_rows(
        [
            HEADERS,
            [
                "1",
                "審議会等への市民公募委員の参加促進",
                "1-1",
                "公募委員の積極的な登用",
                "KY-0101",
                "市民協働推進課、広報課",
                "●",
            ],
        ],
        sample_plan.plan,
    )
    assert again.rows[0].item_action == Action.UNCHANGED
    assert Revision.objects.count() == revisions + 1


def test_publish_publishes_changed_pages(sample_plan, client):
    report = import_rows(
        [
            HEADERS,
            [
                "1",
                "審議会等への市民公募委員の参加促進",
                "1-9",
                "公募委員の積極的な登用",
                "KY-0101",
                "市民協働推進課",
                "◎",
            ],
        ],
        sample_plan.plan,
        publish=True,
    )
    assert report.published and report.applied
    item = live(sample_plan.public_members)
    assert (item.title, item.number, item.actor, item.has_unpublished_changes) == (
        "公募委員の積極的な登用",
        "1-9",
        Actor.JOINT,
        False,
    )
    assert [row.department.name for row in item.departments.all()] == ["市民協働推進課"]
    assert "公募委員の積極的な登用" in client.get(sample_plan.participation.url).content.decode()


def test_new_pages_without_publish_are_drafts_that_the_public_does_not_see(sample_plan, client):
    report = import_rows(
        [HEADERS, ["9", "地域活動の担い手づくり", "9-1", "地域活動講座の開催", "", "", ""]], sample_plan.plan
    )
    measure = MeasurePage.objects.get(plan=sample_plan.plan, number="9")
    item = ActionItemPage.objects.get(plan=sample_plan.plan, number="9-1")
    assert report.counts.measures_created == report.counts.items_created == 1
    assert not measure.live and not item.live
    assert item.latest_revision is not None and measure.latest_revision is not None
    assert "地域活動講座" not in client.get(sample_plan.plan.url).content.decode()


def test_items_missing_from_the_file_are_reported_and_kept(sample_plan):
    report = import_rows(
        [
            HEADERS,
            [
                "2",
                "市民意見募集（パブリックコメント）の充実",
                "2-1",
                "パブリックコメント手続の周知",
                "",
                "広報課",
                "●",
            ],
        ],
        sample_plan.plan,
    )
    assert not report.has_errors
    assert {page.title for page in report.missing_items} == {
        "審議会等への公募委員の登用",
        "女性委員の登用促進",
        "協働事業提案制度の実施",
    }
    assert {page.number for page in report.missing_measures} == {"1", "3"}
    assert ActionItemPage.objects.filter(plan=sample_plan.plan).count() == 4


def test_columns_absent_from_the_file_are_left_as_they_are(sample_plan):
    report = import_rows(
        [
            ["施策", "事業名", "進捗状況"],
            ["審議会等への市民公募委員の参加促進", "女性委員の登用促進", "概ね順調"],
        ],
        sample_plan.plan,
        status_year=2024,
        publish=True,
    )
    assert report.rows[0].changes == ["進捗状況"]
    item = live(sample_plan.women_members)
    assert (item.number, item.actor, item.is_enhanced) == ("1-2", Actor.JOINT, True)
    assert [row.department.name for row in item.departments.all()] == ["広聴課"]
    progress = item.progress.get(fiscal_year=2024)
    assert progress.status == ProgressStatus.MOSTLY_ON_TRACK
    assert progress.narrative == "2024年度の取組実績。"  # no 実績 column: the narrative stays


# Identity --------------------------------------------------------------------------------


def test_items_are_matched_by_external_id_before_number_and_title(sample_plan):
    report = import_rows(
        [
            HEADERS,
            [
                "1",
                "審議会等への市民公募委員の参加促進",
                "1-7",
                "名前を変えた事業",
                "KY-0101",
                "市民協働推進課、広報課",
                "●",
            ],
        ],
        sample_plan.plan,
        publish=True,
    )
    assert report.rows[0].item_action == Action.UPDATED
    item = live(sample_plan.public_members)
    assert (item.number, item.title) == ("1-7", "名前を変えた事業")


def test_items_are_matched_by_number_when_there_is_no_external_id(sample_plan):
    report = import_rows(
        [["施策", "番号", "事業名"], ["審議会等への市民公募委員の参加促進", "1-2", "女性委員の登用の促進"]],
        sample_plan.plan,
        publish=True,
    )
    assert report.rows[0].item_action == Action.UPDATED
    assert live(sample_plan.women_members).title == "女性委員の登用の促進"


def test_items_and_measures_are_matched_by_nfkc_title(sample_plan):
    report = import_rows(
        [["施策", "事業名"], ["市民意見募集(パブリックコメント)の充実", "パブリックコメント手続の周知"]],
        sample_plan.plan,
    )
    assert (report.rows[0].measure_action, report.rows[0].item_action) == (Action.UNCHANGED, Action.UNCHANGED)
    assert report.counts.items_created == 0


def test_measures_are_matched_by_number_and_renamed(sample_plan):
    report = import_rows(
        [["施策番号", "施策"], ["3", "協働事業提案制度の推進と検証"]], sample_plan.plan, publish=True
    )
    assert report.rows[0].measure_action == Action.UPDATED
    assert report.rows[0].item_action is None
    assert live(sample_plan.proposals).title == "協働事業提案制度の推進と検証"


def test_a_row_with_a_measure_and_no_item_creates_only_the_measure(sample_plan):
    report = import_rows(
        [
            ["分野", "施策番号", "施策", "施策の内容"],
            ["III 情報の共有", "4", "市政情報の発信", "わかりやすく発信します。\n\n多言語でも発信します。"],
        ],
        sample_plan.plan,
    )
    measure = MeasurePage.objects.get(plan=sample_plan.plan, number="4")
    assert (measure.area, measure.get_children().count()) == ("III 情報の共有", 0)
    assert [block.block_type for block in measure.description] == ["paragraph", "paragraph"]
    assert report.rows[0].item_action is None


def test_a_blank_measure_cell_continues_the_measure_above(sample_plan):
    report = import_rows(
        [["施策番号", "施策", "事業名"], ["5", "防災の協働", "防災訓練の共催"], ["", "", "避難所運営の協働"]],
        sample_plan.plan,
    )
    assert not report.has_errors
    measure = MeasurePage.objects.get(plan=sample_plan.plan, number="5")
    assert measure.get_children().count() == 2
    assert messages(report, Level.INFO)[0][:2] == (3, "施策")


# Flags, actor, 再掲 ------------------------------------------------------------------------


def test_flags_accept_marks_and_warn_about_unknown_ones(sample_plan):
    rows = [
        ["施策", "事業名", "新規", "拡充", "重点", "重点説明"],
        ["協働事業提案制度の推進", "提案事業の報告会", "有", "✔", "たぶん", "成果を市民に報告します。"],
        ["協働事業提案制度の推進", "提案事業の相談窓口", "×", "-", "0", ""],
    ]
    report = import_rows(rows, sample_plan.plan)
    assert messages(report, Level.WARNING) == [
        (2, "重点", "「たぶん」は印として読めないため「あり」としました。")
    ]
    first, second = (
        ActionItemPage.objects.filter(plan=sample_plan.plan, measure=sample_plan.proposals)
        .exclude(pk=sample_plan.proposal_system.pk)
        .order_by("path")
    )
    assert (first.is_new, first.is_enhanced, first.is_pickup, first.pickup_text) == (
        True,
        True,
        True,
        "成果を市民に報告します。",
    )
    assert (second.is_new, second.is_enhanced, second.is_pickup) == (False, False, False)


@pytest.mark.parametrize(
    ("mark", "actor"),
    [("★", Actor.CITIZEN), ("市", Actor.CITY), ("協働", Actor.JOINT), ("joint", Actor.JOINT), ("", "")],
)
def test_actor_words_and_marks(sample_plan, mark, actor):
    import_rows(
        [["施策", "事業名", "主体"], ["協働事業提案制度の推進", "提案事業の報告会", mark]], sample_plan.plan
    )
    assert ActionItemPage.objects.get(plan=sample_plan.plan, title="提案事業の報告会").actor == actor


def test_a_relisted_flag_links_the_item_under_another_measure(sample_plan):
    report = import_rows(
        [
            ["施策番号", "施策", "番号", "事業名", "再掲"],
            ["2", "市民意見募集（パブリックコメント）の充実", "1-2", "女性委員の登用促進", "○"],
        ],
        sample_plan.plan,
        publish=True,
    )
    assert report.rows[0].relisted and report.rows[0].item_action == Action.UPDATED
    assert Relisting.objects.filter(item=sample_plan.women_members, measure=sample_plan.comments).exists()
    assert ActionItemPage.objects.filter(plan=sample_plan.plan, title="女性委員の登用促進").count() == 1
    assert live(sample_plan.women_members).get_parent().pk == sample_plan.participation.pk


def test_an_existing_relisting_is_unchanged(sample_plan):
    report = import_rows(
        [
            ["施策番号", "施策", "事業名"],
            ["3", "協働事業提案制度の推進", "審議会等への公募委員の登用［再掲］"],
        ],
        sample_plan.plan,
    )
    assert (report.rows[0].relisted, report.rows[0].item_action) == (True, Action.UNCHANGED)
    assert not report.has_changes


def test_a_relisted_row_without_an_original_creates_the_item_and_warns(sample_plan):
    report = import_rows(
        [["施策", "事業名"], ["協働事業提案制度の推進", "出前講座の実施(再掲)"]], sample_plan.plan
    )
    item = ActionItemPage.objects.get(plan=sample_plan.plan, title="出前講座の実施")
    assert item.is_relisted
    assert item.get_parent().pk == sample_plan.proposals.pk
    [(row, column, text)] = messages(report, Level.WARNING)
    assert (row, column) == (2, "事業名") and "見つからない" in text
    again = import_rows(
        [["施策", "事業名"], ["協働事業提案制度の推進", "出前講座の実施(再掲)"]], sample_plan.plan
    )
    assert again.rows[0].item_action == Action.UNCHANGED


# Departments, schedule, status ---------------------------------------------------------


def test_duplicate_and_ambiguous_departments(sample_plan, departments):
    Department.objects.create(name="広聴課", parent=departments.seisaku, locale=departments.kocho.locale)
    report = import_rows(
        [
            ["施策", "事業名", "担当"],
            ["協働事業提案制度の推進", "提案事業の報告会", "広聴課"],
            ["協働事業提案制度の推進", "提案事業の相談窓口", "政策局広聴課 市民協働推進課 市民協働推進課"],
        ],
        sample_plan.plan,
        dry_run=True,
    )
    errors = messages(report)
    assert errors[0][:2] == (2, "担当") and "複数あります" in errors[0][2]
    assert len(errors) == 1
    assert messages(report, Level.WARNING)[0][:2] == (3, "担当")


def test_the_schedule_replaces_the_years_of_the_file_and_keeps_the_others(sample_plan):
    report = import_rows(
        [
            ["施策", "事業名", "R3", "令和4年度", "FY2024以降"],
            ["審議会等への市民公募委員の参加促進", "審議会等への公募委員の登用", "削除", "推進", "継続実施"],
        ],
        sample_plan.plan,
        publish=True,
    )
    assert report.rows[0].changes == ["スケジュール"]
    item = live(sample_plan.public_members)
    assert [(row.fiscal_year, row.phase, row.onwards) for row in item.schedule.order_by("fiscal_year")] == [
        (2022, Phase.IMPLEMENT, False),
        (2023, Phase.CONTINUE, False),
        (2024, Phase.CONTINUE, True),
    ]


def test_a_status_year_column_wins_over_the_status_year_given(sample_plan):
    import_rows(
        [
            ["施策", "事業名", "状況", "評価年度", "実績"],
            ["協働事業提案制度の推進", "協働事業提案制度の実施", "達成", "R7", "全件を採択しました。"],
        ],
        sample_plan.plan,
        status_year=2024,
        publish=True,
    )
    row = live(sample_plan.proposal_system).progress.get(fiscal_year=2025)
    assert (row.status, row.narrative) == (ProgressStatus.COMPLETED, "全件を採択しました。")


def test_a_progress_note_alone_keeps_the_status_of_that_year(sample_plan):
    report = import_rows(
        [
            ["施策", "事業名", "実績"],
            ["審議会等への市民公募委員の参加促進", "女性委員の登用促進", "登用率は28％でした。"],
        ],
        sample_plan.plan,
        status_year=2024,
        publish=True,
    )
    assert not report.has_errors
    row = live(sample_plan.women_members).progress.get(fiscal_year=2024)
    assert (row.status, row.narrative) == (ProgressStatus.DELAYED, "登用率は28％でした。")


def test_english_headers_and_codes(sample_plan):
    report = import_rows(
        [
            ["measure_number", "measure", "item", "actor", "status", "status_year", "FY2025"],
            ["3", "協働事業提案制度の推進", "提案事業の報告会", "citizen", "on_track", "FY2025", "implement"],
        ],
        sample_plan.plan,
        filename="plan.csv",
    )
    assert not report.has_errors
    item = ActionItemPage.objects.get(plan=sample_plan.plan, title="提案事業の報告会")
    assert item.actor == Actor.CITIZEN
    assert item.get_latest_revision_as_object().progress.all()[0].status == ProgressStatus.ON_TRACK


def test_unknown_columns_are_warnings_naming_the_header(sample_plan):
    report = import_rows(
        [["施策", "事業名", "備考"], ["協働事業提案制度の推進", "協働事業提案制度の実施", "メモ"]],
        sample_plan.plan,
    )
    assert messages(report, Level.WARNING) == [
        (1, "備考", "「備考」は計画表の列ではないため、読み込みません。")
    ]
    assert not report.has_errors


def test_a_column_with_values_but_no_header_is_a_warning_also_at_the_end(sample_plan):
    """The header row's blank cells at the end are trimmed; a value below one still warns."""
    report = import_rows(
        [
            ["施策", "", "事業名"],
            ["協働事業提案制度の推進", "メモ", "協働事業提案制度の実施", "", "追記"],
        ],
        sample_plan.plan,
    )
    assert messages(report, Level.WARNING) == [
        (1, None, "2列目には見出しがないため、読み込みません。"),
        (1, None, "5列目には見出しがないため、読み込みません。"),
    ]
    assert not report.has_errors


# Bad input: a clear message, nothing changed ----------------------------------------------

BAD_INPUTS = {
    "missing measure column": (
        [["番号", "事業名"], ["1-1", "協働カフェ"]],
        {},
        (1, None, "施策の列がありません"),
    ),
    "unknown status word": (
        [["施策", "事業名", "状況"], ["協働事業提案制度の推進", "協働事業提案制度の実施", "まあまあ"]],
        {"status_year": 2024},
        (2, "状況", "「まあまあ」は使える語ではありません。使える語：未着手、検討中"),
    ),
    "unknown phase word": (
        [["施策", "事業名", "2022年度"], ["協働事業提案制度の推進", "協働事業提案制度の実施", "やる"]],
        {},
        (2, "2022年度", "「やる」は使える語ではありません。使える語：検討、準備、実施、継続、完了"),
    ),
    "header that is not a fiscal year": (
        [["施策", "事業名", "令和X年度"], ["協働事業提案制度の推進", "協働事業提案制度の実施", "実施"]],
        {},
        (1, "令和X年度", "「令和X年度」は年度として読めません。"),
    ),
    "duplicate item numbers": (
        [
            ["施策", "番号", "事業名"],
            ["協働事業提案制度の推進", "3-5", "報告会"],
            ["協働事業提案制度の推進", "3-5", "相談窓口"],
        ],
        {},
        (3, "番号", "「3-5」は2行目と重複しています。"),
    ),
    "duplicate external ids": (
        [
            ["施策", "ID", "事業名"],
            ["協働事業提案制度の推進", "KY-9", "報告会"],
            ["協働事業提案制度の推進", "KY-9", "相談窓口"],
        ],
        {},
        (3, "ID", "「KY-9」は2行目と重複しています。"),
    ),
    "number of another item": (
        [["施策", "管理番号", "番号", "事業名"], ["協働事業提案制度の推進", "KY-0500", "1-1", "報告会"]],
        {},
        (2, "番号", "「1-1」はこの計画の別の事業「審議会等への公募委員の登用」が使っています。"),
    ),
    "department cell with only separators": (
        [["施策", "事業名", "担当課"], ["協働事業提案制度の推進", "協働事業提案制度の実施", "、 ／ ,"]],
        {},
        (2, "担当課", "担当の欄に部署名がありません（区切り記号だけです）。"),
    ),
    "oversized cell": (
        [["施策", "事業名", "主体"], ["協働事業提案制度の推進", "協働事業提案制度の実施", "市" * 21]],
        {},
        (2, "主体", "長すぎます（21文字）。20文字以下にしてください。"),
    ),
    "status without a year": (
        [["施策", "事業名", "進捗"], ["協働事業提案制度の推進", "協働事業提案制度の実施", "順調"]],
        {},
        (2, "進捗", "進捗状況の年度がわかりません。"),
    ),
    "item data without an item": (
        [["施策", "事業名", "担当"], ["協働事業提案制度の推進", "", "広報課"]],
        {},
        (2, "事業名", "事業名がありません。"),
    ),
    "two titles for one measure number": (
        [
            ["施策番号", "施策", "事業名"],
            ["3", "協働事業提案制度の推進", "報告会"],
            ["3", "協働の推進", "相談窓口"],
        ],
        {},
        (3, "施策", "施策番号「3」の施策名が2行目（「協働事業提案制度の推進」）と違います。"),
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
@pytest.mark.parametrize("filename", ["plan.xlsx", "plan.csv"])
def test_bad_input_is_an_error_with_row_and_column_and_changes_nothing(
    sample_plan, departments, case, filename
):
    rows, options, (row, column, text) = BAD_INPUTS[case]
    # a good row as well: all or nothing
    before = footprint()
    report = import_rows(rows, sample_plan.plan, filename=filename, publish=True, **options)
    assert report.has_errors
    assert not report.applied
    assert any(m.row == row and m.column == column and text in m.text for m in report.errors), report.errors
    assert footprint() == before


def test_a_good_row_is_not_written_when_another_row_has_an_error(sample_plan):
    before = footprint()
    report = import_rows(
        [
            ["施策", "事業名", "状況"],
            ["協働事業提案制度の推進", "新しい報告会", "順調"],
            ["協働事業提案制度の推進", "協働事業提案制度の実施", "だめ"],
        ],
        sample_plan.plan,
        status_year=2024,
        publish=True,
    )
    assert [m.row for m in report.errors] == [3]
    assert footprint() == before
    assert not ActionItemPage.objects.filter(title="新しい報告会").exists()


@pytest.mark.parametrize(
    ("data", "filename", "text"),
    [
        (b"", "plan.csv", "ファイルが空です。"),
        (bytes(range(256)) * 4, "plan.csv", "文字のファイルとして読めません"),
        (b"PK\x03\x04broken", "plan.xlsx", "Excel（.xlsx）のファイルとして読めません"),
    ],
)
def test_unreadable_files_are_errors_in_the_report(sample_plan, data, filename, text):
    before = footprint()
    report = import_plan_file(data, filename, plan=sample_plan.plan)
    assert [m.text for m in report.errors][0].count(text) == 1
    assert footprint() == before


def test_formula_cells_are_errors_naming_the_cell(sample_plan):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["施策番号", "施策", "事業名", "担当"])
    sheet.append(["3", "協働事業提案制度の推進", "報告会", '=A2&"課"'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = footprint()
    report = import_plan_file(buffer.getvalue(), "plan.xlsx", plan=sample_plan.plan)
    assert [(m.row, m.column) for m in report.errors] == [(2, "担当")]
    assert "D2" in report.errors[0].text
    assert footprint() == before


def test_a_bare_year_without_a_plan_period_says_how_to_fix_it(tree):
    report = import_plan_file(
        xlsx([["施策", "事業名", "20年度"], ["協働の推進", "協働カフェ", "実施"]]),
        "plan.xlsx",
        plan_title="新しい計画",
        create=True,
    )
    [error] = [m for m in report.errors if m.column == "20年度"]
    assert "--period 2008-2012" in error.text
    assert not PlanPage.objects.filter(title="新しい計画").exists()


def test_a_new_plan_takes_its_period_from_the_schedule_headers(tree):
    report = import_plan_file(
        xlsx([["施策", "事業名", "令和6年度", "令和7年度"], ["協働の推進", "協働カフェ", "実施", "継続"]]),
        "plan.xlsx",
        plan_title="協働推進アクションプラン（第2期）",
        create=True,
    )
    assert report.applied
    plan = PlanPage.objects.get(title="協働推進アクションプラン（第2期）")
    assert (plan.period_start, plan.period_end, plan.kind, plan.live) == (2024, 2025, "action", False)


def test_an_unknown_plan_without_create_is_an_error(tree):
    report = import_plan_file(xlsx([["施策"], ["協働の推進"]]), "plan.xlsx", plan_title="ない計画")
    assert "--create" in report.errors[0].text


# The service's steps ------------------------------------------------------------------------


def test_the_dry_run_writes_nothing_and_apply_writes_it(sample_plan):
    table = read_table(
        xlsx([["施策", "事業名"], ["協働事業提案制度の推進", "提案事業の報告会"]]), "plan.xlsx"
    )
    before = footprint()
    report = plan_import(table, plan=sample_plan.plan)
    assert report.rows[0].item_action == Action.CREATED and not report.applied
    assert footprint() == before
    applied = apply_import(report, publish=True)
    assert applied.applied and applied.published
    assert ActionItemPage.objects.get(title="提案事業の報告会").live


def test_apply_refuses_a_report_with_errors(sample_plan):
    table = read_table(xlsx([["番号", "事業名"], ["1", "提案事業の報告会"]]), "plan.xlsx")
    report = plan_import(table, plan=sample_plan.plan)
    with pytest.raises(ImportRefused):
        apply_import(report)


def test_description_text_and_stream_map_both_ways():
    text = "一行目\n二行目\n\n\n次の段落 <b>&</b>"
    stream = description_to_stream(text)
    assert [value.source for _kind, value in stream] == [
        "<p>一行目<br/>二行目</p>",
        "<p>次の段落 &lt;b&gt;&amp;&lt;/b&gt;</p>",
    ]
    from plans.blocks import DescriptionStreamBlock

    value = DescriptionStreamBlock().to_python(
        [{"type": kind, "value": value.source} for kind, value in stream]
    )
    assert stream_to_description(value) == "一行目\n二行目\n\n次の段落 <b>&</b>"


def test_a_title_row_above_the_headers_is_skipped_and_the_report_says_so(sample_plan):
    report = import_rows(
        [["青葉市市民参加推進計画 実施事業一覧"], ["施策", "事業名"], ["協働の推進", "協働カフェ"]],
        sample_plan.plan,
        dry_run=True,
    )
    assert not report.has_errors, report.messages
    assert [(reading.row, reading.reading, reading.reason) for reading in report.readings] == [
        (1, "skipped", "title"),
        (2, "header", ""),
        (3, "item", ""),
    ]
    assert [(result.row, result.item_title) for result in report.rows] == [(3, "協働カフェ")]


def test_a_sheet_without_a_header_row_names_the_row_that_looks_closest(sample_plan):
    report = import_rows(
        [["青葉市市民参加推進計画 実施事業一覧"], ["事業名", "備考"], ["協働カフェ", "メモ"]],
        sample_plan.plan,
    )
    [error] = report.errors
    assert "計画表の見出しの行が見つかりません" in error.text
    assert "2行目（「事業名」、「備考」）が見出しに近いようです" in error.text


def test_new_pages_have_a_revision_a_history_and_are_searchable(sample_plan, admin_user):
    from wagtail.models import PageLogEntry

    report = import_rows(
        [["施策", "事業名", "担当"], ["協働事業提案制度の推進", "市民活動見本市の開催", "広報課"]],
        sample_plan.plan,
        publish=True,
        user=admin_user,
    )
    assert report.applied
    item = ActionItemPage.objects.get(title="市民活動見本市の開催")
    assert item.live and item.live_revision_id == item.latest_revision_id
    assert item.latest_revision.user == admin_user
    assert item.latest_revision.as_object().departments.get().department.name == "広報課"
    actions = sorted(PageLogEntry.objects.filter(page=item).values_list("action", flat=True))
    assert actions == ["wagtail.create", "wagtail.publish"]  # one of each
    assert PageLogEntry.objects.filter(page=item).values("user").distinct().get()["user"] == admin_user.pk
    # indexed with its rows (saved after the page itself): the department's name finds it
    assert item in list(ActionItemPage.objects.live().search(item.title))
    assert item in list(ActionItemPage.objects.live().search("広報課"))


def test_imported_pages_keep_the_page_tree_sound(municipal_plan, departments):
    from wagtail.models import Page, ReferenceIndex

    plan, _report = municipal_plan
    assert all(problems == [] for problems in Page.find_problems())
    plan = PlanPage.objects.get(pk=plan.pk)
    measures = list(MeasurePage.objects.child_of(plan).order_by("path"))
    assert plan.numchild == len(measures) == 3
    assert [m.numchild for m in measures] == [ActionItemPage.objects.child_of(m).count() for m in measures]
    assert all(m.url_path == f"{plan.url_path}{m.slug}/" for m in measures)
    # A page an editor adds afterwards takes the next place in the tree.
    added = measures[0].add_child(
        instance=ActionItemPage(title="市民討議会の試行", number="1-9", locale=plan.locale)
    )
    assert (
        added.path
        > ActionItemPage.objects.child_of(measures[0]).exclude(pk=added.pk).order_by("path").last().path
    )
    assert all(problems == [] for problems in Page.find_problems())
    # The departments' usage (the reference index) lists the imported items.
    item = ActionItemPage.objects.get(number="1-1", plan=plan)
    department = item.departments.first().department
    assert ReferenceIndex.get_references_to(department).filter(object_id=str(item.pk)).exists()


def test_an_imported_page_opens_in_the_editor_and_its_history(municipal_plan, admin_client):
    from django.urls import reverse

    item = ActionItemPage.objects.get(number="1-2", plan=municipal_plan[0])
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[item.pk]))
    assert response.status_code == 200
    assert "女性委員の登用促進" in response.content.decode()
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[item.pk]))
    assert history.status_code == 200
    # The editor saves a new revision on top of the imported one.
    revision = item.save_revision()
    assert revision.as_object().departments.count() == item.departments.count() > 0
