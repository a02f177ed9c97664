"""The chart of an indicator (成果指標) on the public site: the geometry of an inline SVG and
the sentence that says in words what it shows.

No JavaScript and no chart library: the page writes the SVG from the coordinates computed
here (``templates/includes/indicator_chart.html``), so it is read by screen readers through
its text alternative, printed as it is, and scaled by the browser (the SVG has a viewBox and
no fixed size, so it fits a 375 px phone). Colours come from the stylesheet, which redefines
them for the black and blue backgrounds; the series also differ by line style and marker
shape, so colour is never the only difference.

The data is also in a table beside the chart; the chart is never the only way to read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext, pgettext

from .fiscal_years import fiscal_year_label
from .indicators import Point, format_number, format_quantity

# The SVG's coordinate system: the browser scales it to the width of the page.
WIDTH = 560
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 76, 20, 16, 40
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
TICKS = 5
# Beyond this many years, the axis names every other year (every third beyond twice as many).
LABELLED_YEARS = 8


@dataclass(frozen=True)
class Mark:
    """A point drawn on the chart, with the figure it stands for."""

    x: float
    y: float
    fiscal_year: int
    value: Decimal


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class TargetLine:
    y: float
    x1: float
    x2: float
    mark: Mark


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    values: list[Mark]
    values_path: str  # the polyline's points
    baseline: Mark | None
    baseline_y: float | None
    targets: list[TargetLine]


def _nice_step(span: Decimal) -> Decimal:
    """A round step (1, 2 or 5 times a power of ten) that cuts ``span`` into about TICKS parts."""
    raw = span / TICKS
    exponent = raw.adjusted()
    base = Decimal(1).scaleb(exponent)
    for factor in (1, 2, 5, 10):
        step = base * factor
        if step >= raw:
            return step
    return base * 10


def _scale(points: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """The value axis: from 0 (or below, for negative values) to a round number above the
    highest point."""
    low = min([Decimal(0), *points])
    high = max([Decimal(0), *points])
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    bottom = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    top = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if top == high and top != 0:
        top += step  # room above the highest point for its marker
    return bottom, top, step


def build_chart(*, baseline: Point | None, targets: list[Point], values: list[Point]) -> Chart | None:
    """The chart of an indicator's baseline, targets and yearly values; None when there is
    nothing to draw (no value, no target, no baseline)."""
    points = [*([baseline] if baseline else []), *targets, *values]
    if not points:
        return None
    years = [point.fiscal_year for point in points if point.fiscal_year]
    first, last = (min(years), max(years)) if years else (0, 0)
    bottom, top, step = _scale([point.value for point in points])

    def x_of(year: int) -> float:
        if last == first:
            return LEFT + PLOT_WIDTH / 2
        return round(LEFT + PLOT_WIDTH * (year - first) / (last - first), 1)

    def y_of(value: Decimal) -> float:
        return round(float(TOP + PLOT_HEIGHT * (top - value) / (top - bottom)), 1)

    def mark(point: Point) -> Mark:
        return Mark(x_of(point.fiscal_year), y_of(point.value), point.fiscal_year, point.value)

    y_ticks = []
    level = bottom
    while level <= top:
        y_ticks.append(Tick(y_of(level), format_number(level)))
        level += step
    every = 1 if last - first < LABELLED_YEARS else (2 if last - first < 2 * LABELLED_YEARS else 3)
    # The axis names Western years: short enough for a phone. The table beside the chart and
    # the text alternative write each year in the page's own way (令和6年度（2024年度）).
    x_ticks = [Tick(x_of(year), str(year)) for year in range(first, last + 1) if (year - first) % every == 0]
    value_marks = [mark(point) for point in sorted(values, key=lambda point: point.fiscal_year)]
    target_lines = [
        TargetLine(y=y_of(target.value), x1=LEFT, x2=LEFT + PLOT_WIDTH, mark=mark(target))
        for target in targets
    ]
    base = mark(baseline) if baseline and baseline.fiscal_year else None
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=LEFT + PLOT_WIDTH,
        plot_top=TOP,
        plot_bottom=TOP + PLOT_HEIGHT,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        values=value_marks,
        values_path=" ".join(f"{entry.x},{entry.y}" for entry in value_marks),
        baseline=base,
        baseline_y=y_of(baseline.value) if baseline else None,
        targets=target_lines,
    )


def _point_words(point: Point, unit: str) -> str:
    """「令和2年度（2020年度）18.5%」, "FY2020: 18.5%"."""
    return gettext("%(year)s %(value)s") % {
        "year": fiscal_year_label(point.fiscal_year, translation.get_language()),
        "value": format_quantity(point.value, unit),
    }


def describe_chart(
    *, name: str, unit: str, baseline: Point | None, targets: list[Point], latest: Point | None
) -> str:
    """The chart's text alternative, in the active language: 「…のグラフ。基準値は令和2年度
    （2020年度）18.5%、目標値は令和7年度（2025年度）30%、最新の実績値は令和6年度（2024年度）
    26.8%です。」"""
    parts = []
    if baseline is not None:
        if baseline.fiscal_year:
            parts.append(gettext("基準値は%(point)s") % {"point": _point_words(baseline, unit)})
        else:
            parts.append(gettext("基準値は%(value)s") % {"value": format_quantity(baseline.value, unit)})
    if targets:
        listed = pgettext("list separator", "、").join(_point_words(target, unit) for target in targets)
        parts.append(gettext("目標値は%(points)s") % {"points": listed})
    if latest is not None:
        parts.append(gettext("最新の実績値は%(point)s") % {"point": _point_words(latest, unit)})
    sentence = gettext("%(name)sのグラフ。") % {"name": name}
    if parts:
        sentence += gettext("%(figures)sです。") % {"figures": pgettext("list separator", "、").join(parts)}
    if latest is None:
        sentence += gettext("実績値はまだありません。")
    return sentence
