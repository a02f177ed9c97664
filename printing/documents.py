"""The pages that print as one document, the HTML of that document, and the version that
names its PDF.

A plan prints as the whole-plan document (the plan, its measures and their items on one
page, :func:`plans.selectors.plan_document`); a progress report as its own page. The PDF of
either is kept per page, version, language and ruby (:func:`pdf_name`): the version changes
whenever a page of the plan is published, unpublished, moved into or out of the plan, or made
private, so a new publication gets a new file and the old one is never served again.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page

from furigana.dictionary import entries
from furigana.preference import PARAMETER, is_japanese, ruby_on
from furigana.readings import READINGS_VERSION
from plans.models import PlanPage, ProgressReportPage
from plans.selectors import plan_document
from plans.visibility import visible

PRINTABLE = (PlanPage, ProgressReportPage)
# Part of every PDF's name: raise it when the print style sheets or the PDF settings change,
# so that no PDF made the old way is served again.
LAYOUT_VERSION = 2


def printable_page(page_id: int) -> PlanPage | ProgressReportPage:
    """A live, public plan or progress report, else 404: drafts, private pages, pages below
    an unpublished page and other page types have no print document and no PDF."""
    page = visible(Page.objects.filter(pk=page_id)).first()
    page = page.specific if page is not None else None
    if not isinstance(page, PRINTABLE):
        raise Http404
    return page


def plan_of(page: PlanPage | ProgressReportPage) -> PlanPage | None:
    return page if isinstance(page, PlanPage) else page.plan


def reader_language(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or settings.LANGUAGE_CODE


def wants_ruby(request: HttpRequest, page: Page) -> bool:
    """Whether this reader sees the page with ruby, as the ``{% furigana %}`` tag decides."""
    return is_japanese(page.locale.language_code) and ruby_on(request, reader_language(request))


def document_version(page: PlanPage | ProgressReportPage, *, ruby: bool) -> str:
    """A short digest of what the document shows: the public pages of the plan with their
    live revisions (and the reading dictionary's version when it has ruby). One query (two
    for the hidden branches), however large the plan."""
    plan = plan_of(page)
    root = plan or page
    pages = visible(Page.objects.descendant_of(root, inclusive=True)).order_by("path")
    rows = list(pages.values_list("pk", "live_revision_id", "path"))
    digest = hashlib.sha256(repr((LAYOUT_VERSION, page.pk, rows)).encode())
    if ruby:
        digest.update(f"ruby:{READINGS_VERSION}:{entries().version}".encode())
    return digest.hexdigest()[:16]


def pdf_name(page: PlanPage | ProgressReportPage, *, language: str, ruby: bool) -> str:
    """The PDF's name in the ``pdf`` storage: page, live revision, version, language, ruby."""
    version = document_version(page, ruby=ruby)
    return f"{page.pk}/{page.live_revision_id}-{version}-{language}-{'ruby' if ruby else 'plain'}.pdf"


# The document's HTML ---------------------------------------------------------------------


def render_plan_document(request: HttpRequest, plan: PlanPage) -> TemplateResponse:
    context = {"page": plan, "self": plan, "request": request}
    context.update(plan_document(plan))
    return TemplateResponse(request, "printing/plan_document.html", context)


def site_root_url(page: Page) -> str:
    site = page.get_site()
    if site is None:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return site.root_url


def document_request(page: Page, *, language: str, ruby: bool) -> HttpRequest:
    """An anonymous reader's request for the page in ``language``, with ruby on or off:
    what the background task renders the document with."""
    root = urlsplit(site_root_url(page))
    secure = root.scheme == "https"
    port = root.port or (443 if secure else 80)
    with translation.override(language):
        if isinstance(page, PlanPage):
            path = reverse("plan_print", args=[page.pk])
        else:
            parts = page.get_url_parts()
            path = parts[2] if parts else "/"
    factory = RequestFactory(SERVER_NAME=root.hostname or "localhost", SERVER_PORT=str(port))
    request = factory.get(path, {PARAMETER: "1" if ruby else "0"}, secure=secure, HTTP_HOST=root.netloc)
    request.LANGUAGE_CODE = language
    request.user = AnonymousUser()
    return request


def document_html(page: PlanPage | ProgressReportPage, *, language: str, ruby: bool) -> tuple[str, str]:
    """The document's HTML as an anonymous reader receives it, and its address."""
    request = document_request(page, language=language, ruby=ruby)
    with translation.override(language):
        plan = isinstance(page, PlanPage)
        response = render_plan_document(request, page) if plan else page.serve(request)
        response.render()
    return response.content.decode(), request.build_absolute_uri(request.path)
