"""What the open-data API reads: public querysets with the filters applied, and the
representation of each record.

Every page queryset starts from :func:`plans.selectors.visible` with the hidden branches
computed once per request, so drafts, private pages and pages under an unpublished page
never reach a list, a detail, a text query, a download or a count. Live pages are read
from their own rows, which hold the published values: a newer draft lives only in a
revision and stays invisible here.

Each list reads a fixed number of queries whatever the page size: the related objects of a
page of results are fetched with ``select_related``/``prefetch_related`` or one grouped
query.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, IntegerField, Q, QuerySet, Value
from django.http import HttpRequest

from wagtail.models import Page

from plans.indicators import Assessment, Grading, assess, explain_in, gradings_for
from plans.models import (
    ActionItemDepartment,
    ActionItemPage,
    Department,
    Indicator,
    IndicatorItem,
    IndicatorMeasure,
    IndicatorValue,
    MeasurePage,
    PlanPage,
    ProgressReportPage,
    ProgressRow,
    Relisting,
    ScheduleRow,
)
from plans.representations import decimal
from plans.rollup import PlanProgress, plans_progress
from plans.scales import DEFAULT_SCALE, Scale, scale_of, scales_for
from plans.selectors import department_prefetch, live_indicators, public_departments, public_indicators
from plans.tables.text import stream_to_description
from plans.visibility import visible
from plans.vocabularies import (
    ITEM_FLAG_FIELDS,
    Actor,
    DepartmentRole,
    IndicatorDirection,
    IndicatorRule,
    ItemFlag,
    Phase,
    PlanKind,
    PlanStatus,
    ProgressStatus,
    item_flags,
)

from .search import matching

# Small representations --------------------------------------------------------------


def code(vocabulary, value: str) -> dict | None:
    if not value or value not in vocabulary.values:
        return None
    return {"code": value, "label": str(vocabulary(value).label)}


def page_url(page: Page, request: HttpRequest) -> str | None:
    return page.get_full_url(request=request)


def page_ref(page: Page | None, request: HttpRequest) -> dict | None:
    if page is None:
        return None
    return {"id": page.pk, "title": page.title, "url": page_url(page, request)}


def numbered_ref(page: Page | None, request: HttpRequest) -> dict | None:
    if page is None:
        return None
    return page_ref(page, request) | {"number": page.number}


def department_ref(department: Department | None) -> dict | None:
    if department is None:
        return None
    return {
        "id": department.pk,
        "name": department.name,
        "full_name": department.full_name,
        "reading": department.reading,
    }


def _first(relevance) -> tuple:
    """The relevance ordering of :func:`.search.matching`, when there is one, before the
    list's own order, which breaks ties and keeps pages stable."""
    return (relevance,) if relevance is not None else ()


# Plans ------------------------------------------------------------------------------


def plans(filters, *, hidden: Q) -> QuerySet[PlanPage]:
    queryset = visible(PlanPage.objects.all(), hidden=hidden)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.fiscal_year:
        queryset = queryset.filter(period_start__lte=filters.fiscal_year, period_end__gte=filters.fiscal_year)
    if filters.locale:
        queryset = queryset.filter(locale__language_code=filters.locale)
    queryset, relevance = matching(queryset, PlanPage, filters, hidden=hidden)
    queryset = queryset.select_related("locale", "issuing_department__parent", "replaces")
    return queryset.order_by(*_first(relevance), "path")


def _counts_by(queryset: QuerySet, field: str, ids: list[int]) -> dict[int, int]:
    return dict(
        queryset.filter(**{f"{field}__in": ids})
        .order_by()
        .values_list(field)
        .annotate(n=Count("pk"))
        .values_list(field, "n")
    )


def plan_list(page: list[PlanPage], *, request: HttpRequest, hidden: Q) -> list[dict]:
    ids = [plan.pk for plan in page]
    measure_counts = _counts_by(visible(MeasurePage.objects.all(), hidden=hidden), "plan", ids)
    item_counts = _counts_by(visible(ActionItemPage.objects.all(), hidden=hidden), "plan", ids)
    # one query whether or not the plans of the page replace any
    replaced = PlanPage.objects.filter(pk__in=ids).exclude(replaces=None).values("replaces_id")
    public_replaced = set(
        visible(PlanPage.objects.filter(pk__in=replaced), hidden=hidden).values_list("pk", flat=True)
    )
    return [
        {
            "id": plan.pk,
            "title": plan.title,
            "short_title": plan.short_title,
            "kind": code(PlanKind, plan.kind),
            "status": code(PlanStatus, plan.status),
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "summary": plan.summary,
            "issuing_department": department_ref(plan.issuing_department),
            "replaces": page_ref(plan.replaces, request) if plan.replaces_id in public_replaced else None,
            "measure_count": measure_counts.get(plan.pk, 0),
            "item_count": item_counts.get(plan.pk, 0),
            "locale": plan.locale.language_code,
            "url": page_url(plan, request),
            "last_published_at": plan.last_published_at,
        }
        for plan in page
    ]


def plan_detail(plan: PlanPage, *, request: HttpRequest, hidden: Q) -> dict:
    data = plan_list([plan], request=request, hidden=hidden)[0]
    reports = visible(ProgressReportPage.objects.child_of(plan), hidden=hidden).order_by("fiscal_year")
    successors = visible(PlanPage.objects.filter(replaces=plan), hidden=hidden).order_by("path")
    data["progress_reports"] = [
        page_ref(report, request) | {"fiscal_year": report.fiscal_year} for report in reports
    ]
    data["replaced_by"] = [page_ref(successor, request) for successor in successors]
    scale = scale_of(plan)
    data["evaluation_scale"] = {
        "own": scale.own,
        "levels": [
            {
                "label": str(level.label),
                "description": str(level.description),
                "status": code(ProgressStatus, level.status),
            }
            for level in scale.levels
        ],
    }
    return data


# Measures ---------------------------------------------------------------------------


def measures(filters, *, hidden: Q) -> QuerySet[MeasurePage]:
    queryset = visible(MeasurePage.objects.all(), hidden=hidden)
    if filters.plan:
        queryset = queryset.filter(plan_id=filters.plan)
    if filters.locale:
        queryset = queryset.filter(locale__language_code=filters.locale)
    queryset, relevance = matching(queryset, MeasurePage, filters, hidden=hidden)
    return queryset.select_related("locale", "plan").order_by(*_first(relevance), "path")


def measure_list(page: list[MeasurePage], *, request: HttpRequest, hidden: Q) -> list[dict]:
    item_counts = _counts_by(
        visible(ActionItemPage.objects.all(), hidden=hidden), "measure", [measure.pk for measure in page]
    )
    return [
        {
            "id": measure.pk,
            "number": measure.number,
            "title": measure.title,
            "area": measure.area,
            "plan": page_ref(measure.plan, request),
            "item_count": item_counts.get(measure.pk, 0),
            "locale": measure.locale.language_code,
            "url": page_url(measure, request),
            "last_published_at": measure.last_published_at,
        }
        for measure in page
    ]


def measure_detail(measure: MeasurePage, *, request: HttpRequest, hidden: Q) -> dict:
    data = measure_list([measure], request=request, hidden=hidden)[0]
    relisted_ids = Relisting.objects.filter(measure=measure).values("item_id")
    relisted = visible(ActionItemPage.objects.filter(pk__in=relisted_ids), hidden=hidden).order_by("path")
    data["description"] = stream_to_description(measure.description)
    data["relisted_items"] = [numbered_ref(item, request) for item in relisted]
    return data


# Items ------------------------------------------------------------------------------


def _progress_rows(filters) -> QuerySet[ProgressRow] | None:
    if not (filters.fiscal_year or filters.status):
        return None
    rows = ProgressRow.objects.all()
    if filters.fiscal_year:
        rows = rows.filter(fiscal_year=filters.fiscal_year)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows


def items(filters, *, hidden: Q) -> QuerySet[ActionItemPage]:
    queryset = visible(ActionItemPage.objects.all(), hidden=hidden)
    if filters.plan:
        queryset = queryset.filter(plan_id=filters.plan)
    if filters.measure:
        queryset = queryset.filter(measure_id=filters.measure)
    if filters.department:
        queryset = queryset.filter(
            pk__in=ActionItemDepartment.objects.filter(department_id=filters.department).values("item_id")
        )
    if filters.actor:
        queryset = queryset.filter(actor=filters.actor)
    if filters.flag:
        queryset = queryset.filter(**{ITEM_FLAG_FIELDS[filters.flag]: True})
    rows = _progress_rows(filters)
    if rows is not None:
        queryset = queryset.filter(pk__in=rows.values("item_id"))
    if filters.locale:
        queryset = queryset.filter(locale__language_code=filters.locale)
    queryset, relevance = matching(queryset, ActionItemPage, filters, hidden=hidden)
    return (
        queryset.select_related("locale", "plan", "measure")
        .prefetch_related(department_prefetch())
        .order_by(*_first(relevance), "path")
    )


def _flags(item: ActionItemPage) -> list[dict]:
    return [code(ItemFlag, flag) for flag in item_flags(item)]


def item_data(item: ActionItemPage, *, request: HttpRequest) -> dict:
    return {
        "id": item.pk,
        "number": item.number,
        "external_id": item.external_id,
        "title": item.title,
        "group": item.group,
        "actor": code(Actor, item.actor),
        "flags": _flags(item),
        "departments": [
            department_ref(link.department) | {"role": code(DepartmentRole, link.role)}
            for link in item.departments.all()
        ],
        "plan": page_ref(item.plan, request),
        "measure": numbered_ref(item.measure, request),
        "locale": item.locale.language_code,
        "url": page_url(item, request),
        "last_published_at": item.last_published_at,
    }


def item_list(page: Iterable[ActionItemPage], *, request: HttpRequest, hidden: Q) -> list[dict]:
    return [item_data(item, request=request) for item in page]


def item_detail(item: ActionItemPage, *, request: HttpRequest, hidden: Q) -> dict:
    data = item_data(item, request=request)
    relisted_under = visible(
        MeasurePage.objects.filter(pk__in=item.relistings.values("measure_id")), hidden=hidden
    ).order_by("path")
    data["description"] = stream_to_description(item.description)
    data["pickup_text"] = item.pickup_text
    data["schedule"] = [
        {"fiscal_year": row.fiscal_year, "phase": code(Phase, row.phase), "onwards": row.onwards}
        for row in ScheduleRow.objects.filter(item=item).order_by("fiscal_year")
    ]
    scale = scale_of(item.plan)
    data["progress"] = [
        progress_entry(row, scale) for row in ProgressRow.objects.filter(item=item).order_by("fiscal_year")
    ]
    data["relisted_under"] = [numbered_ref(measure, request) for measure in relisted_under]
    return data


def progress_entry(row: ProgressRow, scale: Scale) -> dict:
    """A progress row: the canonical status (null for 評価なし) and the grade in the words of
    the plan's evaluation scale."""
    return {
        "fiscal_year": row.fiscal_year,
        "status": code(ProgressStatus, row.status),
        "grade": {
            "label": scale.label(row.status, row.grade),
            "description": scale.description(row.status, row.grade),
        },
        "percent": row.percent,
        "narrative": row.narrative,
    }


# Departments ------------------------------------------------------------------------


def departments(filters, *, hidden: Q | None = None) -> QuerySet[Department]:
    """Departments the public may see (``plans.selectors.public_departments``)."""
    queryset = public_departments(hidden=hidden)
    if filters.locale:
        queryset = queryset.filter(locale__language_code=filters.locale)
    if filters.parent:
        queryset = queryset.filter(parent_id=filters.parent)
    queryset, relevance = matching(queryset, Department, filters)
    return queryset.select_related("parent", "locale").order_by(
        *_first(relevance), "sort_order", "name", "pk"
    )


def department_list(page: Iterable[Department], **kwargs) -> list[dict]:
    return [
        department_ref(department)
        | {
            "parent": department_ref(department.parent),
            "phone": department.phone,
            "fax": department.fax,
            "email": department.email,
            "address": department.address,
            "url": department.url,
            "locale": department.locale.language_code,
        }
        for department in page
    ]


# Progress rows ----------------------------------------------------------------------


def progress(filters, *, hidden: Q) -> QuerySet[ProgressRow]:
    public_items = visible(ActionItemPage.objects.all(), hidden=hidden)
    if filters.plan:
        public_items = public_items.filter(plan_id=filters.plan)
    if filters.measure:
        public_items = public_items.filter(measure_id=filters.measure)
    if filters.item:
        public_items = public_items.filter(pk=filters.item)
    if filters.department:
        public_items = public_items.filter(
            pk__in=ActionItemDepartment.objects.filter(department_id=filters.department).values("item_id")
        )
    if filters.actor:
        public_items = public_items.filter(actor=filters.actor)
    if filters.locale:
        public_items = public_items.filter(locale__language_code=filters.locale)
    queryset = ProgressRow.objects.filter(item__in=public_items.values("pk"))
    queryset, relevance = matching(queryset, ActionItemPage, filters, hidden=hidden, field="item_id")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.fiscal_year:
        queryset = queryset.filter(fiscal_year=filters.fiscal_year)
    queryset = queryset.select_related("item__plan", "item__measure")
    return queryset.order_by(*_first(relevance), "item__path", "fiscal_year", "pk")


def progress_list(page: Iterable[ProgressRow], *, request: HttpRequest, hidden: Q) -> list[dict]:
    page = list(page)
    scales = scales_for({row.item.plan_id: row.item.plan for row in page if row.item.plan_id}.values())
    return [
        progress_entry(row, scales.get(row.item.plan_id, DEFAULT_SCALE))
        | {
            "id": row.pk,
            "item": numbered_ref(row.item, request),
            "measure": numbered_ref(row.item.measure, request),
            "plan": page_ref(row.item.plan, request),
        }
        for row in page
    ]


# Progress summaries -----------------------------------------------------------------


def summary_keys(filters, *, hidden: Q) -> list[tuple[PlanPage, int]]:
    """(plan, fiscal year) for every public plan and every year in which one of its public
    items has a progress row or it has a public progress report, in tree and year order."""
    public_plans = visible(PlanPage.objects.all(), hidden=hidden)
    if filters.plan:
        public_plans = public_plans.filter(pk=filters.plan)
    if filters.locale:
        public_plans = public_plans.filter(locale__language_code=filters.locale)
    plans_by_id = {plan.pk: plan for plan in public_plans.select_related("locale")}
    public_items = visible(ActionItemPage.objects.filter(plan_id__in=list(plans_by_id)), hidden=hidden)
    years = ProgressRow.objects.filter(item__in=public_items.values("pk"))
    reports = visible(ProgressReportPage.objects.filter(plan_id__in=list(plans_by_id)), hidden=hidden)
    if filters.fiscal_year:
        years = years.filter(fiscal_year=filters.fiscal_year)
        reports = reports.filter(fiscal_year=filters.fiscal_year)
    pairs = set(years.order_by().values_list("item__plan_id", "fiscal_year").distinct())
    pairs |= set(reports.order_by().values_list("plan_id", "fiscal_year"))
    ordered = sorted(pairs, key=lambda pair: (plans_by_id[pair[0]].path, pair[1]))
    return [(plans_by_id[plan_id], year) for plan_id, year in ordered]


def _counts(entries) -> list[dict]:
    return [
        {"code": entry.code, "label": str(entry.label), "count": entry.count, "share": round(entry.share, 1)}
        for entry in entries
    ]


def report_pages(plan_ids: Iterable[int], *, hidden: Q) -> dict[tuple[int, int], ProgressReportPage]:
    reports = visible(ProgressReportPage.objects.filter(plan_id__in=list(plan_ids)), hidden=hidden)
    return {(report.plan_id, report.fiscal_year): report for report in reports}


def summary_data(progress: PlanProgress, *, report, request: HttpRequest) -> dict:
    return {
        "plan": page_ref(progress.plan, request),
        "fiscal_year": progress.fiscal_year,
        "total": progress.total,
        "reported": progress.reported,
        "counts": _counts(progress.counts),
        "report": page_ref(report, request),
    }


def summary_list(keys: list[tuple[PlanPage, int]], *, request: HttpRequest, hidden: Q) -> list[dict]:
    reports = report_pages({plan.pk for plan, _year in keys}, hidden=hidden)
    return [
        summary_data(progress, report=reports.get((progress.plan.pk, progress.fiscal_year)), request=request)
        for progress in plans_progress(keys, hidden=hidden, item_fields=())
    ]


def summary_detail(progress: PlanProgress, *, request: HttpRequest, hidden: Q) -> dict:
    report = report_pages([progress.plan.pk], hidden=hidden).get((progress.plan.pk, progress.fiscal_year))
    data = summary_data(progress, report=report, request=request)
    data["measures"] = [
        {
            "measure": numbered_ref(entry.measure, request),
            "total": len(entry.items),
            "reported": sum(1 for item in entry.items if item.reported),
            "counts": _counts(entry.counts),
        }
        for entry in progress.measures
    ]
    return data


# Indicators (成果指標) ---------------------------------------------------------------------


def _measuring(link_model, field: str, page_id: int, *, hidden: Q) -> QuerySet:
    """The indicators that measure a public measure or item (none for a hidden one)."""
    pages = visible(
        (MeasurePage if field == "measure" else ActionItemPage).objects.filter(pk=page_id), hidden=hidden
    )
    return link_model.objects.filter(**{f"{field}__in": pages.values("pk")}).values("indicator_id")


def _indicator_filters(queryset: QuerySet, filters, *, hidden: Q, prefix: str = "") -> QuerySet:
    """The filters both indicator lists share (``prefix``: the path to the indicator)."""
    if filters.plan:
        queryset = queryset.filter(**{f"{prefix}plan_id": filters.plan})
    if filters.measure:
        queryset = queryset.filter(
            **{f"{prefix}pk__in": _measuring(IndicatorMeasure, "measure", filters.measure, hidden=hidden)}
        )
    if filters.item:
        queryset = queryset.filter(
            **{f"{prefix}pk__in": _measuring(IndicatorItem, "item", filters.item, hidden=hidden)}
        )
    if filters.locale:
        queryset = queryset.filter(**{f"{prefix}locale__language_code": filters.locale})
    return queryset


def indicators(filters, *, hidden: Q) -> QuerySet[Indicator]:
    """Published indicators of public plans (``plans.selectors.public_indicators``), in the
    plans' tree order and then their display order. With ``fiscal_year``: those with a value
    for that year, graded for it (the year travels with the rows as ``assessed_year``)."""
    queryset = _indicator_filters(public_indicators(hidden=hidden), filters, hidden=hidden)
    if filters.fiscal_year:
        measured = IndicatorValue.objects.filter(fiscal_year=filters.fiscal_year, value__isnull=False)
        queryset = queryset.filter(pk__in=measured.values("indicator_id")).annotate(
            assessed_year=Value(filters.fiscal_year, output_field=IntegerField())
        )
    return queryset.select_related("plan", "locale")


def _band(band) -> dict | None:
    if band is None:
        return None
    return {"key": band.key, "label": str(band.label), "description": str(band.description)}


def assessment_data(assessment: Assessment, language: str) -> dict:
    """A grade of ``plans.indicators.assess``; the sentence in ``language`` (the indicator's)."""
    target = assessment.target
    return {
        "fiscal_year": assessment.fiscal_year,
        "outcome": assessment.outcome,
        "rule": code(IndicatorRule, assessment.rule),
        "value": decimal(assessment.value),
        "target": {"fiscal_year": target.fiscal_year, "value": decimal(target.value)} if target else None,
        "percent": assessment.percent,
        "band": _band(assessment.band),
        "explanation": explain_in(assessment, language),
    }


def indicator_ref(indicator: Indicator) -> dict:
    return {"id": indicator.pk, "code": indicator.code, "name": indicator.name, "unit": indicator.unit}


def _gradings(indicators: list[Indicator]) -> dict[int, Grading]:
    return gradings_for({indicator.plan_id: indicator.plan for indicator in indicators}.values())


def _public_links(link_model, field: str, ids: list[int], *, hidden: Q) -> dict[int, list[Page]]:
    """The public measures (or items) of each indicator, in the links' order: one query."""
    pages = visible((MeasurePage if field == "measure" else ActionItemPage).objects.all(), hidden=hidden)
    links = (
        link_model.objects.filter(indicator_id__in=ids, **{f"{field}__in": pages.values("pk")})
        .select_related(field)
        .order_by("sort_order", "pk")
    )
    found: dict[int, list[Page]] = {}
    for link in links:
        found.setdefault(link.indicator_id, []).append(getattr(link, field))
    return found


def indicator_list(page: Iterable[Indicator], *, request: HttpRequest, hidden: Q) -> list[dict]:
    page = list(page)
    ids = [indicator.pk for indicator in page]
    gradings = _gradings(page)
    measures = _public_links(IndicatorMeasure, "measure", ids, hidden=hidden)
    items = _public_links(IndicatorItem, "item", ids, hidden=hidden)
    results = []
    for indicator in page:
        baseline = None
        if indicator.baseline_value is not None or indicator.baseline_year is not None:
            baseline = {"fiscal_year": indicator.baseline_year, "value": decimal(indicator.baseline_value)}
        assessment = assess(indicator, gradings[indicator.plan_id], getattr(indicator, "assessed_year", None))
        results.append(
            indicator_ref(indicator)
            | {
                "description": indicator.description,
                "source": indicator.source,
                "direction": code(IndicatorDirection, indicator.direction),
                "baseline": baseline,
                "targets": [
                    {"fiscal_year": row.fiscal_year, "value": decimal(row.value)}
                    for row in indicator.targets.all()
                ],
                "values": [
                    {"fiscal_year": row.fiscal_year, "value": decimal(row.value), "note": row.note}
                    for row in indicator.values.all()
                ],
                "assessment": assessment_data(assessment, indicator.locale.language_code),
                "plan": page_ref(indicator.plan, request),
                "measures": [numbered_ref(measure, request) for measure in measures.get(indicator.pk, [])],
                "items": [numbered_ref(item, request) for item in items.get(indicator.pk, [])],
                "locale": indicator.locale.language_code,
                "last_published_at": indicator.last_published_at,
            }
        )
    return results


def indicator_values(filters, *, hidden: Q) -> QuerySet[IndicatorValue]:
    """One row per published indicator of a public plan and fiscal year with a value row (a
    blank value included: a year not measured yet), in the indicators' order, then by year."""
    public = _indicator_filters(public_indicators(hidden=hidden), filters, hidden=hidden)
    queryset = IndicatorValue.objects.filter(indicator__in=public.values("pk"))
    if filters.indicator:
        queryset = queryset.filter(indicator_id=filters.indicator)
    if filters.fiscal_year:
        queryset = queryset.filter(fiscal_year=filters.fiscal_year)
    return queryset.select_related("indicator__plan", "indicator__locale").order_by(
        "indicator__plan__path", "indicator__sort_order", "indicator_id", "fiscal_year"
    )


def indicator_value_list(page: Iterable[IndicatorValue], *, request: HttpRequest, hidden: Q) -> list[dict]:
    """Each row graded for its year: the indicators of the page are read once with their
    targets and values (what the grading reads), whatever the number of rows."""
    page = list(page)
    fetched = {
        indicator.pk: indicator
        for indicator in live_indicators(
            Indicator.objects.filter(pk__in={row.indicator_id for row in page})
        ).select_related("plan", "locale")
    }
    gradings = _gradings(list(fetched.values()))
    results = []
    for row in page:
        indicator = fetched[row.indicator_id]
        targets = {target.fiscal_year: target.value for target in indicator.targets.all()}
        assessment = assess(indicator, gradings[indicator.plan_id], row.fiscal_year)
        results.append(
            {
                "id": row.pk,
                "indicator": indicator_ref(indicator),
                "plan": page_ref(indicator.plan, request),
                "fiscal_year": row.fiscal_year,
                "value": decimal(row.value),
                "target": decimal(targets.get(row.fiscal_year)),
                "note": row.note,
                "assessment": assessment_data(assessment, indicator.locale.language_code),
                "locale": indicator.locale.language_code,
            }
        )
    return results
