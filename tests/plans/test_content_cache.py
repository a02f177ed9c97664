"""What public pages work out once per request (plans.memo) and keep between requests under
the content generation (plans.content_cache): every change is seen at the next request, and
nothing a draft or a private page holds ever comes out of either."""

from __future__ import annotations

from django.db.models import F
from django.test import RequestFactory

from wagtail.models import Page, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from plans import content_cache, memo
from plans.models import ContentGeneration, MeasurePage
from plans.selectors import public_department_ids
from plans.visibility import hidden_paths

from ..factories import DepartmentFactory, MeasurePageFactory, PlanPageFactory


def generation() -> int:
    return ContentGeneration.objects.get(pk=1).value


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response.content.decode()


# The memo of a request ---------------------------------------------------------------------


def counting():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def serve(method: str, view):
    request = getattr(RequestFactory(), method.lower())("/")
    return memo.RequestMemoMiddleware(view)(request)


def test_a_reading_request_computes_each_answer_once():
    calls, compute = counting()

    def view(request):
        return [memo.memoized("answer", compute) for _ in range(3)]

    assert serve("GET", view) == [1, 1, 1]
    assert serve("HEAD", view) == [2, 2, 2]  # a new request, a new memo


def test_a_writing_request_and_code_outside_a_request_compute_every_time():
    calls, compute = counting()
    assert serve("POST", lambda request: [memo.memoized("answer", compute) for _ in range(2)]) == [1, 2]
    assert memo.memoized("answer", compute) == 3
    assert memo.memoized("answer", compute) == 4


def test_a_change_during_the_request_empties_its_memo(db, departments):
    calls, compute = counting()

    def view(request):
        first = memo.memoized("answer", compute)
        DepartmentFactory(name="臨時の課")  # any save
        return first, memo.memoized("answer", compute)

    assert serve("GET", view) == (1, 2)


# The content generation --------------------------------------------------------------------


def test_committed_changes_start_a_new_generation_and_each_transaction_one(
    sample_plan, django_capture_on_commit_callbacks
):
    before = generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sample_plan.comments.unpublish()
        sample_plan.proposals.title = "協働事業提案制度の推進（改）"
        sample_plan.proposals.save_revision().publish()
    assert generation() == before + 1
    assert sum(isinstance(callback, content_cache._NewGeneration) for callback in callbacks) == 1


@pytest.mark.parametrize(
    "change",
    ["publish", "unpublish", "move", "delete", "restrict", "department", "draft"],
)
def test_every_change_the_public_may_notice_starts_a_new_generation(
    change, sample_plan, tree, departments, django_capture_on_commit_callbacks
):
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "publish":
            MeasurePageFactory(parent=sample_plan.plan, title="新しい施策")
        elif change == "unpublish":
            sample_plan.comments.unpublish()
        elif change == "move":
            sample_plan.public_comment.move(sample_plan.proposals, pos="last-child")
        elif change == "delete":
            sample_plan.public_comment.delete()
        elif change == "restrict":
            PageViewRestriction.objects.create(page=sample_plan.plan, restriction_type="login")
        elif change == "department":
            departments.koho.name = "広報広聴課"
            departments.koho.save()
        elif change == "draft":
            sample_plan.comments.title = "下書きの題"
            sample_plan.comments.save_revision()
    assert generation() > before


def test_a_change_not_yet_committed_is_never_answered_from_the_cache(sample_plan):
    """Inside the transaction that changes the tree, answers are computed, not read from the
    entry of the generation before the change (nor stored under it)."""
    assert sample_plan.comments.path not in hidden_paths()  # cached under the generation
    sample_plan.comments.unpublish()  # a measure with a child: its branch is hidden now
    assert sample_plan.comments.path in hidden_paths()


# What the public sees ----------------------------------------------------------------------


def test_a_measure_unpublished_leaves_the_plan_page_at_once(
    client, sample_plan, django_capture_on_commit_callbacks
):
    plan_url, item_url = sample_plan.plan.url, sample_plan.public_comment.url
    assert sample_plan.comments.title in html_of(client, plan_url)
    assert client.get(item_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        sample_plan.comments.unpublish()
    assert sample_plan.comments.title not in html_of(client, plan_url)
    assert client.get(item_url).status_code == 404


def test_a_new_measure_appears_on_the_plan_page_at_once(
    client, sample_plan, django_capture_on_commit_callbacks
):
    assert "地域円卓会議の開催" not in html_of(client, sample_plan.plan.url)
    with django_capture_on_commit_callbacks(execute=True):
        MeasurePageFactory(parent=sample_plan.plan, title="地域円卓会議の開催")
    assert "地域円卓会議の開催" in html_of(client, sample_plan.plan.url)


def test_a_section_made_private_leaves_the_menu_at_once(client, tree, django_capture_on_commit_callbacks):
    menu_link = f'href="{tree.guideline_index.url}"'
    assert menu_link in html_of(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=tree.guideline_index, restriction_type="login")
    assert menu_link not in html_of(client, "/")


def test_a_department_named_only_by_an_unpublished_plan_is_no_longer_public(
    tree, departments, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        department = DepartmentFactory(name="臨時調整室", parent=departments.seisaku)
        plan = PlanPageFactory(parent=tree.plan_index, title="臨時の計画", issuing_department=department)
    assert department.pk in public_department_ids()
    with django_capture_on_commit_callbacks(execute=True):
        plan.unpublish()
    assert department.pk not in public_department_ids()


def menu_of(client, url: str) -> str:
    soup = BeautifulSoup(html_of(client, url), "html.parser")
    return " ".join(soup.find("nav", class_="main-nav").get_text(" ").split())


def test_the_cache_answers_until_another_process_commits_a_new_generation(client, tree):
    """A change another process committed, with its new generation, is seen at the next
    request; until the generation changes, the cache answers (so this test can fail)."""
    assert tree.guideline_index.title in menu_of(client, "/")
    # What the other process wrote, without a signal in this one:
    Page.objects.filter(pk=tree.guideline_index.pk).update(title="協働の指針の一覧")
    assert "協働の指針の一覧" not in menu_of(client, "/")
    ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1)
    assert "協働の指針の一覧" in menu_of(client, "/")


def test_a_draft_title_reaches_no_public_page(client, sample_plan, django_capture_on_commit_callbacks):
    """A draft's new title never reaches the plan page, the menu or the page's own title."""
    with django_capture_on_commit_callbacks(execute=True):
        draft = MeasurePage.objects.get(pk=sample_plan.comments.pk)
        draft.title = "下書きの施策名"
        draft.save_revision()
    assert "下書きの施策名" not in html_of(client, sample_plan.plan.url)
    assert "下書きの施策名" not in html_of(client, sample_plan.comments.url)
