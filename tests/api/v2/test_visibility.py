"""Nothing a citizen cannot read reaches the headless API: not in listings, details, search,
tree filters or counts."""

from __future__ import annotations

from django.contrib.auth.models import Group

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

import pytest

from ...factories import (
    ActionItemPageFactory,
    DocumentFactory,
    ImageFactory,
    MeasurePageFactory,
    PlanPageFactory,
)

# A word only the pages of these tests carry, so that search has something to find.
WORD = "zephyrkyodo"


def restrict(page: Page, kind: str) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="kyodo-secret"
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="計画担当の職員")[0])
    return restriction


def item(parent, title: str, **kwargs):
    return ActionItemPageFactory(parent=parent, title=f"{title} {WORD}", **kwargs)


@pytest.fixture
def hidden(sample_plan, tree) -> dict[str, Page]:
    """One page for every way of being hidden, each carrying WORD in its title."""
    pages: dict[str, Page] = {}
    pages["draft item"] = item(sample_plan.participation, "下書きの事業", publish=False)
    for kind in (PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS):
        page = item(sample_plan.comments, f"非公開の事業 {kind}")
        restrict(page, kind)
        pages[f"{kind} item"] = page

    private_measure = MeasurePageFactory(parent=sample_plan.plan, title=f"非公開の施策 {WORD}", number="91")
    restrict(private_measure, PageViewRestriction.LOGIN)
    pages["private measure"] = private_measure
    pages["item of a private measure"] = item(private_measure, "非公開の施策の事業")

    unpublished_measure = MeasurePageFactory(
        parent=sample_plan.plan, title=f"公開をやめた施策 {WORD}", number="92"
    )
    pages["item of an unpublished measure"] = item(unpublished_measure, "公開をやめた施策の事業")
    unpublished_measure.unpublish()
    pages["unpublished measure"] = unpublished_measure

    plan = PlanPageFactory(parent=tree.plan_index, title=f"公開をやめた計画 {WORD}", slug="withdrawn")
    measure = MeasurePageFactory(parent=plan, title=f"公開をやめた計画の施策 {WORD}", number="1")
    pages["measure of an unpublished plan"] = measure
    pages["item of an unpublished plan"] = item(measure, "公開をやめた計画の事業")
    Page.objects.get(pk=plan.pk).unpublish()
    pages["unpublished plan"] = plan

    group_plan = PlanPageFactory(parent=tree.plan_index, title=f"職員向けの計画 {WORD}", slug="staff-only")
    restrict(group_plan, PageViewRestriction.GROUPS)
    pages["group-restricted plan"] = group_plan
    group_measure = MeasurePageFactory(parent=group_plan, title=f"職員向けの施策 {WORD}", number="1")
    pages["measure of a group-restricted plan"] = group_measure
    pages["item of a group-restricted plan"] = item(group_measure, "職員向けの事業")
    return pages


@pytest.fixture
def shown(sample_plan):
    """A public item with the same word, so that every check below can also fail."""
    return item(sample_plan.participation, "公開の事業")


def test_hidden_pages_are_not_listed_or_counted(api, hidden, shown):
    all_ids = api.ids()
    assert shown.pk in all_ids
    assert all_ids.isdisjoint(page.pk for page in hidden.values())
    for model in ("plans.ActionItemPage", "plans.MeasurePage", "plans.PlanPage"):
        data = api.pages({"type": model})
        assert not {item["id"] for item in data["items"]} & {page.pk for page in hidden.values()}
        assert data["meta"]["total_count"] == len(data["items"])
    assert api.ids({"type": "plans.ActionItemPage", "fields": "*"}) >= {shown.pk}


@pytest.mark.parametrize(
    "name",
    [
        "draft item",
        "password item",
        "login item",
        "groups item",
        "private measure",
        "item of a private measure",
        "unpublished measure",
        "item of an unpublished measure",
        "unpublished plan",
        "measure of an unpublished plan",
        "item of an unpublished plan",
        "group-restricted plan",
        "measure of a group-restricted plan",
        "item of a group-restricted plan",
    ],
)
def test_a_hidden_page_answers_404_and_is_not_found_by_search(api, hidden, shown, name):
    page = hidden[name]
    data = api.get(f"/api/v2/pages/{page.pk}/", status=404)
    assert WORD not in str(data)
    api.get("/api/v2/pages/find/", {"id": page.pk}, status=404)
    found = api.pages({"search": WORD})
    assert [item["id"] for item in found["items"]] == [shown.pk]
    assert found["meta"]["total_count"] == 1


def test_tree_filters_do_not_reach_hidden_branches(api, hidden, shown, sample_plan, tree):
    children = api.ids({"child_of": sample_plan.participation.pk})
    assert shown.pk in children
    assert hidden["draft item"].pk not in children
    plan_descendants = api.ids({"descendant_of": sample_plan.plan.pk})
    assert shown.pk in plan_descendants
    assert plan_descendants.isdisjoint(page.pk for page in hidden.values())
    site_wide = api.ids({"descendant_of": tree.home.pk})
    assert site_wide.isdisjoint(page.pk for page in hidden.values())
    for name in ("unpublished plan", "group-restricted plan", "private measure", "unpublished measure"):
        for tree_filter in ("child_of", "descendant_of"):
            data = api.get("/api/v2/pages/", {tree_filter: hidden[name].pk}, status=400)
            assert WORD not in str(data)


def test_a_search_under_a_hidden_branch_finds_nothing(api, hidden, shown, sample_plan):
    found = api.pages({"search": WORD, "type": "plans.ActionItemPage", "descendant_of": sample_plan.plan.pk})
    assert [item["id"] for item in found["items"]] == [shown.pk]


def test_a_newer_draft_does_not_replace_the_live_version(api, sample_plan):
    page = sample_plan.public_members
    draft = page.get_latest_revision_as_object()
    draft.title = f"未公開の新しい題名 {WORD}"
    rows = list(draft.progress.all())
    for row in rows:
        if row.fiscal_year == 2024:
            row.status = "delayed"
    draft.progress = rows
    draft.save_revision()
    assert [row.status for row in page.get_latest_revision_as_object().progress.all()][-1] == "delayed"
    data = api.page(page.pk)
    assert data["title"] == "審議会等への公募委員の登用"
    assert data["progress_rows"][-1]["status"]["code"] == "on_track"
    listed = api.pages({"type": "plans.ActionItemPage", "fields": "title"})
    assert "審議会等への公募委員の登用" in {item["title"] for item in listed["items"]}
    assert WORD not in str(listed)
    assert api.pages({"search": WORD})["items"] == []


def test_parent_and_relistings_skip_hidden_pages(api, sample_plan):
    """A re-listing under a measure that is no longer public is not shown."""
    Page.objects.get(pk=sample_plan.proposals.pk).unpublish()
    data = api.page(sample_plan.public_members.pk)
    assert data["relisted_under"] == []
    listed = api.pages({"type": "plans.ActionItemPage", "fields": "relisted_under"})
    assert all(item["relisted_under"] == [] for item in listed["items"])


def test_a_plan_does_not_link_a_predecessor_that_is_not_public(api, sample_plan, previous_plan):
    restrict(previous_plan, PageViewRestriction.PASSWORD)
    assert api.page(sample_plan.plan.pk)["replaces"] is None
    listed = api.pages({"type": "plans.PlanPage", "fields": "replaces"})
    assert all(item["replaces"] is None for item in listed["items"])


@pytest.fixture
def private_collection(db) -> Collection:
    collection = Collection.get_first_root_node().add_child(name="内部資料")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def test_documents_in_private_collections_are_not_listed(api, private_collection):
    public = DocumentFactory(title="公開の資料")
    private = DocumentFactory(title="内部の資料", collection=private_collection)
    below = DocumentFactory(title="内部の下位の資料", collection=private_collection.add_child(name="会議"))
    data = api.get("/api/v2/documents/", {"limit": 100})
    ids = {document["id"] for document in data["items"]}
    assert public.pk in ids
    assert ids.isdisjoint({private.pk, below.pk})
    assert data["meta"]["total_count"] == len(ids)
    api.get(f"/api/v2/documents/{private.pk}/", status=404)
    api.get(f"/api/v2/documents/{below.pk}/", status=404)
    assert api.get("/api/v2/documents/", {"search": "内部の資料"})["meta"]["total_count"] == 0


def test_images_in_private_collections_are_not_listed(api, private_collection):
    public = ImageFactory(title="公開の写真")
    private = ImageFactory(title="内部の写真", collection=private_collection)
    ids = {image["id"] for image in api.get("/api/v2/images/", {"limit": 100})["items"]}
    assert public.pk in ids
    assert private.pk not in ids
    api.get(f"/api/v2/images/{private.pk}/", status=404)


def test_a_logged_in_editor_sees_no_more_than_the_public(api, client, hidden, shown, admin_user):
    """The API is the public's: a session does not open restricted pages."""
    client.force_login(admin_user)
    assert api.ids().isdisjoint(page.pk for page in hidden.values())
    api.get(f"/api/v2/pages/{hidden['login item'].pk}/", status=404)
