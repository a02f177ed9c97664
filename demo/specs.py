"""The shapes the demo content is written in, and helpers that turn prose into blocks.

Data modules describe the municipality with these frozen dataclasses; the loader turns
them into snippets and pages. Blocks are written as the JSON-like stream data Wagtail
stores (``{"type": ..., "value": ...}``), with :class:`DepartmentRef` and :class:`TermRef`
standing for snippets whose primary keys are only known once the loader has saved them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape

from plans.slugs import ITEM_PREFIX, MEASURE_PREFIX, numbered_slug_base

Block = dict[str, Any]


@dataclass(frozen=True)
class DepartmentRef:
    """A department named in stream data, resolved to its primary key by the loader."""

    name: str


@dataclass(frozen=True)
class TermRef:
    """A glossary term named in stream data, resolved to its primary key by the loader."""

    term: str


# Snippets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    reading: str
    phone: str = ""
    fax: str = ""
    email: str = ""
    address: str = ""
    aliases: tuple[str, ...] = ()
    children: tuple[DepartmentSpec, ...] = ()


@dataclass(frozen=True)
class TermSpec:
    term: str
    reading: str
    definition: str


# Plans ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """One fiscal year of an item's progress. ``grade`` names a level of the plan's own
    evaluation scale (its label), whose status then counts; a blank status with no grade is
    評価なし (a narrative without a status)."""

    fiscal_year: int
    status: str
    narrative: str
    percent: int | None = None
    grade: str = ""


@dataclass(frozen=True)
class LevelSpec:
    """A level of a plan's own evaluation scale (評価の段階)."""

    label: str
    status: str
    description: str = ""


@dataclass(frozen=True)
class ItemSpec:
    number: str
    title: str
    description: str
    departments: tuple[str, ...]  # the first is the lead
    group: str = ""
    actor: str = ""
    new: bool = False
    enhanced: bool = False
    relisted: bool = False  # listed in another plan and repeated here
    pickup_text: str = ""
    relisted_under: tuple[str, ...] = ()  # numbers of other measures of the same plan
    # Phases from the plan's first fiscal year on ("" leaves a year empty).
    schedule: tuple[str, ...] = ()
    onwards: bool = False  # the last scheduled phase continues after the plan's period
    progress: tuple[Progress, ...] = ()

    @property
    def slug(self) -> str:
        return numbered_slug_base(ITEM_PREFIX, self.number, self.title)


@dataclass(frozen=True)
class MeasureSpec:
    number: str
    title: str
    area: str
    description: str
    items: tuple[ItemSpec, ...]
    slug: str = ""  # defaults to measure-<number>

    @property
    def page_slug(self) -> str:
        return self.slug or numbered_slug_base(MEASURE_PREFIX, self.number, self.title)


@dataclass(frozen=True)
class ReportSpec:
    fiscal_year: int
    title: str
    overall_evaluation: str
    introduction: str

    @property
    def slug(self) -> str:
        return f"report-{self.fiscal_year}"


@dataclass(frozen=True)
class BandSpec:
    """A grade of the plan's indicators (「S：目標を達成」) and its lower threshold in %."""

    label: str
    threshold: int
    description: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator (成果指標) of a plan. Numbers are strings (exact decimals); each value is
    (fiscal year, value or None for a year not measured, note)."""

    code: str
    name: str
    unit: str
    direction: str
    measures: tuple[str, ...]  # numbers of the plan's measures
    baseline: tuple[int, str]
    targets: tuple[tuple[int, str], ...]
    values: tuple[tuple[int, str | None, str], ...]
    description: str = ""
    source: str = ""
    items: tuple[str, ...] = ()  # numbers of the plan's items


@dataclass(frozen=True)
class PlanSpec:
    slug: str
    title: str
    short_title: str
    kind: str
    status: str
    period_start: int
    period_end: int
    issuing_department: str
    summary: str
    chapters: tuple[Block, ...] = ()
    measures: tuple[MeasureSpec, ...] = ()
    reports: tuple[ReportSpec, ...] = ()
    replaces: str = ""  # slug of the plan this one replaces
    levels: tuple[LevelSpec, ...] = ()  # the plan's own evaluation scale (none: the default)
    indicator_rule: str = ""  # how its indicators are graded (blank: the model's default)
    indicator_bands: tuple[BandSpec, ...] = ()  # their grades (none: the default A–D)
    indicators: tuple[IndicatorSpec, ...] = ()


@dataclass(frozen=True)
class GuidelineSpec:
    slug: str
    title: str
    kind: str
    audience: str
    revised_on: datetime.date
    summary: str
    body: tuple[Block, ...]


# Site -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSpec:
    """One of the pages directly below the home page, with its translations (field → text):
    English, and easy Japanese for the sections the easy-Japanese pages need."""

    slug: str
    title: str
    intro: str
    english: dict[str, str] = field(default_factory=dict)
    easy_japanese: dict[str, str] = field(default_factory=dict)


# Stream data ------------------------------------------------------------------------


def paragraphs(text: str) -> list[Block]:
    """Plain text to paragraph blocks; blank lines separate paragraphs."""
    return [
        {"type": "paragraph", "value": _html(chunk)}
        for chunk in (part.strip() for part in text.split("\n\n"))
        if chunk
    ]


def _html(chunk: str) -> str:
    """A paragraph, or a bulleted list when every line starts with ・."""
    lines = [line.strip() for line in chunk.splitlines() if line.strip()]
    if lines and all(line.startswith("・") for line in lines):
        return "<ul>" + "".join(f"<li>{escape(line[1:])}</li>" for line in lines) + "</ul>"
    return "<p>" + "<br/>".join(escape(line) for line in lines) + "</p>"


def heading(text: str, level: str = "h2") -> Block:
    return {"type": "heading", "value": {"text": text, "level": level}}


def callout(title: str, text: str, kind: str = "note") -> Block:
    body = "".join(_html(part.strip()) for part in text.split("\n\n") if part.strip())
    return {"type": "callout", "value": {"kind": kind, "title": title, "body": body}}


def table(caption: str, rows: list[list[str]], *, first_col_is_header: bool = False) -> Block:
    return {
        "type": "table",
        "value": {
            "data": rows,
            "first_row_is_table_header": True,
            "first_col_is_header": first_col_is_header,
            "table_caption": caption,
            "table_header_choice": "both" if first_col_is_header else "row",
        },
    }


def commitments(title: str, items: list[tuple[str, str]]) -> Block:
    return {
        "type": "commitments",
        "value": {"heading": title, "items": [{"title": name, "text": text} for name, text in items]},
    }


def steps(title: str, items: list[tuple[str, str]]) -> Block:
    return {
        "type": "steps",
        "value": {
            "heading": title,
            "steps": [{"label": label, "description": text} for label, text in items],
        },
    }


def checklist(title: str, items: list[str]) -> Block:
    return {"type": "checklist", "value": {"heading": title, "items": items}}


def faq(title: str, questions: list[tuple[str, str]]) -> Block:
    return {
        "type": "faq",
        "value": {
            "heading": title,
            "questions": [{"question": question, "answer": _html(answer)} for question, answer in questions],
        },
    }


def glossary(term: str) -> Block:
    return {"type": "glossary", "value": {"term": TermRef(term)}}


def contact(department: str, note: str = "") -> Block:
    return {"type": "contact", "value": {"department": DepartmentRef(department), "note": note}}
