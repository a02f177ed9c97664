"""The write stage of an indicator table (指標): carrying out its plan of changes.

The dry run (:mod:`plans.tables.indicator_import`) leaves an
:class:`~plans.tables.indicator_import.IndicatorState`; :func:`write_indicators` writes it
inside the transaction :func:`plans.services.imports.apply_import` opens, after the plan
table's pages (a measure the same workbook creates is then there to link to).

An indicator is a snippet with drafts and revisions, and an import writes it as its editor
does: a new revision built on the indicator as the editor finds it (its draft, when it has
one), published when the user chose to publish, else left as a draft that keeps the live
indicator as it was. A new indicator is created unpublished and published the same way.
An indicator whose draft already holds what the file says is published when publishing was
asked for. Nothing is deleted: a value cleared with 削除 loses its number (the row goes
unless it keeps a note), and interim targets are kept.
"""

from __future__ import annotations

from ..models import Indicator, IndicatorMeasure, IndicatorTarget, IndicatorValue, PlanPage
from ..tables.changes import MeasurePlan
from ..tables.indicator_import import CLEAR, IndicatorPlan, IndicatorState


def write_indicators(state: IndicatorState, *, plan: PlanPage, user, publish: bool) -> list[str]:
    """Write the plan of changes into ``plan`` (for a new plan, the one just created).
    Returns the names of indicators whose saved draft was published unchanged."""
    published_drafts: list[str] = []
    # New indicators follow the plan's, in the order of their rows.
    stored_orders = Indicator.objects.filter(plan=plan, locale=plan.locale).values_list(
        "sort_order", flat=True
    )
    next_order = max(stored_orders, default=-1) + 1
    for entry in state.indicators:
        if entry.indicator is None:
            _create(entry, plan=plan, user=user, publish=publish, sort_order=next_order)
            next_order += 1
        elif entry.diffs:
            _update(entry, user=user, publish=publish)
        elif publish and entry.draft:
            revision = Indicator.objects.get(pk=entry.indicator.pk).get_latest_revision()
            if revision is not None:
                revision.publish(user=user)
                published_drafts.append(entry.indicator.name)
    return published_drafts


def _measure_links(entry: IndicatorPlan) -> list[IndicatorMeasure]:
    pages = [measure.saved if isinstance(measure, MeasurePlan) else measure for measure in entry.measures]
    return [IndicatorMeasure(measure=page, sort_order=order) for order, page in enumerate(pages)]


def _save(indicator: Indicator, *, user, publish: bool) -> None:
    revision = indicator.save_revision(user=user, clean=False)
    if publish:
        revision.publish(user=user)


def _create(entry: IndicatorPlan, *, plan: PlanPage, user, publish: bool, sort_order: int) -> None:
    indicator = Indicator(plan=plan, locale=plan.locale, sort_order=sort_order, live=False)
    indicator.has_unpublished_changes = True
    for name, value in entry.fields.items():
        setattr(indicator, name, value)
    _apply_rows(indicator, entry)
    indicator.save()
    _save(indicator, user=user, publish=publish)


def _update(entry: IndicatorPlan, *, user, publish: bool) -> None:
    indicator = entry.indicator  # the indicator as the editor finds it: its draft, if any
    for name, value in entry.fields.items():
        setattr(indicator, name, value)
    _apply_rows(indicator, entry)
    _save(indicator, user=user, publish=publish)


def _apply_rows(indicator: Indicator, entry: IndicatorPlan) -> None:
    """The measure links, the final target and the yearly values the row changes."""
    if entry.measures is not None:
        indicator.measure_links = _measure_links(entry)
    if entry.target is not None:
        targets = (
            sorted(indicator.targets.all(), key=lambda target: target.fiscal_year) if indicator.pk else []
        )
        kept = targets[:-1]
        if entry.target != CLEAR:
            year, value = entry.target
            final = targets[-1] if targets else IndicatorTarget()
            final.fiscal_year, final.value = year, value
            kept.append(final)
        for order, target in enumerate(kept):
            target.sort_order = order
        indicator.targets = kept
    if entry.values:
        rows = {row.fiscal_year: row for row in indicator.values.all()} if indicator.pk else {}
        for year, value in entry.values.items():
            row = rows.get(year)
            if value is None:
                if row is not None and row.note:
                    row.value = None  # the note stays, and its translations with it
                else:
                    rows.pop(year, None)
                continue
            if row is None:
                row = rows[year] = IndicatorValue(fiscal_year=year, locale_id=indicator.locale_id)
            row.value = value
        ordered = [rows[year] for year in sorted(rows)]
        for order, row in enumerate(ordered):
            row.sort_order = order
        indicator.values = ordered
