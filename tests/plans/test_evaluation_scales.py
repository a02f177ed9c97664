"""A plan's own evaluation scale, end to end: staff define the levels in the plan editor,
import a sheet graded with them, and the plan's labels are what the site, both APIs, the
export and the staff screens show, while the roll-up counts canonical statuses. A narrative
without a status (評価なし) is stored, shown and counted on its own."""

from __future__ import annotations

import io

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from plans.models import ActionItemPage, EvaluationLevel, PlanPage, ProgressRow
from plans.rollup import plan_progress
from plans.services.imports import import_plan_file
from plans.services.rounds import freeze_figures
from plans.tables.exporter import write_xlsx
from plans.vocabularies import NO_REPORT, NOT_ASSESSED, PlanKind, ProgressStatus

from ..factories import add_levels, grade_row
from .tables.sheets import xlsx

YEAR = 2024

# 令和6年度 graded by the committee on the plan's A–D scale (Ｃ typed full-width).
GRADED_SHEET = [
    ["施策", "事業名", "評価", "実績"],
    [
        "審議会等への市民公募委員の参加促進",
        "審議会等への公募委員の登用",
        "A",
        "公募委員の割合は25％になりました。",
    ],
    [
        "審議会等への市民公募委員の参加促進",
        "女性委員の登用促進",
        "Ｃ",
        "女性委員の割合は31％にとどまりました。",
    ],
    [
        "市民意見募集（パブリックコメント）の充実",
        "パブリックコメント手続の周知",
        "B",
        "広報紙で手続を紹介しました。",
    ],
    ["協働事業提案制度の推進", "協働事業提案制度の実施", "D", "応募がなく、募集方法を見直します。"],
]


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def table_rows(table) -> dict[str, list[str]]:
    """Each body row of a table: its header cell's text → the texts of its other cells."""
    return {text(row.th): [text(cell) for cell in row.find_all("td")] for row in table.select("tbody tr")}


def form_errors(response) -> dict:
    form = response.context["form"]
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    for name, formset in form.formsets.items():
        for index, child in enumerate(formset.forms):
            for field, messages in child.errors.items():
                errors[f"{name}-{index}-{field}"] = [str(m) for m in messages]
    return errors


@pytest.fixture
def graded(sample_plan) -> PlanPage:
    """The sample plan with the A–D scale, and the 令和6年度 sheet imported and published."""
    add_levels(sample_plan.plan)
    plan = PlanPage.objects.get(pk=sample_plan.plan.pk)
    report = import_plan_file(
        xlsx(GRADED_SHEET), "令和6年度評価.xlsx", plan=plan, status_year=YEAR, publish=True
    )
    assert not report.has_errors, report.messages
    return plan


# Defining a scale ----------------------------------------------------------------------


def plan_form_data(levels: list[dict], **fields) -> dict:
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
            "evaluation_levels": inline_formset(levels),
            "indicator_rule": "achievement",
            "indicator_grade_bands": inline_formset([]),
            "comments": inline_formset([]),
            **fields,
        }
    )


def test_staff_define_the_levels_of_a_plan_in_the_plan_editor(admin_client, tree):
    levels = [
        {"label": "順調", "status": ProgressStatus.ON_TRACK, "description": "計画どおり進んでいる"},
        {"label": "概ね順調", "status": ProgressStatus.MOSTLY_ON_TRACK, "description": ""},
        {"label": "やや遅れ", "status": ProgressStatus.DELAYED, "description": "一部に遅れがある"},
        {"label": "遅れ", "status": ProgressStatus.DELAYED, "description": "大幅に遅れている"},
    ]
    url = reverse("wagtailadmin_pages:add", args=("plans", "planpage", tree.plan_index.pk))

    response = admin_client.post(url, plan_form_data(levels))

    assert response.status_code == 302, form_errors(response)
    plan = PlanPage.objects.get(slug="action-plan-2")
    assert [(level.label, level.status, level.description) for level in plan.evaluation_levels.all()] == [
        ("順調", "on_track", "計画どおり進んでいる"),
        ("概ね順調", "mostly_on_track", ""),
        ("やや遅れ", "delayed", "一部に遅れがある"),
        ("遅れ", "delayed", "大幅に遅れている"),
    ]
    assert {level.locale_id for level in plan.evaluation_levels.all()} == {plan.locale_id}
    # The editor shows them again, in order, each with the status it counts as.
    page = soup(admin_client.get(reverse("wagtailadmin_pages:edit", args=[plan.pk])))
    assert "評価の段階" in text(page)
    labels = [page.select_one(f'input[name="evaluation_levels-{n}-label"]')["value"] for n in range(4)]
    assert labels == ["順調", "概ね順調", "やや遅れ", "遅れ"]
    chosen = page.select_one('select[name="evaluation_levels-3-status"] option[selected]')
    assert text(chosen) == "遅れ"


def test_the_plan_editor_refuses_the_same_label_twice_and_the_word_for_no_status(admin_client, tree):
    levels = [
        {"label": "A", "status": ProgressStatus.ON_TRACK},
        {"label": "Ａ", "status": ProgressStatus.DELAYED},  # the same label, typed full-width
        {"label": "評価なし", "status": ProgressStatus.NOT_STARTED},
    ]
    url = reverse("wagtailadmin_pages:add", args=("plans", "planpage", tree.plan_index.pk))

    response = admin_client.post(url, plan_form_data(levels))

    assert response.status_code == 200
    errors = form_errors(response)
    assert errors["evaluation_levels-1-label"] == [
        "表示名「Ａ」が2つの段階で使われています。段階ごとに違う表示名にしてください。"
    ]
    assert errors["evaluation_levels-2-label"] == [
        "「評価なし」は状況のない報告を表す言葉のため、段階の表示名にはできません。"
    ]
    assert not PlanPage.objects.filter(slug="action-plan-2").exists()


# A graded sheet, seen everywhere ----------------------------------------------------------


def test_the_import_stores_each_level_with_the_status_it_counts_as(graded, sample_plan):
    levels = {level.label: level for level in EvaluationLevel.objects.filter(page=graded)}
    rows = {
        row.item_id: (row.status, row.grade, row.narrative)
        for row in ProgressRow.objects.filter(item__plan=graded, fiscal_year=YEAR)
    }
    assert rows == {
        sample_plan.public_members.pk: (
            "on_track",
            str(levels["A"].translation_key),
            "公募委員の割合は25％になりました。",
        ),
        sample_plan.women_members.pk: (
            "delayed",
            str(levels["C"].translation_key),
            "女性委員の割合は31％にとどまりました。",
        ),
        sample_plan.public_comment.pk: (
            "mostly_on_track",
            str(levels["B"].translation_key),
            "広報紙で手続を紹介しました。",
        ),
        sample_plan.proposal_system.pk: (
            "delayed",
            str(levels["D"].translation_key),
            "応募がなく、募集方法を見直します。",
        ),
    }
    # Importing the same sheet again changes nothing.
    again = import_plan_file(
        xlsx(GRADED_SHEET), "令和6年度評価.xlsx", plan=graded, status_year=YEAR, dry_run=True
    )
    assert not again.messages and not again.has_changes


def test_the_item_page_shows_the_plan_label_and_its_meaning(client, graded, sample_plan):
    page = soup(client.get(ActionItemPage.objects.get(pk=sample_plan.women_members.pk).url))

    rows = table_rows(page.select_one("table.progress-table"))
    assert rows["令和6年度（2024年度）"][0] == "C やや遅れている"
    badge = page.select_one("table.progress-table tbody tr td.col-status span.status")
    assert badge["class"] == ["status", "status--delayed"]  # the colour of the status it counts as


def test_the_plan_page_explains_its_levels(client, graded):
    page = soup(client.get(graded.url))

    section = page.find(id="levels-heading").find_parent("section")
    assert table_rows(section.table) == {
        "A": ["計画どおり進んでいる", "順調"],
        "B": ["概ね計画どおり進んでいる", "概ね順調"],
        "C": ["やや遅れている", "遅れ"],
        "D": ["大幅に遅れている", "遅れ"],
    }


def test_the_report_counts_canonical_statuses_named_with_the_plan_labels(client, graded, sample_plan):
    progress = plan_progress(graded, YEAR)
    assert {entry.code: (entry.label, entry.count) for entry in progress.counts} == {
        ProgressStatus.ON_TRACK: ("A", 1),
        ProgressStatus.MOSTLY_ON_TRACK: ("B", 1),
        ProgressStatus.DELAYED: ("C・D", 2),
        NOT_ASSESSED: ("評価なし", 0),
        NO_REPORT: ("報告なし", 0),
    }

    page = soup(client.get(sample_plan.report.url))
    counts = table_rows(page.select_one("table.counts-table"))
    assert {label: cells[0] for label, cells in counts.items()} == {
        "A": "1",
        "B": "1",
        "C・D": "2",
        "評価なし": "0",
        "報告なし": "0",
    }
    summary = text(page.select_one(".measure-progress__summary"))
    assert summary == "A 1件、C・D 1件"  # 施策1: 公募委員 A, 女性委員 C
    items = page.select("table.progress-table tbody tr")
    assert [text(row.select_one("td.col-status")) for row in items] == [
        "A 前年度：B",
        "C",  # 前年度も遅れ（C）
        "B 前年度：実施中",  # a status no level counts as keeps its own word
        "D 前年度：完了",
    ]
    changed = table_rows(page.find(id="changed-heading").find_parent("section").table)
    assert [cells[1:] for cells in changed.values()] == [["B", "A"], ["実施中", "B"], ["完了", "D"]]


def test_both_apis_give_the_plan_label_beside_the_canonical_status(client, graded, sample_plan):
    item = client.get(f"/api/v2/pages/{sample_plan.women_members.pk}/").json()
    row = next(row for row in item["progress_rows"] if row["fiscal_year"]["year"] == YEAR)
    assert row["status"]["code"] == "delayed"
    assert row["grade"] == {"label": "C", "label_ja": "C", "description": "やや遅れている"}

    figures = client.get(f"/api/v2/pages/{sample_plan.report.pk}/").json()["progress_figures"]
    assert [(count["code"], count["label"], count["count"]) for count in figures["counts"]] == [
        ("on_track", "A", 1),
        ("mostly_on_track", "B", 1),
        ("delayed", "C・D", 2),
        ("not_assessed", "評価なし", 0),
        ("none", "報告なし", 0),
    ]
    plan = client.get(f"/api/v2/pages/{graded.pk}/").json()
    assert plan["evaluation_scale"]["own"] is True
    assert [(level["label"], level["status"]["code"]) for level in plan["evaluation_scale"]["levels"]] == [
        ("A", "on_track"),
        ("B", "mostly_on_track"),
        ("C", "delayed"),
        ("D", "delayed"),
    ]

    detail = client.get(f"/api/open/items/{sample_plan.women_members.pk}", HTTP_HOST="localhost").json()
    entry = next(entry for entry in detail["progress"] if entry["fiscal_year"] == YEAR)
    assert (entry["status"]["code"], entry["grade"]) == (
        "delayed",
        {"label": "C", "description": "やや遅れている"},
    )
    summary = client.get(f"/api/open/progress-summaries/{graded.pk}/{YEAR}", HTTP_HOST="localhost").json()
    assert {count["code"]: (count["label"], count["count"]) for count in summary["counts"]}["delayed"] == (
        "C・D",
        2,
    )


def test_the_export_writes_the_plan_labels(graded):
    buffer = io.BytesIO()
    write_xlsx(graded, buffer, status_year=YEAR)
    header, *rows = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).active.values
    item, status = header.index("事業名"), header.index("進捗状況")
    own_rows = [row for row in rows if row[header.index("再掲")] is None]
    assert [(row[item], row[status]) for row in own_rows] == [
        ("審議会等への公募委員の登用", "A"),
        ("女性委員の登用促進", "C"),
        ("パブリックコメント手続の周知", "B"),
        ("協働事業提案制度の実施", "D"),
    ]
    report = import_plan_file(buffer.getvalue(), "plan.xlsx", plan=graded, dry_run=True)
    assert not report.messages and not report.has_changes


# 評価なし ------------------------------------------------------------------------------


def test_a_row_without_a_status_is_counted_apart_from_items_without_a_row(client, sample_plan):
    grade_row(sample_plan.women_members, YEAR, None, "委員改選に向けて候補者名簿を整えました。")

    progress = plan_progress(sample_plan.plan, YEAR)
    counts = {entry.code: entry.count for entry in progress.counts if entry.count}
    assert counts == {
        ProgressStatus.ON_TRACK: 1,
        NOT_ASSESSED: 1,  # 女性委員: a narrative, no status
        ProgressStatus.COMPLETED: 1,
        NO_REPORT: 1,  # パブリックコメント: no row for the year
    }
    assert (progress.total, progress.reported) == (4, 3)

    page = soup(client.get(sample_plan.report.url))
    counts_table = table_rows(page.select_one("table.counts-table"))
    assert (counts_table["評価なし"][0], counts_table["報告なし"][0]) == ("1", "1")
    missing = page.find(id="missing-heading").find_parent("section")
    assert "パブリックコメント手続の周知" in text(missing) and "女性委員の登用促進" not in text(missing)


def test_frozen_figures_keep_the_levels_and_the_rows_without_a_status(graded, sample_plan):
    grade_row(sample_plan.public_comment, YEAR, None, "広報紙で手続を紹介しました。")
    freeze_figures(graded, YEAR, user=None)
    # Edited after the figures were frozen: the published figures stay.
    levels = {level.label: level for level in EvaluationLevel.objects.filter(page=graded)}
    grade_row(sample_plan.women_members, YEAR, levels["A"], "訂正前の報告")
    grade_row(sample_plan.public_comment, YEAR, levels["A"], "訂正前の報告")

    progress = plan_progress(graded, YEAR)
    by_item = {entry.item.pk: (entry.code, entry.status_label) for entry in progress.items}
    assert by_item[sample_plan.women_members.pk] == ("delayed", "C")
    assert by_item[sample_plan.public_comment.pk] == (NOT_ASSESSED, "評価なし")
    assert {entry.code: entry.count for entry in progress.counts}[NOT_ASSESSED] == 1


# The staff screens ----------------------------------------------------------------------


def staff_member(django_user_model, department, *, page_root=None):
    """A member of ``department`` who may use the admin (and edit pages under ``page_root``)."""
    from wagtail.models import GroupPagePermission

    user = django_user_model.objects.create_user(username="kyodo-tanto", password="password")
    group = Group.objects.create(name="担当課職員（テスト）")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    if page_root is not None:
        for permission in ("add", "change", "publish"):
            GroupPagePermission.objects.create(group=group, page=page_root, permission_type=permission)
    user.groups.add(group)
    department.members.add(user)
    return user


def options(page, name: str) -> list[tuple[str, str]]:
    return [(option.get("value"), text(option)) for option in page.select(f'select[name="{name}"] option')]


def test_the_department_form_offers_the_plan_levels_and_no_status(
    client, graded, sample_plan, departments, django_user_model
):
    client.force_login(staff_member(django_user_model, departments.kyodo))
    levels = {
        level.label: str(level.translation_key) for level in EvaluationLevel.objects.filter(page=graded)
    }
    item = sample_plan.proposal_system
    url = reverse("kyodo_admin:my_item_progress", args=[item.pk])

    form = soup(client.get(url, {"year": YEAR}))
    assert options(form, "status") == [
        ("", "選んでください"),
        (levels["A"], "A"),
        (levels["B"], "B"),
        (levels["C"], "C"),
        (levels["D"], "D"),
        ("not_assessed", "評価なし（取組実績だけを報告）"),
    ]
    assert form.select_one(f'select[name="status"] option[value="{levels["D"]}"]').has_attr("selected")

    data = {
        "fiscal_year": "2025",
        "status": levels["B"],
        "percent": "",
        "narrative": "募集方法を改め、2件の応募がありました。",
    }
    assert client.post(url, data).status_code == 302
    row = next(
        row
        for row in ActionItemPage.objects.get(pk=item.pk).get_latest_revision_as_object().progress.all()
        if row.fiscal_year == 2025
    )
    assert (row.status, row.grade) == ("mostly_on_track", levels["B"])

    response = client.post(url, {**data, "status": "not_assessed", "narrative": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["narrative"] == [
        "「評価なし」で報告するときは、取組実績を入力してください。"
    ]
    assert client.post(url, {**data, "status": "not_assessed"}).status_code == 302
    row = next(
        row
        for row in ActionItemPage.objects.get(pk=item.pk).get_latest_revision_as_object().progress.all()
        if row.fiscal_year == 2025
    )
    assert (row.status, row.grade, row.narrative) == ("", "", "募集方法を改め、2件の応募がありました。")

    listing = soup(client.get(reverse("kyodo_admin:my_items"), {"year": 2025}))
    assert "評価なし" in text(listing.find(string=item.title).find_parent("tr"))


def test_the_item_editor_offers_the_plan_levels_and_derives_the_status(admin_client, graded, sample_plan):
    levels = {
        level.label: str(level.translation_key) for level in EvaluationLevel.objects.filter(page=graded)
    }
    item = ActionItemPage.objects.get(pk=sample_plan.women_members.pk)
    edit = reverse("wagtailadmin_pages:edit", args=[item.pk])

    page = soup(admin_client.get(edit))
    rows = {row.fiscal_year: index for index, row in enumerate(item.progress.all())}
    name = f"progress-{rows[YEAR]}-grade"
    assert [label for _value, label in options(page, name)] == ["評価なし", "A", "B", "C", "D"]
    assert page.select_one(f'select[name="{name}"] option[selected]')["value"] == levels["C"]

    data = editor_form_data(page)
    data.update(nested_form_data({"description": streamfield([])}))  # drawn by script, not in the HTML
    data[name] = levels["B"]
    data["action-publish"] = "action-publish"
    response = admin_client.post(edit, data)
    assert response.status_code == 302, form_errors(response)
    row = ActionItemPage.objects.get(pk=item.pk).progress.get(fiscal_year=YEAR)
    assert (row.status, row.grade) == ("mostly_on_track", levels["B"])

    data[name] = ""  # 評価なし, and the narrative emptied: nothing would be left
    data[f"progress-{rows[YEAR]}-narrative"] = ""
    response = admin_client.post(edit, data)
    assert response.status_code == 200
    assert form_errors(response)[name] == ["状況か取組実績のどちらかを入力してください。"]


def editor_form_data(page) -> dict:
    """The fields of the page editor as a browser would post them."""
    form = page.find("form", id="page-edit-form")
    data: dict = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = [option.get("value", option.text) for option in field.find_all("option", selected=True)]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data
