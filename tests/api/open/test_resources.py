"""The resources of the open-data API on the sample data: fields, filters, pagination."""

from __future__ import annotations

from wagtail.models import Page

import jsonschema_rs
import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_31

from plans.models import ActionItemPage, Department, MeasurePage, PlanPage
from plans.rollup import plan_progress
from plans.vocabularies import ProgressStatus

from ...factories import ActionItemPageFactory, MeasurePageFactory, add_many_items


def test_plans_list_codes_labels_counts_and_urls(api, sample_plan, previous_plan, action_plan):
    payload = api.json("/plans")
    assert payload["count"] == 3
    assert [plan["id"] for plan in payload["results"]] == [
        previous_plan.pk,
        action_plan.pk,
        sample_plan.plan.pk,
    ]
    plan = next(plan for plan in payload["results"] if plan["id"] == sample_plan.plan.pk)
    assert plan["kind"] == {"code": "promotion", "label": "推進計画"}
    assert plan["status"] == {"code": "in_force", "label": "計画期間中"}
    assert (plan["period_start"], plan["period_end"]) == (2021, 2025)
    assert plan["issuing_department"]["full_name"] == "市民局 市民協働推進課"
    assert plan["replaces"]["id"] == previous_plan.pk
    assert (plan["measure_count"], plan["item_count"]) == (3, 4)
    assert plan["url"] == "http://localhost/plans/participation-3/"
    assert plan["locale"] == "ja"


def test_plan_detail_lists_reports_and_successor(api, sample_plan, previous_plan):
    plan = api.json(f"/plans/{sample_plan.plan.pk}")
    assert [(report["id"], report["fiscal_year"]) for report in plan["progress_reports"]] == [
        (sample_plan.report.pk, 2024)
    ]
    previous = api.json(f"/plans/{previous_plan.pk}")
    assert [successor["id"] for successor in previous["replaced_by"]] == [sample_plan.plan.pk]


def test_labels_follow_the_request_language(api, sample_plan):
    plan = api.json(f"/plans/{sample_plan.plan.pk}", language="en")
    assert plan["kind"] == {"code": "promotion", "label": "Promotion plan"}


def test_measures_carry_their_plan_and_item_counts(api, sample_plan):
    payload = api.json("/measures", {"plan": sample_plan.plan.pk})
    assert [measure["number"] for measure in payload["results"]] == ["1", "2", "3"]
    first = payload["results"][0]
    assert first["plan"] == {
        "id": sample_plan.plan.pk,
        "title": sample_plan.plan.title,
        "url": "http://localhost/plans/participation-3/",
    }
    assert first["item_count"] == 2
    proposals = api.json(f"/measures/{sample_plan.proposals.pk}")
    assert [item["id"] for item in proposals["relisted_items"]] == [sample_plan.public_members.pk]


def test_an_item_has_departments_as_objects_codes_and_parents(api, sample_plan, departments):
    item = api.json(f"/items/{sample_plan.public_members.pk}")
    assert item["actor"] == {"code": "city", "label": "市が主体"}
    assert item["flags"] == [{"code": "new", "label": "新規"}]
    assert [(d["name"], d["reading"], d["role"]["code"]) for d in item["departments"]] == [
        ("市民協働推進課", "しみんきょうどうすいしんか", "lead"),
        ("広報課", "こうほうか", "partner"),
    ]
    assert item["departments"][0]["role"]["label"] == "主担当"
    assert item["plan"]["title"] == "みなと市市民参加推進計画（第3次）"
    assert item["measure"]["number"] == "1"
    assert item["measure"]["title"] == "審議会等への市民公募委員の参加促進"
    assert item["url"] == "http://localhost/plans/participation-3/council-members/public-members/"
    assert [(row["fiscal_year"], row["status"]["code"]) for row in item["progress"]] == [
        (2023, "mostly_on_track"),
        (2024, "on_track"),
    ]
    assert [(row["fiscal_year"], row["phase"]["code"]) for row in item["schedule"]] == [
        (2021, "study"),
        (2022, "implement"),
        (2023, "continue"),
    ]
    assert [measure["id"] for measure in item["relisted_under"]] == [sample_plan.proposals.pk]
    assert "市民と市が地域の課題" in item["description"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"measure": "participation"}, ["public_members", "women_members"]),
        ({"department": "koho"}, ["public_members", "public_comment"]),
        ({"actor": "city"}, ["public_members", "public_comment"]),
        ({"flag": "enhanced"}, ["women_members"]),
        ({"flag": "new"}, ["public_members"]),
        ({"status": "delayed"}, ["women_members"]),
        ({"status": "completed", "fiscal_year": 2024}, ["proposal_system"]),
        ({"fiscal_year": 2024}, ["public_members", "women_members", "proposal_system"]),
        ({"status": "in_progress", "fiscal_year": 2024}, []),
    ],
)
def test_item_filters(api, sample_plan, departments, query, expected):
    values = {
        key: getattr(sample_plan, value).pk
        if key == "measure"
        else getattr(departments, value).pk
        if key == "department"
        else value
        for key, value in query.items()
    }
    values["plan"] = sample_plan.plan.pk
    assert api.ids("/items", values) == [getattr(sample_plan, name).pk for name in expected]


def test_text_query_finds_items_through_the_search_backend(api, sample_plan):
    assert api.ids("/items", {"q": "女性委員の登用促進"}) == [sample_plan.women_members.pk]
    assert api.ids("/items", {"q": "   "}) == api.ids("/items")


def test_locale_filter(api, sample_plan, tree):
    english = sample_plan.plan.copy_for_translation(tree.en, copy_parents=True)
    for page in Page.objects.filter(locale=tree.en, alias_of__isnull=True).order_by("path"):
        page.specific.save_revision().publish()
    assert api.ids("/plans", {"locale": "en"}) == [english.pk]
    assert english.pk not in api.ids("/plans", {"locale": "ja"})
    assert api.json(f"/plans/{english.pk}")["locale"] == "en"


def test_pagination_has_totals_links_and_a_stable_order(api, sample_plan):
    add_many_items(MeasurePageFactory(parent=sample_plan.plan, number="9"), 7)
    everything = api.ids("/items", {"plan": sample_plan.plan.pk})
    assert len(everything) == 11
    first = api.json("/items", {"plan": sample_plan.plan.pk, "page_size": 5})
    assert (first["count"], first["num_pages"], first["page"], first["previous"]) == (11, 3, 1, None)
    assert first["next"] == f"http://localhost/api/open/items?page=2&page_size=5&plan={sample_plan.plan.pk}"
    pages = [
        api.json("/items", {"plan": sample_plan.plan.pk, "page_size": 5, "page": n})["results"]
        for n in (1, 2, 3)
    ]
    assert [item["id"] for page in pages for item in page] == everything
    expected = list(
        ActionItemPage.objects.filter(plan=sample_plan.plan).order_by("path").values_list("pk", flat=True)
    )
    assert everything == expected
    beyond = api.json("/items", {"plan": sample_plan.plan.pk, "page_size": 5, "page": 9})
    assert beyond["results"] == [] and beyond["count"] == 11 and beyond["next"] is None


def test_departments_list_and_detail(api, departments):
    listed = api.json("/departments", {"page_size": 200})["results"]
    expected = list(Department.objects.order_by("sort_order", "name", "pk").values_list("name", flat=True))
    assert [department["name"] for department in listed] == expected
    assert {"市民局", "政策局", "市民協働推進課", "広聴課", "広報課"} <= set(expected)
    kyodo = api.json(f"/departments/{departments.kyodo.pk}")
    assert kyodo["parent"]["name"] == "市民局"
    assert kyodo["phone"] == "045-671-2222"
    children = api.ids("/departments", {"parent": departments.shimin.pk})
    assert set(children) == {departments.kyodo.pk, departments.kocho.pk}


def test_progress_rows_per_item_and_year(api, sample_plan):
    payload = api.json("/progress", {"item": sample_plan.public_members.pk})
    assert [(row["fiscal_year"], row["status"]["code"]) for row in payload["results"]] == [
        (2023, "mostly_on_track"),
        (2024, "on_track"),
    ]
    row = payload["results"][0]
    assert row["item"]["number"] == "1-1"
    assert row["measure"]["id"] == sample_plan.participation.pk
    assert row["plan"]["id"] == sample_plan.plan.pk
    delayed = api.json("/progress", {"plan": sample_plan.plan.pk, "status": "delayed"})
    assert delayed["count"] == 2
    assert api.json("/progress", {"plan": sample_plan.plan.pk, "fiscal_year": 2024})["count"] == 3


def test_summaries_are_the_roll_up_of_the_report_pages(api, sample_plan):
    payload = api.json("/progress-summaries", {"plan": sample_plan.plan.pk})
    assert [entry["fiscal_year"] for entry in payload["results"]] == [2023, 2024]
    for entry in payload["results"]:
        expected = plan_progress(sample_plan.plan, entry["fiscal_year"])
        assert entry["total"] == expected.total == 4
        assert entry["reported"] == expected.reported
        assert [(c["code"], c["count"]) for c in entry["counts"]] == [
            (c.code, c.count) for c in expected.counts
        ]
    latest = payload["results"][1]
    assert latest["report"]["id"] == sample_plan.report.pk
    counts = {c["code"]: c["count"] for c in latest["counts"]}
    assert counts == counts | {"on_track": 1, "delayed": 1, "completed": 1, "none": 1}

    detail = api.json(f"/progress-summaries/{sample_plan.plan.pk}/2024")
    assert detail["total"] == 4 and detail["reported"] == 3
    assert [(m["measure"]["number"], m["total"], m["reported"]) for m in detail["measures"]] == [
        ("1", 2, 2),
        ("2", 1, 0),
        ("3", 1, 1),
    ]


def test_a_summary_list_of_several_plans_matches_each_roll_up(api, sample_plan, action_plan, previous_plan):
    payload = api.json("/progress-summaries")
    keys = [(entry["plan"]["id"], entry["fiscal_year"]) for entry in payload["results"]]
    assert keys == [
        (previous_plan.pk, 2020),
        (action_plan.pk, 2024),
        (sample_plan.plan.pk, 2023),
        (sample_plan.plan.pk, 2024),
    ]
    for entry in payload["results"]:
        plan = PlanPage.objects.get(pk=entry["plan"]["id"])
        expected = plan_progress(plan, entry["fiscal_year"])
        assert entry["total"] == expected.total
        assert [c["count"] for c in entry["counts"]] == [c.count for c in expected.counts]
    assert MeasurePage.objects.exists() and ProgressStatus.DELAYED


def test_the_schema_and_the_docs_are_served(api):
    schema = api.json("/openapi.json")
    operations = [operation for path in schema["paths"].values() for operation in path.values()]
    assert len(operations) == 30
    assert {
        "/api/open/indicators",
        "/api/open/indicators/{indicator_id}",
        "/api/open/indicators/values.csv",
    } <= set(schema["paths"])
    assert all("400" in operation["responses"] for operation in operations)
    assert schema["paths"]["/api/open/items.csv"]["get"]["responses"]["200"]["content"].keys() == {"text/csv"}
    assert schema["components"]["schemas"]["ErrorOut"]["required"] == ["error", "message"]
    docs = api.get("/docs")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content
    # Swagger UI comes from the site's own static files: no third-party CDN.
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_the_schema_is_a_valid_openapi_document(api):
    schema = api.json("/openapi.json")
    assert schema["openapi"].startswith("3.1")
    errors = [error.message for error in jsonschema_rs.Draft202012Validator(OPENAPI_31).iter_errors(schema)]
    assert errors == []
    for name, component in schema["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid(component), name


def test_a_text_query_lists_the_best_match_first_and_pages_stay_stable(api, sample_plan):
    """The item that only mentions the word comes first in the tree; the one about it comes
    first in the results, unless the list's own order is asked for."""
    measure = sample_plan.public_members.get_parent()
    mention = ActionItemPageFactory(
        parent=measure,
        title="地域の緑化活動への支援",
        number="9-1",
        description=[
            (
                "paragraph",
                "<p>公園や街路の花壇づくり、緑のカーテン、清掃活動など、地域の団体が行う緑化活動を"
                "支援します。活動の一つとして、学校のビオトープの手入れも対象とします。</p>",
            )
        ],
    )
    about = ActionItemPageFactory(
        parent=measure,
        title="ビオトープの保全",
        number="9-2",
        description=[
            ("paragraph", "<p>市民団体と協働して、ビオトープの保全とビオトープ観察会を行います。</p>")
        ],
    )
    assert mention.path < about.path

    assert api.ids("/items", {"q": "ビオトープ"}) == [about.pk, mention.pk]
    assert api.ids("/items", {"q": "ビオトープ", "ordering": "relevance"}) == [about.pk, mention.pk]
    assert api.ids("/items", {"q": "ビオトープ", "ordering": "list"}) == [mention.pk, about.pk]
    pages = [
        api.json("/items", {"q": "ビオトープ", "page_size": 1, "page": n})["results"][0]["id"] for n in (1, 2)
    ]
    assert pages == [about.pk, mention.pk]
    # Without q there is nothing to rank: the list's own order.
    assert api.ids("/items", {"ordering": "relevance"}) == api.ids("/items")
