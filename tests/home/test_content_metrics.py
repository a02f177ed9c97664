"""The checks panel's content metrics: characters and a reading time for Japanese pages,
Wagtail's words for the others; and the Wagtail behaviour the script relies on."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.urls import reverse

import wagtail
from wagtail.models import Locale

import pytest
from bs4 import BeautifulSoup

WAGTAIL = Path(wagtail.__file__).resolve().parent
SCRIPT = "js/admin/content-metrics.js"


def editor(client, page) -> BeautifulSoup:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(html: BeautifulSoup) -> str:
    """All text, that of <template> elements (the panel's explainer dialog) included."""
    return " ".join(html.find_all(string=True))


def test_a_japanese_page_counts_characters(admin_client, sample_plan):
    html = editor(admin_client, sample_plan.public_members)

    assert html.select_one("[data-kyodo-character-count]") is not None
    reading_time = html.select_one("[data-kyodo-reading-time]")
    assert reading_time["data-kyodo-characters-per-minute"] == "500"
    assert reading_time["data-kyodo-reading-time-format"] == "約{minutes}分"
    assert "文字数" in text(html) and "1分間に500文字を読むとして" in text(html)
    # Wagtail's words, reading time and readability are not shown.
    assert html.select("[data-content-word-count], [data-content-readability-score]") == []
    assert html.find("script", src=lambda src: src and src.endswith(SCRIPT)) is not None


def test_a_new_japanese_page_counts_characters(admin_client, sample_plan):
    url = reverse("wagtailadmin_pages:add", args=("plans", "actionitempage", sample_plan.participation.pk))
    html = BeautifulSoup(admin_client.get(url).content, "html.parser")

    assert html.select_one("[data-kyodo-character-count]") is not None


def test_a_page_in_another_language_keeps_wagtails_metrics(admin_client, sample_plan):
    english = sample_plan.plan.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)

    html = editor(admin_client, english)

    assert html.select_one("[data-content-word-count]") is not None
    assert html.select_one("[data-kyodo-character-count]") is None


def test_the_reading_speed_is_a_setting(admin_client, sample_plan, settings):
    settings.KYODO_JAPANESE_CHARACTERS_PER_MINUTE = 400

    html = editor(admin_client, sample_plan.public_members)

    assert html.select_one("[data-kyodo-reading-time]")["data-kyodo-characters-per-minute"] == "400"


def test_the_script_is_served():
    path = finders.find(SCRIPT)
    assert path is not None
    script = Path(path).read_text(encoding="utf-8")
    assert "'w-preview:content'" in script and "innerText" in script


@pytest.mark.parametrize("block", ["metrics", "metrics_explainer"])
def test_wagtails_checks_panel_still_has_the_blocks_kyodo_overrides(block):
    """A Wagtail upgrade that renames them would leave Wagtail's word count in place."""
    source = (WAGTAIL / "admin/templates/wagtailadmin/shared/side_panels/checks.html").read_text()
    assert f"{{% block {block} %}}" in source
    assert get_template("wagtailadmin/shared/side_panels/checks.html").origin.name.startswith(
        str(settings.BASE_DIR / "templates")
    )


def test_wagtail_still_announces_the_previews_text():
    """The script counts the text Wagtail's preview controller (identifier "w-preview")
    dispatches as "content" with the extracted <main> (detail.content, its innerText); a
    Wagtail upgrade that changes this must be looked at: the metrics would stay at "-"."""
    core = (WAGTAIL / "admin/static/wagtailadmin/js/core.js").read_text(encoding="utf-8")
    assert 'this.dispatch("content",{detail:{content:' in core
    assert "e.innerText" in core
