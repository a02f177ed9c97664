"""Every page type as a citizen receives it: status, title, language, breadcrumbs, content,
and a number of queries that does not grow with the number of items."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from plans.models import ActionItemPage, GlossaryTerm, PlanDocument
from plans.vocabularies import GuidelineKind, PlanKind, ProgressStatus

from ..factories import (
    DocumentFactory,
    GuidelinePageFactory,
    ImageFactory,
    MeasurePageFactory,
    PlanPageFactory,
    ProgressReportPageFactory,
    StandardPageFactory,
    add_many_items,
)


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def get_page(client, page) -> tuple:
    response = client.get(page.url)
    assert response.status_code == 200, f"{page.url}: {response.status_code}"
    return response, soup_of(response)


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


@pytest.fixture
def guideline(tree, departments):
    """協働の指針 with every kind of block an editor can put in a long document."""
    return GuidelinePageFactory(
        parent=tree.guideline_index,
        title="みなと市協働の指針",
        slug="kyodo-guideline",
        kind=GuidelineKind.GUIDELINE,
        revised_on=datetime.date(2024, 4, 1),
        body=[
            ("heading", {"text": "第1章 協働の基本的な考え方", "level": "h2"}),
            ("paragraph", "<p>協働とは、市民と市が対等な立場で協力することです。</p>"),
            ("glossary", {"term": GlossaryTerm.objects.get(term="協働")}),
            ("heading", {"text": "1 協働の原則", "level": "h3"}),
            (
                "commitments",
                {
                    "heading": "協働の原則",
                    "items": [
                        {"title": "目的の共有", "text": "何のために協働するのかを確かめ合います。"},
                        {"title": "対等の関係", "text": "互いの立場を尊重します。"},
                        {"title": "情報の公開", "text": "協働の過程と結果を公開します。"},
                    ],
                },
            ),
            ("heading", {"text": "第2章 協働の進め方", "level": "h2"}),
            (
                "steps",
                {
                    "heading": "協働のプロセス",
                    "steps": [
                        {"label": "共有", "description": "地域の課題と情報を共有します。"},
                        {"label": "共感", "description": "課題の大切さを互いに理解します。"},
                        {"label": "協働", "description": "役割を分担して取り組みます。"},
                        {"label": "共創", "description": "新しい価値を一緒に生み出します。"},
                    ],
                },
            ),
            (
                "checklist",
                {
                    "heading": "協働を始める前に",
                    "items": ["目的を共有しましたか", "役割分担を確認しましたか"],
                },
            ),
            (
                "faq",
                {
                    "heading": "よくある質問",
                    "questions": [
                        {
                            "question": "個人でも参加できますか。",
                            "answer": "<p>はい。個人の方も参加できます。</p>",
                        }
                    ],
                },
            ),
            (
                "table",
                {
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "協働事業の実施件数",
                    "data": [["年度", "件数"], ["令和5年度", "12"], ["令和6年度", "15"]],
                },
            ),
            (
                "image",
                {
                    "image": ImageFactory(),
                    "alt_text": "協働フォーラムで話し合う市民と職員",
                    "caption": "協働フォーラム",
                },
            ),
            ("document", {"document": DocumentFactory(), "title": "協働の指針（全文）", "description": ""}),
            (
                "links",
                {
                    "heading": "関連リンク",
                    "links": [{"text": "計画一覧", "page": tree.plan_index, "url": ""}],
                },
            ),
            ("contact", {"department": departments.kyodo, "note": ""}),
        ],
    )


@pytest.fixture
def pages(tree, sample_plan, guideline) -> dict:
    item = ActionItemPage.objects.get(pk=sample_plan.public_members.pk)
    item.is_pickup = True
    item.pickup_text = "令和6年度は公募委員の割合が15％に達しました。"
    item.save_revision().publish()
    PlanDocument.objects.create(page=sample_plan.plan, document=DocumentFactory(), title="計画書（本編）")
    return {
        "home": tree.home,
        "plan_index": tree.plan_index,
        "plan": sample_plan.plan,
        "measure": sample_plan.participation,
        "item": ActionItemPage.objects.get(pk=item.pk),
        "report": sample_plan.report,
        "guideline_index": tree.guideline_index,
        "guideline": guideline,
        "glossary": tree.glossary,
        "standard": StandardPageFactory(parent=tree.home, slug="accessibility"),
    }


PAGE_KEYS = [
    "home",
    "plan_index",
    "plan",
    "measure",
    "item",
    "report",
    "guideline_index",
    "guideline",
    "glossary",
    "standard",
]


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_page_type_renders_in_japanese_with_its_title_in_the_one_h1(client, pages, key):
    page = pages[key]
    response, soup = get_page(client, page)

    assert soup.html["lang"] == "ja"
    headings = soup.find_all("h1")
    assert len(headings) == 1
    assert page.title in text(headings[0])
    assert page.title in text(soup.title)
    assert soup.find("main") is not None


@pytest.mark.parametrize("key", [key for key in PAGE_KEYS if key != "home"])
def test_every_page_below_the_home_page_has_breadcrumbs(client, pages, key, tree):
    page = pages[key]
    response, soup = get_page(client, page)

    nav = soup.find("nav", class_="breadcrumbs")
    assert nav is not None
    links = [a["href"] for a in nav.find_all("a")]
    assert links[0] == tree.home.url
    ancestors = [ancestor.url for ancestor in page.get_ancestors().filter(depth__gt=2)]
    assert links[1:] == ancestors
    assert text(nav.find(attrs={"aria-current": "page"})) == page.title


def test_the_measure_page_shows_flags_and_actor_marks(client, sample_plan):
    response, soup = get_page(client, sample_plan.participation)
    html = text(soup.find("main"))

    assert "新規" in html  # 公募委員
    assert "充実" in html  # 女性委員
    assert "●" in html and "◎" in html
    assert "市民局 市民協働推進課" in html

    response, soup = get_page(client, sample_plan.proposals)
    main = soup.find("main")
    assert "再掲" in text(main)
    assert "★" in text(main)
    # the re-listed item links to its own page
    assert sample_plan.public_members.url in [a["href"] for a in main.find_all("a")]


def test_the_measure_page_lists_its_items_in_order(client, sample_plan):
    response, soup = get_page(client, sample_plan.participation)
    html = text(soup.find("main"))

    assert html.index("審議会等への公募委員の登用") < html.index("女性委員の登用促進")
    assert response.context["rows"][0].heading == "■ 公募委員制度の運用"


def test_the_report_page_shows_the_status_counts(client, sample_plan):
    response, soup = get_page(client, sample_plan.report)

    progress = response.context["progress"]
    assert (progress.total, progress.reported) == (4, 3)
    table = soup.find("table", class_="counts-table")
    rows = {text(row.th): text(row.find("td")) for row in table.tbody.find_all("tr")}
    assert rows["順調"] == "1"
    assert rows["遅れ"] == "1"
    assert rows["完了"] == "1"
    assert rows["報告なし"] == "1"
    assert rows["概ね順調"] == "0"
    main = text(soup.find("main"))
    assert "令和6年度（2024年度）" in main
    assert "パブリックコメント手続の周知" in main  # listed as not reported


def test_the_report_page_lists_items_whose_status_changed(client, sample_plan):
    response, soup = get_page(client, sample_plan.report)
    section = soup.find(id="changed-heading").find_parent("section")
    assert "審議会等への公募委員の登用" in text(section)
    assert "女性委員の登用促進" not in text(section)


@pytest.fixture
def split_report(monkeypatch):
    """The sample plan's report as a large plan's report looks: measures on pages of their own."""
    from plans.models import ProgressReportPage

    monkeypatch.setattr(ProgressReportPage, "ITEMS_ON_ONE_PAGE", 3)
    monkeypatch.setattr(ProgressReportPage, "LIST_LIMIT", 0)


def test_a_large_report_lists_each_measures_items_on_a_page_of_its_own(client, sample_plan, split_report):
    report = sample_plan.report
    response, soup = get_page(client, report)
    items_section = soup.find(id="items-heading").find_parent("section")
    assert items_section.find("table") is None  # no per-item tables on the report itself
    assert "4の事業があるため" in text(items_section)
    measure_url = f"{report.url}measures/{sample_plan.participation.pk}/"
    links = [a["href"] for a in items_section.find_all("a")]
    assert measure_url in links
    counts_links = [a["href"] for a in soup.find("table", class_="measure-counts-table").find_all("a")]
    assert measure_url in counts_links
    # The short lists say how many more there are.
    changed = soup.find(id="changed-heading").find_parent("section")
    assert "ほかに1事業あります。" in text(changed)
    missing = soup.find(id="missing-heading").find_parent("section")
    assert "ほかに1事業あります。" in text(missing)
    assert "パブリックコメント手続の周知" not in text(missing)

    response = client.get(measure_url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert text(page.find("h1")) == "施策1 審議会等への市民公募委員の参加促進"
    rows = [text(row) for row in page.find("table", class_="progress-table").tbody.find_all("tr")]
    assert len(rows) == 2
    assert "審議会等への公募委員の登用" in rows[0] and "順調" in rows[0] and "前年度：概ね順調" in rows[0]
    assert "女性委員の登用促進" in rows[1] and "遅れ" in rows[1]
    assert page.find("a", rel="next")["href"] == f"{report.url}measures/{sample_plan.comments.pk}/"
    assert page.find("a", rel="prev") is None
    assert "審議会等への市民公募委員の参加促進（令和6年度" in page.title.get_text()


def test_a_measure_page_of_a_report_answers_404_for_other_measures(
    client, sample_plan, action_plan, split_report
):
    from plans.models import MeasurePage

    other = MeasurePage.objects.filter(plan=action_plan).first()
    for measure_id in (other.pk, 999999):
        assert client.get(f"{sample_plan.report.url}measures/{measure_id}/").status_code == 404


def test_a_small_report_keeps_every_item_on_the_report_page(client, sample_plan):
    response, soup = get_page(client, sample_plan.report)
    items_section = soup.find(id="items-heading").find_parent("section")
    assert len(items_section.find_all("table", class_="progress-table")) == 3
    assert client.get(f"{sample_plan.report.url}measures/{sample_plan.participation.pk}/").status_code == 200


def test_the_plan_page_shows_its_period_measures_and_documents(client, sample_plan, pages):
    response, soup = get_page(client, sample_plan.plan)
    main = text(soup.find("main"))

    assert "令和3年度（2021年度）" in main and "令和7年度（2025年度）" in main
    for measure in (sample_plan.participation, sample_plan.comments, sample_plan.proposals):
        assert measure.title in main
    assert "計画書（本編）" in main
    assert sample_plan.report.url in [a["href"] for a in soup.find("main").find_all("a")]


def test_the_item_page_shows_departments_schedule_and_progress(client, pages):
    response, soup = get_page(client, pages["item"])
    main = text(soup.find("main"))

    assert "市民協働推進課" in main and "広報課" in main
    assert "045-671-2222" in main
    assert "令和3年度" in main and "検討" in main
    assert "順調" in main and "概ね順調" in main
    assert "令和6年度は公募委員の割合が15％に達しました。" in main
    assert "ピックアップ" in main


def test_the_guideline_page_links_its_table_of_contents_to_its_headings(client, guideline):
    response, soup = get_page(client, guideline)

    toc = soup.find("nav", class_="page-toc")
    targets = [a["href"].lstrip("#") for a in toc.find_all("a")]
    assert len(targets) == 3
    for target in targets:
        assert soup.find(id=target) is not None, target
    main = text(soup.find("main"))
    for word in (
        "①",
        "目的の共有",
        "共有",
        "共創",
        "個人でも参加できますか。",
        "協働事業の実施件数",
        "協働の指針（全文）",
    ):
        assert word in main
    assert soup.find("img", alt="協働フォーラムで話し合う市民と職員") is not None


def test_the_glossary_page_lists_the_terms(client, tree, departments):
    response, soup = get_page(client, tree.glossary)
    main = text(soup.find("main"))
    for term in ("協働", "パブリックコメント", "市民活動団体"):
        assert term in main


def test_the_plan_index_lists_plans_by_status(client, tree, sample_plan, previous_plan, action_plan):
    response, soup = get_page(client, tree.plan_index)
    main = text(soup.find("main"))
    assert main.index("協働推進アクションプラン") < main.index("みなと市市民参加推進計画（第3次）")
    assert main.index("みなと市市民参加推進計画（第3次）") < main.index("みなと市市民参加推進計画（第2次）")


def test_the_home_page_links_the_sections_and_the_latest_report(client, tree, sample_plan):
    response, soup = get_page(client, tree.home)
    links = [a["href"] for a in soup.find("main").find_all("a")]
    for page in (tree.plan_index, tree.guideline_index, tree.glossary, sample_plan.report):
        assert page.url in links


def test_a_missing_page_answers_404_in_japanese(client, tree):
    response = client.get("/plans/no-such-plan/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


# Query counts --------------------------------------------------------------------------


@pytest.fixture
def small_and_large(tree, departments):
    """Two plans, each with one measure and a FY2024 report: 5 items and 100 items."""
    plans = {}
    for size in (5, 100):
        plan = PlanPageFactory(
            parent=tree.plan_index,
            title=f"協働推進プラン（{size}事業）",
            slug=f"plan-{size}",
            kind=PlanKind.ACTION,
        )
        measure = MeasurePageFactory(parent=plan, title="地域の協働事業の推進", number="1", slug="measure")
        add_many_items(
            measure,
            size,
            departments=[departments.kyodo, departments.koho],
            progress={2023: ProgressStatus.IN_PROGRESS, 2024: ProgressStatus.ON_TRACK},
        )
        report = ProgressReportPageFactory(
            parent=plan, title=f"令和6年度 進捗報告（{size}事業）", fiscal_year=2024
        )
        plans[size] = {"plan": plan, "measure": measure, "report": report}
    return plans


def queries_for(client, page) -> int:
    client.get(page.url)  # warm the caches (site root paths …)
    with CaptureQueriesContext(connection) as context:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_items(client, small_and_large):
    """One data set for the three pages that list items (building 105 items takes a while)."""
    counts = {
        key: (queries_for(client, small_and_large[5][key]), queries_for(client, small_and_large[100][key]))
        for key in ("measure", "report", "plan")
    }
    assert {key: small for key, (small, large) in counts.items()} == {
        key: large for key, (small, large) in counts.items()
    }, counts

    response, soup = get_page(client, small_and_large[100]["measure"])
    rows = soup.find("main").find("table").tbody.find_all("tr")
    assert len(rows) == 100
    assert "地域の協働事業 その100" in text(rows[-1])


def test_a_split_report_and_its_measure_pages_run_a_fixed_number_of_queries(
    client, small_and_large, monkeypatch
):
    from plans.models import ProgressReportPage

    monkeypatch.setattr(ProgressReportPage, "ITEMS_ON_ONE_PAGE", 2)

    def measure_page_queries(size) -> int:
        entry = small_and_large[size]
        url = f"{entry['report'].url}measures/{entry['measure'].pk}/"
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        assert (
            len(BeautifulSoup(response.content.decode(), "html.parser").find("tbody").find_all("tr")) == size
        )
        return len(context.captured_queries)

    assert queries_for(client, small_and_large[5]["report"]) == queries_for(
        client, small_and_large[100]["report"]
    )
    assert measure_page_queries(5) == measure_page_queries(100)


@pytest.mark.parametrize("name", ["plan", "participation", "public_members", "report"])
def test_a_draft_previews_with_its_rows_in_memory(sample_plan, name):
    """The editor's preview renders a page built from the form, whose rows (departments,
    schedule, progress, re-listings) are in memory and not in the database."""
    page = getattr(sample_plan, name)
    page.save_revision()
    draft = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.title = f"{draft.title}（修正案）"
    response = draft.make_preview_request()
    assert response.status_code == 200
    assert "（修正案）" in response.content.decode()
    if name == "public_members":
        assert sample_plan.proposals.title in response.content.decode()  # re-listed under 施策3
