"""The rendered body of a public page, kept between requests (docs/caching.md).

The page cache (:mod:`home.page_cache`) answers anonymous readers with whole pages. Every
other read of a page renders it: a member of staff reading the site while signed in, a
reader with a session, a site run with the page cache off behind a CDN, and every read
when the page cache is emptied. Most of that work is the page's body — the plan's measures,
the measure's items, the report's tables — which is the same for every reader of the same
address, language and furigana choice. That body is kept here: from the breadcrumbs to the
end of ``<main>`` (``{% keep_content %}`` in ``base.html``), under the page cache's
*generation*, so that every change the public could notice (publishing, unpublishing, a
move, a deletion, a department, a snippet, a setting) makes every kept body stale at once.

A page type asks :func:`find` in ``get_context`` before it computes what its body needs;
when a kept body is found, the context says so (``kept_content``) and the page skips that
work. The header, the footer and the page's ``<head>`` (title, description, alternates) are
rendered for every request, as they depend on the reader (signed in, preferences) or are
cheap.

Never kept: private pages, previews, requests other than GET and HEAD, anything but the
page's own body (an error page rendered during the request), and anything rendered inside a
transaction that has changed content and not committed it (the new generation does not
exist yet).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from plans.content_cache import changed_in_this_transaction

from . import page_cache

CONTEXT_NAME = "kept_content"
_KEY_ATTRIBUTE = "_kyodo_kept_content_key"


def _enabled() -> bool:
    return settings.KYODO_KEPT_CONTENT_ENABLED


def _cache():
    return caches[settings.KYODO_PAGE_CACHE_ALIAS]


def _key(request: HttpRequest, page) -> str:
    """The page and the key the page cache would keep the whole page under (generation,
    address, language, preference cookies: :func:`home.page_cache.page_key`)."""
    return f"kyodo.kept.{page.pk}.{page_cache.page_key(request)}"


def find(request: HttpRequest | None, page) -> str | None:
    """The kept body of ``page`` for this request, or None (then the body is rendered, and
    kept by ``{% keep_content %}`` when this request may keep it)."""
    if (
        request is None
        or not _enabled()
        or request.method not in ("GET", "HEAD")
        or getattr(request, "is_preview", False)
        or not getattr(page, "pk", None)
        or not page.live
        # A private page's body is never kept: its password or login page is rendered
        # from the page's own context, which must not hold the body.
        or page.get_view_restrictions()
        or changed_in_this_transaction()
    ):
        return None
    key = _key(request, page)
    kept = _cache().get(key)
    if kept is None:
        setattr(request, _KEY_ATTRIBUTE, (page.pk, key))
    return kept


def keep(request: HttpRequest | None, page, html: str) -> None:
    """Keep ``html`` as the body of ``page`` that :func:`find` did not find for this
    request. Anything else rendered during the request (an error page) is not kept."""
    wanted = getattr(request, _KEY_ATTRIBUTE, None)
    if wanted is None or getattr(page, "pk", None) != wanted[0] or changed_in_this_transaction():
        return
    _cache().set(wanted[1], html, settings.KYODO_PAGE_CACHE_SECONDS)
    delattr(request, _KEY_ATTRIBUTE)
