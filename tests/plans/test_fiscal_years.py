"""Fiscal years (年度) as citizens read them: Japanese era on Japanese pages, FY elsewhere."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

import pytest

from plans.fiscal_years import fiscal_year_of, fiscal_year_range, wareki
from plans.templatetags.kyodo import circled, fiscal_period, fiscal_year, fiscal_year_short


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1988, "昭和63年度"),
        (1989, "平成元年度"),
        (1990, "平成2年度"),
        (2018, "平成30年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2024, "令和6年度"),
    ],
)
def test_fiscal_years_in_the_japanese_era(year, expected):
    assert wareki(year) == expected
    with translation.override("ja"):
        assert fiscal_year_short(year) == expected
        assert fiscal_year(year) == f"{expected}（{year}年度）"


def test_japanese_pages_print_the_era_and_the_western_year():
    with translation.override("ja"):
        assert fiscal_year(2024) == "令和6年度（2024年度）"
        assert fiscal_year("2019") == "令和元年度（2019年度）"


@pytest.mark.parametrize("language", ["en", "zh-hans", "ko", "pt-br", "vi"])
def test_other_languages_print_fy(language):
    with translation.override(language):
        assert fiscal_year(2024) == "FY2024"
        assert fiscal_year_short(2019) == "FY2019"


def test_the_filters_in_a_template():
    template = Template(
        "{% load kyodo %}{{ year|fiscal_year }} / {{ year|fiscal_year_short }} / {{ n|circled }}"
    )
    context = Context({"year": 2024, "n": 3})
    with translation.override("ja"):
        assert template.render(context) == "令和6年度（2024年度） / 令和6年度 / ③"
    with translation.override("en"):
        assert template.render(context) == "FY2024 / FY2024 / ③"


def test_an_empty_year_prints_nothing():
    with translation.override("ja"):
        assert fiscal_year(None) == ""
        assert fiscal_year("") == ""
        assert fiscal_year_short(None) == ""


def test_a_plan_period():
    plan = SimpleNamespace(period_start=2021, period_end=2025)
    with translation.override("ja"):
        assert fiscal_period(plan) == "令和3年度（2021年度）～令和7年度（2025年度）"
    with translation.override("en"):
        assert fiscal_period(plan) == "FY2021–FY2025"


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2025, 3, 31), 2024),
        (datetime.date(2025, 4, 1), 2025),
        (datetime.date(2024, 12, 31), 2024),
        (datetime.date(2025, 1, 1), 2024),
        (datetime.date(2019, 4, 30), 2019),  # the last day of Heisei is in 令和元年度
    ],
)
def test_the_fiscal_year_of_a_day(day, year):
    assert fiscal_year_of(day) == year


def test_a_fiscal_year_runs_from_april_to_march():
    assert fiscal_year_range(2024) == (datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))


@pytest.mark.parametrize(
    ("number", "mark"),
    [(1, "①"), (2, "②"), (10, "⑩"), (20, "⑳"), (21, "㉑"), (35, "㉟"), (36, "㊱"), (50, "㊿"), ("3", "③")],
)
def test_circled_numbers(number, mark):
    assert circled(number) == mark
