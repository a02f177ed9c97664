"""Grading indicators (plans/indicators.py): each rule at its boundaries, each direction,
missing numbers, a target equal to the baseline, several targets, and the sentence that
explains the grade in Japanese and in English. The indicators are built in memory: the
grading reads what was fetched and runs no query."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

import pytest

from plans.indicators import (
    DEFAULT_GRADING,
    Band,
    Grading,
    Outcome,
    Point,
    assess,
    explain_in,
    grading_of,
    latest_value,
    planned_value,
    target_for,
    whole_percent,
)
from plans.models import Indicator, IndicatorGradeBand, IndicatorTarget, IndicatorValue
from plans.vocabularies import IndicatorDirection, IndicatorRule

UP, DOWN, TARGET = IndicatorDirection.UP, IndicatorDirection.DOWN, IndicatorDirection.TARGET
ACHIEVEMENT, PROGRESS, PATH = IndicatorRule.ACHIEVEMENT, IndicatorRule.PROGRESS, IndicatorRule.PATH

# 長与町's grades: S ≥ 100%, A ≥ 80%, B ≥ 60%, C below.
NAGAYO = grading_of(
    ACHIEVEMENT,
    [
        Band("s", "S", 100, "目標を達成"),
        Band("a", "A", 80, "概ね達成"),
        Band("b", "B", 60, "一定の成果"),
        Band("c", "C", 0, "成果が不十分"),
    ],
)


def indicator(
    *,
    direction: str = UP,
    baseline: tuple[int | None, str] | None = None,
    targets: dict[int, str] | None = None,
    values: dict[int, str | None] | None = None,
    unit: str = "人",
) -> Indicator:
    return Indicator(
        name="協働事業の参加者数",
        unit=unit,
        direction=direction,
        baseline_year=baseline[0] if baseline else None,
        baseline_value=Decimal(baseline[1]) if baseline else None,
        targets=[
            IndicatorTarget(fiscal_year=year, value=Decimal(value)) for year, value in (targets or {}).items()
        ],
        values=[
            IndicatorValue(fiscal_year=year, value=None if value is None else Decimal(value))
            for year, value in (values or {}).items()
        ],
    )


def grade(grading: Grading = DEFAULT_GRADING, year: int | None = 2025, **fields):
    return assess(indicator(**fields), grading, year)


def with_rule(rule: str, grading: Grading = DEFAULT_GRADING) -> Grading:
    return Grading(rule=rule, bands=grading.bands, own=grading.own)


# Achievement: value ÷ target -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "percent", "label"),
    [
        ("1200", 100, "S"),  # exactly the target
        ("1199", 100, "S"),  # 99.92% rounds half up to 100
        ("1193", 99, "A"),  # 99.42%: just under
        ("960", 80, "A"),  # exactly 80%
        ("954", 80, "A"),  # 79.5% rounds up to 80
        ("953", 79, "B"),  # 79.42%
        ("720", 60, "B"),
        ("719", 60, "B"),  # 59.92%
        ("713", 59, "C"),  # 59.42%
        ("0", 0, "C"),
        ("1500", 125, "S"),  # beyond the target: not capped
    ],
)
def test_achievement_bands_at_their_thresholds(value, percent, label):
    result = grade(NAGAYO, targets={2027: "1200"}, values={2025: value})
    assert result.outcome == Outcome.GRADED
    assert (result.percent, result.band.label) == (percent, label)


def test_the_default_bands_when_a_plan_has_none():
    grading = grading_of(ACHIEVEMENT, [])
    assert not grading.own
    assert [(band.label, band.threshold) for band in grading.bands] == [
        ("A", 100),
        ("B", 80),
        ("C", 50),
        ("D", 0),
    ]
    cases = {"100": "A", "99": "B", "80": "B", "79": "C", "50": "C", "49": "D", "0": "D"}
    for value, label in cases.items():
        assert grade(grading, targets={2027: "100"}, values={2025: value}).band.label == label, value


def test_a_rate_below_every_threshold_takes_the_lowest_band():
    grading = grading_of(
        ACHIEVEMENT, [Band("a", "達成", 100), Band("b", "概ね達成", 80), Band("c", "未達成", 50)]
    )
    result = grade(grading, targets={2027: "100"}, values={2025: "10"})
    assert (result.percent, result.band.label) == (10, "未達成")


def test_bands_are_ordered_by_threshold_whatever_the_order_typed():
    rows = [
        IndicatorGradeBand(label="B", threshold=60),
        IndicatorGradeBand(label="S", threshold=100),
        IndicatorGradeBand(label="A", threshold=80),
    ]
    assert [band.label for band in grading_of(ACHIEVEMENT, rows).bands] == ["S", "A", "B"]


@pytest.mark.parametrize(
    ("value", "percent", "label"),
    [
        ("50", 100, "S"),  # at the target
        ("40", 125, "S"),  # better than the target
        ("62.5", 80, "A"),  # 50 ÷ 62.5 = exactly 80%
        ("62.9", 79, "B"),  # 79.49%: just under
        ("100", 50, "C"),
    ],
)
def test_achievement_when_lower_is_better_is_target_over_value(value, percent, label):
    result = grade(NAGAYO, direction=DOWN, baseline=(2020, "120"), targets={2027: "50"}, values={2025: value})
    assert (result.percent, result.band.label) == (percent, label)


def test_a_value_of_zero_where_lower_is_better_has_reached_the_target():
    result = grade(NAGAYO, direction=DOWN, targets={2027: "5"}, values={2025: "0"}, unit="件")
    assert result.outcome == Outcome.GRADED and result.reached
    assert (result.percent, result.band.label) == (None, "S")
    assert explain_in(result, "ja") == "令和7年度の実績値は0件で、目標値（令和9年度 5件）を達成しています。"
    zero_target = grade(NAGAYO, direction=DOWN, targets={2027: "0"}, values={2025: "0"}, unit="人")
    assert (zero_target.percent, zero_target.band.label) == (100, "S")


def test_a_negative_target_cannot_be_graded_by_achievement_but_by_progress():
    # 社会増減数 (net migration): −400 in FY2020, −250 now, −100 aimed at.
    fields = {"baseline": (2020, "-400"), "targets": {2027: "-100"}, "values": {2025: "-250"}}
    result = grade(**fields)
    assert result.outcome == Outcome.NOT_COMPUTABLE and result.band is None
    assert (
        explain_in(result, "ja")
        == "目標値（令和9年度 -100人）に対する達成率を計算できないため評価していません。"
    )
    assert grade(with_rule(PROGRESS), **fields).percent == 50


def test_a_value_at_or_past_a_target_without_a_finite_rate_takes_the_top_band():
    result = grade(NAGAYO, targets={2027: "0"}, values={2025: "3"})
    assert (result.outcome, result.reached, result.percent, result.band.label) == (
        Outcome.GRADED,
        True,
        None,
        "S",
    )


# Progress from the baseline: (value − baseline) ÷ (target − baseline) ------------------


@pytest.mark.parametrize(
    ("value", "percent", "label"),
    [
        ("1200", 100, "S"),
        ("1120", 80, "A"),  # exactly 80%
        ("1118", 80, "A"),  # 79.5% rounds up
        ("1117", 79, "B"),  # 79.25%
        ("800", 0, "C"),  # at the baseline
        ("700", -25, "C"),  # moved away from the target
        ("1300", 125, "S"),
    ],
)
def test_progress_from_the_baseline(value, percent, label):
    result = grade(
        with_rule(PROGRESS, NAGAYO), baseline=(2020, "800"), targets={2027: "1200"}, values={2025: value}
    )
    assert result.rule == PROGRESS
    assert (result.percent, result.band.label) == (percent, label)


def test_progress_when_lower_is_better():
    # 待機児童数 120 → 0: 30 children left is 75% of the way.
    result = grade(
        with_rule(PROGRESS), direction=DOWN, baseline=(2020, "120"), targets={2027: "0"}, values={2025: "30"}
    )
    assert (result.percent, result.band.label) == (75, "C")
    assert explain_in(result, "ja") == (
        "令和7年度の実績値は30人で、基準値（令和2年度 120人）から目標値（令和9年度 0人）"
        "までの75%に達しています。"
    )


def test_progress_needs_a_baseline():
    result = grade(with_rule(PROGRESS), targets={2027: "1200"}, values={2025: "1000"})
    assert result.outcome == Outcome.NO_BASELINE and result.band is None
    assert explain_in(result, "ja") == "基準値がないため評価していません。"


def test_a_target_equal_to_the_baseline_is_graded_by_achievement():
    """「現状維持」: there is no distance from the baseline to measure progress along."""
    for rule in (PROGRESS, PATH):
        result = grade(
            with_rule(rule), baseline=(2020, "90"), targets={2027: "90"}, values={2025: "81"}, unit="%"
        )
        assert (result.rule, result.percent, result.band.label) == (ACHIEVEMENT, 90, "B"), rule


def test_moving_away_from_the_target_is_said_so():
    result = grade(with_rule(PROGRESS), baseline=(2020, "800"), targets={2027: "1200"}, values={2025: "700"})
    assert explain_in(result, "ja") == (
        "令和7年度の実績値は700人で、基準値（令和2年度 800人）から目標とは逆の方向に動いています（-25%）。"
    )


# The share of the path planned by the year ---------------------------------------------


def test_the_planned_path_runs_straight_from_the_baseline_through_each_target():
    baseline = Point(2020, Decimal(100))
    targets = [Point(2022, Decimal(200)), Point(2025, Decimal(500))]
    assert planned_value(baseline, targets, 2020) is None
    assert planned_value(baseline, targets, 2021) == 150
    assert planned_value(baseline, targets, 2022) == 200
    assert planned_value(baseline, targets, 2023) == 300
    assert planned_value(baseline, targets, 2025) == 500
    assert planned_value(baseline, targets, 2027) == 500  # after the last target: keep it


def test_the_path_rule_grades_against_what_was_planned_by_the_year():
    # 800 in FY2020 → 1,200 in FY2028: 1,000 planned for FY2024; 960 reached is 80% of it.
    fields = {"baseline": (2020, "800"), "targets": {2028: "1200"}}
    result = grade(with_rule(PATH, NAGAYO), year=2024, values={2024: "960"}, **fields)
    assert (result.planned, result.percent, result.band.label) == (Decimal(1000), 80, "A")
    assert explain_in(result, "ja") == (
        "令和6年度の実績値は960人で、基準値（令和2年度 800人）から目標値（令和10年度 1,200人）"
        "までの道のりのうち、この年度までに予定した分（1,000人）の80%に達しています。"
    )
    just_under = grade(with_rule(PATH, NAGAYO), year=2024, values={2024: "958"}, **fields)
    assert (just_under.percent, just_under.band.label) == (79, "B")
    ahead = grade(with_rule(PATH, NAGAYO), year=2024, values={2024: "1100"}, **fields)
    assert (ahead.percent, ahead.band.label) == (150, "S")


def test_the_path_rule_in_the_target_year_is_progress_to_the_target():
    fields = {"baseline": (2020, "800"), "targets": {2028: "1200"}, "values": {2028: "1120"}}
    path = grade(with_rule(PATH), year=2028, **fields)
    progress = grade(with_rule(PROGRESS), year=2028, **fields)
    assert path.planned == 1200
    assert path.percent == progress.percent == 80


def test_the_planned_value_is_shown_as_precisely_as_baseline_and_target():
    fields = {"baseline": (2020, "800"), "targets": {2027: "1200"}, "values": {2025: "1020"}}
    result = grade(with_rule(PATH), **fields)
    assert result.percent == 77
    assert "この年度までに予定した分（1,086人）の77%" in explain_in(result, "ja")
    precise = grade(
        with_rule(PATH), baseline=(2020, "18.5"), targets={2027: "30"}, values={2025: "25"}, unit="%"
    )
    assert "予定した分（26.7%）" in explain_in(precise, "ja")


def test_the_path_rule_does_not_grade_the_baseline_year_or_before():
    fields = {"baseline": (2020, "800"), "targets": {2028: "1200"}, "values": {2019: "780", 2020: "800"}}
    for year in (2019, 2020):
        result = grade(with_rule(PATH), year=year, **fields)
        assert result.outcome == Outcome.NOT_AFTER_BASELINE and result.band is None
    assert explain_in(result, "ja") == "令和2年度は基準年度（令和2年度）以前のため評価していません。"


def test_the_path_rule_needs_the_baseline_year():
    result = grade(with_rule(PATH), baseline=(None, "800"), targets={2028: "1200"}, values={2025: "1000"})
    assert result.outcome == Outcome.NO_BASELINE_YEAR
    assert explain_in(result, "ja") == "基準年度がないため評価していません。"


def test_the_path_rule_when_lower_is_better():
    # ごみの排出量 1,000 t → 800 t over FY2020–2025: 920 t planned for FY2022; 940 t is 75%.
    result = grade(
        with_rule(PATH),
        year=2022,
        direction=DOWN,
        baseline=(2020, "1000"),
        targets={2025: "800"},
        values={2022: "940"},
        unit="t",
    )
    assert (result.planned, result.percent, result.band.label) == (Decimal(920), 75, "C")


# Several targets -----------------------------------------------------------------------


def test_the_target_of_a_year_is_the_next_one_in_or_after_it():
    targets = [Point(2023, Decimal(50)), Point(2027, Decimal(100))]
    assert target_for(targets, 2022).fiscal_year == 2023
    assert target_for(targets, 2023).fiscal_year == 2023
    assert target_for(targets, 2024).fiscal_year == 2027
    assert target_for(targets, 2030).fiscal_year == 2027  # after the last one
    assert target_for([], 2024) is None


def test_an_interim_target_grades_the_years_up_to_it():
    fields = {"targets": {2027: "100", 2023: "50"}, "values": {2023: "45", 2025: "45"}}
    interim = grade(year=2023, **fields)
    final = grade(year=2025, **fields)
    assert (interim.target.fiscal_year, interim.percent) == (2023, 90)
    assert (final.target.fiscal_year, final.percent) == (2027, 45)


# Reaching (and keeping) a value --------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "value", "percent"),
    [
        ("60", "80", 100),  # reached from below
        ("60", "95", 100),  # past it: never more than 100%
        ("60", "64", 80),  # 64 ÷ 80
        ("95", "80", 100),  # reached from above
        ("95", "70", 100),  # below it, coming from above: reached
        ("95", "100", 80),  # 80 ÷ 100, from above
    ],
)
def test_reaching_a_value_from_the_baseline_side(baseline, value, percent):
    result = grade(
        direction=TARGET, baseline=(2020, baseline), targets={2027: "80"}, values={2025: value}, unit="%"
    )
    assert result.percent == percent


def test_reaching_a_value_without_a_baseline_is_from_below():
    reached = grade(direction=TARGET, targets={2027: "80"}, values={2025: "85"}, unit="%")
    assert (reached.percent, reached.reached) == (100, True)
    assert explain_in(reached, "ja") == "令和7年度の実績値は85%で、目標値（令和9年度 80%）を達成しています。"
    below = grade(direction=TARGET, targets={2027: "80"}, values={2025: "60"}, unit="%")
    assert (below.percent, below.reached) == (75, False)


def test_reaching_a_value_under_the_path_rule_is_capped_too():
    result = grade(
        with_rule(PATH),
        year=2024,
        direction=TARGET,
        baseline=(2020, "800"),
        targets={2028: "1200"},
        values={2024: "1100"},
    )
    assert result.percent == 100 and not result.reached


# Missing numbers -----------------------------------------------------------------------


def test_no_value_for_the_year():
    result = grade(targets={2027: "1200"}, values={2024: "1000", 2025: None})
    assert result.outcome == Outcome.NO_VALUE and result.band is None and result.percent is None
    assert explain_in(result, "ja") == "令和7年度の実績値がないため評価していません。"
    assert explain_in(result, "en") == "Not graded: there is no value for FY2025."


def test_no_value_at_all():
    result = grade(year=None, targets={2027: "1200"}, values={2024: None})
    assert result.outcome == Outcome.NO_VALUE and result.fiscal_year is None
    assert explain_in(result, "ja") == "実績値がないため評価していません。"


def test_without_a_year_the_latest_value_is_graded():
    measured = indicator(targets={2027: "100"}, values={2023: "40", 2024: "50", 2025: None})
    assert latest_value(measured) == Point(2024, Decimal(50))
    result = assess(measured, DEFAULT_GRADING)
    assert (result.fiscal_year, result.percent) == (2024, 50)


def test_no_target():
    result = grade(values={2025: "1000"})
    assert result.outcome == Outcome.NO_TARGET
    assert explain_in(result, "ja") == "目標値がないため評価していません。"


def test_achievement_needs_no_baseline():
    result = grade(targets={2027: "1200"}, values={2025: "1020"})
    assert (result.outcome, result.percent) == (Outcome.GRADED, 85)


# Numbers and words ---------------------------------------------------------------------


def test_whole_percents_round_half_up():
    assert [whole_percent(Decimal(rate)) for rate in ("0.795", "0.7949", "0.005", "-0.795", "1")] == [
        80,
        79,
        1,
        -80,
        100,
    ]


def test_the_explanation_in_japanese_and_english():
    result = grade(targets={2027: "1200"}, values={2025: "1020.0"})
    assert (
        explain_in(result, "ja")
        == "令和7年度の実績値は1,020人で、目標値（令和9年度 1,200人）に対して85%の達成です。"
    )
    assert explain_in(result, "en") == (
        "The value for FY2025 is 1,020 人, 85% of the target (FY2027: 1,200 人)."
    )


def test_the_explanation_follows_the_active_language():
    result = grade(targets={2027: "1200"}, values={2025: "1020"})
    with translation.override("en"):
        assert str(result.explanation).startswith("The value for FY2025")
    with translation.override("ja"):
        assert str(result.explanation).startswith("令和7年度の実績値は")


def test_decimals_are_kept_and_trailing_zeros_dropped():
    result = grade(targets={2027: "40.5"}, values={2025: "30.250"}, unit="%")
    assert (
        explain_in(result, "ja")
        == "令和7年度の実績値は30.25%で、目標値（令和9年度 40.5%）に対して75%の達成です。"
    )
