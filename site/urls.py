from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import preferences, sitemaps, updates
from printing import views as printing_views
from search import views as search_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("api.urls")),
    # Page furniture (home/sitemaps.py): one sitemap per language, for crawlers and browsers.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("favicon.ico", sitemaps.favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages: Japanese at the root, every other language under its prefix (/en/…).
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    # 新着情報 and its feeds (home.updates)
    path("updates/", updates.updates_page, name="updates"),
    path("updates/feed.atom", updates.UpdatesAtomFeed(), name="updates_atom"),
    path("updates/feed.rss", updates.UpdatesRssFeed(), name="updates_rss"),
    # A whole plan on one page for printing, and the PDFs of plans and reports (printing/).
    path("print/<int:page_id>/", printing_views.plan_print, name="plan_print"),
    path("pdf/<int:page_id>/", printing_views.page_pdf, name="page_pdf"),
    # 文字サイズ and 背景色 (home.preferences): sets the cookie and goes back to the page.
    path("preferences/", preferences.set_preferences, name="preferences"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
