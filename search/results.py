"""The results of one page of a search, ready to display: type, plan and measure, departments,
current status and a highlighted snippet, read in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F
from django.urls import translate_url
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import StreamValue
from wagtail.models import Page

from plans.models import GlossaryPage, GlossaryTerm, ProgressRow
from plans.scales import scales_for

from .facets import STATUS_LABELS, PageFacts
from .highlight import highlight, match_spans, snippet

# The text fields a snippet may come from, in the order they are tried.
TEXT_FIELDS = (
    "search_description",
    "area",
    "group",
    "summary",
    "overall_evaluation",
    "lead",
    "intro",
    "pickup_text",
    "description",
    "introduction",
    "chapters",
    "body",
)


def _block_text(block: blocks.Block, value) -> Iterator[str]:
    """The text of a block's raw (JSON) value, read without loading what its choosers point
    at, so that a snippet costs no query."""
    if value in (None, ""):
        return
    if isinstance(block, blocks.RichTextBlock):
        yield strip_tags(str(value))
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield str(value)
    elif isinstance(block, TableBlock) and isinstance(value, dict):
        for row in value.get("data") or []:
            yield " ".join(str(cell) for cell in row or [] if cell)
    elif isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        for name, child in block.child_blocks.items():
            yield from _block_text(child, value.get(name))
    elif isinstance(block, blocks.ListBlock) and isinstance(value, list):
        for item in value:
            # ListBlock items are stored as {"type": "item", "value": …} or as bare values.
            raw = item["value"] if isinstance(item, dict) and item.get("type") == "item" else item
            yield from _block_text(block.child_block, raw)
    elif isinstance(block, blocks.StreamBlock) and isinstance(value, list):
        for child in value:
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                yield from _block_text(block.child_blocks[child["type"]], child.get("value"))


def stream_text(value: StreamValue) -> list[str]:
    return [text for text in _block_text(value.stream_block, list(value.raw_data)) if text.strip()]


def page_texts(page: Page, narratives: list[str]) -> list[str]:
    """The texts of a page a snippet is cut from, in order, then its progress narratives."""
    texts: list[str] = []
    for name in TEXT_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, StreamValue):
            texts.extend(stream_text(value))
        elif isinstance(value, str) and value.strip():
            texts.append(value)
    return texts + narratives


@dataclass
class Link:
    title: str
    url: str
    lang: str = ""  # "ja" for a Japanese page shown to a reader of another language


@dataclass
class Result:
    page: Page
    url: str
    type_label: str
    title: SafeString
    snippet: SafeString
    plan: Link | None = None
    measure: Link | None = None
    departments: list[SafeString] = field(default_factory=list)
    status: str = ""
    status_label: str = ""
    status_year: int | None = None
    lang: str = ""  # "ja" for a Japanese page found by a reader of another language


def reader_url(page: Page, request, *, fallback: bool) -> str:
    """The URL the reader follows: for a Japanese page found in another language (a page
    not translated yet), the same path under the reader's prefix, where the site shows it
    marked as Japanese with the reader's menus around it."""
    url = page.get_url(request) or ""
    reader_language = translation.get_language()
    if not fallback or not url.startswith("/"):
        return url
    # translate_url reads the path in the active language: the Japanese URL has no prefix.
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, reader_language)


def _link(page: Page, title: str, request, locale_id: int | None) -> Link:
    fallback = locale_id is not None and page.locale_id != locale_id
    return Link(title, reader_url(page, request, fallback=fallback), "ja" if fallback else "")


def present(
    page_ids: list[int],
    facts: Mapping[int, PageFacts],
    department_labels: Mapping[str, str],
    query: str,
    request,
    *,
    locale_id: int | None = None,
) -> list[Result]:
    """The pages ``page_ids`` (in that order) as results; at most six queries whatever the
    number of pages (pages, their specific types, the plans and measures they belong to,
    the progress narratives of items, the evaluation scales of their plans)."""
    if not page_ids:
        return []
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    parent_ids = {facts[pk].plan for pk in page_ids if pk in facts} | {
        facts[pk].measure for pk in page_ids if pk in facts
    }
    parent_ids -= {None, *page_ids}
    parents: dict[int, Page] = {}
    if parent_ids:
        rows = Page.objects.filter(pk__in=parent_ids).annotate(measure_number=F("measurepage__number"))
        parents = {page.pk: page for page in rows}
    parents.update(pages)
    item_ids = [pk for pk in page_ids if pk in facts and facts[pk].type == "actionitempage"]
    narratives: dict[int, list[str]] = {}
    if item_ids:
        rows = (
            ProgressRow.objects.filter(item_id__in=item_ids)
            .exclude(narrative="")
            .order_by("item_id", "-fiscal_year")
            .values_list("item_id", "narrative")
        )
        for item_id, narrative in rows:
            narratives.setdefault(item_id, []).append(narrative)
    # An item's status in the words of its plan's evaluation scale (no query without items).
    scales = scales_for(parents[facts[pk].plan] for pk in item_ids if facts[pk].plan in parents)

    # The glossary page is found through its terms (at most one such page per language).
    glossary_texts: list[str] = []
    glossaries = [pages[pk] for pk in page_ids if pk in pages and isinstance(pages[pk], GlossaryPage)]
    if glossaries:
        terms = GlossaryTerm.objects.filter(locale_id=glossaries[0].locale_id).values_list(
            "term", "definition"
        )
        glossary_texts = [f"{term}：{definition}" for term, definition in terms]

    results = []
    for pk in page_ids:
        page = pages.get(pk)
        page_facts = facts.get(pk)
        if page is None or page_facts is None:
            continue
        labels = [
            department_labels[str(department)]
            for department in page_facts.departments
            if str(department) in department_labels
        ]
        fallback = locale_id is not None and page.locale_id != locale_id
        result = Result(
            page=page,
            url=reader_url(page, request, fallback=fallback),
            lang="ja" if fallback else "",
            type_label=page_facts.type_label,
            title=highlight(page.title, match_spans(page.title, query)),
            snippet=snippet(
                page_texts(
                    page, glossary_texts if isinstance(page, GlossaryPage) else narratives.get(pk, [])
                ),
                query,
            ),
            # An item is found by its department's name: show where.
            departments=[highlight(label, match_spans(label, query)) for label in labels],
            status=page_facts.status,
            status_label=scales[page_facts.plan].label(page_facts.status, page_facts.grade)
            if page_facts.status and page_facts.plan in scales and page_facts.type == "actionitempage"
            else str(STATUS_LABELS.get(page_facts.status, "")),
            status_year=page_facts.status_year,
        )
        if page_facts.plan and page_facts.plan != pk and page_facts.plan in parents:
            plan = parents[page_facts.plan]
            result.plan = _link(plan, plan.title, request, locale_id)
        if page_facts.measure and page_facts.measure in parents:
            measure = parents[page_facts.measure]
            number = getattr(measure, "measure_number", None) or getattr(measure, "number", "")
            title = f"{number} {measure.title}" if number else measure.title
            result.measure = _link(measure, title, request, locale_id)
        results.append(result)
    return results
