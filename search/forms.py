"""Reading what a citizen typed: the query, the page number and the facet choices, each with
the message shown when it had to be corrected (never an error page)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from . import facets

MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """The query without control and format characters (NUL, zero-width spaces, direction
    marks …), which no page contains and some databases refuse, and with runs of spaces
    (full-width ones included) made single."""
    kept = "".join(
        " " if char.isspace() else char
        for char in raw
        if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    return " ".join(kept.split())


@dataclass
class SearchRequest:
    query: str = ""
    page: int = 1
    selection: dict[str, set[str]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def has_selection(self) -> bool:
        return any(self.selection.values())

    def querydict(self, *, without: tuple[str, str] | None = None, page: int | None = None) -> str:
        """The GET parameters of this search (sorted, so that a URL is stable), optionally
        without one facet choice and with a page number."""
        params = QueryDict(mutable=True)
        if self.query:
            params["q"] = self.query
        for name in facets.FACET_NAMES:
            values = sorted(value for value in self.selection.get(name, ()) if (name, value) != without)
            if values:
                params.setlist(name, values)
        if page and page > 1:
            params["page"] = str(page)
        return params.urlencode()


def read(params: QueryDict) -> SearchRequest:
    request = SearchRequest()
    raw_query = params.get("q", "")
    query = clean_query(raw_query)
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH].rstrip()
        request.notices.append(
            _("検索する言葉が長すぎるため、最初の%(limit)d文字で検索しました。") % {"limit": MAX_QUERY_LENGTH}
        )
    request.query = query

    raw_page = params.get("page", "1").strip() or "1"
    if raw_page.isascii() and raw_page.isdigit() and 0 < int(raw_page) < 100000:
        request.page = int(raw_page)
    else:
        request.notices.append(_("ページ番号が正しくないため、1ページ目を表示しています。"))

    request.selection, invalid = facets.validate({name: params.getlist(name) for name in facets.FACET_NAMES})
    for name in invalid:
        request.notices.append(invalid_facet_message(name))
    return request


def invalid_facet_message(name: str) -> str:
    label = next(str(facet.label) for facet in facets.FACETS if facet.name == name)
    return _("絞り込みの値が正しくないため、無視しました: %(name)s") % {"name": label}
