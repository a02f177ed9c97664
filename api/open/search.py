"""Text queries of the open-data API, matched by the site's search backend: the same
Japanese-aware matching as the search page and the headless API's ``?search=`` (normalised
short units matched as phrases, every space-separated word required; see
``search/backends/``). A query with no letter or digit finds nothing."""

from __future__ import annotations

import unicodedata

from django.db.models import Model, Q
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


def matching_pks(model: type[Model], query: str, *, hidden: Q | None = None) -> list[int]:
    """Primary keys of the ``model`` records the site's search backend finds for ``query``;
    pages only among those the public may see. The endpoints order the records themselves,
    so the backend does not rank them."""
    base = model.objects.all()
    if issubclass(model, Page):
        base = visible(base, hidden=hidden)
    results = get_search_backend().search(query, base, order_by_relevance=False)
    return [record.pk for record in results]
