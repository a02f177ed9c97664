"""新着情報 and its feeds as a subscriber and a citizen get them: published, public plans,
reports and items of one language, newest publication first, with absolute links on the
site's configured address; drafts and private pages never appear."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from plans.models import PlanPage

from ..factories import ActionItemPageFactory, MeasurePageFactory, PlanPageFactory, ProgressReportPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://kyodo.city.minato.example.jp"


@pytest.fixture(autouse=True)
def configured_host(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE


def atom_entries(client, url: str = "/updates/feed.atom") -> tuple[ET.Element, list[dict]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own response, in a test)
    entries = [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "published": entry.findtext(f"{ATOM}published"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "category": entry.find(f"{ATOM}category").get("term"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]
    return feed, entries


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def new_plan(tree, departments):
    """A plan published today with a measure, an item and its first report; beside it a
    draft plan, a private plan (password) with a published item, and a draft report."""
    plan = PlanPageFactory(
        parent=tree.plan_index,
        title="みなと市協働推進計画（第4次）",
        slug="collaboration-4",
        summary="市民活動団体と市が協働して地域の課題に取り組むための計画です。",
    )
    measure = MeasurePageFactory(parent=plan, title="協働の担い手づくり", slug="m-1", number="1")
    item = ActionItemPageFactory(
        parent=measure, title="協働コーディネーター養成講座", slug="i-1-1", number="1-1"
    )
    report = ProgressReportPageFactory(
        parent=plan,
        title="協働推進計画 令和6年度進捗報告",
        slug="report-2024",
        overall_evaluation="講座の受講者が目標を上回り、順調に進んでいます。",
    )
    ProgressReportPageFactory(
        parent=plan, title="協働推進計画 令和7年度進捗報告（作成中）", fiscal_year=2025, publish=False
    )
    PlanPageFactory(
        parent=tree.plan_index, title="地域自治推進計画（素案）", slug="draft-plan", publish=False
    )
    private = PlanPageFactory(parent=tree.plan_index, title="庁内検討用の計画", slug="internal-plan")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="kyodo"
    )
    private_measure = MeasurePageFactory(parent=private, title="庁内の施策", slug="m-1", number="1")
    ActionItemPageFactory(parent=private_measure, title="庁内研修の実施", slug="i-1-1", number="1-1")
    return {"plan": plan, "item": item, "report": report}


def test_the_atom_feed_lists_published_pages_newest_first_and_nothing_unpublished(client, new_plan):
    feed, entries = atom_entries(client)
    titles = [entry["title"] for entry in entries]

    assert feed.findtext(f"{ATOM}title") == "市民参加・協働の計画の新着情報"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
    # The report was published last, the item just before it.
    assert titles[:2] == ["協働推進計画 令和6年度進捗報告", "協働コーディネーター養成講座"]
    assert "みなと市協働推進計画（第4次）" in titles
    assert "みなと市市民参加推進計画（第3次）" in titles  # published when the site was built
    for hidden in (
        "地域自治推進計画（素案）",
        "庁内検討用の計画",
        "庁内研修の実施",
        "協働推進計画 令和7年度進捗報告（作成中）",
    ):
        assert hidden not in titles
    # Measures are not in the feed: plans, reports and items are.
    assert "協働の担い手づくり" not in titles
    assert [entry["updated"] for entry in entries] == sorted(
        (entry["updated"] for entry in entries), reverse=True
    )

    by_title = {entry["title"]: entry for entry in entries}
    plan = by_title["みなと市協働推進計画（第4次）"]
    assert plan["link"] == f"{SITE}/plans/collaboration-4/"
    assert plan["summary"] == "市民活動団体と市が協働して地域の課題に取り組むための計画です。"
    assert plan["category"] == "計画"
    report = by_title["協働推進計画 令和6年度進捗報告"]
    assert report["link"] == f"{SITE}/plans/collaboration-4/report-2024/"
    assert report["summary"] == "講座の受講者が目標を上回り、順調に進んでいます。"
    assert report["category"] == "進捗報告"
    item = by_title["協働コーディネーター養成講座"]
    assert item["summary"] == "市民と市が地域の課題について話し合う場を設けます。"
    assert item["category"] == "実施事業"
    # The feed's own links are on the configured host too.
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": f"{SITE}/updates/", "self": f"{SITE}/updates/feed.atom"}


def test_a_page_published_again_moves_to_the_top_as_updated(client, new_plan, sample_plan):
    revision = sample_plan.plan.save_revision()
    revision.publish()

    _feed, entries = atom_entries(client)
    assert entries[0]["title"] == "みなと市市民参加推進計画（第3次）"
    assert entries[0]["published"] < entries[0]["updated"]

    page = soup_of(client.get("/updates/"))
    first = page.select(".update-list li")[0]
    assert first.select_one("a").get_text() == "みなと市市民参加推進計画（第3次）"
    assert first.select_one(".update-list__kind").get_text() == "計画・更新"
    assert page.select(".update-list li")[1].select_one(".update-list__kind").get_text() == "進捗報告・新規"


def test_a_page_unpublished_or_made_private_leaves_the_feed(client, new_plan):
    new_plan["report"].unpublish()
    PageViewRestriction.objects.create(
        page=new_plan["plan"], restriction_type=PageViewRestriction.PASSWORD, password="kyodo"
    )

    titles = [entry["title"] for entry in atom_entries(client)[1]]
    assert "協働推進計画 令和6年度進捗報告" not in titles
    assert "みなと市協働推進計画（第4次）" not in titles
    assert "協働コーディネーター養成講座" not in titles  # below the private plan


def test_the_rss_feed_carries_the_same_entries(client, new_plan):
    response = client.get("/updates/feed.rss")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own response)
    assert channel.findtext("language") == "ja"
    assert channel.findtext("link") == f"{SITE}/updates/"
    items = channel.findall("item")
    assert items[0].findtext("title") == "協働推進計画 令和6年度進捗報告"
    assert items[0].findtext("link") == f"{SITE}/plans/collaboration-4/report-2024/"
    titles = {item.findtext("title") for item in items}
    assert "地域自治推進計画（素案）" not in titles and "庁内検討用の計画" not in titles


@pytest.fixture
def english_plan(tree, sample_plan):
    """The home page, the plan list and the sample plan translated into English and published."""
    copies = {}
    for page in (tree.home, tree.plan_index, sample_plan.plan):
        copy = page.specific.copy_for_translation(tree.en)
        if page == sample_plan.plan:
            copy.title = "Minato City Citizen Participation Plan (3rd)"
            copy.summary = "A plan to widen the ways citizens take part in city affairs."
        copy.save_revision().publish()
        copies[page.pk] = Page.objects.get(pk=copy.pk).specific
    return copies[sample_plan.plan.pk]


def test_each_language_has_its_own_feed(client, english_plan):
    feed, entries = atom_entries(client, "/en/updates/feed.atom")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert [entry["title"] for entry in entries] == ["Minato City Citizen Participation Plan (3rd)"]
    assert entries[0]["link"] == f"{SITE}/en/plans/participation-3/"
    assert entries[0]["summary"] == "A plan to widen the ways citizens take part in city affairs."
    assert entries[0]["category"] == "Plan"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == f"{SITE}/en/updates/"

    japanese = [entry["title"] for entry in atom_entries(client)[1]]
    assert "みなと市市民参加推進計画（第3次）" in japanese
    assert "Minato City Citizen Participation Plan (3rd)" not in japanese


def test_the_home_and_plan_pages_announce_the_feeds_of_their_language(client, sample_plan, english_plan):
    for url, prefix in (("/", ""), (sample_plan.plan.url, ""), ("/en/", "/en"), (english_plan.url, "/en")):
        head = soup_of(client.get(url)).head
        assert (
            head.select_one('link[rel=alternate][type="application/atom+xml"]')["href"]
            == f"{prefix}/updates/feed.atom"
        )
        assert (
            head.select_one('link[rel=alternate][type="application/rss+xml"]')["href"]
            == f"{prefix}/updates/feed.rss"
        )


def test_the_home_page_lists_the_newest_documents_in_wareki(client, tree, sample_plan):
    """新着情報 on the home page: plans and reports only, newest first, dated in 和暦."""
    long_ago = datetime.datetime(2024, 4, 1, 9, tzinfo=datetime.UTC)
    Page.objects.update(first_published_at=long_ago, last_published_at=long_ago)
    tokyo = timezone.get_default_timezone()
    # 20 May 2025 at 00:30 in Tokyo is still 19 May in UTC: the page shows the Tokyo date.
    Page.objects.filter(pk=sample_plan.report.pk).update(
        last_published_at=datetime.datetime(2025, 5, 20, 0, 30, tzinfo=tokyo)
    )
    Page.objects.filter(pk=sample_plan.public_members.pk).update(
        last_published_at=datetime.datetime(2025, 6, 1, tzinfo=tokyo)
    )

    section = soup_of(client.get("/")).find(id="updates-heading").parent
    rows = section.select(".update-list li")
    texts = [" ".join(row.get_text(" ").split()) for row in rows]
    assert texts[0] == "令和7年（2025年）5月20日 進捗報告・更新 令和6年度 市民参加推進レポート"
    assert texts[1].startswith("令和6年（2024年）4月1日 計画・新規 ")
    assert rows[0].select_one("time")["datetime"].startswith("2025-05-20")
    # Items are in the feed, not in the home page's list.
    assert sample_plan.public_members.title not in section.get_text()
    assert len(rows) == 4  # the three plans of the site and the report
    link = section.select_one(".more-link a")
    assert link["href"] == "/updates/"


def test_the_updates_page_is_paginated_and_links_the_feeds(client, tree):
    for number in range(1, 21):
        PlanPageFactory(
            parent=tree.plan_index, title=f"地区別計画（第{number}地区）", slug=f"district-{number}"
        )

    first = soup_of(client.get("/updates/"))
    assert first.h1.get_text() == "新着情報"
    rows = first.select(".update-list li a")
    assert len(rows) == 20
    assert rows[0].get_text() == "地区別計画（第20地区）"
    assert first.select_one(".pagination a[rel=next]")["href"] == "?page=2"
    feeds = {a.get_text(): a["href"] for a in first.select(".updates-feeds a")}
    assert feeds == {"Atomフィード": "/updates/feed.atom", "RSSフィード": "/updates/feed.rss"}

    second = soup_of(client.get("/updates/?page=2"))
    titles = [a.get_text() for a in second.select(".update-list li a")]
    # 20 new plans, then the site's three plans and its report: four on the second page.
    assert len(titles) == 4
    assert "地区別計画（第1地区）" not in titles and "みなと市市民参加推進計画（第3次）" in titles
    assert second.select_one(".pagination a[rel=prev]")["href"] == "?page=1"
    assert PlanPage.objects.filter(live=True).count() == 23
