"""Text queries of the open-data API, matched by the site's search backend: the same
Japanese-aware matching as the search page and the headless API's ``?search=`` (normalised
short units matched as phrases, every space-separated word required; see
``search/backends/``). A query with no letter or digit finds nothing."""

from __future__ import annotations

import unicodedata

from django.db.models import Case, FloatField, Model, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from plans.visibility import visible

from .errors import bad_value

# Control characters (NUL breaks PostgreSQL strings) and lone surrogates: the schema's
# pattern refuses the first already; this keeps every caller of clean_query safe.
_REFUSED_CATEGORIES = {"Cc", "Cs"}


def clean_query(text: str | None, *, parameter: str = "q") -> str | None:
    """The text query as searched (NFKC, trimmed), ``None`` when empty; 400 for characters
    a query cannot hold."""
    if text is None:
        return None
    if any(unicodedata.category(character) in _REFUSED_CATEGORIES for character in text):
        raise bad_value(parameter, _("「%(name)s」に使えない文字が含まれています。") % {"name": parameter})
    text = unicodedata.normalize("NFKC", text).strip()
    return text or None


SCORE = "_kyodo_score"


def scores(model: type[Model], query: str, *, hidden: Q | None = None) -> dict[int, float]:
    """The ``model`` records the site's search backend finds for ``query``, by primary key,
    with the backend's relevance score (higher is better; 0 where the backend gives none);
    pages only among those the public may see."""
    base = model.objects.all()
    if issubclass(model, Page):
        base = visible(base, hidden=hidden)
    results = get_search_backend().search(query, base, order_by_relevance=True).annotate_score(SCORE)
    return {record.pk: float(getattr(record, SCORE, None) or 0) for record in results}


def matching(queryset: QuerySet, model: type[Model], filters, *, hidden: Q | None = None, field: str = "pk"):
    """``queryset`` narrowed to what ``filters.q`` finds (``field`` names the record of
    ``model``), and the ordering to list it in: the best match first, unless the list's own
    order is asked for (``ordering=list``) — ``None`` then, and without ``q``."""
    if not filters.q:
        return queryset, None
    found = scores(model, filters.q, hidden=hidden)
    queryset = queryset.filter(**{f"{field}__in": list(found)})
    if filters.ordering == "list" or not found:
        return queryset, None
    score = Case(
        *(When(**{field: pk}, then=Value(value)) for pk, value in found.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return queryset, score.desc()
