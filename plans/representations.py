"""The JSON shapes of Kyodo's records in the headless API, defined once.

Serializer fields (``plans.api_fields``) and StreamField blocks (``plans.blocks``) both build
their output here, so a department, a glossary term, a vocabulary code or a link to a page
looks the same wherever it appears. Codes are stable identifiers; ``label`` follows the
language of the request and ``label_ja`` is always the Japanese source label.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import translation

from plans.fiscal_years import fiscal_year_ja, fiscal_year_label

SOURCE_LANGUAGE = "ja"


def choice(vocabulary: type[models.TextChoices], code: str, **extra) -> dict | None:
    """``{"code": "on_track", "label": "On track", "label_ja": "順調"}`` (None for a blank code)."""
    if not code:
        return None
    try:
        member = vocabulary(code)
    except ValueError:
        # A code the vocabulary no longer knows: keep it, with no label rather than a crash.
        return {"code": code, "label": "", "label_ja": "", **extra}
    with translation.override(SOURCE_LANGUAGE):
        label_ja = str(member.label)
    return {"code": code, "label": str(member.label), "label_ja": label_ja, **extra}


def grade(scale, status: str | None, grade: str | None) -> dict:
    """How a plan graded a progress row, in the words of its evaluation scale
    (``plans.scales.Scale``): ``{"label": "A", "label_ja": "A", "description": "…"}``; the
    label is 評価なし for a row without a status."""
    return {
        "label": scale.label(status, grade),
        "label_ja": scale.label_ja(status, grade),
        "description": scale.description(status, grade),
    }


def fiscal_year(year: int | None) -> dict | None:
    """A fiscal year as a number with its printed forms: 令和6年度（2024年度） and FY2024."""
    if year is None:
        return None
    return {
        "year": year,
        "label": fiscal_year_label(year, translation.get_language()),
        "label_ja": fiscal_year_ja(year),
    }


def department(department) -> dict:
    """A department with its place in the organisation and its contact details."""
    parent = department.parent if department.parent_id else None
    return {
        "id": department.pk,
        "name": department.name,
        "full_name": department.full_name,
        "reading": department.reading,
        "parent": {"id": parent.pk, "name": parent.name, "reading": parent.reading} if parent else None,
        "contact": {
            "phone": department.phone,
            "fax": department.fax,
            "email": department.email,
            "address": department.address,
            "url": department.url,
        },
    }


def glossary_term(term) -> dict:
    return {
        "id": term.pk,
        "term": term.term,
        "reading": term.reading,
        "definition": term.definition,
        "anchor": term.anchor,
    }


def page_reference(page, request=None) -> dict:
    """A link to another page: its id, title, type and public URL."""
    specific_class = page.specific_class
    return {
        "id": page.pk,
        "title": page.title,
        "type": specific_class._meta.label if specific_class else None,
        "url": page.get_full_url(request),
        "path": page.get_url(request),
    }


def document(document, request=None) -> dict:
    """A document with what a reader needs before downloading it: URL, size and type."""
    url = document.url
    return {
        "id": document.pk,
        "title": document.title,
        "url": url,
        "full_url": request.build_absolute_uri(url) if request is not None and url.startswith("/") else url,
        "file_extension": document.file_extension,
        "content_type": document.content_type,
        "file_size": document.get_file_size(),
    }


def rendition(image, filter_spec: str, request=None) -> dict:
    """An image resized for the web, with the size the front end needs for its layout."""
    resized = image.get_rendition(filter_spec)
    url = resized.url
    return {
        "url": url,
        "full_url": request.build_absolute_uri(url) if request is not None and url.startswith("/") else url,
        "width": resized.width,
        "height": resized.height,
    }


def decimal(value: Decimal | None) -> str | None:
    """An indicator's number as an exact decimal string without trailing zeros or exponent:
    ``"13.5"``, ``"312"``, ``"-0.25"`` (None for a blank value). Strings rather than JSON
    numbers, which most readers parse as binary floating point: the 16 digits Kyodo stores
    would not all survive."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text
