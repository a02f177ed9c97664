"""The demo municipality: `load_demo` builds a complete site, and running it again changes nothing."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from urllib.parse import urldefrag, urlparse

from django.core.management import call_command

from wagtail.models import Page, Site

import pytest
from bs4 import BeautifulSoup

from demo.loader import load_demo
from home.models import HomePage
from plans.models import (
    ActionItemPage,
    Department,
    GlossaryTerm,
    GuidelinePage,
    MeasurePage,
    PlanPage,
    ProgressReportPage,
    ProgressRow,
)
from plans.vocabularies import GuidelineKind

from .conftest import counts

pytestmark = pytest.mark.slow

PAGE_TYPES = {
    "HomePage",
    "PlanIndexPage",
    "PlanPage",
    "MeasurePage",
    "ActionItemPage",
    "ProgressReportPage",
    "GuidelineIndexPage",
    "GuidelinePage",
    "GlossaryPage",
    "StandardPage",
}


def test_the_demo_has_the_content_a_visitor_expects(loaded):
    assert PlanPage.objects.live().count() >= 3
    assert Department.objects.count() >= 15
    assert GlossaryTerm.objects.count() >= 10
    assert ProgressReportPage.objects.live().exists()
    kinds = set(GuidelinePage.objects.live().values_list("kind", flat=True))
    assert {GuidelineKind.GUIDELINE, GuidelineKind.HANDBOOK} <= kinds
    assert MeasurePage.objects.live().exists()
    assert ActionItemPage.objects.live().exists()
    assert ProgressRow.objects.exists()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()  # welcome page gone


def test_the_action_plan_grades_its_items_on_its_own_scale(client, loaded):
    plan = PlanPage.objects.get(slug="collaboration-action-plan", locale__language_code="ja")
    assert [(level.label, level.status) for level in plan.evaluation_levels.all()] == [
        ("A", "on_track"),
        ("B", "mostly_on_track"),
        ("C", "delayed"),
        ("D", "delayed"),
    ]
    report = ProgressReportPage.objects.get(plan=plan, fiscal_year=2024)
    page = BeautifulSoup(client.get(report.url).content, "html.parser")
    counts_table = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in page.select("table.counts-table tbody tr")
    }
    assert counts_table == {"A": "6", "B": "3", "C・D": "1", "評価なし": "1", "報告なし": "2"}
    levels = BeautifulSoup(client.get(plan.url).content, "html.parser").find(id="levels-heading")
    assert levels is not None and levels.get_text(strip=True) == "進捗の評価"


def test_every_demo_page_is_published_through_a_revision(loaded):
    # The translations too: each is sent for translation as a draft, then published.
    assert Page.objects.filter(depth__gt=1, live=True).exclude(locale__language_code="ja").exists()
    for page in Page.objects.filter(depth__gt=1, live=True).specific():
        assert page.live_revision_id is not None, page
        assert not page.has_unpublished_changes, page


def test_running_the_demo_twice_changes_nothing(loaded):
    summary = load_demo()

    assert counts() == loaded
    assert not summary.changed
    assert not summary.created and not summary.updated


def test_the_command_runs_again_without_changes(loaded):
    output = StringIO()
    call_command("load_demo", stdout=output)

    assert counts() == loaded
    assert output.getvalue().strip()


def crawl(client, start: str = "/") -> tuple[Counter, dict[str, int]]:
    """Follow same-site links from the home page until every page type has been seen.

    Returns the page types found and the status of every URL visited."""
    found: Counter = Counter()
    statuses: dict[str, int] = {}
    queue = [start]
    while queue and not set(found) >= PAGE_TYPES:
        path = queue.pop(0)
        if path in statuses:
            continue
        response = client.get(path)
        statuses[path] = response.status_code
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = response.context.get("page") if response.context else None
        if page is not None:
            found[type(page).__name__] += 1
        for anchor in BeautifulSoup(response.content.decode(), "html.parser").find_all("a", href=True):
            url = urlparse(urldefrag(anchor["href"]).url)
            if url.scheme or url.netloc or not url.path.startswith("/"):
                continue  # another site, mailto:, tel:
            if url.path.startswith(
                ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/search/", "/pdf/")
            ):
                continue  # PDFs are printed by Chromium on request (tests/printing/)
            if url.path.endswith("/preferences/"):
                continue  # 文字サイズ and 背景色: the same pages again, with a cookie
            if url.path not in statuses and url.path not in queue:
                queue.append(url.path)
    return found, statuses


def test_every_page_type_is_reachable_from_the_home_page(client, loaded):
    found, statuses = crawl(client)

    assert set(found) == PAGE_TYPES, f"not reached: {PAGE_TYPES - set(found)}"
    broken = {path: status for path, status in statuses.items() if status != 200}
    assert broken == {}
