"""What an anonymous reader of the API may see, worked out once per request.

Pages follow ``plans.selectors`` (live, not private, not below a page that is not live);
documents and images follow their collection's view restrictions.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wagtail.models import Collection, CollectionViewRestriction, Page

_HIDDEN_ATTRIBUTE = "_kyodo_api_hidden_branches"


def hidden_for(request) -> Q:
    """:func:`plans.selectors.hidden_branches`, computed once per request."""
    # Imported here: page models import the API's fields, and the selectors import the models.
    from plans.selectors import hidden_branches

    if request is None:
        return hidden_branches()
    hidden = getattr(request, _HIDDEN_ATTRIBUTE, None)
    if hidden is None:
        hidden = hidden_branches()
        setattr(request, _HIDDEN_ATTRIBUTE, hidden)
    return hidden


def visible_pages(queryset: QuerySet, request) -> QuerySet:
    from plans.selectors import visible

    return visible(queryset, hidden=hidden_for(request))


def is_public_page(page: Page, request) -> bool:
    return visible_pages(Page.objects.filter(pk=page.pk), request).exists()


def private_collections() -> QuerySet:
    """Collections under a view restriction, and every collection below them."""
    restricted_paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
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
