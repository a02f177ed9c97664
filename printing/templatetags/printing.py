"""``{% print_links page %}``: the links of a plan's or report's page to its print view and
its PDF (「計画全体を印刷する」, 「PDFをダウンロード」), in the reader's language."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import translation

from plans.models import PlanPage

from .. import chromium
from ..documents import reader_language

register = template.Library()


@register.inclusion_tag("printing/includes/print_links.html", takes_context=True)
def print_links(context, page, *, with_print: bool = True) -> dict:
    request = context.get("request")
    language = reader_language(request) if request is not None else translation.get_language()
    # The reader's language, not the content's: a Japanese page shown under /en/ links to
    # the English print view and PDF (their furniture in English).
    with translation.override(language):
        print_url = reverse("plan_print", args=[page.pk]) if isinstance(page, PlanPage) and with_print else ""
        pdf_url = reverse("page_pdf", args=[page.pk])
    return {"print_url": print_url, "pdf_url": pdf_url, "available": chromium.available(), "page": page}
