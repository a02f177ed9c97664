"""The pages endpoint: every page type's structured fields, labels, search and languages."""

from __future__ import annotations

from wagtail.models import Page

import pytest

from home.models import HomePage, StandardPage
from plans.models import ActionItemPage, GuidelinePage, PlanIndexPage, PlanPage

from ...factories import GuidelinePageFactory, StandardPageFactory


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"])
@pytest.mark.parametrize("language", ["", "en", "en-US,en;q=0.9"])
def test_the_endpoints_answer_json_without_a_language_redirect(tree, client, path, language):
    headers = {"Accept-Language": language} if language else {}
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "items" in response.json()
    assert "Accept-Language" in response["Vary"]
    assert response["Content-Language"] == ("en" if language else "ja")


@pytest.mark.parametrize("path", ["/api/v2/pages/999999/", "/api/v2/pages/find/?html_path=/nothing/"])
def test_a_missing_page_answers_404_json_not_a_redirect_to_en(tree, client, path):
    """A 404 under /api/ is not turned into a redirect to /en/api/… by the locale middleware."""
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "message" in response.json()


def test_a_plan_exposes_its_period_status_department_and_documents(
    api, sample_plan, previous_plan, departments
):
    data = api.page(sample_plan.plan.pk)
    assert data["title"] == "みなと市市民参加推進計画（第3次）"
    assert data["kind"] == {"code": "promotion", "label": "推進計画", "label_ja": "推進計画"}
    assert data["status"]["code"] == "in_force"
    assert data["status"]["label"] == "計画期間中"
    assert data["period"]["start"] == {
        "year": 2021,
        "label": "令和3年度（2021年度）",
        "label_ja": "令和3年度（2021年度）",
    }
    assert data["period"]["end"]["year"] == 2025
    assert data["period"]["fiscal_years"] == [2021, 2022, 2023, 2024, 2025]
    department = data["issuing_department"]
    assert department["name"] == "市民協働推進課"
    assert department["reading"] == "しみんきょうどうすいしんか"
    assert department["full_name"] == "市民局 市民協働推進課"
    assert department["parent"]["name"] == "市民局"
    assert department["contact"]["phone"] == "045-671-2222"
    assert department["contact"]["email"] == "kyodo@city.minato.example.jp"
    assert data["replaces"]["id"] == previous_plan.pk
    assert data["replaces"]["title"] == "みなと市市民参加推進計画（第2次）"
    assert data["replaces"]["url"].endswith("/plans/participation-2/")
    assert data["original_documents"] == []
    assert data["meta"]["locale"] == "ja"
    assert data["meta"]["translation_key"] == str(sample_plan.plan.translation_key)


def test_a_plan_lists_its_original_documents_with_url_size_and_type(api, sample_plan):
    from plans.models import PlanDocument

    from ...factories import DocumentFactory

    document = DocumentFactory()
    PlanDocument.objects.create(page=sample_plan.plan, document=document, title="計画書（全文）")
    data = api.page(sample_plan.plan.pk)
    [entry] = data["original_documents"]
    assert entry["title"] == "計画書（全文）"
    assert entry["url"] == document.url
    assert entry["file_extension"] == "pdf"
    assert entry["content_type"] == "application/pdf"
    assert entry["file_size"] == document.file.size > 0


def test_a_measure_exposes_its_number_area_and_plan(api, sample_plan):
    data = api.page(sample_plan.participation.pk)
    assert data["number"] == "1"
    assert data["area"] == "I 市政への市民参加の推進"
    assert data["plan"]["id"] == sample_plan.plan.pk
    assert data["plan"]["title"] == "みなと市市民参加推進計画（第3次）"
    assert data["plan"]["type"] == "plans.PlanPage"


def test_an_item_exposes_departments_actor_flags_relistings_schedule_and_progress(api, sample_plan):
    data = api.page(sample_plan.public_members.pk)
    assert data["number"] == "1-1"
    assert data["external_id"] == "KY-0101"
    assert data["group"] == "■ 公募委員制度の運用"
    assert data["actor"] == {"code": "city", "label": "市が主体", "label_ja": "市が主体", "mark": "●"}
    assert [flag["code"] for flag in data["flags"]] == ["new"]
    assert data["flags"][0]["label_ja"] == "新規"
    lead, partner = data["item_departments"]
    assert lead["role"] == {"code": "lead", "label": "主担当", "label_ja": "主担当"}
    assert lead["department"]["name"] == "市民協働推進課"
    assert lead["department"]["contact"]["phone"] == "045-671-2222"
    assert partner["role"]["code"] == "partner"
    assert partner["department"]["name"] == "広報課"
    assert partner["department"]["parent"]["name"] == "政策局"
    assert [measure["id"] for measure in data["relisted_under"]] == [sample_plan.proposals.pk]
    assert data["relisted_under"][0]["title"] == "協働事業提案制度の推進"
    assert [(row["fiscal_year"]["year"], row["phase"]["code"]) for row in data["schedule_rows"]] == [
        (2021, "study"),
        (2022, "implement"),
        (2023, "continue"),
    ]
    assert data["schedule_rows"][0]["phase"]["label_ja"] == "検討"
    assert data["schedule_rows"][0]["onwards"] is False
    progress = data["progress_rows"]
    assert [(row["fiscal_year"]["year"], row["status"]["code"]) for row in progress] == [
        (2023, "mostly_on_track"),
        (2024, "on_track"),
    ]
    assert progress[1]["status"]["label_ja"] == "順調"
    assert progress[1]["narrative"] == "2024年度の取組実績。"
    assert progress[1]["fiscal_year"]["label"] == "令和6年度（2024年度）"
    assert data["plan"]["id"] == sample_plan.plan.pk
    assert data["measure"]["id"] == sample_plan.participation.pk
    assert data["measure"]["url"].endswith("/plans/participation-3/council-members/")


def test_a_progress_report_carries_the_rollup_figures(api, sample_plan):
    data = api.page(sample_plan.report.pk)
    assert data["fiscal_year"] == 2024
    assert data["fiscal_year_label"]["label"] == "令和6年度（2024年度）"
    figures = data["progress_figures"]
    assert figures["total"] == 4
    assert figures["reported"] == 3
    counts = {count["code"]: count["count"] for count in figures["counts"]}
    assert {count["code"]: count["label_ja"] for count in figures["counts"]}["none"] == "報告なし"
    assert counts["on_track"] == 1
    assert counts["delayed"] == 1
    assert counts["completed"] == 1
    assert counts["none"] == 1
    assert [measure["measure"]["number"] for measure in figures["measures"]] == ["1", "2", "3"]
    first = figures["measures"][0]
    assert [entry["item"]["number"] for entry in first["items"]] == ["1-1", "1-2"]
    public_members = first["items"][0]
    assert public_members["status"]["code"] == "on_track"
    assert public_members["previous_status"]["code"] == "mostly_on_track"
    assert public_members["changed"] is True
    assert [entry["number"] for entry in figures["not_reported"]] == ["2-1"]
    assert figures["measures"][1]["items"][0]["status"]["code"] == "none"
    assert [entry["number"] for entry in figures["changed"]] == ["1-1"]


def test_the_report_figures_are_only_in_the_detail(api, sample_plan):
    data = api.pages({"type": "plans.ProgressReportPage", "fields": "*"})
    assert data["items"]
    assert all("progress_figures" not in item for item in data["items"])
    assert all("plan" in item for item in data["items"])


def test_labels_follow_accept_language_and_the_locale_parameter(api, sample_plan):
    english = api.page(sample_plan.public_members.pk, **{"Accept-Language": "en"})
    assert english["actor"] == {"code": "city", "label": "City-led", "label_ja": "市が主体", "mark": "●"}
    assert english["progress_rows"][1]["status"]["label"] == "On track"
    assert english["progress_rows"][1]["fiscal_year"]["label"] == "FY2024"
    assert english["item_departments"][0]["role"]["label"] == "Lead"
    by_parameter = api.pages({"type": "plans.ActionItemPage", "fields": "actor", "locale": "ja"})
    assert {item["actor"]["label"] for item in by_parameter["items"]} <= {
        "市民が主体",
        "市が主体",
        "市民と市が主体",
    }
    report = api.page(sample_plan.report.pk, **{"Accept-Language": "en"})
    assert {count["code"]: count["label"] for count in report["progress_figures"]["counts"]}["none"] == (
        "Not reported"
    )


def test_a_guideline_exposes_kind_body_and_table_of_contents(api, tree):
    guideline = GuidelinePageFactory(parent=tree.guideline_index, title="協働の指針", slug="kyodo-shishin")
    data = api.page(guideline.pk)
    assert data["kind"]["code"] == "guideline"
    assert data["kind"]["label_ja"] == "指針・ガイドライン"
    assert data["audience"] == "市民・市民活動団体、市職員"
    assert [entry["text"] for entry in data["table_of_contents"]] == [
        "第1章 協働の基本的な考え方",
        "1 協働の原則",
    ]
    commitments = next(block for block in data["body"] if block["type"] == "commitments")
    assert [item["title"] for item in commitments["value"]["items"]] == ["目的の共有", "対等の関係"]


def test_the_glossary_page_lists_its_terms_with_definitions(api, tree):
    data = api.page(tree.glossary.pk)
    terms = {term["term"]: term for term in data["glossary_terms"]}
    assert terms["協働"]["reading"] == "きょうどう"
    assert terms["協働"]["definition"].startswith("市民と市が")


def test_home_index_and_standard_pages_expose_their_text(api, tree, sample_plan):
    from home.models import FeaturedPlan

    FeaturedPlan.objects.create(page=tree.home, plan=sample_plan.plan, sort_order=0)
    home = api.page(tree.home.pk)
    assert home["lead"] == "市民と市がともに進める、まちづくりの計画と取組"
    assert [plan["id"] for plan in home["featured"]] == [sample_plan.plan.pk]
    assert api.page(tree.plan_index.pk)["intro"] == "市民参加と協働に関する市の計画です。"
    assert api.page(tree.guideline_index.pk)["intro"].startswith("協働を進めるための")
    policy = StandardPageFactory(parent=tree.home, slug="accessibility")
    data = api.page(policy.pk)
    assert data["summary"].startswith("このサイトは")
    assert [entry["text"] for entry in data["table_of_contents"]] == ["対象範囲"]


@pytest.mark.parametrize(
    "model", [HomePage, StandardPage, PlanIndexPage, PlanPage, ActionItemPage, GuidelinePage]
)
def test_every_page_type_declares_api_fields(model):
    assert model.api_fields


def test_search_finds_japanese_text_through_the_site_backend(api, sample_plan, action_plan):
    """Words as the site's search backend indexes them (whole runs of Japanese text; the
    Japanese word splitting of the search issue will widen this)."""
    data = api.pages({"search": "協働カフェの開催"})
    assert [item["title"] for item in data["items"]] == ["協働カフェの開催"]
    assert data["meta"]["total_count"] == 1
    quoted = api.pages({"search": '"協働カフェの開催'})
    assert [item["title"] for item in quoted["items"]] == ["協働カフェの開催"]
    either = api.pages({"search": "協働カフェの開催 会議録の公開", "search_operator": "or"})
    assert {item["title"] for item in either["items"]} == {"協働カフェの開催", "会議録の公開"}
    assert api.pages({"search": "協働カフェの開催", "type": "plans.MeasurePage"})["items"] == []


def test_the_type_filter_and_child_of_walk_plan_measures_items(api, sample_plan):
    measures = api.ids({"type": "plans.MeasurePage", "child_of": sample_plan.plan.pk})
    assert measures == {sample_plan.participation.pk, sample_plan.comments.pk, sample_plan.proposals.pk}
    items = api.ids({"type": "plans.ActionItemPage", "descendant_of": sample_plan.plan.pk})
    assert items == {
        sample_plan.public_members.pk,
        sample_plan.women_members.pk,
        sample_plan.public_comment.pk,
        sample_plan.proposal_system.pk,
    }
    assert api.ids({"type": "plans.ActionItemPage", "plan": sample_plan.plan.pk}) == items
    assert api.ids({"type": "plans.ActionItemPage", "actor": "citizen", "plan": sample_plan.plan.pk}) == {
        sample_plan.proposal_system.pk
    }


@pytest.fixture
def english_plan(tree, sample_plan):
    """The home page, the plan index and the sample plan translated into English and published."""
    translated = {}
    for page in (tree.home, tree.plan_index, sample_plan.plan):
        copy = page.specific.copy_for_translation(tree.en)
        if page == sample_plan.plan:
            copy.title = "Minato City Citizen Participation Plan (3rd)"
        copy.save_revision().publish()
        translated[page.pk] = Page.objects.get(pk=copy.pk).specific
    return translated[sample_plan.plan.pk]


def test_locale_and_translation_of_find_the_english_plan(api, sample_plan, english_plan):
    assert api.ids({"type": "plans.PlanPage", "locale": "en"}) == {english_plan.pk}
    assert sample_plan.plan.pk in api.ids({"type": "plans.PlanPage", "locale": "ja"})
    assert api.ids({"translation_of": sample_plan.plan.pk}) == {english_plan.pk}
    data = api.page(english_plan.pk)
    assert data["meta"]["locale"] == "en"
    assert data["meta"]["translation_key"] == str(sample_plan.plan.translation_key)
    # English labels come with an English page when the request asks for them
    assert api.page(english_plan.pk, {"locale": "en"})["kind"]["label"] == "Promotion plan"
    found = api.pages({"translation_key": str(sample_plan.plan.translation_key), "type": "plans.PlanPage"})
    assert {item["meta"]["locale"] for item in found["items"]} == {"ja", "en"}
