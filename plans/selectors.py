"""Reads for the public site: what a citizen may see, fetched in a fixed number of queries.

Every listing goes through :func:`visible`, so drafts, private pages and pages under an
unpublished page are left out in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from .content_cache import cached
from .models import (
    ActionItemDepartment,
    ActionItemPage,
    Department,
    GlossaryPage,
    GlossaryTerm,
    GuidelineIndexPage,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MeasurePage,
    PlanIndexPage,
    PlanPage,
    ProgressReportPage,
    Relisting,
)
from .scales import Level, scale_of
from .visibility import hidden_branches, is_visible, visible
from .vocabularies import NOT_ASSESSED, PlanStatus

P = TypeVar("P", bound=Page)


def public_children(page: Page, model: type[P]) -> list[P]:
    return list(visible(model.objects.child_of(page)).order_by("path"))


def department_prefetch(prefix: str = "", *, to_attr: str | None = None) -> Prefetch:
    """An item's departments, the lead first, each with its parent (局): what every page,
    export and API shows of them, in one query for a whole listing."""
    return Prefetch(
        f"{prefix}departments",
        queryset=ActionItemDepartment.objects.select_related("department__parent").order_by("sort_order"),
        to_attr=to_attr,
    )


# Plans -------------------------------------------------------------------------------


@dataclass
class PlanGroup:
    status: str
    label: str
    plans: list[PlanPage]


def plans_for_index(index_page: Page) -> list[PlanGroup]:
    """The plans under an index, grouped by status (in force first), newest first."""
    plans = visible(PlanPage.objects.child_of(index_page)).order_by("-period_start", "path")
    by_status: dict[str, list[PlanPage]] = {}
    for plan in plans:
        by_status.setdefault(plan.status, []).append(plan)
    order = [PlanStatus.IN_FORCE, PlanStatus.PREPARING, PlanStatus.ENDED, PlanStatus.SUPERSEDED]
    return [
        PlanGroup(status, PlanStatus(status).label, by_status[status])
        for status in order
        if status in by_status
    ]


@dataclass
class AreaGroup:
    area: str
    measures: list[MeasurePage] = field(default_factory=list)


def plan_overview(plan: PlanPage) -> dict:
    hidden = hidden_branches()
    measures = list(visible(MeasurePage.objects.child_of(plan), hidden=hidden).order_by("path"))
    counts = dict(
        visible(ActionItemPage.objects.filter(measure__in=measures), hidden=hidden)
        .order_by()  # the default ordering by path would split the groups
        .values_list("measure")
        .annotate(n=Count("pk"))
        .values_list("measure", "n")
    )
    for measure in measures:
        measure.item_count = counts.get(measure.pk, 0)
    areas = [
        AreaGroup(area, list(group)) for area, group in groupby(measures, key=lambda measure: measure.area)
    ]
    return {
        "areas": areas,
        "measure_count": len(measures),
        "item_count": sum(counts.values()),
        "reports": list(
            visible(ProgressReportPage.objects.child_of(plan), hidden=hidden).order_by("-fiscal_year")
        ),
        "documents": list(plan.documents.select_related("document")),
        "successor": visible(PlanPage.objects.filter(replaces=plan), hidden=hidden).first(),
        "predecessor": plan.replaces if plan.replaces_id and is_visible(plan.replaces) else None,
        "chapter_contents": table_of_contents(plan.chapters, levels=("h2",)),
        "evaluation_levels": evaluation_levels(plan),
    }


def evaluation_levels(plan: PlanPage) -> list[Level]:
    """The levels of the plan's own evaluation scale, as edited (a preview shows the levels
    being edited); a translation not yet given its levels shows the source plan's. Empty
    for a plan on the default scale."""
    levels = [
        Level(str(row.translation_key), row.status, row.label, row.description)
        for row in plan.evaluation_levels.all()
    ]
    if not levels and plan.pk:
        scale = scale_of(plan)
        levels = scale.levels if scale.own else []
    return levels


# Measures ----------------------------------------------------------------------------


@dataclass
class ItemRow:
    """An item as a measure's table prints it."""

    item: ActionItemPage
    relisted_here: bool  # listed here as 再掲, its home is another measure

    @property
    def departments(self) -> list:
        return [link.department for link in self.item.departments.all()]


@dataclass
class ItemGroup:
    heading: str
    rows: list[ItemRow]


def measure_rows(measure: MeasurePage) -> list[ItemGroup]:
    """The items of a measure, its own first in tree order, then those re-listed here."""
    hidden = hidden_branches()
    own = visible(ActionItemPage.objects.child_of(measure), hidden=hidden).order_by("path")
    own = own.prefetch_related(department_prefetch())
    # Re-listings are copied as they are into translations, so they point at the Japanese
    # measure: take those of any language's version of this measure, and list the items of
    # this measure's language.
    relisted_keys = Relisting.objects.filter(measure__translation_key=measure.translation_key).values(
        "item__translation_key"
    )
    relisted = ActionItemPage.objects.filter(translation_key__in=relisted_keys, locale_id=measure.locale_id)
    relisted = visible(relisted, hidden=hidden).order_by("path")
    relisted = relisted.select_related("measure").prefetch_related(department_prefetch())
    rows = [ItemRow(item, False) for item in own]
    rows += [ItemRow(item, True) for item in relisted]
    return [
        ItemGroup(heading, list(group))
        for heading, group in groupby(rows, key=lambda row: "" if row.relisted_here else row.item.group)
    ]


# Items -------------------------------------------------------------------------------


def item_detail(item: ActionItemPage) -> dict:
    # A list, not a subquery: in a preview the rows are in memory, not in the database.
    relisted_ids = [row.measure_id for row in item.relistings.all()]
    relisted_under = _in_language(
        list(visible(MeasurePage.objects.filter(pk__in=relisted_ids)).order_by("path")), item.locale_id
    )
    return _item_fields(
        item,
        scale=scale_of(item.plan),
        department_links=list(item.departments.select_related("department__parent").order_by("sort_order")),
        relisted_under=relisted_under,
    )


def _item_fields(item: ActionItemPage, *, scale, department_links: list, relisted_under: list) -> dict:
    """What an item's page shows besides the page's own fields: its departments, the
    schedule over the plan's years, the progress rows (newest first, in the words of the
    plan's scale) and the measures that re-list it."""
    plan = item.plan
    schedule = {row.fiscal_year: row for row in item.schedule.all()}
    years: Iterable[int] = plan.fiscal_years if plan else sorted(schedule)
    years = sorted(set(years) | set(schedule))
    progress_rows = sorted(item.progress.all(), key=lambda row: row.fiscal_year, reverse=True)
    for row in progress_rows:
        # In the words of the plan's evaluation scale; the badge's colour is the status's.
        row.grade_label = scale.label(row.status, row.grade)
        row.grade_description = scale.description(row.status, row.grade)
        row.badge = row.status or NOT_ASSESSED
    return {
        "department_links": department_links,
        "timeline": [(year, schedule.get(year)) for year in years],
        "has_schedule": bool(schedule),
        "progress_rows": progress_rows,
        "relisted_under": list(relisted_under),
    }


# The whole plan on one page ----------------------------------------------------------


@dataclass
class DocumentItem:
    """An item of the whole-plan document with what its own page shows (:func:`item_detail`)."""

    item: ActionItemPage
    detail: dict


@dataclass
class DocumentMeasure:
    measure: MeasurePage
    rows: list[ItemGroup]  # the measure page's table: its own items, then those re-listed here
    items: list[DocumentItem]  # its own items, in full


def plan_document(plan: PlanPage) -> dict:
    """Everything a reader sees on a plan's page, its measures' pages and their items'
    pages, in tree order, for the whole plan on one page (printing and the PDF). Only
    public pages; the queries grow with the number of measures, not of items."""
    context = plan_overview(plan)
    hidden = hidden_branches()
    measures = [measure for group in context["areas"] for measure in group.measures]
    items = (
        visible(ActionItemPage.objects.filter(measure__in=measures), hidden=hidden)
        .order_by("path")
        .prefetch_related(
            department_prefetch(to_attr="department_links"),
            "schedule",
            "progress",
            "relistings",
        )
    )
    items = list(items)
    relisted_ids = {row.measure_id for item in items for row in item.relistings.all()}
    relisted_measures = {
        measure.pk: measure
        for measure in visible(MeasurePage.objects.filter(pk__in=relisted_ids), hidden=hidden).order_by(
            "path"
        )
    }
    scale = scale_of(plan)
    by_measure: dict[int, list[DocumentItem]] = {}
    for item in items:
        item.plan = plan  # one plan: no query per item for it
        relisted_under = [
            relisted_measures[row.measure_id]
            for row in item.relistings.all()
            if row.measure_id in relisted_measures
        ]
        relisted_under = _in_language(relisted_under, item.locale_id) if relisted_under else []
        detail = _item_fields(
            item,
            scale=scale,
            department_links=item.department_links,
            relisted_under=sorted(relisted_under, key=lambda measure: measure.path),
        )
        by_measure.setdefault(item.measure_id, []).append(DocumentItem(item, detail))
    context["document_measures"] = [
        DocumentMeasure(measure, measure_rows(measure), by_measure.get(measure.pk, []))
        for measure in measures
    ]
    context["document_item_count"] = len(items)
    return context


def _in_language(pages: list[P], locale_id: int) -> list[P]:
    """Each page in the language ``locale_id`` where it has a public translation, else as it
    is (a translated item's re-listings point at the Japanese measures). One query."""
    if all(page.locale_id == locale_id for page in pages):
        return pages
    model = type(pages[0])
    keys = [page.translation_key for page in pages]
    translations = visible(model.objects.filter(translation_key__in=keys, locale_id=locale_id))
    by_key = {page.translation_key: page for page in translations}
    return [by_key.get(page.translation_key, page) for page in pages]


# Streams -----------------------------------------------------------------------------


def table_of_contents(stream, *, levels: Iterable[str] = ("h2", "h3", "h4")) -> list[dict]:
    """The heading blocks of a stream at ``levels``, with the anchors the heading template
    writes (``section-<block id>``), in the shape of ``GuidelinePage.table_of_contents``."""
    wanted = set(levels)
    return [
        {"id": f"section-{block.id}", "text": block.value["text"], "level": block.value["level"]}
        for block in stream or []
        if block.block_type == "heading" and block.value["level"] in wanted
    ]


# Site structure ----------------------------------------------------------------------

SECTION_MODELS: dict[str, type[Page]] = {
    "plans": PlanIndexPage,
    "guidelines": GuidelineIndexPage,
    "glossary": GlossaryPage,
}


def locale_sections(site: Site, language: str) -> dict[str, Page]:
    """The home page of ``language`` on ``site`` and the sections under it, in one query.

    Returns plain pages keyed ``home``, ``plans``, ``guidelines`` and ``glossary`` (a key is
    missing when the page does not exist, is not live or is private). The home page's URL
    path comes from Wagtail's cached list of site roots, so the page tree is read once, and
    the answer is kept under the content generation (:mod:`plans.content_cache`).
    """
    try:
        language = get_supported_content_language_variant(language)
    except LookupError:
        language = settings.LANGUAGE_CODE
    return cached("locale_sections", (site.pk, language), lambda: _read_locale_sections(site, language))


def _read_locale_sections(site: Site, language: str) -> dict[str, Page]:
    roots = [root for root in Site.get_site_root_paths() if root.site_id == site.pk]
    if not roots:
        return {}
    by_language = {root.language_code: root for root in roots}
    root = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE) or roots[0]
    content_types = ContentType.objects.get_for_models(*SECTION_MODELS.values())
    keys = {content_types[model].pk: key for key, model in SECTION_MODELS.items()}
    pages = (
        Page.objects.filter(live=True, view_restrictions__isnull=True)
        .filter(
            Q(url_path=root.root_path) | Q(url_path__startswith=root.root_path, content_type__in=list(keys))
        )
        .order_by("path")
    )
    sections: dict[str, Page] = {}
    for page in pages:
        key = "home" if page.url_path == root.root_path else keys[page.content_type_id]
        sections.setdefault(key, page)
    return sections


# Glossary ----------------------------------------------------------------------------


def glossary_terms(locale_id: int) -> QuerySet[GlossaryTerm]:
    """The glossary of a language: its own terms, and the Japanese terms not yet translated
    into it (the template marks those ``lang="ja"``). One query."""
    source = Q(locale__language_code=settings.LANGUAGE_CODE) & ~Q(
        translation_key__in=GlossaryTerm.objects.filter(locale_id=locale_id).values("translation_key")
    )
    return GlossaryTerm.objects.filter(Q(locale_id=locale_id) | source)


# Home --------------------------------------------------------------------------------


def home_overview(home: Page, *, hidden: Q | None = None) -> dict:
    featured_ids = list(home.featured_plans.order_by("sort_order").values_list("plan_id", flat=True))
    if hidden is None:
        hidden = hidden_branches()
    plans_in_locale = visible(PlanPage.objects.filter(locale_id=home.locale_id), hidden=hidden)
    if featured_ids:
        by_id = {plan.pk: plan for plan in plans_in_locale.filter(pk__in=featured_ids)}
        featured = [by_id[pk] for pk in featured_ids if pk in by_id]
    else:
        featured = list(plans_in_locale.filter(status=PlanStatus.IN_FORCE).order_by("-period_start")[:6])
    reports = visible(ProgressReportPage.objects.filter(locale_id=home.locale_id), hidden=hidden)
    return {
        "featured_plans": featured,
        "latest_reports": list(
            reports.select_related("plan").order_by("-fiscal_year", "-first_published_at")[:3]
        ),
        "sections": list(visible(home.get_children(), hidden=hidden).specific().order_by("path")),
    }


def public_department_ids() -> frozenset[int]:
    """The keys of :func:`public_departments`, kept under the content generation
    (:mod:`plans.content_cache`): the page furniture asks on every page."""
    return cached(
        "public_departments", (), lambda: frozenset(public_departments().values_list("pk", flat=True))
    )


def public_departments(*, hidden: Q | None = None) -> QuerySet[Department]:
    """Departments the public may see listed: those that published, public content names
    (the lead or a partner of a visible item, the issuing department of a visible plan), the
    bureaus above them, and those staff marked public. A department created by importing a
    draft plan stays out until the plan is published."""
    if hidden is None:
        hidden = hidden_branches()
    items = visible(ActionItemPage.objects.all(), hidden=hidden)
    plans = visible(PlanPage.objects.all(), hidden=hidden)
    named = Department.objects.filter(
        Q(item_links__item__in=items) | Q(pk__in=plans.values("issuing_department_id")) | Q(is_public=True)
    ).values("pk")
    return Department.objects.filter(
        Q(pk__in=named) | Q(children__in=named) | Q(children__children__in=named)
    ).distinct()


# Indicators (成果指標) --------------------------------------------------------------------


def indicator_rows_prefetch(prefix: str = "") -> list[Prefetch]:
    """The targets and values of indicators in year order: what ``plans.indicators.assess``
    reads, fetched once for any number of indicators (``prefix``: the path to them, such as
    ``"indicator__"``)."""
    return [
        Prefetch(f"{prefix}targets", queryset=IndicatorTarget.objects.order_by("fiscal_year")),
        Prefetch(f"{prefix}values", queryset=IndicatorValue.objects.order_by("fiscal_year")),
    ]


def live_indicators(queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    """Published indicators with their targets and values. The rows of a live indicator
    are the published ones (a newer draft lives only in a revision); an indicator never
    published, or unpublished, is left out."""
    if queryset is None:
        queryset = Indicator.objects.all()
    return queryset.filter(live=True).prefetch_related(*indicator_rows_prefetch())


def public_indicators(*, hidden: Q | None = None) -> QuerySet[Indicator]:
    """Published indicators of the plans the public may see (not of a draft, private or
    unpublished plan), in the plans' tree order, then their display order."""
    plans = visible(PlanPage.objects.all(), hidden=hidden)
    return live_indicators(Indicator.objects.filter(plan__in=plans.values("pk"))).order_by(
        "plan__path", "sort_order", "pk"
    )
