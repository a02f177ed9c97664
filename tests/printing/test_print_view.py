"""The whole-plan print view, the print and PDF links of plan and report pages, and the
print style sheet (no browser here; tests/printing/test_pdf.py prints for real)."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from plans.models import MeasurePage

from ..factories import ActionItemPageFactory, MeasurePageFactory, add_item_rows, municipality_text


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def print_url(page, language: str = "ja") -> str:
    with translation.override(language):
        return reverse("plan_print", args=[page.pk])


def pdf_url(page, language: str = "ja") -> str:
    with translation.override(language):
        return reverse("page_pdf", args=[page.pk])


@pytest.fixture
def hidden_pages(sample_plan, departments):
    """A draft item and an item under a private measure in the sample plan, and an item
    below a measure whose publication was withdrawn."""
    draft = ActionItemPageFactory(
        parent=sample_plan.participation, title="下書きの事業", slug="draft-item", number="1-9", publish=False
    )
    private_measure = MeasurePageFactory(
        parent=sample_plan.plan, title="非公開の施策", slug="private-measure", number="8"
    )
    PageViewRestriction.objects.create(
        page=private_measure, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    private_item = add_item_rows(
        ActionItemPageFactory(
            parent=private_measure, title="非公開の施策の事業", slug="private-item", number="8-1"
        ),
        departments=[departments.kyodo],
    )
    withdrawn = MeasurePageFactory(
        parent=sample_plan.plan, title="掲載を終えた施策", slug="withdrawn", number="9"
    )
    below_withdrawn = ActionItemPageFactory(
        parent=withdrawn, title="掲載を終えた施策の事業", slug="below", number="9-1"
    )
    withdrawn.unpublish()
    return [draft, private_measure, private_item, withdrawn, below_withdrawn]


def test_the_print_view_holds_every_public_measure_and_item_in_tree_order_with_a_table_of_contents(
    client, sample_plan, hidden_pages
):
    response = client.get(print_url(sample_plan.plan))
    assert response.status_code == 200
    soup = soup_of(response)
    main = soup.find("main")
    assert main.find("h1").get_text(strip=True) == sample_plan.plan.title

    measures = [sample_plan.participation, sample_plan.comments, sample_plan.proposals]
    items = [
        sample_plan.public_members,
        sample_plan.women_members,
        sample_plan.public_comment,
        sample_plan.proposal_system,
    ]
    sections = [section["id"] for section in main.select("section.document-measure, section.document-item")]
    assert sections == [
        f"measure-{sample_plan.participation.pk}",
        f"item-{sample_plan.public_members.pk}",
        f"item-{sample_plan.women_members.pk}",
        f"measure-{sample_plan.comments.pk}",
        f"item-{sample_plan.public_comment.pk}",
        f"measure-{sample_plan.proposals.pk}",
        f"item-{sample_plan.proposal_system.pk}",
    ]
    # The 目次 links every measure and item, and every link lands on a heading's section.
    toc = main.find("nav", class_="document-toc")
    targets = [link["href"] for link in toc.find_all("a")]
    for page in measures:
        assert f"#measure-{page.pk}" in targets
    for page in items:
        assert f"#item-{page.pk}" in targets
    ids = {element["id"] for element in soup.find_all(id=True)}
    assert all(target[1:] in ids for target in targets if target.startswith("#"))

    text = " ".join(main.get_text(" ").split())
    for page in measures + items:
        assert page.title in text
    for page in hidden_pages:
        assert page.title not in text
        assert f'-{page.pk}"' not in response.content.decode()


def test_an_item_shows_what_its_own_page_shows(client, sample_plan):
    soup = soup_of(client.get(print_url(sample_plan.plan)))
    item = soup.find(id=f"item-{sample_plan.public_members.pk}")
    text = " ".join(item.get_text(" ").split())
    assert "1-1 審議会等への公募委員の登用" in text
    assert "新規" in text  # flags
    assert "■ 公募委員制度の運用" in text  # 取組方針
    assert "市民協働推進課" in text and "広報課" in text  # departments, the lead first
    assert "kyodo@city.minato.example.jp" in text  # the department's contact
    assert "令和5年度" in text and "令和6年度" in text  # progress years
    assert "順調" in text  # the latest status
    schedule = item.find("table", class_="timeline")
    assert schedule is not None and "検討" in schedule.get_text()
    # It is re-listed under 施策3, which lists it in its table and links to it in the document.
    assert sample_plan.proposals.title in text
    proposals = soup.find(id=f"measure-{sample_plan.proposals.pk}")
    assert proposals.find("a", href=f"#item-{sample_plan.public_members.pk}") is not None


def test_the_print_view_is_translated_furniture_and_ruby(client, sample_plan, tree):
    municipality_text(tree.site, name="みなと市")
    municipality_text(tree.site, tree.en, name="Minato City")
    english = client.get(print_url(sample_plan.plan, "en"))
    assert english.status_code == 200
    assert soup_of(english).find("html")["lang"] == "en"
    # The municipality's name in the reader's language, in the title and above the plan.
    assert "| Minato City " in soup_of(english).title.string
    assert soup_of(english).select_one(".page-header__eyebrow").get_text() == "Minato City"
    assert "| みなと市 " in soup_of(client.get(print_url(sample_plan.plan))).title.string
    plain = client.get(print_url(sample_plan.plan))
    assert "<ruby>" not in plain.content.decode()
    with_ruby = client.get(print_url(sample_plan.plan) + "?ruby=1")
    body = with_ruby.content.decode()
    assert "<ruby>計画<rp>(</rp><rt>けいかく</rt><rp>)</rp></ruby>" in body
    # The switch is on the screen only; print.css hides it.
    assert soup_of(with_ruby).select_one(".print-toolbar .ruby-toggle") is not None


def test_drafts_private_pages_and_other_pages_have_no_print_view_or_pdf(client, sample_plan, tree):
    draft_plan = type(sample_plan.plan).objects.get(pk=sample_plan.plan.pk)
    draft_plan.unpublish()
    assert client.get(print_url(draft_plan)).status_code == 404
    assert client.get(pdf_url(draft_plan)).status_code == 404
    assert client.get(print_url(tree.home)).status_code == 404
    assert client.get(pdf_url(tree.home)).status_code == 404
    measure = MeasurePage.objects.get(pk=sample_plan.participation.pk)
    assert client.get(pdf_url(measure)).status_code == 404


def test_a_private_plan_has_no_print_view_no_pdf_and_no_links(client, sample_plan):
    PageViewRestriction.objects.create(
        page=sample_plan.plan, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert client.get(print_url(sample_plan.plan)).status_code == 404
    assert client.get(pdf_url(sample_plan.plan)).status_code == 404
    assert client.get(pdf_url(sample_plan.report)).status_code == 404


def test_plan_and_report_pages_link_to_the_print_view_and_the_pdf(client, sample_plan, settings):
    settings.KYODO_CHROMIUM = "/bin/sh"  # any executable: only the links are checked here
    plan_page = soup_of(client.get(sample_plan.plan.url))
    links = {link.get_text(strip=True): link["href"] for link in plan_page.select(".print-links a")}
    assert links["計画全体を印刷する"] == print_url(sample_plan.plan)
    assert links["PDFをダウンロード（A4、印刷用）"] == pdf_url(sample_plan.plan)
    assert plan_page.select_one('.page-toc a[href="#print-heading"]') is not None
    report_page = soup_of(client.get(sample_plan.report.url))
    links = {link.get_text(strip=True): link["href"] for link in report_page.select(".print-links a")}
    assert links == {"PDFをダウンロード（A4、印刷用）": pdf_url(sample_plan.report)}


def test_without_chromium_the_pages_say_the_pdf_is_not_available(client, sample_plan, settings):
    settings.KYODO_CHROMIUM = "/nonexistent/chromium"
    page = client.get(sample_plan.plan.url).content.decode()
    assert "PDFは現在ご利用いただけません。" in page
    assert pdf_url(sample_plan.plan) not in page
    response = client.get(pdf_url(sample_plan.plan))
    assert response.status_code == 503
    assert "PDFは現在ご利用いただけません" in response.content.decode()


def test_the_served_pages_print_with_the_print_style_sheet(client, sample_plan):
    for url in (print_url(sample_plan.plan), sample_plan.plan.url, sample_plan.report.url):
        soup = soup_of(client.get(url))
        sheets = [link for link in soup.find_all("link", rel="stylesheet") if link.get("media") == "print"]
        assert [link["href"] for link in sheets] == ["/static/css/print.css"], url
    with open(finders.find("css/print.css"), encoding="utf-8") as handle:
        css = handle.read()
    assert re.search(r"@page\s*{[^}]*size:\s*A4", css)
    hidden = re.search(r"([^{}]*){\s*display:\s*none !important;", css).group(1)
    hidden = {selector.strip() for selector in hidden.split(",")}
    for selector in (".language-switcher", ".ruby-toggle", ".main-nav", ".search-form", ".print-toolbar"):
        assert selector in hidden
    headings = re.search(r"h1,\s*h2,\s*h3,\s*h4,[^{]*{([^}]*)}", css).group(1)
    assert "break-after: avoid" in headings and "break-inside: avoid" in headings
    # An e-mail link shows its address as its text: the address is not written out again.
    mailto = re.search(r'a\[href\^="mailto:"\]::after[^{]*{([^}]*)}', css).group(1)
    assert "content: none" in mailto


def test_the_print_view_needs_no_more_queries_for_more_items(client, sample_plan, departments):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans.vocabularies import ProgressStatus

    from ..factories import add_many_items

    measure = MeasurePageFactory(parent=sample_plan.plan, title="大きな施策", slug="large", number="7")
    add_item_rows(
        ActionItemPageFactory(parent=measure, title="最初の事業", slug="first", number="7-0"),
        departments=[departments.kyodo],
        progress={2024: ProgressStatus.ON_TRACK},
    )
    url = print_url(sample_plan.plan)
    client.get(url)  # caches warmed: site, settings, reading dictionary
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_many_items(
        measure, 40, departments=[departments.kyodo, departments.koho], progress={2024: "on_track"}
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('class="document-item"') == 5 + 40
    assert len(many) == len(few)
