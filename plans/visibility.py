"""What an anonymous reader may see: the one rule every door follows.

Pages are public when they are live, not private, and not below a page that is not live.
Images and documents are public when their collection is not under a view restriction. The
public site, the headless API, the open-data API, search, downloads and StreamField blocks
all ask here, so a draft or a private section is left out in one place.

This module knows only Wagtail's own models, so any layer may import it.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Q, QuerySet

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from .content_cache import cached
from .memo import memoized

P = TypeVar("P", bound=Page)

_HIDDEN_ATTRIBUTE = "_kyodo_hidden_branches"


def hidden_paths() -> tuple[str, ...]:
    """The tree paths of the pages below which the public sees nothing: pages that are not
    live and have children, and private sections (two queries, kept under the content
    generation: :mod:`plans.content_cache`)."""

    def compute() -> tuple[str, ...]:
        unpublished = Page.objects.filter(live=False, numchild__gt=0).values_list("path", flat=True)
        private = PageViewRestriction.objects.values_list("page__path", flat=True)
        return (*unpublished, *private)

    return cached("hidden_paths", (), compute)


def restriction_paths() -> tuple[str, ...]:
    """The tree paths at and below which Wagtail's view restrictions may apply: private
    pages, and aliases (whose restrictions are their source page's). A page under none of
    them has no view restriction, which Wagtail would take two queries to find. Kept under
    the content generation (:mod:`plans.content_cache`)."""

    def compute() -> tuple[str, ...]:
        private = PageViewRestriction.objects.values_list("page__path", flat=True)
        aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
        return (*private, *aliases)

    return cached("restriction_paths", (), compute)


def hidden_branches() -> Q:
    """Pages the public may not see whatever their own state: those below a page that is
    not live, and private sections. Their paths are kept under the content generation
    (:mod:`plans.content_cache`); a caller that asks often may still compute this once and
    pass it to :func:`visible`."""
    hidden = Q()
    for path in hidden_paths():
        hidden |= Q(path__startswith=path)
    return hidden


def visible(queryset: QuerySet[P], *, hidden: Q | None = None) -> QuerySet[P]:
    """Live pages that are neither private nor below a page that is not live."""
    if hidden is None:
        hidden = hidden_branches()
    queryset = queryset.filter(live=True)
    return queryset.exclude(hidden) if hidden else queryset


def is_visible(page: Page, *, hidden: Q | None = None) -> bool:
    """Whether the public may see ``page`` as loaded: live, and not below a hidden branch.
    Without ``hidden``, read from the page's own fields and :func:`hidden_paths` (no query
    when they are cached)."""
    if hidden is not None:
        return visible(Page.objects.filter(pk=page.pk), hidden=hidden).exists()
    return bool(page.live) and not page.path.startswith(hidden_paths())


def hidden_for(request) -> Q:
    """:func:`hidden_branches`, computed once per request (every time without one)."""
    if request is None:
        return hidden_branches()
    hidden = getattr(request, _HIDDEN_ATTRIBUTE, None)
    if hidden is None:
        hidden = hidden_branches()
        setattr(request, _HIDDEN_ATTRIBUTE, hidden)
    return hidden


def visible_pages(queryset: QuerySet[P], request) -> QuerySet[P]:
    """:func:`visible`, with the hidden branches worked out once for the request."""
    return visible(queryset, hidden=hidden_for(request))


def is_public_page(page: Page, request) -> bool:
    return is_visible(page)


def private_collections() -> QuerySet[Collection]:
    """Collections under a view restriction, and every collection below them."""
    restricted_paths = memoized(
        "private_collection_paths",
        lambda: list(CollectionViewRestriction.objects.values_list("collection__path", flat=True)),
    )
    if not restricted_paths:
        return Collection.objects.none()
    condition = Q()
    for path in restricted_paths:
        condition |= Q(path__startswith=path)
    return Collection.objects.filter(condition)


def public_media(queryset: QuerySet) -> QuerySet:
    """Images or documents outside private collections."""
    return queryset.exclude(collection__in=private_collections())


def is_public_media(obj) -> bool:
    return not private_collections().filter(pk=obj.collection_id).exists()
