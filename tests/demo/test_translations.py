"""The demo's translations: 青葉市市民参加推進計画（第2次） in English (every page) and in easy
Japanese (its overview and six items), made the way a translator makes them (sent for
translation, the plan's PO bundle filled in and imported, published), read over the site's
own URLs, and left alone by the next load, whatever a translator changed since."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlparse

from django.conf import settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringSegment, StringTranslation, Translation

import polib
import pytest
from bs4 import BeautifulSoup

from demo.loader import load_demo
from demo.participation_plan_easy import EASY_JAPANESE, ITEMS
from demo.participation_plan_easy import INDICATORS as EASY_INDICATORS
from demo.participation_plan_en import ENGLISH, INDICATOR_UNITS, INDICATORS_ENGLISH
from plans.models import ActionItemPage, Indicator, PlanPage
from translations.po import export_plan_po

pytestmark = pytest.mark.slow

PLAN_SLUG = "participation-plan-2"
EASY = settings.KYODO_EASY_JAPANESE


def plan_in(language_code: str) -> PlanPage:
    return PlanPage.objects.get(slug=PLAN_SLUG, locale__language_code=language_code)


def read(client, url: str) -> tuple[int, BeautifulSoup]:
    """The page as a reader gets it, without the readings (ruby) easy-Japanese pages add."""
    response = client.get(url)
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    for reading in soup.find_all(["rt", "rp"]):
        reading.decompose()
    return response.status_code, soup


def text(element) -> str:
    return " ".join(element.get_text().split())


def japanese_units(plan: PlanPage) -> set[str]:
    """The units of the plan's published Japanese indicators."""
    return set(Indicator.objects.filter(plan=plan, live=True).values_list("unit", flat=True))


def bundle_entries(plan: PlanPage, locale: Locale) -> list[polib.POEntry]:
    with zipfile.ZipFile(io.BytesIO(export_plan_po(plan, locale))) as bundle:
        files = [polib.pofile(bundle.read(name).decode()) for name in bundle.namelist()]
    return [entry for po in files for entry in po if not entry.obsolete]


def test_every_page_of_the_plan_reads_in_english(client, loaded):
    japanese, english = plan_in("ja"), plan_in("en")
    pages = list(english.get_descendants(inclusive=True).specific())
    assert len(pages) == japanese.get_descendants(inclusive=True).count() == 1 + 8 + 25 + 2

    for page in pages:
        source = page.get_translation(japanese.locale)
        assert page.url.startswith(f"/en/plans/{PLAN_SLUG}/")
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert soup.html["lang"] == "en", page.url
        assert page.title == ENGLISH[source.title]
        assert text(soup.h1).endswith(page.title), page.url
        assert source.title not in html, page.url
        assert "このページは機械翻訳です" not in html

    # The departments are the English ones.
    _status, soup = read(client, f"/en/plans/{PLAN_SLUG}/measure-1/item-1-1/")
    assert "Lifelong Learning Division" in text(soup.main)
    assert "生涯学習課" not in text(soup.main)


def test_the_english_plan_is_translated_string_by_string_through_its_po_bundle(loaded):
    japanese = plan_in("ja")
    english = Locale.objects.get(language_code="en")
    keys = [page.translation_key for page in japanese.get_descendants(inclusive=True)]

    translations = Translation.objects.filter(source__object_id__in=keys, target_locale=english, enabled=True)
    assert translations.count() == len(keys)
    for translation in translations:
        total, translated = translation.get_progress()
        assert total == translated > 0, translation.source.object_repr
    strings = StringTranslation.objects.filter(locale=english, context__object_id__in=keys)
    assert set(strings.values_list("translation_type", "tool_name")) == {("manual", "PO")}

    # The catalogue holds exactly the strings of the plan's pages and of its indicators (each
    # indicator's unit is translated in its own file: 件 is "comments" for one, "proposals"
    # for another), and the bundle carries their texts.
    entries = bundle_entries(japanese, english)
    units = japanese_units(japanese)
    assert {entry.msgid for entry in entries} == set(ENGLISH) | set(INDICATORS_ENGLISH) | units
    for entry in entries:
        if entry.msgid in units and entry.msgid not in ENGLISH:
            assert entry.msgstr in INDICATOR_UNITS.values(), entry.msgid
        else:
            assert entry.msgstr == {**INDICATORS_ENGLISH, **ENGLISH}[entry.msgid], entry.msgid


def test_the_plan_and_six_items_read_in_easy_japanese(client, loaded):
    japanese = plan_in("ja")
    easy_locale = Locale.objects.get(language_code=EASY)
    easy = plan_in(EASY)
    items = list(ActionItemPage.objects.descendant_of(easy).order_by("path"))
    assert [item.number for item in items] == list(ITEMS)

    # The bundle holds the pages' strings and those of the three indicators of these
    # measures, whose units (% and 件) are kept as they are.
    entries = bundle_entries(japanese, easy_locale)
    assert {entry.msgid for entry in entries} == set(EASY_JAPANESE) | set(EASY_INDICATORS) | {"%", "件"}
    for entry in entries:
        assert entry.msgstr == {**EASY_INDICATORS, **EASY_JAPANESE, "%": "%", "件": "件"}[entry.msgid]
    for page in [easy, *items]:
        assert page.url.startswith(f"/{EASY}/plans/{PLAN_SLUG}/")
        status, soup = read(client, page.url)
        assert status == 200, page.url
        assert soup.html["lang"] == EASY, page.url
        assert text(soup.h1) == EASY_JAPANESE[page.get_translation(japanese.locale).title]
        # Every easy-Japanese string of the page is on it.
        page_text = text(soup.main)
        translation = Translation.objects.get(
            source__object_id=page.translation_key, source__locale=japanese.locale, target_locale=easy_locale
        )
        for entry in translation.export_po():
            if entry.msgctxt.startswith("indicator_grade_bands."):
                continue  # the grades of the plan's indicators, shown with the indicators
            assert " ".join(entry.msgstr.split()) in page_text, (page.url, entry.msgctxt)

    # The department names stay standard Japanese, marked as such.
    _status, soup = read(client, f"/{EASY}/plans/{PLAN_SLUG}/measure-1/item-1-2/")
    assert any("青少年育成課" in text(element) for element in soup.main.find_all(lang="ja"))


def test_the_easy_japanese_items_are_reached_from_the_easy_japanese_home_page(client, loaded):
    prefix = f"/{EASY}/"
    seen: dict[str, int] = {}
    queue = [prefix]
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if "html" not in response.get("Content-Type", ""):
            continue  # a download
        for anchor in BeautifulSoup(response.content.decode(), "html.parser").find_all("a", href=True):
            url = urlparse(anchor["href"])
            if not url.netloc and url.path.startswith(prefix + "plans/") and url.path not in seen:
                queue.append(url.path)

    items = {item.url for item in ActionItemPage.objects.filter(locale__language_code=EASY)}
    assert len(items) == len(ITEMS)
    assert items <= set(seen)
    assert {path: status for path, status in seen.items() if status != 200} == {}


def test_a_second_load_leaves_the_translations_alone(loaded):
    revisions = Revision.objects.count()

    summary = load_demo()

    assert Revision.objects.count() == revisions
    assert not summary.created and not summary.updated
    assert summary.unchanged["ActionItemPage (en)"] == 25
    assert summary.unchanged[f"ActionItemPage ({EASY})"] == len(ITEMS)
    assert summary.unchanged["Department (en)"] == 25


@pytest.fixture
def translator_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("honyaku", "honyaku@city.aoba.example.jp", "pw")
    client.force_login(user)
    return client


def test_a_translators_change_survives_the_next_load(
    translator_client, loaded, django_capture_on_commit_callbacks
):
    item = ActionItemPage.objects.get(slug="item-1-1", locale__language_code="en")
    translation = Translation.objects.get(source__object_id=item.translation_key, target_locale=item.locale)
    title = StringSegment.objects.get(source=translation.source, context__path="title")

    # In the translation editor: a better title, then "Publish in English".
    response = translator_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, title.pk]),
        encode_multipart(BOUNDARY, {"value": "Talks on citizen participation, wherever you are"}),
        content_type=MULTIPART_CONTENT,
    )
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = translator_client.post(
            reverse("wagtailadmin_pages:edit", args=[item.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    item = ActionItemPage.objects.get(pk=item.pk)
    assert item.title == "Talks on citizen participation, wherever you are"
    revisions = Revision.objects.count()

    summary = load_demo()

    assert not summary.changed
    assert Revision.objects.count() == revisions
    assert ActionItemPage.objects.get(pk=item.pk).title == "Talks on citizen participation, wherever you are"
    status, soup = read(translator_client, item.url)
    assert status == 200
    assert text(soup.h1) == "Talks on citizen participation, wherever you are"
    assert Page.objects.get(pk=item.pk).live


def test_a_japanese_measure_lists_only_japanese_re_listed_items(client, loaded):
    status, soup = read(client, f"/plans/{PLAN_SLUG}/measure-3/")

    assert status == 200
    links = [anchor["href"] for anchor in soup.main.find_all("a", href=True)]
    assert f"/plans/{PLAN_SLUG}/measure-5/item-5-3/" in links
    assert [link for link in links if link.startswith("/en/")] == []


def test_an_english_item_names_its_other_measures_in_english(client, loaded):
    status, soup = read(client, f"/en/plans/{PLAN_SLUG}/measure-5/item-5-3/")

    assert status == 200
    section = soup.find("h2", id="relisted-heading").find_parent("section")
    entries = section.find_all("li")
    assert [entry.a["href"] for entry in entries] == [f"/en/plans/{PLAN_SLUG}/measure-3/"]
    assert all(entry.get("lang") is None for entry in entries)
