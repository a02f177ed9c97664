"""ETag, Last-Modified, 304 on conditional requests, and a cache of anonymous reads that a
publication, an unpublication, a move, a deletion or a change of departments, privacy or
site settings empties."""

from __future__ import annotations

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date, parse_http_date

from wagtail.models import PageViewRestriction

import pytest

from home.models import MunicipalitySettings

from ...factories import ActionItemPageFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """The block's on-commit callbacks run at its end, as when a real request commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_responses_carry_etag_and_last_modified(api, sample_plan):
    response = api.get("/items")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "Accept-Language" in response["Vary"]


def test_if_none_match_answers_304(api, sample_plan):
    etag = api.get("/items")["ETag"]
    response = api.get("/items", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert api.get("/items", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_if_modified_since_answers_304(api, sample_plan):
    last_modified = api.get("/plans")["Last-Modified"]
    assert api.get("/plans", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert api.get("/plans", HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_a_cached_read_runs_no_query(api, sample_plan):
    first = api.get("/items", {"plan": sample_plan.plan.pk})
    with CaptureQueriesContext(connection) as queries:
        second = api.get("/items", {"plan": sample_plan.plan.pk})
    assert len(queries) == 0
    assert second.content == first.content


def test_the_cache_keeps_languages_apart(api, sample_plan):
    japanese = api.json(f"/plans/{sample_plan.plan.pk}")
    english = api.json(f"/plans/{sample_plan.plan.pk}", language="en")
    assert (japanese["kind"]["label"], english["kind"]["label"]) == ("推進計画", "Promotion plan")


def titles(api, plan) -> list[str]:
    return [item["title"] for item in api.json("/items", {"plan": plan.pk})["results"]]


def test_publishing_a_change_shows_on_the_next_read(api, sample_plan, committed):
    before = api.get(f"/items/{sample_plan.women_members.pk}")
    item = sample_plan.women_members
    item.title = "女性委員の登用促進（改訂）"
    with committed():
        item.save_revision().publish()
    after = api.get(f"/items/{item.pk}", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["title"] == "女性委員の登用促進（改訂）"
    assert "女性委員の登用促進（改訂）" in titles(api, sample_plan.plan)


def test_a_new_page_shows_once_published(api, sample_plan, committed):
    assert len(titles(api, sample_plan.plan)) == 4
    draft = ActionItemPageFactory(
        parent=sample_plan.comments, title="新しい事業", number="2-2", publish=False
    )
    assert len(titles(api, sample_plan.plan)) == 4
    with committed():
        draft.get_latest_revision().publish()
    assert "新しい事業" in titles(api, sample_plan.plan)


def test_a_change_moves_last_modified_on_even_within_the_same_second(api, sample_plan, committed):
    last_modified = api.get("/plans")["Last-Modified"]
    with committed():
        sample_plan.plan.save_revision().publish()
    response = api.get("/plans", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200
    assert parse_http_date(response["Last-Modified"]) > parse_http_date(last_modified)


def test_unpublishing_removes_from_the_next_read(api, sample_plan, committed):
    assert sample_plan.public_comment.title in titles(api, sample_plan.plan)
    with committed():
        sample_plan.public_comment.unpublish()
    assert sample_plan.public_comment.title not in titles(api, sample_plan.plan)
    assert api.get(f"/items/{sample_plan.public_comment.pk}").status_code == 404


def test_deleting_and_moving_pages_empty_the_cache(api, sample_plan, committed):
    assert api.json(f"/items/{sample_plan.women_members.pk}")["measure"]["number"] == "1"
    with committed():
        sample_plan.women_members.move(sample_plan.comments, pos="last-child")
    assert api.json(f"/items/{sample_plan.women_members.pk}")["measure"]["number"] == "2"
    with committed():
        sample_plan.proposal_system.delete()
    assert sample_plan.proposal_system.title not in titles(api, sample_plan.plan)


def test_making_a_page_private_empties_the_cache(api, sample_plan, committed):
    assert api.get(f"/plans/{sample_plan.plan.pk}").status_code == 200
    with committed():
        restriction = PageViewRestriction.objects.create(page=sample_plan.plan, restriction_type="login")
    assert api.get(f"/plans/{sample_plan.plan.pk}").status_code == 404
    with committed():
        restriction.delete()
    assert api.get(f"/plans/{sample_plan.plan.pk}").status_code == 200


def test_department_and_settings_changes_show(api, sample_plan, departments, tree, committed):
    assert api.json(f"/departments/{departments.kocho.pk}")["phone"] == "045-000-0000"
    departments.kocho.phone = "045-671-3333"
    with committed():
        departments.kocho.save()
    assert api.json(f"/departments/{departments.kocho.pk}")["phone"] == "045-671-3333"
    assert api.json("/items.json")["municipality_code"] == ""
    settings = MunicipalitySettings.for_site(tree.site)
    settings.code = "131016"
    with committed():
        settings.save()
    assert api.json("/items.json")["municipality_code"] == "131016"


def test_signed_in_users_are_not_served_from_the_cache(api, sample_plan, django_user_model):
    api.get("/plans")
    user = django_user_model.objects.create_user("staff", password="x")
    api.client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/plans").status_code == 200
    assert len(queries) > 0


def test_a_change_empties_the_cache_only_once_committed(api, sample_plan, committed):
    """Until the change commits, readers (in other processes) keep the old generation."""
    api.get("/plans")
    with committed() as callbacks:
        sample_plan.plan.save_revision().publish()
        with CaptureQueriesContext(connection) as queries:
            api.get("/plans")
        assert len(queries) == 0  # still the cached answer
    assert len(callbacks) >= 1
    with CaptureQueriesContext(connection) as queries:
        api.get("/plans")
    assert len(queries) > 0


def test_a_burst_of_changes_keeps_last_modified_within_a_second(api, sample_plan, committed):
    """An import publishes hundreds of pages in one transaction."""
    with committed():
        for _ in range(20):
            sample_plan.women_members.save_revision().publish()
    last_modified = parse_http_date(api.get("/plans")["Last-Modified"])
    assert last_modified <= time.time() + 1
