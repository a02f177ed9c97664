"""新着情報: the plans, progress reports and items of one language most recently published.

The home page, the 新着情報 page and the feeds list the same thing: public pages (live, not
private, not below a page that is not live, :mod:`plans.visibility`) ordered by their last
publication, newest first. A page published once is 新規; a page published again later is
更新, dated by its last publication.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail.models import Page

from .models import ActionItemPage, PlanPage, ProgressReportPage
from .visibility import hidden_branches, visible

# The home page and the 新着情報 page list the documents; the feeds list the items too.
DOCUMENT_TYPES = (PlanPage, ProgressReportPage)
FEED_TYPES = (PlanPage, ProgressReportPage, ActionItemPage)
SUMMARY_LENGTH = 200


def recent_pages(locale_id: int, types=DOCUMENT_TYPES, *, hidden: Q | None = None) -> QuerySet[Page]:
    """Public pages of these types in one language, last published first (not yet specific:
    slice first, then call ``.specific()``)."""
    if hidden is None:
        hidden = hidden_branches()
    pages = Page.objects.type(*types).filter(locale_id=locale_id, last_published_at__isnull=False)
    return visible(pages, hidden=hidden).order_by("-last_published_at", "-pk")


def is_new(page: Page) -> bool:
    """Published once and not since (Wagtail stamps both times with the same moment)."""
    return page.first_published_at == page.last_published_at


def change_label(page: Page) -> str:
    return _("新規") if is_new(page) else _("更新")


def page_summary(page: Page) -> str:
    """A few sentences about the page for a feed entry: its search description if staff
    wrote one, else the plan's summary, the report's overall evaluation or the item's
    description as plain text."""
    text = page.search_description
    if not text:
        if isinstance(page, PlanPage):
            text = page.summary
        elif isinstance(page, ProgressReportPage):
            text = page.overall_evaluation
        elif isinstance(page, ActionItemPage):
            text = strip_tags(str(page.description))
    return Truncator(" ".join((text or "").split())).chars(SUMMARY_LENGTH)


@dataclass
class Update:
    page: Page
    kind: str  # 計画, 進捗報告, 事業
    change: str  # 新規 or 更新

    @property
    def published(self):
        return self.page.last_published_at


def updates(pages) -> list[Update]:
    return [Update(page, str(type(page)._meta.verbose_name), change_label(page)) for page in pages]
