"""Grading indicators (成果指標): the achievement rate of a year's value, the plan's grade for
it and a sentence that explains both, in the reader's language.

One implementation for every door: pages, progress reports, exports and both APIs call
:func:`assess`. It runs no query: it reads the indicator's ``targets`` and ``values`` as
they were fetched (prefetch them for a list) and the plan's :class:`Grading`, which
:func:`gradings_for` loads for many plans in one query. The rules are documented with worked
examples in docs/indicators.md; in short, with 実績値 A, 目標値 T and 基準値 B:

- **achievement** (目標値に対する達成率): A ÷ T, or T ÷ A when lower is better;
- **progress** (基準値からの進捗率): (A − B) ÷ (T − B), either direction;
- **path** (年度ごとの目標への到達度): (A − B) ÷ (P − B), where P is the value planned for
  the year on the straight path from the baseline through each target in turn.

The target is the first one in or after the year graded (the last one after the last
target year). A target equal to the baseline leaves progress and path without a distance to
measure: such an indicator (「現状維持」) is graded by achievement. When the direction is
「目標値の達成・維持」 the value should reach the target from the side the baseline lies on
(from below without a baseline): a value at or past the target is 100%, and no rate is
above 100%. Rates are Decimal, rounded half up to whole percents, and the band is chosen by
the rounded percent, so the grade always agrees with the percent shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .fiscal_years import fiscal_year_short_label
from .vocabularies import IndicatorDirection, IndicatorRule

HUNDRED = Decimal(100)
PERCENT_SIGNS = {"%", "％"}


class Outcome:
    """Why an assessment has a grade or has none (the codes the APIs show)."""

    GRADED = "graded"
    NO_VALUE = "no_value"  # no value for the year (or none at all)
    NO_TARGET = "no_target"
    NO_BASELINE = "no_baseline"  # progress and path need a baseline value
    NO_BASELINE_YEAR = "no_baseline_year"  # path needs the baseline's year
    NOT_AFTER_BASELINE = "not_after_baseline"  # path: nothing is planned yet in the year
    NOT_COMPUTABLE = "not_computable"  # a quotient without meaning (a target of 0 to increase)


@dataclass(frozen=True)
class Band:
    """A grade (「A」) and the lowest whole percent that earns it."""

    key: str  # the band's translation key, shared by every language of the plan; A–D by default
    label: str | Promise
    threshold: int
    description: str | Promise = ""


# The grades of a plan without its own bands.
DEFAULT_BANDS: tuple[Band, ...] = (
    Band("A", "A", 100, _("目標を達成している")),
    Band("B", "B", 80, _("目標の8割以上に達している")),
    Band("C", "C", 50, _("目標の5割以上に達している")),
    Band("D", "D", 0, _("目標の5割に達していない")),
)


@dataclass(frozen=True)
class Grading:
    """A plan's rule and bands, the bands from the highest threshold down."""

    rule: str = IndicatorRule.ACHIEVEMENT
    bands: tuple[Band, ...] = DEFAULT_BANDS
    own: bool = False  # the plan's own bands, not the default ones

    def band_for(self, percent: int) -> Band:
        """The band of the highest threshold ``percent`` reaches; the lowest band for a
        percent below every threshold."""
        for band in self.bands:
            if percent >= band.threshold:
                return band
        return self.bands[-1]


DEFAULT_GRADING = Grading()


def grading_of(rule: str, bands: Iterable) -> Grading:
    """The grading from a plan's rule and its ``IndicatorGradeBand`` rows (or ``Band``s)."""
    own = [
        band
        if isinstance(band, Band)
        else Band(str(band.translation_key), band.label, band.threshold, band.description)
        for band in bands
    ]
    ordered = tuple(sorted(own, key=lambda band: -band.threshold))
    return Grading(rule=rule or IndicatorRule.ACHIEVEMENT, bands=ordered or DEFAULT_BANDS, own=bool(ordered))


def gradings_for(plans: Iterable) -> dict[int, Grading]:
    """The grading of each plan (by primary key), in one query. A translated plan whose
    bands are not translated yet grades with the Japanese plan's bands."""
    # The grading reads the plan pages' rows: a module-level import would be circular.
    from .models import IndicatorGradeBand

    plans = {plan.pk: plan for plan in plans if plan is not None}
    if not plans:
        return {}
    rows = IndicatorGradeBand.objects.filter(
        page__translation_key__in={plan.translation_key for plan in plans.values()}
    ).select_related("page__locale")
    by_page: dict[int, list] = {}
    source_bands: dict[object, list] = {}
    for row in rows.order_by("sort_order", "pk"):
        by_page.setdefault(row.page_id, []).append(row)
        if row.page.locale.language_code == settings.LANGUAGE_CODE:
            source_bands.setdefault(row.page.translation_key, []).append(row)
    return {
        pk: grading_of(plan.indicator_rule, by_page.get(pk) or source_bands.get(plan.translation_key, []))
        for pk, plan in plans.items()
    }


def grading_for(plan) -> Grading:
    """The grading of one plan (the default one for no plan)."""
    if plan is None:
        return DEFAULT_GRADING
    return gradings_for([plan])[plan.pk]


# The figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A value in a fiscal year: a target, a yearly value or the baseline."""

    fiscal_year: int
    value: Decimal


def targets_of(indicator) -> list[Point]:
    """The indicator's targets in year order (as fetched: prefetch ``targets``)."""
    return sorted(
        (Point(target.fiscal_year, target.value) for target in indicator.targets.all()),
        key=lambda point: point.fiscal_year,
    )


def values_of(indicator) -> dict[int, Decimal | None]:
    """Fiscal year → value (None: not measured yet), as fetched: prefetch ``values``."""
    return {row.fiscal_year: row.value for row in indicator.values.all()}


def latest_value(indicator) -> Point | None:
    """The value of the latest year that has one."""
    measured = [(year, value) for year, value in values_of(indicator).items() if value is not None]
    if not measured:
        return None
    year, value = max(measured)
    return Point(year, value)


def target_for(targets: Sequence[Point], fiscal_year: int) -> Point | None:
    """The target that applies in ``fiscal_year``: the first one in or after it, else the last."""
    for target in targets:
        if target.fiscal_year >= fiscal_year:
            return target
    return targets[-1] if targets else None


def planned_value(baseline: Point, targets: Sequence[Point], fiscal_year: int) -> Decimal | None:
    """The value planned for ``fiscal_year`` on the straight path from the baseline through
    each later target; the last target after its year; None in or before the baseline year."""
    if fiscal_year <= baseline.fiscal_year:
        return None
    start = baseline
    for target in targets:
        if target.fiscal_year <= baseline.fiscal_year:
            continue
        if fiscal_year <= target.fiscal_year:
            share = Decimal(fiscal_year - start.fiscal_year) / Decimal(target.fiscal_year - start.fiscal_year)
            return start.value + (target.value - start.value) * share
        start = target
    return start.value


def whole_percent(rate: Decimal) -> int:
    """A rate (0.855) as a whole percent, rounded half up (86)."""
    return int((rate * HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def sense(direction: str, baseline: Decimal | None, target: Decimal) -> str:
    """``up`` or ``down``: which way the value should move. For 「目標値の達成・維持」, towards
    the target from the baseline's side (upwards without a baseline)."""
    if direction == IndicatorDirection.TARGET:
        return (
            IndicatorDirection.DOWN if baseline is not None and baseline > target else IndicatorDirection.UP
        )
    return direction


def reached(way: str, value: Decimal, target: Decimal) -> bool:
    return value <= target if way == IndicatorDirection.DOWN else value >= target


def achievement_rate(way: str, value: Decimal, target: Decimal) -> Decimal | None:
    """A ÷ T (up) or T ÷ A (down); None where the quotient means nothing: a target of 0 or
    less to increase (社会増減数 −250 towards −100), a value of 0 or less to decrease (a
    value of 0 against a positive target has reached it, with no finite rate)."""
    if way == IndicatorDirection.DOWN:
        if value > 0:
            return target / value
        if value == 0 and target == 0:
            return Decimal(1)
        return None
    return value / target if target > 0 else None


# Assessments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """An indicator's grade for one fiscal year, with the numbers behind it."""

    outcome: str
    rule: str  # the rule applied (achievement where the plan's rule has no distance to measure)
    direction: str
    fiscal_year: int | None = None
    value: Decimal | None = None
    unit: str = ""
    target: Point | None = None
    baseline: Point | None = None
    planned: Decimal | None = None  # path: the value planned for the year
    rate: Decimal | None = None  # exact, 1 = 100%
    percent: int | None = None  # rounded half up
    band: Band | None = None
    reached: bool = False  # the value is at or past the target

    @property
    def graded(self) -> bool:
        return self.outcome == Outcome.GRADED

    @property
    def explanation(self) -> Promise:
        """The grade in words, rendered in the language active when it is read."""
        return lazy(explain, str)(self)


def assess(indicator, grading: Grading = DEFAULT_GRADING, fiscal_year: int | None = None) -> Assessment:
    """The indicator's grade for ``fiscal_year`` (the latest year with a value if None),
    under the plan's ``grading``. Reads the indicator's fetched targets and values only."""
    values = values_of(indicator)
    if fiscal_year is None:
        latest = latest_value(indicator)
        fiscal_year = latest.fiscal_year if latest else None
    baseline = None
    if indicator.baseline_value is not None:
        baseline = Point(indicator.baseline_year or 0, indicator.baseline_value)
    common = {
        "rule": grading.rule,
        "direction": indicator.direction,
        "fiscal_year": fiscal_year,
        "unit": indicator.unit,
        "baseline": baseline,
    }
    value = values.get(fiscal_year) if fiscal_year is not None else None
    if value is None:
        return Assessment(Outcome.NO_VALUE, **common)
    common["value"] = value
    targets = targets_of(indicator)
    target = target_for(targets, fiscal_year)
    if target is None:
        return Assessment(Outcome.NO_TARGET, **common)
    common["target"] = target
    way = sense(indicator.direction, baseline.value if baseline else None, target.value)
    is_reached = reached(way, value, target.value)
    capped = indicator.direction == IndicatorDirection.TARGET

    rule, rate, planned = grading.rule, None, None
    if rule in (IndicatorRule.PROGRESS, IndicatorRule.PATH):
        if baseline is None:
            return Assessment(Outcome.NO_BASELINE, **common)
        if baseline.value == target.value:
            rule = IndicatorRule.ACHIEVEMENT  # 現状維持: no distance to measure
    if rule == IndicatorRule.PATH:
        if indicator.baseline_year is None:
            return Assessment(Outcome.NO_BASELINE_YEAR, **common)
        planned = planned_value(baseline, targets, fiscal_year)
        if planned is None:
            return Assessment(Outcome.NOT_AFTER_BASELINE, **common)
        if planned == baseline.value:  # a path that comes back to the baseline
            rule, planned = IndicatorRule.ACHIEVEMENT, None
        else:
            rate = (value - baseline.value) / (planned - baseline.value)
    if rule == IndicatorRule.PROGRESS:
        rate = (value - baseline.value) / (target.value - baseline.value)
    if rule == IndicatorRule.ACHIEVEMENT:
        rate = achievement_rate(way, value, target.value)
    common.update(rule=rule, planned=planned, reached=is_reached)

    if capped and is_reached:
        rate = Decimal(1)
    if rate is None:
        if is_reached:  # a value of 0 where lower is better
            return Assessment(Outcome.GRADED, band=grading.bands[0], **common)
        return Assessment(Outcome.NOT_COMPUTABLE, **common)
    if capped:
        rate = min(rate, Decimal(1))
    percent = whole_percent(rate)
    return Assessment(Outcome.GRADED, rate=rate, percent=percent, band=grading.band_for(percent), **common)


# Explanations ----------------------------------------------------------------------------


def decimal_places(value: Decimal) -> int:
    """The decimals a number was given with, without trailing zeros (12.50 → 1)."""
    return max(0, -value.normalize().as_tuple().exponent)


def format_number(value: Decimal) -> str:
    """A value as the active language writes numbers: 1,200 or 12.5 (no trailing zeros)."""
    return number_format(Decimal(format(value.normalize(), "f")), force_grouping=True)


def format_quantity(value: Decimal, unit: str) -> str:
    """「1,200人」, "1,200 people": the value with the indicator's unit."""
    if not unit:
        return format_number(value)
    if unit in PERCENT_SIGNS:  # 「26.8%」 in every language
        return format_number(value) + unit
    return gettext("%(value)s%(unit)s") % {"value": format_number(value), "unit": unit}


def format_point(point: Point, unit: str) -> str:
    """「令和9年度 1,200人」, "FY2027: 1,200 people"."""
    return gettext("%(year)s %(value)s") % {
        "year": fiscal_year_short_label(point.fiscal_year, translation.get_language()),
        "value": format_quantity(point.value, unit),
    }


def format_percent(percent: int) -> str:
    return number_format(percent, force_grouping=True)


def explain(assessment: Assessment) -> str:
    """The sentence that explains ``assessment``, in the active language."""
    language = translation.get_language()
    year = fiscal_year_short_label(assessment.fiscal_year, language) if assessment.fiscal_year else ""
    unit = assessment.unit
    outcome = assessment.outcome
    if outcome == Outcome.NO_VALUE:
        if not year:
            return gettext("実績値がないため評価していません。")
        return gettext("%(year)sの実績値がないため評価していません。") % {"year": year}
    if outcome == Outcome.NO_TARGET:
        return gettext("目標値がないため評価していません。")
    if outcome == Outcome.NO_BASELINE:
        return gettext("基準値がないため評価していません。")
    if outcome == Outcome.NO_BASELINE_YEAR:
        return gettext("基準年度がないため評価していません。")
    target = format_point(assessment.target, unit)
    if outcome == Outcome.NOT_AFTER_BASELINE:
        return gettext("%(year)sは基準年度（%(baseline_year)s）以前のため評価していません。") % {
            "year": year,
            "baseline_year": fiscal_year_short_label(assessment.baseline.fiscal_year, language),
        }
    if outcome == Outcome.NOT_COMPUTABLE:
        return gettext("目標値（%(target)s）に対する達成率を計算できないため評価していません。") % {
            "target": target
        }
    if assessment.percent is None or (
        assessment.reached and assessment.direction == IndicatorDirection.TARGET
    ):
        return gettext("%(year)sの実績値は%(value)sで、目標値（%(target)s）を達成しています。") % {
            "year": year,
            "value": format_quantity(assessment.value, unit),
            "target": target,
        }
    numbers = {
        "year": year,
        "value": format_quantity(assessment.value, unit),
        "target": target,
        "percent": format_percent(assessment.percent),
    }
    if assessment.rule == IndicatorRule.ACHIEVEMENT:
        return (
            gettext("%(year)sの実績値は%(value)sで、目標値（%(target)s）に対して%(percent)s%%の達成です。")
            % numbers
        )
    numbers["baseline"] = format_point(assessment.baseline, unit)
    if assessment.percent < 0:
        return (
            gettext(
                "%(year)sの実績値は%(value)sで、基準値（%(baseline)s）から目標とは逆の方向に動いています（%(percent)s%%）。"
            )
            % numbers
        )
    if assessment.rule == IndicatorRule.PROGRESS:
        return (
            gettext(
                "%(year)sの実績値は%(value)sで、基準値（%(baseline)s）から目標値（%(target)s）までの%(percent)s%%に達しています。"
            )
            % numbers
        )
    # The planned value as precise as the numbers it comes from: 1,086人, not 1,085.714…人.
    places = max(decimal_places(assessment.baseline.value), decimal_places(assessment.target.value))
    planned = assessment.planned.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    numbers["planned"] = format_quantity(planned, unit)
    return (
        gettext(
            "%(year)sの実績値は%(value)sで、基準値（%(baseline)s）から目標値（%(target)s）までの道のりのうち、"
            "この年度までに予定した分（%(planned)s）の%(percent)s%%に達しています。"
        )
        % numbers
    )


def explain_in(assessment: Assessment, language: str) -> str:
    """:func:`explain` in ``language`` (exports and APIs that name their language)."""
    with translation.override(language):
        return explain(assessment)
