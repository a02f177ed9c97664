"""Which site and page answer a request, kept between requests.

Wagtail looks the site up for every request (``Site.find_for_request``, one query) and then
reads its root page as its own type (one more). Which site a host and port name, and that
site's root page, change only when a site or a page is saved, so
:class:`KnownSiteMiddleware` keeps the answer under the content generation
(:mod:`plans.content_cache`) and hands it to Wagtail the way Wagtail keeps it for the rest
of a request (``request._wagtail_site``). The page tree below the root is found the same way,
one child at a time (``KyodoPage.child_for_route``).

Placed after the page cache: a page served from the page cache reads no database at all.
Only the requests Wagtail serves as pages are given the kept site.
"""

from __future__ import annotations

from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language

from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from .content_cache import cached
from .memo import READING_METHODS


def _site_with_root(request) -> Site | None:
    site = Site._find_for_request(request)  # Wagtail's own lookup, without keeping it
    if site is not None:
        site.root_page.specific  # noqa: B018 - read now, so that the kept site holds it
    return site


def site_for_request(request) -> Site | None:
    """Wagtail's site for the request's host and port, with its root page as its own type."""
    hostname = split_domain_port(request._get_raw_host())[0]
    return cached("site_for_host", (hostname, request.get_port()), lambda: _site_with_root(request))


def _localized_root(site: Site):
    return site.root_page.localized.specific


def route_for_request(request, path: str):
    """Wagtail's ``Page.route_for_request``, from the kept site and the kept home page of
    the active language: the route's pages are kept too (``KyodoPage.child_for_route``), so
    a page is found without reading the database."""
    site = site_for_request(request)
    if site is None:
        return None
    root = cached("localized_root", (site.pk, get_language()), lambda: _localized_root(site))
    try:
        return root.route(request, [component for component in path.split("/") if component])
    except Http404:
        return None


class KnownSiteMiddleware:
    """Gives Wagtail's page-serving view the kept site and the route to the page, the way
    Wagtail keeps them for the rest of a request (``request._wagtail_site``,
    ``request._wagtail_route_for_request``); every other view (the APIs, search, the admin)
    looks the site up itself, if it needs one at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve or request.method not in READING_METHODS:
            return
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for_request(request)
        if not hasattr(request, "_wagtail_route_for_request"):
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            request._wagtail_route_for_request = route_for_request(request, path)
