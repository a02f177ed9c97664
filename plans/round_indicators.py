"""Reads of the indicator values (実績値) a reporting round asks for: which item answers for
each indicator, and the round year's value as published and as drafted.

**Which item answers for an indicator.** Each published indicator is answered with exactly
one item, so that each value travels in one submission and is reviewed once:

- an indicator with 対象の事業 is answered with the first of them (in the order of its
  links) that is published, by whoever answers that item (its lead and partner departments);
- an indicator with only 対象の施策 is answered with the first published item (in the
  plan's order) of its first measure that has an item with a lead department, by the
  members of that item's lead departments; partner departments see the value, read only.

**The link between a submission and an indicator's draft.** None is stored. A value saved
in 「担当の事業」 is a new revision of the indicator; the submission is the item's workflow.
Which indicators belong to the submission follows from the rule above and the round's year;
whether a value waits for review is read from the indicator itself (its latest revision holds
a value or note for the year that differs from the published one). So, as with the items'
answers (:mod:`plans.reporting`), nothing is stored twice, and an indicator corrected or
published in its own editor is seen as it stands.

Every function runs a fixed number of queries whatever the number of items and indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from wagtail.models import Revision

from .indicators import format_number, format_quantity
from .models import (
    ActionItemDepartment,
    ActionItemPage,
    Indicator,
    IndicatorItem,
    IndicatorMeasure,
    IndicatorValue,
)
from .vocabularies import DepartmentRole


@dataclass
class IndicatorAnswer:
    """An indicator's value for the round's year, as published and as drafted."""

    indicator: Indicator  # the live indicator
    fiscal_year: int
    item_id: int  # the item that answers for it
    via_measure: bool  # answered for a measure: by the item's lead departments only
    live_value: Decimal | None = None
    live_note: str = ""
    value: Decimal | None = None  # the latest revision's (the live value without a draft)
    note: str = ""
    editable: bool = False  # by the user reading it (set by the caller)

    @property
    def changed(self) -> bool:
        """The draft's value or note differs from the published one: it waits for review."""
        return (self.value, self.note) != (self.live_value, self.live_note)

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def live_label(self) -> str:
        return format_quantity(self.live_value, self.unit) if self.live_value is not None else "—"

    @property
    def value_label(self) -> str:
        return format_quantity(self.value, self.unit) if self.value is not None else "—"

    @property
    def value_text(self) -> str:
        """The drafted value as the form shows it: 「1,020」, no unit."""
        return format_number(self.value) if self.value is not None else ""


def answering_items(indicators: list[Indicator]) -> dict[int, tuple[int, bool]]:
    """Indicator pk → (the pk of the item that answers for it, answered for a measure).

    The indicators' ``item_links`` and ``measure_links`` must be prefetched as
    :func:`indicators_of_plans` does; one query for the measures' items."""
    result: dict[int, tuple[int, bool]] = {}
    measure_ids = {
        link.measure_id
        for indicator in indicators
        if not indicator.item_links.all()
        for link in indicator.measure_links.all()
    }
    first_led: dict[int, int] = {}
    if measure_ids:
        led = (
            ActionItemPage.objects.live()
            .filter(measure_id__in=measure_ids, departments__role=DepartmentRole.LEAD)
            .order_by("path")
            .values_list("measure_id", "pk")
        )
        for measure_id, item_id in led:
            first_led.setdefault(measure_id, item_id)
    for indicator in indicators:
        items = indicator.item_links.all()
        if items:
            result[indicator.pk] = (items[0].item_id, False)
            continue
        for link in indicator.measure_links.all():
            if link.measure_id in first_led:
                result[indicator.pk] = (first_led[link.measure_id], True)
                break
    return result


def indicators_of_plans(plan_ids, locale_ids, fiscal_year: int) -> list[Indicator]:
    """The published indicators of the plans, with their links and the year's published value
    (four queries)."""
    return list(
        Indicator.objects.filter(plan_id__in=plan_ids, locale_id__in=locale_ids, live=True)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch(
                "item_links",
                queryset=IndicatorItem.objects.filter(item__live=True).order_by("sort_order", "pk"),
            ),
            Prefetch("measure_links", queryset=IndicatorMeasure.objects.order_by("sort_order", "pk")),
            Prefetch("values", queryset=IndicatorValue.objects.filter(fiscal_year=fiscal_year)),
        )
    )


def _draft_rows(indicators: list[Indicator], fiscal_year: int) -> dict[int, dict | None]:
    """Indicator pk → the year's row in its unpublished latest revision (None: no row there),
    for the indicators with a draft; one query."""
    drafts = {
        indicator.latest_revision_id: indicator.pk
        for indicator in indicators
        if indicator.has_unpublished_changes and indicator.latest_revision_id
    }
    if not drafts:
        return {}
    result: dict[int, dict | None] = {}
    for revision_id, rows in Revision.objects.filter(pk__in=list(drafts)).values_list(
        "pk", "content__values"
    ):
        result[drafts[revision_id]] = next(
            (row for row in rows or [] if row.get("fiscal_year") == fiscal_year), None
        )
    return result


def indicator_answers(items: list[ActionItemPage], fiscal_year: int) -> dict[int, list[IndicatorAnswer]]:
    """Item pk → the indicators it answers for in ``fiscal_year``, in the indicators' order
    (six queries, whatever the number of items and indicators)."""
    result: dict[int, list[IndicatorAnswer]] = {item.pk: [] for item in items}
    if not items:
        return result
    indicators = indicators_of_plans(
        {item.plan_id for item in items}, {item.locale_id for item in items}, fiscal_year
    )
    owners = answering_items(indicators)
    mine = [indicator for indicator in indicators if owners.get(indicator.pk, (None,))[0] in result]
    drafts = _draft_rows(mine, fiscal_year)
    for indicator in mine:
        item_id, via_measure = owners[indicator.pk]
        live = next(iter(indicator.values.all()), None)
        answer = IndicatorAnswer(
            indicator=indicator,
            fiscal_year=fiscal_year,
            item_id=item_id,
            via_measure=via_measure,
            live_value=live.value if live else None,
            live_note=live.note if live else "",
        )
        answer.value, answer.note = answer.live_value, answer.live_note
        if indicator.pk in drafts:
            row = drafts[indicator.pk] or {}
            value = row.get("value")
            answer.value = Decimal(str(value)) if value not in (None, "") else None
            answer.note = row.get("note") or ""
        result[item_id].append(answer)
    return result


def answers_for_user(item: ActionItemPage, fiscal_year: int, user) -> list[IndicatorAnswer]:
    """The indicators ``item`` answers for, each marked ``editable`` when ``user`` may change
    its value: a member of a department of the item, and of a lead department for an
    indicator answered for a measure (seven queries)."""
    roles = set(
        ActionItemDepartment.objects.filter(item=item, department__members=user).values_list(
            "role", flat=True
        )
    )
    found = indicator_answers([item], fiscal_year)[item.pk]
    for answer in found:
        answer.editable = DepartmentRole.LEAD in roles if answer.via_measure else bool(roles)
    return found
