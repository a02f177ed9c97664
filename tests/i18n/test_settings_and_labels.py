"""KYODO_LANGUAGES chooses the published languages; fiscal years and vocabulary labels in
the API follow the language asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import pytest

from plans.fiscal_years import fiscal_year_label, fiscal_year_short_label
from settings.base import LANGUAGE_CHOICES, select_languages

from .test_languages import translate

REPO = Path(__file__).resolve().parents[2]
EASY = settings.KYODO_EASY_JAPANESE


def codes(languages) -> list[str]:
    return [code for code, _name in languages]


def test_no_selection_publishes_every_language():
    assert select_languages([]) == LANGUAGE_CHOICES
    assert dict(LANGUAGE_CHOICES)[EASY] == "やさしい日本語"


def test_a_selection_keeps_the_switcher_order_and_always_has_japanese():
    assert codes(select_languages(["ko", "en"])) == ["ja", "en", "ko"]
    assert codes(select_languages(["zh-Hans", "ja-x-easy"])) == ["ja", EASY, "zh-hans"]


def test_unknown_languages_are_refused_by_name():
    with pytest.raises(ImproperlyConfigured) as error:
        select_languages(["en", "fr", "zh-cn"])
    assert "KYODO_LANGUAGES names unknown languages: fr, zh-cn." in str(error.value)
    assert "ja, ja-x-easy, en, zh-hans, zh-hant, ko, pt-br, vi" in str(error.value)


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = (
        "import sys; sys.path.insert(0, 'site'); import django; django.setup(); "
        "from django.conf import settings; "
        "print(','.join(code for code, _ in settings.LANGUAGES)); "
        "print(','.join(code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES)); "
        "print(','.join(code for code, _ in settings.WAGTAILADMIN_PERMITTED_LANGUAGES))"
    )
    base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**base, "DJANGO_SETTINGS_MODULE": "settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_environment_variable_chooses_the_content_languages_not_the_admins():
    result = run_settings({"KYODO_LANGUAGES": "en,ko"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ja,en,ko", "ja,en,ko", "ja,en"]


def test_an_unknown_language_in_the_environment_stops_the_start():
    result = run_settings({"KYODO_LANGUAGES": "ja,klingon"})
    assert result.returncode != 0
    assert "ImproperlyConfigured: KYODO_LANGUAGES names unknown languages: klingon." in result.stderr


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("ja", "令和6年度（2024年度）", "令和6年度"),
        (EASY, "令和6年度（2024年度）", "令和6年度"),
        ("en", "FY2024", "FY2024"),
        ("zh-hans", "FY2024", "FY2024"),
        ("zh-hant", "FY2024", "FY2024"),
        ("ko", "FY2024", "FY2024"),
        ("pt-br", "FY2024", "FY2024"),
        ("vi", "FY2024", "FY2024"),
    ],
)
def test_fiscal_years_in_each_language(language, long, short):
    assert fiscal_year_label(2024, language) == long
    assert fiscal_year_short_label(2024, language) == short
    assert fiscal_year_label(2019, language) == ("令和元年度（2019年度）" if long != "FY2024" else "FY2019")


@pytest.mark.parametrize(
    ("language", "start", "status"),
    [
        ("ko", "FY2021", "계획 기간 중"),
        ("vi", "FY2021", "Đang có hiệu lực"),
        (EASY, "令和3年度（2021年度）", "いま すすめて います"),
    ],
)
def test_the_headless_api_labels_follow_the_language(client, sample_plan, language, start, status):
    data = client.get(f"/api/v2/pages/{sample_plan.plan.pk}/", headers={"accept-language": language}).json()

    assert data["period"]["start"] == {"year": 2021, "label": start, "label_ja": "令和3年度（2021年度）"}
    assert data["status"] == {"code": "in_force", "label": status, "label_ja": "計画期間中"}


def test_the_headless_api_speaks_the_language_of_locale(client, sample_plan):
    korean = translate(sample_plan.plan, "ko")

    data = client.get("/api/v2/pages/", {"locale": "ko", "type": "plans.PlanPage", "fields": "period"}).json()

    assert [item["id"] for item in data["items"]] == [korean.pk]
    assert data["items"][0]["period"]["end"]["label"] == "FY2025"
