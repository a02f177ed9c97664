"""``/sitemap.xml``, ``robots.txt`` and ``/favicon.ico`` (docs/public-site.md).

The sitemap is an index of one sitemap per language (``/sitemap-ja.xml``,
``/sitemap-en.xml`` …), built on Wagtail's sitemap (wagtail.contrib.sitemaps). Each lists the
public pages of that language's tree with the day they were last published: live, not
private, not below an unpublished page (plans.visibility, the rule every door follows), and
not an alias (its original is listed). A Japanese page shown under another language's prefix
because it has no translation is listed once, under its Japanese address. A published
translation that still holds machine-translated strings is listed like any translation: a
person published it, and the page tells its readers. Every address is on the configured host
(home.site_address).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Locale, Page, Site

from plans.visibility import visible

from .site_address import configured_address


class LanguageSitemap(Sitemap):
    """The public pages of one language's tree."""

    language_code: str = settings.LANGUAGE_CODE

    def _root_url(self) -> str:
        site = self.get_wagtail_site()
        return site.root_url if site is not None else configured_address().root_url

    # Django asks these for each page's address; Wagtail's pages give their own full URL.
    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(self._root_url()).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(self._root_url()).netloc

    def items(self):
        root = self.get_wagtail_site().root_page
        locale = Locale.objects.filter(language_code=self.language_code).first()
        home = root.get_translation_or_none(locale) if locale is not None else None
        if home is None:
            return Page.objects.none()
        pages = visible(home.get_descendants(inclusive=True)).filter(alias_of__isnull=True)
        return pages.order_by("path").defer_streamfields().specific()


def language_sitemaps() -> dict[str, type[LanguageSitemap]]:
    """One sitemap class per configured language, keyed by its code (the URL's section)."""
    return {
        code: type(f"LanguageSitemap_{code}", (LanguageSitemap,), {"language_code": code})
        for code, _name in settings.LANGUAGES
    }


SITEMAPS = language_sitemaps()


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The languages that have public pages, each sitemap on the configured host (Django's
    index view would take the host of the request)."""
    entries = []
    for section, sitemap in sitemap_views.prepare_sitemaps(request, SITEMAPS).items():
        if not sitemap.items().exists():
            continue
        location = sitemap._root_url() + reverse("sitemap_section", kwargs={"section": section})
        entries.append(SitemapIndexItem(location, sitemap.get_latest_lastmod()))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site, not the admin; the sitemap on the configured host."""
    site = Site.find_for_request(request)
    root_url = site.root_url if site is not None else configured_address().root_url
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {root_url}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers that ask for /favicon.ico before reading the page's ``<link rel="icon">``."""
    return redirect(static("favicon.ico"))
