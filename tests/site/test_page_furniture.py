"""What every public page carries besides its content, as a citizen and a crawler get it:
更新日 in 和暦, the page's own contact, description, canonical and OGP on the configured host,
the sitemaps, robots.txt and the favicon."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import override

from wagtail.models import Page, PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from home.models import MunicipalitySettings
from home.site_address import check_site_address, configured_address, sync_default_site
from plans.fiscal_years import date_ja, wareki_date
from plans.models import ActionItemPage
from plans.templatetags.kyodo import japanese_date
from tests.factories import municipality_text

from ..factories import ActionItemPageFactory, GuidelinePageFactory, StandardPageFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "https://www.city.minato.example.jp"

pytestmark = pytest.mark.django_db


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def set_published(page: Page, moment: datetime.datetime) -> None:
    Page.objects.filter(pk=page.pk).update(last_published_at=moment)


@pytest.fixture
def configured_host(tree):
    """The site as deployed: BASE_URL names the city's host and the site follows it."""
    with override_settings(WAGTAILADMIN_BASE_URL=HOST):
        sync_default_site()
        yield HOST


# 和暦 -------------------------------------------------------------------------------


def test_dates_are_written_in_the_era_of_the_day():
    assert wareki_date(datetime.date(2023, 4, 1)) == "令和5年4月1日"
    assert wareki_date(datetime.date(2019, 4, 30)) == "平成31年4月30日"
    assert wareki_date(datetime.date(2019, 5, 1)) == "令和元年5月1日"
    assert wareki_date(datetime.date(1989, 1, 7)) == "昭和64年1月7日"
    assert date_ja(datetime.date(2023, 4, 1)) == "令和5年（2023年）4月1日"


def test_the_date_filter_speaks_the_page_language():
    # 23:30 UTC on 31 March is already 1 April in Japan.
    moment = datetime.datetime(2025, 3, 31, 23, 30, tzinfo=datetime.UTC)
    with override("ja"):
        assert japanese_date(moment) == "令和7年（2025年）4月1日"
    with override("ja-x-easy"):
        assert japanese_date(datetime.date(2023, 4, 1)) == "令和5年（2023年）4月1日"
    with override("en"):
        assert japanese_date(datetime.date(2023, 4, 1)) == "April 1, 2023"


# 更新日 and the guideline's 改訂日 ----------------------------------------------------------


def test_every_page_says_when_it_was_last_published(client, sample_plan):
    published = timezone.make_aware(datetime.datetime(2024, 6, 3, 10, 0))
    for page in (sample_plan.plan, sample_plan.participation, sample_plan.public_members, sample_plan.report):
        set_published(page, published)
        soup = soup_of(client.get(page.url))
        updated = soup.select_one(".page-info__updated")
        assert updated.get_text().strip() == "更新日：令和6年（2024年）6月3日", page.url
        assert updated.time["datetime"] == "2024-06-03"


def test_the_guideline_revision_date_is_in_the_era(client, tree):
    guideline = GuidelinePageFactory(
        parent=tree.guideline_index, title="協働の手引き", slug="tebiki", revised_on=datetime.date(2023, 4, 1)
    )
    soup = soup_of(client.get(guideline.url))
    revised = soup.find("dt", string="改訂日").find_next_sibling("dd")
    assert text(revised) == "令和5年（2023年）4月1日"
    index = soup_of(client.get(tree.guideline_index.url))
    assert "令和5年（2023年）4月1日" in text(index.select_one("main"))
    assert "2023年4月1日" not in text(index.select_one("main")).replace("（2023年）", "")


# このページに関するお問い合わせ ----------------------------------------------------------------


def contact_of(client, page) -> str:
    block = soup_of(client.get(page.url)).select_one(".page-contact")
    assert block is not None, page.url
    assert text(block.h2) == "このページに関するお問い合わせ"
    return text(block.address)


def test_an_item_names_its_lead_department(client, sample_plan):
    assert contact_of(client, sample_plan.women_members).startswith("市民局 広聴課")
    lead = contact_of(client, sample_plan.public_members)
    assert lead.startswith("市民局 市民協働推進課")
    assert "045-671-2222" in lead and "kyodo@city.minato.example.jp" in lead


def test_an_item_without_departments_names_its_plan_issuing_department(client, sample_plan):
    orphan = ActionItemPageFactory(
        parent=sample_plan.participation, title="委員名簿の公開", slug="roster", number="1-3"
    )
    assert not ActionItemPage.objects.get(pk=orphan.pk).departments.exists()
    assert contact_of(client, orphan).startswith("市民局 市民協働推進課")


def test_measures_reports_and_plans_name_the_plan_issuing_department(client, sample_plan, departments):
    sample_plan.plan.issuing_department = departments.koho
    sample_plan.plan.save_revision().publish()
    for page in (sample_plan.plan, sample_plan.comments, sample_plan.report):
        assert contact_of(client, page).startswith("政策局 広報課"), page.url


def test_other_pages_name_the_site_default_contact(client, tree):
    MunicipalitySettings.objects.update_or_create(site=tree.site, defaults={"phone": "045-671-1111"})
    municipality_text(tree.site, name="みなと市", office_name="市民協働推進課")
    page = StandardPageFactory(parent=tree.home, title="このサイトについて", slug="about")
    contact = contact_of(client, page)
    assert contact.startswith("みなと市 市民協働推進課") and "045-671-1111" in contact


# Description, canonical and OGP ------------------------------------------------------------


def meta(soup, **attrs) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def test_description_is_the_search_description_else_the_page_text(client, sample_plan):
    report = soup_of(client.get(sample_plan.report.url))
    assert (
        meta(report, name="description")
        == "公募委員の登用は順調に進みましたが、女性委員の登用には遅れが見られます。"
    )
    sample_plan.plan.search_description = "第3次計画の概要です。"
    sample_plan.plan.save_revision().publish()
    plan = soup_of(client.get(sample_plan.plan.url))
    assert meta(plan, name="description") == "第3次計画の概要です。"
    assert meta(plan, property="og:description") == "第3次計画の概要です。"


def test_canonical_and_ogp_use_the_configured_host(client, sample_plan, configured_host):
    item = sample_plan.public_members
    soup = soup_of(client.get(item.url, HTTP_HOST="localhost"))
    expected = f"{HOST}{item.url}"
    assert soup.find("link", rel="canonical")["href"] == expected
    assert meta(soup, property="og:url") == expected
    assert meta(soup, property="og:title") == "審議会等への公募委員の登用"
    assert meta(soup, property="og:type") == "article"
    assert meta(soup, property="og:locale") == "ja_JP"
    assert "市民参加・協働の計画" in meta(soup, property="og:site_name")


def test_a_japanese_page_under_the_english_prefix_is_canonical_in_japanese(
    client, sample_plan, configured_host
):
    item = sample_plan.public_members
    soup = soup_of(client.get(f"/en{item.url}"))
    assert soup.find("link", rel="canonical")["href"] == f"{HOST}{item.url}"
    assert meta(soup, property="og:locale") == "ja_JP"


def test_the_api_html_url_uses_the_configured_host(client, sample_plan, configured_host):
    data = client.get(f"/api/v2/pages/{sample_plan.plan.pk}/").json()
    assert data["meta"]["html_url"] == f"{HOST}{sample_plan.plan.url}"


def test_the_deploy_check_warns_when_the_site_names_another_host(tree):
    with override_settings(WAGTAILADMIN_BASE_URL=HOST):
        assert [message.id for message in check_site_address()] == ["kyodo.W001"]
        call_command("sync_site_address", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert check_site_address() == []
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port, site.root_url) == ("www.city.minato.example.jp", 443, HOST)
    assert configured_address("http://127.0.0.1:8000").root_url == "http://127.0.0.1:8000"


# Sitemaps, robots.txt, favicon -------------------------------------------------------------


def sitemap_entries(client, url) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own sitemap
    return {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in root.findall(f"{SITEMAP}url")
    }


@pytest.fixture
def english_home(tree):
    home = tree.home.copy_for_translation(tree.en)
    home.title = "Minato City participation portal"
    home.save_revision().publish()
    return home


def test_the_sitemap_index_lists_one_sitemap_per_language_with_pages(
    client, tree, english_home, configured_host
):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    locations = [entry.findtext(f"{SITEMAP}loc") for entry in root.findall(f"{SITEMAP}sitemap")]
    # Languages without a public page (no Korean tree here) have no sitemap.
    assert locations == [f"{HOST}/sitemap-ja.xml", f"{HOST}/sitemap-en.xml"]
    assert list(sitemap_entries(client, "/sitemap-en.xml")) == [f"{HOST}/en/"]


def test_the_sitemap_lists_public_pages_with_lastmod_and_nothing_else(
    client, sample_plan, tree, english_home, configured_host
):
    set_published(sample_plan.plan, timezone.make_aware(datetime.datetime(2024, 6, 3, 10, 0)))
    draft = StandardPageFactory(parent=tree.home, title="準備中のページ", slug="draft-page", publish=False)
    private = StandardPageFactory(parent=tree.home, title="職員向けのページ", slug="staff-only")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    below_private = StandardPageFactory(parent=private, title="職員向けの手順", slug="staff-steps")
    unpublished = StandardPageFactory(parent=tree.home, title="掲載を終えたページ", slug="withdrawn")
    unpublished.unpublish()

    entries = sitemap_entries(client, "/sitemap-ja.xml")
    assert entries[f"{HOST}{sample_plan.plan.url}"] == "2024-06-03"
    assert f"{HOST}{sample_plan.public_members.url}" in entries
    assert f"{HOST}/" in entries
    for hidden in (draft, private, below_private, unpublished):
        assert not any(hidden.slug in location for location in entries), hidden.slug
    assert all(lastmod for lastmod in entries.values())
    # The English tree has no translation of the plan: its Japanese page is listed once, in Japanese.
    assert not any(
        sample_plan.plan.slug in location for location in sitemap_entries(client, "/sitemap-en.xml")
    )


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, configured_host):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {HOST}/sitemap.xml" in lines


def test_the_favicon_is_linked_and_served(client, tree):
    soup = soup_of(client.get(tree.home.url))
    icons = {link["type"]: link["href"] for link in soup.find_all("link", rel="icon")}
    assert icons["image/svg+xml"].endswith("favicon.svg") and icons["image/png"].endswith("favicon.png")
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.ico")
