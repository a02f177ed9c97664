"""Every list of the open-data API as one file: CSV (UTF-8 with BOM, for Excel) or JSON.

The item CSV is the plan table: the columns of ``plans.tables.exporter.table_columns``, in
their order, as the plan page's 「計画表」 download writes them (one plan asked for alone is
that very table); the other lists have columns of their own, after the municipality's
全国地方公共団体コード. Headers are Japanese for
a Japanese request and the English column names otherwise, as in the plan-table exports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from wagtail.models import Site

from home.models import MunicipalitySettings
from plans.downloads import attachment
from plans.fiscal_years import fiscal_year_en, wareki, writes_era
from plans.models import PlanPage, ProgressRow, ScheduleRow
from plans.scales import DEFAULT_SCALE, scales_for
from plans.selectors import department_prefetch
from plans.tables import exporter
from plans.tables.text import stream_to_description
from plans.tables.values import format_choice
from plans.visibility import visible
from plans.vocabularies import NO_REPORT, NOT_ASSESSED, STATUS_ORDER, ProgressStatus

CODE_COLUMN = exporter.TableColumn("municipality_code", "全国地方公共団体コード")


def municipality_code(request: HttpRequest) -> str:
    site = Site.find_for_request(request)
    if site is None:
        return ""
    return MunicipalitySettings.for_site(site).code


def headers_for(request: HttpRequest) -> exporter.Headers:
    return "ja" if writes_era(translation.get_language()) else "en"


def csv_response(header: list[str], rows: Iterable[list], *, name: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([("" if value is None else str(value)) for value in row] for row in rows)
    return attachment(buffer.getvalue().encode("utf-8-sig"), filename=name, fallback=name, file_format="csv")


# Items: the plan table -----------------------------------------------------------------


def _whole_plan(filters, hidden: Q) -> PlanPage | None:
    """The plan when the request asks for one plan's items and nothing else (``?plan=``,
    perhaps with its own ``locale``): its file is the plan's table itself."""
    others = {
        name: value for name, value in filters.dict().items() if name not in {"plan", "locale", "ordering"}
    }
    if not filters.plan or any(value not in (None, "") for value in others.values()):
        return None
    plan = (
        visible(PlanPage.objects.live().filter(pk=filters.plan), hidden=hidden)
        .select_related("locale")
        .first()
    )
    if plan is None or (filters.locale and plan.locale.language_code != filters.locale):
        return None
    return plan


def item_table(queryset, *, request: HttpRequest, filters, hidden: Q) -> tuple[list[str], list[list]]:
    """The items of ``queryset`` (already public and filtered) as a plan table: the columns
    of :func:`plans.tables.exporter.table_columns`, as every plan-table export writes them.

    One whole plan (``?plan=`` alone) is written by the plan-table exporter, exactly as its
    page's 「計画表」 download (measures without items and 再掲 rows included); any other
    selection has one row per item, in the order of ``queryset``."""
    headers = headers_for(request)
    plan = _whole_plan(filters, hidden)
    if plan is not None:
        table = exporter.plan_table(plan, headers=headers)
        return table.header_row(headers), list(table.value_rows())
    english = headers == "en"
    pages = list(
        queryset.prefetch_related(None).prefetch_related(
            department_prefetch(to_attr="department_links"),
            Prefetch(
                "schedule", queryset=ScheduleRow.objects.order_by("fiscal_year"), to_attr="schedule_rows"
            ),
            Prefetch("progress", queryset=ProgressRow.objects.all(), to_attr="progress_rows"),
        )
    )
    items = [
        exporter.ItemRecord(
            page=page,
            measure_id=page.measure_id,
            departments=[link.department for link in page.department_links],
            schedule=page.schedule_rows,
            progress=page.progress_rows,
        )
        for page in pages
    ]
    plans = {page.plan_id: page.plan for page in pages if page.plan_id}
    scales = scales_for(plans.values())
    status_year = filters.fiscal_year
    if status_year is None:
        status_year = max((row.fiscal_year for item in items for row in item.progress), default=None)
    columns = exporter.table_columns(exporter.year_columns(plans.values(), items))
    rows = []
    measure_texts: dict[int, str] = {}  # a measure's text, written once for all its items
    with translation.override("ja"):
        for item in items:
            measure = item.page.measure
            if measure and measure.pk not in measure_texts:
                measure_texts[measure.pk] = stream_to_description(measure.description)
            cells = {
                "area": measure.area if measure else "",
                "measure_number": measure.number if measure else "",
                "measure": measure.title if measure else "",
                "measure_description": measure_texts[measure.pk] if measure else "",
            }
            scale = scales.get(item.page.plan_id, DEFAULT_SCALE)
            cells |= exporter.item_cells(item, status_year=status_year, english=english, scale=scale)
            rows.append([cells.get(column.key, "") for column in columns])
    return [column.header(headers) for column in columns], rows


# Other lists: columns read from the JSON representation ------------------------------

Column = tuple[str, str, Callable[[dict], object]]


def _label(value: dict | None, english: bool) -> str:
    if not value:
        return ""
    return value["code"] if english else value["label"]


def _name(value: dict | None) -> str:
    return value["title"] if value and "title" in value else (value or {}).get("full_name", "")


def table(
    columns: list[Column], results: list[dict], *, request: HttpRequest
) -> tuple[list[str], list[list]]:
    english = headers_for(request) == "en"
    code = municipality_code(request)
    header = [CODE_COLUMN.header(headers_for(request))]
    header += [key if english else japanese for key, japanese, _value in columns]
    rows = [[code] + [value(data, english) for _key, _japanese, value in columns] for data in results]
    return header, rows


def _field(name: str):
    return lambda data, english: data.get(name)


def _code(name: str):
    return lambda data, english: _label(data.get(name), english)


def _ref(name: str):
    return lambda data, english: _name(data.get(name))


def _year(name: str):
    return lambda data, english: fiscal_year_en(data[name]) if english else wareki(data[name])


PLAN_COLUMNS: list[Column] = [
    ("id", "ID", _field("id")),
    ("title", "計画名", _field("title")),
    ("short_title", "略称", _field("short_title")),
    ("kind", "計画の種類", _code("kind")),
    ("status", "状態", _code("status")),
    ("period_start", "計画期間（開始年度）", _year("period_start")),
    ("period_end", "計画期間（終了年度）", _year("period_end")),
    ("issuing_department", "策定した部署", _ref("issuing_department")),
    ("measure_count", "施策数", _field("measure_count")),
    ("item_count", "事業数", _field("item_count")),
    ("summary", "概要", _field("summary")),
    ("url", "URL", _field("url")),
]

MEASURE_COLUMNS: list[Column] = [
    ("id", "ID", _field("id")),
    ("plan", "計画", _ref("plan")),
    ("area", "分野", _field("area")),
    ("measure_number", "施策番号", _field("number")),
    ("measure", "施策", _field("title")),
    ("item_count", "事業数", _field("item_count")),
    ("url", "URL", _field("url")),
]

DEPARTMENT_COLUMNS: list[Column] = [
    ("id", "ID", _field("id")),
    ("name", "名称", _field("name")),
    ("full_name", "正式名称", _field("full_name")),
    ("reading", "よみがな", _field("reading")),
    ("parent", "上位の組織", _ref("parent")),
    ("phone", "電話番号", _field("phone")),
    ("fax", "ファクス番号", _field("fax")),
    ("email", "メールアドレス", _field("email")),
    ("address", "所在地", _field("address")),
    ("url", "ウェブページ", _field("url")),
]

PROGRESS_COLUMNS: list[Column] = [
    ("plan", "計画", _ref("plan")),
    ("measure_number", "施策番号", lambda data, english: (data["measure"] or {}).get("number", "")),
    ("measure", "施策", _ref("measure")),
    ("item_number", "番号", lambda data, english: data["item"]["number"]),
    ("item", "事業名", _ref("item")),
    ("status_year", "評価年度", _year("fiscal_year")),
    # The plan's word (評価なし without a status) under Japanese headers, the code otherwise.
    (
        "status",
        "進捗状況",
        lambda data, english: _label(data["status"], True) if english else data["grade"]["label"],
    ),
    ("percent", "進捗率", _field("percent")),
    ("progress_note", "実績", _field("narrative")),
    ("item_id", "事業ID", lambda data, english: data["item"]["id"]),
]


def summary_columns(request: HttpRequest) -> list[Column]:
    """The plan, the year, then one column per status in the order of the report pages."""

    def count_of(status: str):
        return lambda data, english: next(
            (entry["count"] for entry in data["counts"] if entry["code"] == status), 0
        )

    with translation.override("ja"):
        status_columns = [
            (status, format_choice(ProgressStatus, status), count_of(status)) for status in STATUS_ORDER
        ]
    return [
        ("plan", "計画", _ref("plan")),
        ("fiscal_year", "年度", _year("fiscal_year")),
        *status_columns,
        (NOT_ASSESSED, exporter.NOT_ASSESSED_COLUMN.japanese, count_of(NOT_ASSESSED)),
        (NO_REPORT, exporter.NO_REPORT_COLUMN.japanese, count_of(NO_REPORT)),
        ("total", exporter.TOTAL_COLUMN.japanese, _field("total")),
    ]


# Indicators (成果指標): numbers as the JSON's exact decimal strings, grades as the plan's words.


def _optional_year(read: Callable[[dict], int | None]):
    def value(data: dict, english: bool) -> str:
        year = read(data)
        if year is None:
            return ""
        return fiscal_year_en(year) if english else wareki(year)

    return value


def _last_target(data: dict) -> dict:
    return data["targets"][-1] if data["targets"] else {}


def _measures(data: dict, english: bool) -> str:
    return "\n".join(f"{measure['number']} {measure['title']}".strip() for measure in data["measures"])


def _assessed(name: str):
    return lambda data, english: data["assessment"].get(name)


def _grade(data: dict, english: bool) -> str:
    band = data["assessment"]["band"]
    return band["label"] if band else ""


INDICATOR_COLUMNS: list[Column] = [
    ("id", "ID", _field("id")),
    ("plan", "計画", _ref("plan")),
    ("indicator_code", "指標ID", _field("code")),
    ("indicator", "指標名", _field("name")),
    ("unit", "単位", _field("unit")),
    ("direction", "望ましい方向", _code("direction")),
    ("measures", "対象の施策", _measures),
    ("baseline_year", "基準年度", _optional_year(lambda data: (data["baseline"] or {}).get("fiscal_year"))),
    ("baseline_value", "基準値", lambda data, english: (data["baseline"] or {}).get("value")),
    ("target_year", "目標年度", _optional_year(lambda data: _last_target(data).get("fiscal_year"))),
    ("target_value", "目標値", lambda data, english: _last_target(data).get("value")),
    ("assessed_year", "評価年度", _optional_year(lambda data: data["assessment"]["fiscal_year"])),
    ("value", "実績値", _assessed("value")),
    ("percent", "達成率（％）", _assessed("percent")),
    ("grade", "評価", _grade),
    ("explanation", "評価の説明", _assessed("explanation")),
    ("source", "出典・把握方法", _field("source")),
]

INDICATOR_VALUE_COLUMNS: list[Column] = [
    ("plan", "計画", _ref("plan")),
    ("indicator_code", "指標ID", lambda data, english: data["indicator"]["code"]),
    ("indicator", "指標名", lambda data, english: data["indicator"]["name"]),
    ("unit", "単位", lambda data, english: data["indicator"]["unit"]),
    ("fiscal_year", "年度", _year("fiscal_year")),
    ("value", "実績値", _field("value")),
    ("target", "目標値", _field("target")),
    ("percent", "達成率（％）", _assessed("percent")),
    ("grade", "評価", _grade),
    ("explanation", "評価の説明", _assessed("explanation")),
    ("note", "備考", _field("note")),
    ("indicator_id", "APIの指標ID", lambda data, english: data["indicator"]["id"]),
]
