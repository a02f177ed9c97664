"""The shapes the open-data API answers with (they are its OpenAPI schema).

Codes are those of the plan-table format (``plans/vocabularies.py``), each with its label
in the language of the request; departments are objects, not ids; pages carry their public
URL and the plan and measure they belong to.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class Code(Schema):
    code: str = Field(description="fixed code of the vocabulary (plan-table format)")
    label: str = Field(description="label in the language of the request")


class PageRef(Schema):
    id: int
    title: str
    url: str | None = Field(None, description="public URL of the page")


class MeasureRef(PageRef):
    number: str


class ItemRef(PageRef):
    number: str


class DepartmentRef(Schema):
    id: int
    name: str
    full_name: str = Field(description="with the bureau it belongs to: 市民局 市民協働推進課")
    reading: str


class ItemDepartment(DepartmentRef):
    role: Code = Field(description="lead (主担当, the first) or partner (関係)")


class PlanOut(Schema):
    id: int
    title: str
    short_title: str
    kind: Code
    status: Code
    period_start: int = Field(description="first fiscal year of the plan")
    period_end: int = Field(description="last fiscal year of the plan")
    summary: str
    issuing_department: DepartmentRef | None
    replaces: PageRef | None = Field(description="the plan this one replaces, when public")
    measure_count: int = Field(description="public measures of the plan")
    item_count: int = Field(description="public items of the plan")
    locale: str
    url: str | None
    last_published_at: datetime | None


class ReportRef(PageRef):
    fiscal_year: int


class EvaluationLevelOut(Schema):
    label: str = Field(description="the plan's word for the level (A, 順調, ◎ …)")
    description: str = Field(description="what the level means, as the plan explains it")
    status: Code = Field(description="the progress status the level counts as in summaries")


class EvaluationScaleOut(Schema):
    own: bool = Field(description="the plan defines its own levels (false: the default scale)")
    levels: list[EvaluationLevelOut]


class PlanDetail(PlanOut):
    progress_reports: list[ReportRef]
    replaced_by: list[PageRef]
    evaluation_scale: EvaluationScaleOut = Field(description="the words the plan grades progress with")


class MeasureOut(Schema):
    id: int
    number: str
    title: str
    area: str
    plan: PageRef | None
    item_count: int = Field(description="public items of the measure (re-listed ones not counted)")
    locale: str
    url: str | None
    last_published_at: datetime | None


class MeasureDetail(MeasureOut):
    description: str = Field(description="the measure's text, paragraphs separated by a blank line")
    relisted_items: list[ItemRef] = Field(description="items of other measures re-listed here (再掲)")


class ItemOut(Schema):
    id: int
    number: str
    external_id: str = Field(description="management number (管理番号)")
    title: str
    group: str = Field(description="heading grouping items inside the measure (■)")
    actor: Code | None
    flags: list[Code] = Field(description="new, enhanced, relisted, pickup")
    departments: list[ItemDepartment]
    plan: PageRef | None
    measure: MeasureRef | None
    locale: str
    url: str | None
    last_published_at: datetime | None


class ScheduleOut(Schema):
    fiscal_year: int
    phase: Code
    onwards: bool = Field(description="this year and the years after it (以降)")


class Grade(Schema):
    label: str = Field(
        description="the plan's word for the progress (評価なし: a narrative without a status)"
    )
    description: str = Field(description="what that word means in the plan's evaluation scale")


class ProgressEntry(Schema):
    fiscal_year: int
    status: Code | None = Field(
        description="the canonical progress status; null when not assessed (評価なし)"
    )
    grade: Grade
    percent: int | None
    narrative: str


class ItemDetail(ItemOut):
    description: str
    pickup_text: str
    schedule: list[ScheduleOut]
    progress: list[ProgressEntry]
    relisted_under: list[MeasureRef] = Field(description="other measures listing this item again (再掲)")


class DepartmentOut(Schema):
    id: int
    name: str
    full_name: str
    reading: str
    parent: DepartmentRef | None
    phone: str
    fax: str
    email: str
    address: str
    url: str
    locale: str


class ProgressOut(Schema):
    id: int
    fiscal_year: int
    status: Code | None = Field(
        description="the canonical progress status; null when not assessed (評価なし)"
    )
    grade: Grade
    percent: int | None
    narrative: str
    item: ItemRef
    measure: MeasureRef | None
    plan: PageRef | None


class StatusCountOut(Schema):
    code: str = Field(
        description="a progress status, not_assessed for items reported without a status, "
        "or none for items without a report"
    )
    label: str = Field(description="as the plan names it: its own levels' labels, or the status's label")
    count: int
    share: float = Field(description="percentage of the items, 0–100")


class MeasureSummary(Schema):
    measure: MeasureRef
    total: int
    reported: int
    counts: list[StatusCountOut]


class SummaryOut(Schema):
    plan: PageRef
    fiscal_year: int
    total: int = Field(description="public items of the plan (re-listings counted once)")
    reported: int = Field(description="items with a progress row for the year (not_assessed included)")
    counts: list[StatusCountOut]
    report: PageRef | None = Field(description="the public progress report of the year, if any")


class SummaryDetail(SummaryOut):
    measures: list[MeasureSummary]


# Indicators (成果指標) ---------------------------------------------------------------------

# Numbers are exact decimal strings: JSON numbers are read as binary floating point by most
# clients, which cannot hold every one of the 16 digits Kyodo stores.
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


def _decimal(description: str):
    return Field(pattern=DECIMAL_PATTERN, description=description)


class IndicatorPoint(Schema):
    fiscal_year: int
    value: str = _decimal('exact decimal number as a string, without trailing zeros ("13.5", "312")')


class IndicatorBaseline(Schema):
    fiscal_year: int | None = Field(description="year of the baseline (基準年度), when given")
    value: str | None = _decimal("the baseline (基準値) as a decimal string")


class IndicatorYearValue(Schema):
    fiscal_year: int
    value: str | None = _decimal("the value (実績値) as a decimal string; null: not measured yet")
    note: str = Field(description="note on the value (備考)")


class BandOut(Schema):
    key: str = Field(description="the band's key, the same in every language of the plan (A–D by default)")
    label: str = Field(description="the plan's grade (S, A, 達成 …)")
    description: str


class AssessmentOut(Schema):
    fiscal_year: int | None = Field(description="the year graded (null: the indicator has no value)")
    outcome: str = Field(
        description="graded, or why not: no_value, no_target, no_baseline, no_baseline_year, "
        "not_after_baseline, not_computable"
    )
    rule: Code = Field(description="the rule applied: achievement, progress or path")
    value: str | None = Field(None, description="the value graded, as a decimal string")
    target: IndicatorPoint | None = Field(None, description="the target the value is measured against")
    percent: int | None = Field(description="the rate in whole percent, rounded half up")
    band: BandOut | None = Field(description="the plan's grade for the percent")
    explanation: str = Field(description="the grade in words, in the indicator's language")


class IndicatorRef(Schema):
    id: int
    code: str = Field(description="the indicator's ID in the plan (指標ID), may be empty")
    name: str
    unit: str


class IndicatorOut(IndicatorRef):
    description: str
    source: str = Field(description="where the figures come from (出典・把握方法)")
    direction: Code = Field(description="up, down or target (reach and keep the target)")
    baseline: IndicatorBaseline | None
    targets: list[IndicatorPoint] = Field(description="targets (目標値) in year order; interim ones too")
    values: list[IndicatorYearValue] = Field(description="yearly values (実績値) in year order")
    assessment: AssessmentOut = Field(
        description="the grade of the latest year with a value, or of fiscal_year when filtered by it"
    )
    plan: PageRef
    measures: list[MeasureRef] = Field(description="the public measures the indicator measures")
    items: list[ItemRef] = Field(description="the public items the indicator measures")
    locale: str
    last_published_at: datetime | None


class IndicatorValueOut(Schema):
    id: int = Field(description="id of the value row")
    indicator: IndicatorRef
    plan: PageRef
    fiscal_year: int
    value: str | None = _decimal("the value (実績値) as a decimal string; null: not measured yet")
    target: str | None = _decimal("the target set for this very year, if any, as a decimal string")
    note: str
    assessment: AssessmentOut = Field(description="the grade of this year by the plan's rule")
    locale: str


def page_of(name: str, item: type[Schema]) -> type[Schema]:
    """The paginated list of ``item``: totals, links and the results."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {
                "count": int,
                "page": int,
                "page_size": int,
                "num_pages": int,
                "next": str | None,
                "previous": str | None,
                "results": list[item],
            },
            "__module__": __name__,
            "count": Field(description="number of results over all pages"),
            "num_pages": Field(description="number of pages (at least 1)"),
            "next": Field(description="URL of the next page"),
            "previous": Field(description="URL of the previous page"),
        },
    )


def download_of(name: str, item: type[Schema]) -> type[Schema]:
    """Every result of a list in one JSON document."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {"count": int, "municipality_code": str, "results": list[item]},
            "__module__": __name__,
            "municipality_code": Field(description="全国地方公共団体コード (empty when not set)"),
        },
    )


PlanPage = page_of("PlanPage", PlanOut)
MeasurePage = page_of("MeasurePage", MeasureOut)
ItemPage = page_of("ItemPage", ItemOut)
DepartmentPage = page_of("DepartmentPage", DepartmentOut)
ProgressPage = page_of("ProgressPage", ProgressOut)
SummaryPage = page_of("SummaryPage", SummaryOut)

PlanDownload = download_of("PlanDownload", PlanOut)
MeasureDownload = download_of("MeasureDownload", MeasureOut)
ItemDownload = download_of("ItemDownload", ItemOut)
DepartmentDownload = download_of("DepartmentDownload", DepartmentOut)
ProgressDownload = download_of("ProgressDownload", ProgressOut)
SummaryDownload = download_of("SummaryDownload", SummaryOut)
IndicatorPage = page_of("IndicatorPage", IndicatorOut)
IndicatorValuePage = page_of("IndicatorValuePage", IndicatorValueOut)
IndicatorDownload = download_of("IndicatorDownload", IndicatorOut)
IndicatorValueDownload = download_of("IndicatorValueDownload", IndicatorValueOut)
