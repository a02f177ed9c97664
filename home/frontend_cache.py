"""Purging a reverse proxy in front of the site (Varnish, ``deploy/varnish/kyodo.vcl``) with
Wagtail's frontend cache (``wagtail.contrib.frontend_cache``), when ``FRONTEND_CACHE_URL``
names it (docs/caching.md).

Publishing or unpublishing a page purges, once the change is committed, the addresses that
show it: the page in every language it is live in, the ancestors of each (a plan index lists
its plans, the home page its sections), 新着情報 and its feeds, and the sitemaps. Wagtail's
task sends one PURGE per address. Anything else the pages show — a page moved or deleted, a
snippet, a site setting, the models of ``KYODO_PAGE_CACHE_MODELS`` — bans every page the
proxy holds (one BAN request), as the page cache starts a new generation for the same
changes.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri

from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache

logger = logging.getLogger("kyodo")

# The lists every published page may appear in, in each language (home/updates.py,
# home/sitemaps.py).
LIST_URL_NAMES = ("updates", "updates_atom", "updates_rss", "sitemap")


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP backend (one PURGE per address), and a BAN of every page."""

    def __init__(self, params):
        self.location = params["LOCATION"]
        super().__init__(params)

    def ban_all(self) -> None:
        request = urllib.request.Request(self.location.rstrip("/") + "/", method="BAN")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=5):  # noqa: S310 (the configured proxy)
                pass
        except (urllib.error.URLError, OSError) as error:
            logger.error("Could not ban the pages of the front-end cache at %s: %s", self.location, error)


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _site_root(page) -> str | None:
    url = page.get_full_url()
    if url is None:
        return None
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def page_urls(page) -> set[str]:
    """The full addresses that show ``page``: itself and its ancestors in every language
    it has a live version in, and the lists of new pages and sitemaps of each language."""
    urls: set[str] = set()
    versions = Page.objects.filter(translation_key=page.translation_key).filter(
        live=True
    ) | Page.objects.filter(pk=page.pk)
    for version in versions.select_related("locale"):
        for shown in [*version.get_ancestors().filter(depth__gt=1, live=True), version]:
            for path in shown.specific_deferred.get_cached_paths():
                url = shown.get_full_url()
                if url is not None:
                    urls.add(iri_to_uri(url + path.lstrip("/")))
    root = _site_root(page)
    if root is not None:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                urls.update(root + iri_to_uri(reverse(name)) for name in LIST_URL_NAMES)
    return urls


def purge_page(page) -> None:
    """Purge the addresses of ``page`` (:func:`page_urls`) once the change is committed."""
    if not enabled():
        return
    urls = page_urls(page)  # read now, in the transaction that publishes or unpublishes it
    transaction.on_commit(lambda: purge_urls_from_cache(sorted(urls)))


def ban_all() -> None:
    for backend in get_backends().values():
        if isinstance(backend, VarnishBackend):
            backend.ban_all()


def _on_published_or_unpublished(sender, instance, **kwargs) -> None:
    purge_page(instance)


def _on_other_change(sender=None, **kwargs) -> None:
    if enabled():
        transaction.on_commit(ban_all)


def _on_saved_or_deleted(sender, instance, signal=None, **kwargs) -> None:
    if enabled() and page_cache.changes_pages(sender, instance, signal):
        _on_other_change()


def register_signal_handlers() -> None:
    uid = "kyodo_frontend_cache"
    page_published.connect(_on_published_or_unpublished, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(_on_published_or_unpublished, dispatch_uid=f"{uid}_unpublished")
    post_page_move.connect(_on_other_change, dispatch_uid=f"{uid}_moved")
    post_save.connect(_on_saved_or_deleted, dispatch_uid=f"{uid}_saved")
    post_delete.connect(_on_saved_or_deleted, dispatch_uid=f"{uid}_deleted")
