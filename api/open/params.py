"""Query parameters of the open-data API: filters, text query and pagination.

Their limits are part of the OpenAPI schema, so a client (or a fuzzer) can read what is
accepted; everything else answers 400.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings

from ninja import Field, Schema

from plans.fiscal_years import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from plans.vocabularies import Actor, ItemFlag, PlanKind, PlanStatus, ProgressStatus

MAX_ID = 2_147_483_647  # PostgreSQL integer: a larger id can never exist
MAX_PAGE = 100_000
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_QUERY_LENGTH = 200


def _codes(choices) -> type:
    return Literal[tuple(choices.values)]


LocaleCode = Literal[tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)]
ActorCode = _codes(Actor)
FlagCode = _codes(ItemFlag)
KindCode = _codes(PlanKind)
PlanStatusCode = _codes(PlanStatus)
StatusCode = _codes(ProgressStatus)


def _id(description: str):
    return Field(None, ge=1, le=MAX_ID, description=description)


def _fiscal_year(description: str):
    return Field(None, ge=MIN_FISCAL_YEAR, le=MAX_FISCAL_YEAR, description=description)


class Pagination(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="page number, from 1")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"results per page, at most {MAX_PAGE_SIZE}"
    )


# No control characters (NUL cannot even be stored in PostgreSQL text).
QUERY_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"


def _text_query(description: str):
    return Field(None, max_length=MAX_QUERY_LENGTH, pattern=QUERY_PATTERN, description=description)


Ordering = Literal["relevance", "list"]


class TextQuery(Schema):
    q: str | None = _text_query("text query, matched with the site's search backend")
    locale: LocaleCode | None = Field(None, description="language of the pages (ja, en …)")
    ordering: Ordering | None = Field(
        None,
        description=(
            "relevance: best match of q first (the default with q); list: the list's fixed order "
            "(tree order, display order for departments; the default without q)"
        ),
    )


class PlanFilters(TextQuery):
    kind: KindCode | None = Field(None, description="plan kind")
    status: PlanStatusCode | None = Field(None, description="plan status")
    fiscal_year: int | None = _fiscal_year("plans whose period includes this fiscal year")


class MeasureFilters(TextQuery):
    plan: int | None = _id("plan id")


class ItemFilters(TextQuery):
    plan: int | None = _id("plan id")
    measure: int | None = _id("measure id (the measure the item belongs to)")
    department: int | None = _id("department id (lead or partner)")
    actor: ActorCode | None = Field(None, description="who carries the item out")
    flag: FlagCode | None = Field(None, description="items with this flag")
    status: StatusCode | None = Field(
        None, description="items with a progress row of this status (in fiscal_year when given)"
    )
    fiscal_year: int | None = _fiscal_year("items with a progress row for this fiscal year")


class DepartmentFilters(TextQuery):
    locale: LocaleCode | None = Field(None, description="language of the departments")
    parent: int | None = _id("id of the bureau (局) the departments belong to")


class ProgressFilters(TextQuery):
    plan: int | None = _id("plan id")
    measure: int | None = _id("measure id")
    item: int | None = _id("item id")
    department: int | None = _id("department id (lead or partner of the item)")
    actor: ActorCode | None = Field(None, description="who carries the item out")
    status: StatusCode | None = Field(None, description="progress status")
    fiscal_year: int | None = _fiscal_year("fiscal year of the progress row")


class SummaryFilters(Schema):
    plan: int | None = _id("plan id")
    fiscal_year: int | None = _fiscal_year("fiscal year")
    locale: LocaleCode | None = Field(None, description="language of the plans")


class IndicatorFilters(Schema):
    plan: int | None = _id("plan id")
    measure: int | None = _id("measure id (indicators that measure it)")
    item: int | None = _id("item id (indicators that measure it)")
    fiscal_year: int | None = _fiscal_year(
        "indicators with a value for this fiscal year; their assessment is of this year"
    )
    locale: LocaleCode | None = Field(None, description="language of the indicators")


class IndicatorValueFilters(Schema):
    plan: int | None = _id("plan id")
    measure: int | None = _id("measure id (indicators that measure it)")
    item: int | None = _id("item id (indicators that measure it)")
    indicator: int | None = _id("indicator id")
    fiscal_year: int | None = _fiscal_year("fiscal year of the value")
    locale: LocaleCode | None = Field(None, description="language of the indicators")
