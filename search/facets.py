"""Facets of the search page: what each matched page is (plan, type, departments, actor,
status, fiscal years), read for all matched pages in a fixed number of queries, and the
counts a citizen sees beside each choice.

Choices within a facet are alternatives (OR); facets combine (AND). The count beside a
choice is the number of pages the query matches with every *other* facet's choices applied,
so it says how many results ticking that box would add.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale, Page, get_page_models

from plans.fiscal_years import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from plans.models import (
    ActionItemDepartment,
    ActionItemPage,
    GlossaryPage,
    GuidelinePage,
    MeasurePage,
    PlanPage,
    ProgressReportPage,
    ProgressRow,
)
from plans.selectors import public_departments
from plans.templatetags.kyodo import fiscal_year
from plans.visibility import visible
from plans.vocabularies import Actor, PlanStatus, ProgressStatus

# Page types in the order the type facet lists them; other types (home, index pages,
# standard pages) are searchable but grouped under their own names after these.
TYPE_ORDER: list[type[Page]] = [
    PlanPage,
    MeasurePage,
    ActionItemPage,
    ProgressReportPage,
    GuidelinePage,
    GlossaryPage,
]


@dataclass
class PageFacts:
    """What the facets need to know about one matched page."""

    pk: int
    type: str  # the model name: planpage, actionitempage …
    type_label: str = ""
    plan: int | None = None
    measure: int | None = None
    departments: list[int] = field(default_factory=list)
    actor: str = ""
    status: str = ""  # the plan's status, or the item's latest progress status
    status_year: int | None = None  # the fiscal year of that progress row
    grade: str = ""  # the level of the plan's evaluation scale of that progress row
    years: set[int] = field(default_factory=set)

    def values(self, facet: str) -> set[str]:
        if facet == "plan":
            return {str(self.plan)} if self.plan else set()
        if facet == "type":
            return {self.type}
        if facet == "department":
            return {str(pk) for pk in self.departments}
        if facet == "actor":
            return {self.actor} if self.actor else set()
        if facet == "status":
            return {self.status} if self.status else set()
        if facet == "year":
            return {str(year) for year in self.years}
        raise KeyError(facet)


@dataclass
class FacetDefinition:
    name: str  # the GET parameter
    label: str


FACETS: list[FacetDefinition] = [
    FacetDefinition("plan", _("計画")),
    FacetDefinition("type", _("ページの種類")),
    FacetDefinition("department", _("担当部署")),
    FacetDefinition("actor", _("主体")),
    FacetDefinition("status", _("状況")),
    FacetDefinition("year", _("年度")),
]
FACET_NAMES = [facet.name for facet in FACETS]

Selection = Mapping[str, set[str]]


def load_facts(page_ids: list[int]) -> dict[int, PageFacts]:
    """The facts of ``page_ids`` in three queries, however many pages there are."""
    if not page_ids:
        return {}
    rows = Page.objects.filter(pk__in=page_ids).values_list(
        "pk",
        "content_type_id",
        "planpage__status",
        "planpage__period_start",
        "planpage__period_end",
        "planpage__issuing_department_id",
        "measurepage__plan_id",
        "actionitempage__plan_id",
        "actionitempage__measure_id",
        "actionitempage__actor",
        "progressreportpage__plan_id",
        "progressreportpage__fiscal_year",
    )
    facts: dict[int, PageFacts] = {}
    for (
        pk,
        content_type_id,
        plan_status,
        period_start,
        period_end,
        issuing_department,
        measure_plan,
        item_plan,
        item_measure,
        actor,
        report_plan,
        report_year,
    ) in rows:
        model_class = ContentType.objects.get_for_id(content_type_id).model_class()
        model = model_class._meta.model_name
        page = PageFacts(pk=pk, type=model, type_label=str(model_class._meta.verbose_name))
        if model == "planpage":
            page.plan = pk
            page.status = plan_status or ""
            page.years = set(range(period_start, period_end + 1)) if period_start and period_end else set()
            page.departments = [issuing_department] if issuing_department else []
        elif model == "measurepage":
            page.plan = measure_plan
        elif model == "actionitempage":
            page.plan, page.measure, page.actor = item_plan, item_measure, actor or ""
        elif model == "progressreportpage":
            page.plan = report_plan
            page.years = {report_year} if report_year else set()
        facts[pk] = page
    item_ids = [pk for pk, page in facts.items() if page.type == "actionitempage"]
    if item_ids:
        links = (
            ActionItemDepartment.objects.filter(item_id__in=item_ids)
            .order_by("item_id", "sort_order")
            .values_list("item_id", "department_id")
        )
        for item_id, department_id in links:
            facts[item_id].departments.append(department_id)
        progress = ProgressRow.objects.filter(item_id__in=item_ids)
        progress = progress.values_list("item_id", "fiscal_year", "status", "grade")
        for item_id, year, status, grade in progress:
            page = facts[item_id]
            page.years.add(year)
            if page.status_year is None or year > page.status_year:
                page.status, page.status_year, page.grade = status, year, grade
    return facts


def _matches(page: PageFacts, selection: Selection, *, ignore: str | None = None) -> bool:
    return all(page.values(name) & chosen for name, chosen in selection.items() if chosen and name != ignore)


def apply(ordered_ids: Iterable[int], facts: Mapping[int, PageFacts], selection: Selection) -> list[int]:
    """The ids (in search order) of the pages every selected facet lets through."""
    return [pk for pk in ordered_ids if pk in facts and _matches(facts[pk], selection)]


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    choices: list[Choice]

    @property
    def selected_count(self) -> int:
        return sum(choice.selected for choice in self.choices)


STATUS_LABELS = {**dict(ProgressStatus.choices), **dict(PlanStatus.choices)}
STATUS_ORDER = [*ProgressStatus.values, *PlanStatus.values]


def _languages(locale: Locale):
    """The locales whose plans and departments a search in ``locale`` may show: its own, and
    Japanese for the pages not translated yet (a subquery, no query of its own)."""
    return Locale.objects.filter(Q(pk=locale.pk) | Q(language_code=settings.LANGUAGE_CODE)).values("pk")


def labels_for(
    facts: Mapping[int, PageFacts], selection: Selection, *, locale: Locale, hidden: Q
) -> dict[str, dict[str, str]]:
    """The display label of every value that occurs among the matched pages or is selected
    (two queries: plans and departments). A selected plan or department that the public
    may not see, or that belongs to another language, gets no label."""
    plan_ids = {page.plan for page in facts.values() if page.plan}
    plan_ids |= {int(value) for value in selection.get("plan", ())}
    department_ids = {pk for page in facts.values() for pk in page.departments}
    department_ids |= {int(value) for value in selection.get("department", ())}
    plans: dict[str, str] = {}
    if plan_ids:
        rows = visible(PlanPage.objects.filter(pk__in=plan_ids, locale__in=_languages(locale)), hidden=hidden)
        for pk, title, short_title in rows.order_by("-period_start", "path").values_list(
            "pk", "title", "short_title"
        ):
            plans[str(pk)] = short_title or title
    departments: dict[str, str] = {}
    if department_ids:
        # Only departments the public may see: a department number written in the address
        # must not reveal the name of one that only a draft names.
        rows = public_departments(hidden=hidden).filter(pk__in=department_ids, locale__in=_languages(locale))
        rows = rows.order_by("sort_order", "name")
        for pk, name in rows.values_list("pk", "name"):
            departments[str(pk)] = name
    types = {model._meta.model_name: str(model._meta.verbose_name) for model in TYPE_ORDER}
    for page in sorted(facts.values(), key=lambda page: page.type):
        types.setdefault(page.type, page.type_label)
    years = sorted({year for page in facts.values() for year in page.years}, reverse=True)
    years_selected = sorted((int(value) for value in selection.get("year", ())), reverse=True)
    return {
        "plan": plans,
        "type": types,
        "department": departments,
        "actor": {code: str(label) for code, label in Actor.choices},
        "status": {code: str(STATUS_LABELS[code]) for code in STATUS_ORDER},
        "year": {str(year): fiscal_year(year) for year in sorted({*years, *years_selected}, reverse=True)},
    }


def build(
    facts: Mapping[int, PageFacts], selection: Selection, labels: dict[str, dict[str, str]]
) -> list[Facet]:
    """Every facet with its choices and counts; choices that match nothing are left out
    unless selected (so that they can be unticked)."""
    facets = []
    for definition in FACETS:
        name = definition.name
        counts: Counter[str] = Counter()
        for page in facts.values():
            if _matches(page, selection, ignore=name):
                counts.update(page.values(name))
        chosen = selection.get(name, set())
        choices = [
            Choice(value, label, counts.get(value, 0), value in chosen)
            for value, label in labels[name].items()
            if counts.get(value) or value in chosen
        ]
        if choices:
            facets.append(Facet(name, str(definition.label), choices))
    return facets


def validate(selection: Mapping[str, list[str]]) -> tuple[dict[str, set[str]], list[str]]:
    """The well-formed values of each facet, and the names of the facets whose values were
    not (unknown codes, ids that are not numbers, years out of range)."""
    valid: dict[str, set[str]] = {}
    invalid: list[str] = []
    type_names = {model._meta.model_name for model in get_page_models()}
    for name in FACET_NAMES:
        kept = set()
        for value in selection.get(name, []):
            value = value.strip()
            if name in ("plan", "department"):
                ok = value.isascii() and value.isdigit() and 0 < int(value) < 2**31
            elif name == "type":
                ok = value in type_names
            elif name == "actor":
                ok = value in Actor.values
            elif name == "status":
                ok = value in STATUS_LABELS
            else:
                ok = value.isascii() and value.isdigit() and MIN_FISCAL_YEAR <= int(value) <= MAX_FISCAL_YEAR
            if ok:
                kept.add(value)
            elif name not in invalid:
                invalid.append(name)
        valid[name] = kept
    return valid, invalid
