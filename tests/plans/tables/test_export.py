"""Plan-table export: the rows and cells of ``plans.tables.exporter``, the XLSX and CSV files,
the ``export_plan`` command, the public downloads of plan and report pages, and the admin
export screen."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import GroupPagePermission, PageViewRestriction

import pytest
from openpyxl import load_workbook

from plans.models import ActionItemPage
from plans.rollup import plan_progress
from plans.tables.exporter import export_rows, plan_table, write_csv, write_xlsx
from plans.tables.values import format_choice
from plans.vocabularies import Phase, ProgressStatus

from ...factories import (
    ActionItemPageFactory,
    MeasurePageFactory,
    PlanPageFactory,
    add_item_rows,
    add_many_items,
)

BOM = b"\xef\xbb\xbf"


def xlsx_rows(data: bytes, sheet: str | None = None) -> list[list[str]]:
    workbook = load_workbook(io.BytesIO(data))
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    return [
        ["" if value is None else value for value in row] for row in worksheet.iter_rows(values_only=True)
    ]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def as_dicts(rows: list[list]) -> list[dict]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def by_item(rows: list[dict], key: str = "item") -> dict[str, dict]:
    """Rows by item title; an item's own row, not its 再掲 rows."""
    result: dict[str, dict] = {}
    for row in rows:
        if row.get(key):
            result.setdefault(row[key], row)
    return result


# Rows -------------------------------------------------------------------------------


def test_every_item_is_a_row_with_its_measure_and_the_latest_status(sample_plan):
    rows = export_rows(sample_plan.plan)

    assert [(row["measure_number"], row["item_number"], row["relisted"]) for row in rows] == [
        ("1", "1-1", ""),
        ("1", "1-2", ""),
        ("2", "2-1", ""),
        ("3", "3-1", ""),
        ("3", "1-1", "○"),  # 公募委員 re-listed (再掲) under measure 3: a link, not a copy
    ]
    first = rows[0]
    assert first["area"] == "I 市政への市民参加の推進"
    assert first["measure"] == "審議会等への市民公募委員の参加促進"
    assert first["group"] == "■ 公募委員制度の運用"
    assert first["item"] == "審議会等への公募委員の登用"
    assert first["description"] == "市民と市が地域の課題について話し合う場を設けます。"
    assert first["departments"] == "市民協働推進課\n広報課"  # the lead first
    assert first["actor"] == "市"
    assert first["new"] == "○"
    assert first["enhanced"] == ""
    assert first["external_id"] == "KY-0101"
    # the latest year with progress in the plan is FY2024
    assert (first["status"], first["status_year"]) == ("順調", "令和6年度")
    assert first["progress_note"] == "2024年度の取組実績。"
    # schedule cells are keyed by the English header of their column
    assert (first["FY2021"], first["FY2022"], first["FY2023"]) == ("検討", "実施", "継続")
    assert first["FY2024"] == ""

    public_comment = rows[2]
    assert public_comment["status"] == public_comment["status_year"] == ""  # no report for FY2024

    relisting = rows[4]
    assert relisting["measure"] == "協働事業提案制度の推進"
    assert (relisting["item"], relisting["external_id"]) == ("審議会等への公募委員の登用", "KY-0101")
    assert relisting["departments"] == relisting["status"] == ""


def test_a_status_year_chooses_the_progress_written(sample_plan):
    rows = by_item(export_rows(sample_plan.plan, status_year=2023))

    assert rows["審議会等への公募委員の登用"]["status"] == "概ね順調"
    assert rows["パブリックコメント手続の周知"]["status"] == "実施中"
    assert rows["パブリックコメント手続の周知"]["status_year"] == "令和5年度"


def test_a_measure_without_items_is_a_row_of_its_own(sample_plan):
    MeasurePageFactory(
        parent=sample_plan.plan, title="市民参加の手引きの作成", number="4", area="III 基盤づくり"
    )

    rows = export_rows(sample_plan.plan)

    assert rows[-1]["measure"] == "市民参加の手引きの作成"
    assert rows[-1]["area"] == "III 基盤づくり"
    assert rows[-1]["item"] == rows[-1]["item_number"] == ""


def test_schedule_columns_cover_the_period_and_every_scheduled_year_with_onwards_apart(sample_plan):
    item = sample_plan.women_members
    add_item_rows(item, schedule={2025: Phase.IMPLEMENT})
    item.schedule.filter(fiscal_year=2025).update(onwards=True)
    add_item_rows(sample_plan.proposal_system, schedule={2026: Phase.CONTINUE})

    table = plan_table(sample_plan.plan)

    years = [column.key for column in table.columns if column.key.startswith("FY")]
    assert years == ["FY2021", "FY2022", "FY2023", "FY2024", "FY2025", "FY2025以降", "FY2026"]
    rows = by_item(table.rows)
    assert rows["女性委員の登用促進"]["FY2025以降"] == "実施"
    assert rows["女性委員の登用促進"]["FY2025"] == ""
    assert rows["協働事業提案制度の実施"]["FY2026"] == "継続"


def test_paragraphs_and_lists_of_a_description_become_plain_text(sample_plan):
    item = sample_plan.public_comment
    item.description = [
        ("paragraph", "<p>案を公表し、意見を募ります。<br/>結果も公表します。</p>"),
        ("paragraph", "<ul><li>市のウェブサイト</li><li>広報紙</li></ul>"),
    ]
    item.save_revision().publish()

    rows = by_item(export_rows(sample_plan.plan))

    assert rows["パブリックコメント手続の周知"]["description"] == (
        "案を公表し、意見を募ります。\n結果も公表します。\n\n・市のウェブサイト\n・広報紙"
    )


# Files ------------------------------------------------------------------------------


def test_xlsx_has_japanese_headers_by_default(sample_plan):
    buffer = io.BytesIO()
    write_xlsx(sample_plan.plan, buffer)

    rows = xlsx_rows(buffer.getvalue())

    assert rows[0][:9] == [
        "分野",
        "施策番号",
        "施策",
        "施策の内容",
        "取組方針",
        "番号",
        "事業名",
        "事業内容",
        "担当",
    ]
    assert rows[0][-5:] == ["令和3年度", "令和4年度", "令和5年度", "令和6年度", "令和7年度"]
    first = as_dicts(rows)[0]
    assert (first["主体"], first["進捗状況"], first["評価年度"], first["令和3年度"]) == (
        "市",
        "順調",
        "令和6年度",
        "検討",
    )
    assert first["担当"] == "市民協働推進課\n広報課"


def test_xlsx_and_csv_have_english_headers_and_codes_on_request(sample_plan):
    buffer = io.BytesIO()
    write_xlsx(sample_plan.plan, buffer, headers="en")
    xlsx_first = as_dicts(xlsx_rows(buffer.getvalue()))[0]
    buffer = io.BytesIO()
    write_csv(sample_plan.plan, buffer, headers="en")
    csv_first = as_dicts(csv_rows(buffer.getvalue()))[0]

    for first in (xlsx_first, csv_first):
        assert first["measure"] == "審議会等への市民公募委員の参加促進"
        assert (first["actor"], first["status"], first["status_year"]) == ("city", "on_track", "FY2024")
        assert (first["FY2021"], first["FY2022"]) == ("study", "implement")
        assert first["new"] == "○"


def test_csv_is_utf8_with_a_byte_order_mark_and_keeps_line_breaks_in_cells(sample_plan):
    buffer = io.BytesIO()
    write_csv(sample_plan.plan, buffer)
    data = buffer.getvalue()

    assert data.startswith(BOM)
    rows = as_dicts(csv_rows(data))
    assert rows[0]["事業名"] == "審議会等への公募委員の登用"
    assert rows[0]["担当"] == "市民協働推進課\n広報課"
    assert len(rows) == 5


def test_a_title_that_looks_like_a_formula_stays_text_in_xlsx(sample_plan):
    item = sample_plan.proposal_system
    item.title = '=HYPERLINK("http://example.com")'
    item.save_revision().publish()
    buffer = io.BytesIO()
    write_xlsx(sample_plan.plan, buffer)

    sheet = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    cells = [row[6] for row in sheet.iter_rows(min_row=2)]
    formula_cell = next(cell for cell in cells if str(cell.value).startswith("="))
    assert formula_cell.data_type == "s"
    assert formula_cell.value == '=HYPERLINK("http://example.com")'


def test_unknown_header_language_is_refused(sample_plan):
    with pytest.raises(ValueError, match="headers"):
        write_csv(sample_plan.plan, io.BytesIO(), headers="fr")


# Public and unpublished content -----------------------------------------------------


@pytest.fixture
def hidden_content(sample_plan):
    """A draft item, a draft edit of a live item, a private measure and an unpublished measure."""
    ActionItemPageFactory(
        parent=sample_plan.comments, title="意見募集の結果の公表（案）", number="2-2", publish=False
    )
    item = ActionItemPage.objects.get(pk=sample_plan.women_members.pk)
    item.title = "女性委員の登用促進（下書き）"
    item.save_revision()
    private = MeasurePageFactory(parent=sample_plan.plan, title="庁内限りの施策", number="8")
    ActionItemPageFactory(parent=private, title="庁内限りの事業", number="8-1")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    unpublished = MeasurePageFactory(parent=sample_plan.plan, title="準備中の施策", number="9")
    ActionItemPageFactory(parent=unpublished, title="準備中の施策の事業", number="9-1")
    unpublished.unpublish()
    return sample_plan


HIDDEN_TITLES = {
    "意見募集の結果の公表（案）",
    "女性委員の登用促進（下書き）",
    "庁内限りの事業",
    "準備中の施策の事業",
}


def test_the_public_export_leaves_out_drafts_private_and_unpublished_pages(hidden_content):
    rows = export_rows(hidden_content.plan)

    titles = {row["item"] for row in rows} | {row["measure"] for row in rows}
    assert not titles & (HIDDEN_TITLES | {"庁内限りの施策", "準備中の施策"})
    assert "女性委員の登用促進" in titles  # the published version of the draft edit


def test_the_export_for_editors_includes_drafts_as_their_latest_revision(hidden_content):
    rows = export_rows(hidden_content.plan, include_unpublished=True)

    titles = {row["item"] for row in rows}
    assert titles >= HIDDEN_TITLES
    assert "女性委員の登用促進" not in titles
    draft = by_item(rows)["女性委員の登用促進（下書き）"]
    assert (draft["departments"], draft["status"]) == ("広聴課", "遅れ")


def test_the_export_runs_the_same_number_of_queries_for_5_and_50_items(tree, departments):
    def queries(count: int, *, include_unpublished: bool) -> int:
        plan = PlanPageFactory(parent=tree.plan_index, title=f"大きな計画（{count}事業）")
        measure = MeasurePageFactory(parent=plan, number="1")
        items = add_many_items(
            measure,
            count,
            departments=[departments.kyodo, departments.koho],
            progress={2023: ProgressStatus.ON_TRACK, 2024: ProgressStatus.DELAYED},
        )
        add_item_rows(items[0], schedule={2022: Phase.STUDY, 2023: Phase.IMPLEMENT})
        other = MeasurePageFactory(parent=plan, number="2")
        add_item_rows(items[1], relisted_under=[other])
        with CaptureQueriesContext(connection) as context:
            rows = export_rows(plan, include_unpublished=include_unpublished)
        assert len(rows) == count + 1
        return len(context.captured_queries)

    assert queries(5, include_unpublished=False) == queries(50, include_unpublished=False)
    assert queries(5, include_unpublished=True) == queries(50, include_unpublished=True)


# The command ------------------------------------------------------------------------


def test_the_command_writes_the_file(sample_plan, tmp_path):
    target = tmp_path / "計画表.xlsx"
    output = io.StringIO()

    call_command(
        "export_plan", plan="participation-3", format="xlsx", headers="en", output=str(target), stdout=output
    )

    rows = as_dicts(xlsx_rows(target.read_bytes()))
    assert rows[0]["item"] == "審議会等への公募委員の登用"
    assert "5行" in output.getvalue()


def test_the_command_finds_the_plan_by_title_and_reads_the_status_year(sample_plan, tmp_path):
    target = tmp_path / "plan.csv"

    call_command(
        "export_plan",
        plan="みなと市市民参加推進計画（第3次）",
        format="csv",
        status_year="令和5年度",
        output=str(target),
        stdout=io.StringIO(),
    )

    rows = by_item(as_dicts(csv_rows(target.read_bytes())), "事業名")
    assert rows["パブリックコメント手続の周知"]["進捗状況"] == "実施中"


def test_the_command_explains_a_missing_plan_in_japanese(sample_plan, tmp_path):
    with pytest.raises(CommandError, match="計画「存在しない計画」が見つかりません"):
        call_command("export_plan", plan="存在しない計画", format="csv", output=str(tmp_path / "x.csv"))


def test_the_command_refuses_an_ambiguous_plan_and_lists_the_candidates(tree, tmp_path):
    first = PlanPageFactory(parent=tree.plan_index, title="協働推進計画", slug="kyodo-a")
    second = PlanPageFactory(parent=tree.plan_index, title="協働推進計画", slug="kyodo-b")

    with pytest.raises(CommandError, match="2件あります") as error:
        call_command("export_plan", plan="協働推進計画", format="csv", output=str(tmp_path / "x.csv"))
    assert f"ID {first.pk}" in str(error.value)
    assert f"ID {second.pk}" in str(error.value)


# Public downloads -------------------------------------------------------------------


def test_the_plan_page_links_both_downloads_with_format_and_size(client, sample_plan):
    html = client.get(sample_plan.plan.url).content.decode()

    assert "計画表をダウンロード" in html
    assert "（Excel形式、施策3件・事業4件）" in html
    assert "（CSV形式・UTF-8、施策3件・事業4件）" in html
    assert f'href="{sample_plan.plan.url}table/xlsx/"' in html
    assert f'href="{sample_plan.plan.url}table/csv/"' in html


@pytest.mark.parametrize(
    ("route", "content_type"),
    [
        ("table/xlsx/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("table/csv/", "text/csv; charset=utf-8"),
    ],
)
def test_the_plan_download_has_a_japanese_file_name(client, sample_plan, route, content_type):
    response = client.get(sample_plan.plan.url + route)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    extension = route.split("/")[1]
    expected = quote(f"第3次市民参加推進計画_計画表.{extension}", safe="")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"plan-{sample_plan.plan.pk}.{extension}\"; filename*=UTF-8''{expected}"
    )


def test_the_public_download_leaves_out_hidden_content(client, hidden_content):
    response = client.get(hidden_content.plan.url + "table/csv/")

    rows = as_dicts(csv_rows(response.content))
    titles = {row["事業名"] for row in rows} | {row["施策"] for row in rows}
    assert not titles & HIDDEN_TITLES
    assert len(rows) == 5


def test_a_private_or_unpublished_plan_has_no_public_download(client, sample_plan, action_plan):
    PageViewRestriction.objects.create(page=action_plan, restriction_type=PageViewRestriction.LOGIN)
    private = client.get(action_plan.url + "table/csv/")
    assert private.status_code == 302  # to the login page
    assert "Content-Disposition" not in private

    plan_url, report_url = sample_plan.plan.url, sample_plan.report.url
    sample_plan.plan.unpublish()
    assert client.get(plan_url + "table/csv/").status_code == 404
    assert client.get(report_url + "progress/csv/").status_code == 404


def test_a_logged_in_visitor_of_a_private_plan_still_gets_no_download(client, action_plan, django_user_model):
    PageViewRestriction.objects.create(page=action_plan, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(django_user_model.objects.create_user("reader", password="x"))

    assert client.get(action_plan.url).status_code == 200
    assert client.get(action_plan.url + "table/csv/").status_code == 404
    assert "計画表をダウンロード" not in client.get(action_plan.url).content.decode()


def test_the_report_page_links_its_downloads(client, sample_plan):
    html = client.get(sample_plan.report.url).content.decode()

    assert "集計データのダウンロード" in html
    for route in ("progress/xlsx/", "progress/csv/", "progress/counts/csv/"):
        assert f'href="{sample_plan.report.url}{route}"' in html
    assert "（CSV形式・UTF-8、事業4件）" in html


def test_the_report_download_numbers_equal_the_report_page(client, sample_plan):
    progress = plan_progress(sample_plan.plan, 2024)

    response = client.get(sample_plan.report.url + "progress/counts/csv/")
    assert response.status_code == 200
    assert (
        "%E6%96%BD%E7%AD%96%E3%81%94%E3%81%A8%E3%81%AE%E9%9B%86%E8%A8%88.csv"
        in response["Content-Disposition"]
    )
    header, *rows = csv_rows(response.content)
    assert header[2:] == [
        "完了",
        "順調",
        "概ね順調",
        "実施中",
        "検討中",
        "未着手",
        "遅れ",
        "中止",
        "評価なし",
        "報告なし",
        "計",
    ]
    expected = [
        [m.measure.number, m.measure.title, *(str(c.count) for c in m.counts), str(len(m.items))]
        for m in progress.measures
    ]
    expected.append(["", "計画全体", *(str(c.count) for c in progress.counts), str(progress.total)])
    assert rows == expected
    assert rows[-1][-1] == "4"

    items = as_dicts(csv_rows(client.get(sample_plan.report.url + "progress/csv/").content))
    assert [(row["番号"], row["進捗状況"], row["前年度の進捗状況"]) for row in items] == [
        (
            entry.item.number,
            format_choice(ProgressStatus, entry.status or ""),
            format_choice(ProgressStatus, entry.previous_status or ""),
        )
        for entry in progress.items
    ]
    assert [row["進捗状況"] for row in items] == ["順調", "遅れ", "", "完了"]

    workbook = client.get(sample_plan.report.url + "progress/xlsx/").content
    assert xlsx_rows(workbook, "施策ごとの集計")[1:] == _typed(expected)
    assert len(xlsx_rows(workbook, "事業ごとの進捗状況")) == progress.total + 1


def _typed(rows: list[list[str]]) -> list[list]:
    """The counts as the workbook stores them: numbers, not text."""
    return [[int(value) if index >= 2 else value for index, value in enumerate(row)] for row in rows]


def test_the_report_download_counts_only_published_items(client, hidden_content):
    rows = csv_rows(client.get(hidden_content.report.url + "progress/counts/csv/").content)

    assert rows[-1][1] == "計画全体"
    assert rows[-1][-1] == "4"
    assert all(row[1] not in ("庁内限りの施策", "準備中の施策") for row in rows)


# The admin export -------------------------------------------------------------------


@pytest.fixture
def editor(django_user_model, sample_plan):
    group = Group.objects.create(name="計画の編集者")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=sample_plan.plan, permission=Permission.objects.get(codename="change_page")
    )
    user = django_user_model.objects.create_user("editor", password="x")
    user.groups.add(group)
    return user


def test_the_admin_export_screen_explains_drafts_and_downloads_them(client, editor, hidden_content):
    client.force_login(editor)
    url = reverse("kyodo_plan_export", args=[hidden_content.plan.pk])

    screen = client.get(url)
    assert screen.status_code == 200
    assert "このファイルをそのまま公開しないでください" in screen.content.decode()

    response = client.get(url, {"file_format": "csv", "headers": "ja", "include_unpublished": "on"})
    assert response.status_code == 200
    titles = {row["事業名"] for row in as_dicts(csv_rows(response.content))}
    assert titles >= HIDDEN_TITLES
    assert quote("下書きを含む", safe="") in response["Content-Disposition"]

    response = client.get(url, {"file_format": "xlsx", "headers": "en", "status_year": "令和5年度"})
    rows = by_item(as_dicts(xlsx_rows(response.content)))
    assert not set(rows) & HIDDEN_TITLES
    assert rows["パブリックコメント手続の周知"]["status"] == "in_progress"


def test_the_admin_export_refuses_a_bad_year_and_users_who_cannot_edit(
    client, editor, sample_plan, django_user_model
):
    client.force_login(editor)
    url = reverse("kyodo_plan_export", args=[sample_plan.plan.pk])
    response = client.get(url, {"file_format": "csv", "headers": "ja", "status_year": "来年度"})
    assert response.status_code == 200
    assert "「来年度」は年度として読めません。" in response.content.decode()

    other = django_user_model.objects.create_user("viewer", password="x")
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    refused = client.get(url, {"file_format": "csv", "headers": "ja"})
    assert refused.status_code in (302, 403)  # Wagtail sends the user back to the dashboard
    assert "Content-Disposition" not in refused


def test_the_plan_admin_page_has_an_export_button(client, editor, sample_plan):
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_explore", args=[sample_plan.plan.pk])).content.decode()

    assert reverse("kyodo_plan_export", args=[sample_plan.plan.pk]) in html
    assert "計画表の書き出し" in html
