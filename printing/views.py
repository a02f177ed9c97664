"""The whole-plan print view and the PDF download of plans and progress reports."""

from __future__ import annotations

import logging
from urllib.parse import quote

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from plans.downloads import safe_filename
from plans.models import PlanPage

from . import chromium
from .documents import pdf_name, printable_page, reader_language, render_plan_document, wants_ruby
from .tasks import make_pdf, pdf_storage

logger = logging.getLogger("kyodo.printing")

# How long a started task is waited for before a new one is started (seconds).
PENDING_SECONDS = 10 * 60
# The waiting page reloads itself after this many seconds.
REFRESH_SECONDS = 3


def plan_print(request: HttpRequest, page_id: int) -> HttpResponse:
    """The whole plan on one page: the plan, a 目次, every public measure and its public
    items with what their pages show, in tree order."""
    page = printable_page(page_id)
    if not isinstance(page, PlanPage):  # a report prints as its own page
        raise Http404
    return render_plan_document(request, page)


def page_pdf(request: HttpRequest, page_id: int) -> HttpResponse:
    """The PDF of a plan (its whole-plan document) or of a progress report: the file when
    it is made, else a page that starts the task and refreshes itself until it is there."""
    page = printable_page(page_id)
    language = reader_language(request)
    ruby = wants_ruby(request, page)
    if not chromium.available():
        return _status(request, page, "unavailable", status=503)
    storage = pdf_storage()
    name = pdf_name(page, language=language, ruby=ruby)
    if storage.exists(name):
        return _file(storage, name, page)
    state = _start(name, page.pk, language, ruby)
    if storage.exists(name):  # the immediate backend made it in this request
        return _file(storage, name, page)
    if state == "failed":
        return _status(request, page, "failed", status=500)
    return _status(request, page, "making", status=202)


def _start(name: str, page_id: int, language: str, ruby: bool) -> str:
    """Start the task unless one is already under way for this file; "making" or "failed"."""
    key = f"kyodo:pdf:{name}"
    result_id = cache.get(key)
    if result_id is not None:
        try:
            result = make_pdf.get_result(result_id)
        except (TaskResultDoesNotExist, NotImplementedError):
            result = None
        if result is not None and result.status == TaskResultStatus.FAILED:
            cache.delete(key)
            return "failed"
        if result is None or result.status != TaskResultStatus.SUCCESSFUL:
            return "making"
    result = make_pdf.enqueue(page_id, language, ruby)
    if result.status == TaskResultStatus.FAILED:
        logger.error("PDF of page %s failed: %s", page_id, [error.traceback for error in result.errors])
        return "failed"
    cache.set(key, result.id, PENDING_SECONDS)
    return "making"


def _file(storage, name: str, page) -> FileResponse:
    response = FileResponse(storage.open(name, "rb"), content_type="application/pdf")
    filename = f"{safe_filename(page.title)}.pdf"
    response["Content-Disposition"] = (
        f"inline; filename=\"kyodo-{page.pk}.pdf\"; filename*=UTF-8''{quote(filename, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _status(request: HttpRequest, page, state: str, *, status: int) -> HttpResponse:
    messages = {
        "making": _("PDFを作成しています"),
        "failed": _("PDFを作成できませんでした"),
        "unavailable": _("PDFは現在ご利用いただけません"),
    }
    return render(
        request,
        "printing/pdf_status.html",
        {"page": page, "state": state, "heading": messages[state], "refresh": REFRESH_SECONDS},
        status=status,
    )
