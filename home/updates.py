"""新着情報 and its feeds: what was published lately, in the reader's language.

``/updates/`` lists the newest plans and progress reports with pagination;
``/updates/feed.atom`` and ``/updates/feed.rss`` carry the plans, reports and items (Django's
syndication framework), each language under its own prefix (``/en/updates/feed.atom``).
Links in the feeds are absolute and use the site's configured address
(``WAGTAILADMIN_BASE_URL``, from ``BASE_URL``), since a feed reader has no page to resolve
them against and the request's host may be an internal one behind a proxy.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page

from plans.updates import DOCUMENT_TYPES, FEED_TYPES, page_summary, recent_pages, updates
from plans.visibility import hidden_for

from .municipality import text_for_request

PER_PAGE = 20
FEED_LENGTH = 50


def absolute_url(path: str) -> str:
    """``/plans/x/`` → ``https://kyodo.city.example.jp/plans/x/`` on the configured host."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def page_path(page: Page, request=None) -> str:
    """The page's path on the site (with the language prefix), without a host."""
    parts = page.get_url_parts(request)
    return parts[2] if parts else page.url_path


def feed_title(request) -> str:
    text = text_for_request(request)
    name = text.name if text is not None else ""
    title = str(settings.KYODO_DEFAULT_SITE_TITLE)
    return _("%(site)sの新着情報") % {"site": f"{name} {title}" if name else title}


@dataclass
class FeedSource:
    """What one request's feed is made from (the feed object itself is shared by every
    request, so nothing request-bound is kept on it)."""

    locale: Locale
    request: HttpRequest


@dataclass
class FeedEntry:
    page: Page
    link: str


class UpdatesRssFeed(Feed):
    """RSS 2.0 of the newest plans, progress reports and items of the request's language."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs) -> FeedSource:
        return FeedSource(Locale.get_active(), request)

    def title(self, source: FeedSource) -> str:
        return feed_title(source.request)

    def description(self, source: FeedSource) -> str:
        return _("新しく公開された、または更新された計画・進捗報告・事業です。")

    def link(self, source: FeedSource) -> str:
        return absolute_url(reverse("updates"))

    def feed_url(self, source: FeedSource) -> str:
        return absolute_url(source.request.path)

    def items(self, source: FeedSource) -> list[FeedEntry]:
        pages = recent_pages(source.locale.pk, FEED_TYPES, hidden=hidden_for(source.request))
        return [
            FeedEntry(page, absolute_url(page_path(page, source.request)))
            for page in pages[:FEED_LENGTH].specific()
        ]

    def item_title(self, entry: FeedEntry) -> str:
        return entry.page.title

    def item_description(self, entry: FeedEntry) -> str:
        return page_summary(entry.page)

    def item_link(self, entry: FeedEntry) -> str:
        return entry.link

    def item_guid(self, entry: FeedEntry) -> str:
        return entry.link

    def item_pubdate(self, entry: FeedEntry):
        return entry.page.last_published_at

    def item_updateddate(self, entry: FeedEntry):
        return entry.page.last_published_at

    def item_categories(self, entry: FeedEntry) -> list[str]:
        return [str(type(entry.page)._meta.verbose_name)]


class UpdatesAtomFeed(UpdatesRssFeed):
    """The same entries as Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = UpdatesRssFeed.description

    def item_pubdate(self, entry: FeedEntry):
        """Atom keeps both dates: ``published`` the first publication, ``updated`` the last."""
        return entry.page.first_published_at


@require_GET
def updates_page(request):
    """新着情報: the newest plans and progress reports, twenty to a page, with the feeds."""
    locale = Locale.get_active()
    pages = recent_pages(locale.pk, DOCUMENT_TYPES, hidden=hidden_for(request))
    page_obj = Paginator(pages, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "home/updates_page.html",
        {"page_obj": page_obj, "updates": updates(page_obj.object_list.specific())},
    )
