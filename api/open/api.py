"""The typed, read-only open-data API (django-ninja) at /api/open/.

Schema at ``/api/open/openapi.json``, browsable docs at ``/api/open/docs``. Every list is
paginated by page number (``page``, ``page_size``) with totals, in a stable order, and is
also served whole as ``<list>.csv`` and ``<list>.json``. Reads: :mod:`.reads`; errors:
:mod:`.errors`; caching and conditional requests: :mod:`.http`.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse

from ninja import Path, Query
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from plans.fiscal_years import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from plans.models import ActionItemPage, MeasurePage, PlanPage
from plans.rollup import plan_progress
from plans.selectors import department_prefetch, public_departments, public_indicators
from plans.visibility import hidden_branches, visible

from . import downloads, reads
from . import schemas as s
from .docs import OpenDataDocs, SchemaCachingAPI
from .errors import ApiError, ErrorOut, error_response, not_found, validation_error_response
from .http import read_endpoint
from .params import (
    MAX_ID,
    DepartmentFilters,
    IndicatorFilters,
    IndicatorValueFilters,
    ItemFilters,
    MeasureFilters,
    Pagination,
    PlanFilters,
    ProgressFilters,
    SummaryFilters,
)
from .search import clean_query

DESCRIPTION = """\
Open data of the municipality's citizen-participation and collaboration plans: plans,
measures (施策), action items (実施事業), departments, progress per fiscal year, the
progress summaries of the report pages and the plans' indicators (成果指標) with their
yearly values and grades. Only published, public pages and published indicators of public
plans are included.

- Codes (`kind`, `status`, `actor`, `flags`, `role`, `phase`) are those of the plan-table
  format, each with its label in the language of the request (`Accept-Language`; Japanese
  by default).
- Lists are paginated by page number (`page` from 1, `page_size` up to 200, default 50) and
  answer `count`, `num_pages`, `next` and `previous`; the order is fixed (tree order for
  pages, then fiscal year), except that with `q` the best match comes first
  (`ordering=list` keeps the fixed order).
- Every list is also downloadable whole: `/items.csv` (UTF-8 with BOM; the plan-table
  columns, the same as the plan page's 「計画表」 download) and `/items.json`, with the same
  filters; the other CSV lists start with 全国地方公共団体コード.
- Indicator numbers (baseline, targets, values) are exact decimal strings (`"13.5"`); the
  grade's `percent` is an integer.
- Responses carry `ETag` and `Last-Modified`; send `If-None-Match` or `If-Modified-Since`
  to get 304 when nothing changed.
- Bad parameters (unknown names, wrong types, values out of range, unknown codes) answer
  400 with `{"error", "message", "details"}`.
"""


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Japanese text as itself rather than \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = SchemaCachingAPI(
    renderer=UnicodeJSONRenderer(),
    title="Kyodo open data",
    version="1",
    description=DESCRIPTION,
    urls_namespace="open-data",
    docs=OpenDataDocs(),
)
api.add_decorator(read_endpoint, mode="view")


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return validation_error_response(api, request, exc)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(api, request, exc)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(api, request, not_found())


api.add_exception_handler(Http404, _not_found)

ERRORS = {400: ErrorOut}
DETAIL_ERRORS = {400: ErrorOut, 404: ErrorOut}
CSV_RESPONSE = {
    "responses": {
        "200": {
            "description": "CSV, UTF-8 with BOM",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}
ObjectId = Path(..., ge=1, le=MAX_ID)


def _clean(filters):
    if getattr(filters, "q", None) is not None:
        filters.q = clean_query(filters.q)
    return filters


def _paginate(request: HttpRequest, queryset, pagination: Pagination, build: Callable, hidden: Q) -> dict:
    count = len(queryset) if isinstance(queryset, list) else queryset.count()
    size = pagination.page_size
    num_pages = max(1, -(-count // size))
    start = (pagination.page - 1) * size
    window = list(queryset[start : start + size]) if start < count else []

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")

    return {
        "count": count,
        "page": pagination.page,
        "page_size": size,
        "num_pages": num_pages,
        "next": link(pagination.page + 1) if pagination.page < num_pages else None,
        "previous": link(min(pagination.page - 1, num_pages)) if pagination.page > 1 else None,
        "results": build(window, request=request, hidden=hidden),
    }


def _whole(request: HttpRequest, queryset, build: Callable, hidden: Q) -> dict:
    return {
        "count": len(queryset) if isinstance(queryset, list) else queryset.count(),
        "municipality_code": downloads.municipality_code(request),
        "results": build(list(queryset), request=request, hidden=hidden),
    }


def _json_download(payload: dict, schema, *, name: str) -> HttpResponse:
    response = HttpResponse(
        schema.model_validate(payload).model_dump_json(), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


def _one(queryset, pk: int):
    """The object ``pk`` of ``queryset`` (what the public may see), or the API's 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def _public_page(queryset, pk: int, hidden: Q):
    return _one(visible(queryset, hidden=hidden), pk)


def register_list(
    name: str,
    *,
    summary: str,
    filters_class,
    page_schema,
    download_schema,
    select: Callable,
    build: Callable,
    csv: Callable,
) -> None:
    """The list, its CSV and its JSON download, with the same filters."""
    file_name = name.replace("/", "-")  # indicators/values → indicators-values.csv

    def list_view(request: HttpRequest, filters: Query[filters_class], pagination: Query[Pagination]):
        hidden = hidden_branches()
        return _paginate(request, select(_clean(filters), hidden=hidden), pagination, build, hidden)

    def csv_view(request: HttpRequest, filters: Query[filters_class]):
        hidden = hidden_branches()
        header, rows = csv(request, select(_clean(filters), hidden=hidden), filters, hidden)
        return downloads.csv_response(header, rows, name=file_name)

    def json_view(request: HttpRequest, filters: Query[filters_class]):
        hidden = hidden_branches()
        payload = _whole(request, select(_clean(filters), hidden=hidden), build, hidden)
        return _json_download(payload, download_schema, name=file_name)

    python_name = name.replace("-", "_").replace("/", "_")
    list_view.__name__ = f"list_{python_name}"
    csv_view.__name__ = f"{python_name}_csv"
    json_view.__name__ = f"{python_name}_json"
    tags = [name.split("/")[0]]  # indicators/values goes with indicators
    api.get(f"/{name}", response={200: page_schema, **ERRORS}, summary=summary, tags=tags)(list_view)
    api.get(
        f"/{name}.csv",
        response=ERRORS,
        summary=f"{summary}（CSV）",
        tags=tags,
        openapi_extra=CSV_RESPONSE,
    )(csv_view)
    api.get(
        f"/{name}.json",
        response={200: download_schema, **ERRORS},
        summary=f"{summary}（JSON、全件）",
        tags=tags,
    )(json_view)


# Lists ----------------------------------------------------------------------------------


def _departments(filters, *, hidden):
    return reads.departments(filters, hidden=hidden)


def _summary_csv(request, keys, filters, hidden):
    return downloads.table(
        downloads.summary_columns(request),
        reads.summary_list(keys, request=request, hidden=hidden),
        request=request,
    )


def _item_csv(request, queryset, filters, hidden):
    return downloads.item_table(queryset, request=request, filters=filters, hidden=hidden)


def _columns_csv(columns, build):
    def make(request, queryset, filters, hidden):
        return downloads.table(
            columns, build(list(queryset), request=request, hidden=hidden), request=request
        )

    return make


register_list(
    "plans",
    summary="計画の一覧",
    filters_class=PlanFilters,
    page_schema=s.PlanPage,
    download_schema=s.PlanDownload,
    select=reads.plans,
    build=reads.plan_list,
    csv=_columns_csv(downloads.PLAN_COLUMNS, reads.plan_list),
)
register_list(
    "measures",
    summary="施策の一覧",
    filters_class=MeasureFilters,
    page_schema=s.MeasurePage,
    download_schema=s.MeasureDownload,
    select=reads.measures,
    build=reads.measure_list,
    csv=_columns_csv(downloads.MEASURE_COLUMNS, reads.measure_list),
)
register_list(
    "items",
    summary="実施事業の一覧",
    filters_class=ItemFilters,
    page_schema=s.ItemPage,
    download_schema=s.ItemDownload,
    select=reads.items,
    build=reads.item_list,
    csv=_item_csv,
)
register_list(
    "departments",
    summary="担当部署の一覧",
    filters_class=DepartmentFilters,
    page_schema=s.DepartmentPage,
    download_schema=s.DepartmentDownload,
    select=_departments,
    build=reads.department_list,
    csv=_columns_csv(downloads.DEPARTMENT_COLUMNS, reads.department_list),
)
register_list(
    "progress",
    summary="年度ごとの進捗状況の一覧",
    filters_class=ProgressFilters,
    page_schema=s.ProgressPage,
    download_schema=s.ProgressDownload,
    select=reads.progress,
    build=reads.progress_list,
    csv=_columns_csv(downloads.PROGRESS_COLUMNS, reads.progress_list),
)
register_list(
    "progress-summaries",
    summary="計画・年度ごとの進捗の集計",
    filters_class=SummaryFilters,
    page_schema=s.SummaryPage,
    download_schema=s.SummaryDownload,
    select=reads.summary_keys,
    build=reads.summary_list,
    csv=_summary_csv,
)
register_list(
    "indicators",
    summary="成果指標の一覧",
    filters_class=IndicatorFilters,
    page_schema=s.IndicatorPage,
    download_schema=s.IndicatorDownload,
    select=reads.indicators,
    build=reads.indicator_list,
    csv=_columns_csv(downloads.INDICATOR_COLUMNS, reads.indicator_list),
)
register_list(
    "indicators/values",
    summary="成果指標の年度ごとの実績値と評価の一覧",
    filters_class=IndicatorValueFilters,
    page_schema=s.IndicatorValuePage,
    download_schema=s.IndicatorValueDownload,
    select=reads.indicator_values,
    build=reads.indicator_value_list,
    csv=_columns_csv(downloads.INDICATOR_VALUE_COLUMNS, reads.indicator_value_list),
)


# Details --------------------------------------------------------------------------------


@api.get("/plans/{plan_id}", response={200: s.PlanDetail, **DETAIL_ERRORS}, summary="計画", tags=["plans"])
def plan_detail(request: HttpRequest, plan_id: int = ObjectId):
    hidden = hidden_branches()
    plan = _public_page(
        PlanPage.objects.select_related("locale", "issuing_department__parent", "replaces"), plan_id, hidden
    )
    return reads.plan_detail(plan, request=request, hidden=hidden)


@api.get(
    "/measures/{measure_id}",
    response={200: s.MeasureDetail, **DETAIL_ERRORS},
    summary="施策",
    tags=["measures"],
)
def measure_detail(request: HttpRequest, measure_id: int = ObjectId):
    hidden = hidden_branches()
    measure = _public_page(MeasurePage.objects.select_related("locale", "plan"), measure_id, hidden)
    return reads.measure_detail(measure, request=request, hidden=hidden)


@api.get(
    "/items/{item_id}", response={200: s.ItemDetail, **DETAIL_ERRORS}, summary="実施事業", tags=["items"]
)
def item_detail(request: HttpRequest, item_id: int = ObjectId):
    hidden = hidden_branches()
    queryset = ActionItemPage.objects.select_related("locale", "plan", "measure").prefetch_related(
        department_prefetch()
    )
    item = _public_page(queryset, item_id, hidden)
    return reads.item_detail(item, request=request, hidden=hidden)


@api.get(
    "/departments/{department_id}",
    response={200: s.DepartmentOut, **DETAIL_ERRORS},
    summary="担当部署",
    tags=["departments"],
)
def department_detail(request: HttpRequest, department_id: int = ObjectId):
    departments = public_departments(hidden=hidden_branches()).select_related("parent", "locale")
    return reads.department_list([_one(departments, department_id)])[0]


@api.get(
    "/indicators/{indicator_id}",
    response={200: s.IndicatorOut, **DETAIL_ERRORS},
    summary="成果指標",
    tags=["indicators"],
)
def indicator_detail(request: HttpRequest, indicator_id: int = ObjectId):
    """One published indicator of a public plan, as the list gives it: its figures, its
    measures and items, and its grade for the latest year with a value."""
    hidden = hidden_branches()
    indicator = _one(public_indicators(hidden=hidden).select_related("plan", "locale"), indicator_id)
    return reads.indicator_list([indicator], request=request, hidden=hidden)[0]


@api.get(
    "/progress-summaries/{plan_id}/{fiscal_year}",
    response={200: s.SummaryDetail, **DETAIL_ERRORS},
    summary="計画・年度の進捗の集計（施策ごとの内訳つき）",
    tags=["progress-summaries"],
)
def summary_detail(
    request: HttpRequest,
    plan_id: int = ObjectId,
    fiscal_year: int = Path(..., ge=MIN_FISCAL_YEAR, le=MAX_FISCAL_YEAR),
):
    hidden = hidden_branches()
    plan = _public_page(PlanPage.objects.all(), plan_id, hidden)
    progress = plan_progress(plan, fiscal_year, departments=False)
    return reads.summary_detail(progress, request=request, hidden=hidden)
