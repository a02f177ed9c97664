"""The public search page and the suggestions endpoint behind its search box.

Both search through the configured Wagtail search backend (``WAGTAILSEARCH_BACKENDS``),
over published pages that the public may see, in the language of the request. The page
reads the ids of the matching pages once, in order of relevance; facets, counts and
pagination then work on those ids with the ORM, in a fixed number of queries.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend

from plans.models import GlossaryTerm
from plans.selectors import locale_sections
from plans.visibility import hidden_branches, visible

from . import facets, forms, readings
from .highlight import normalise
from .results import present

PER_PAGE = 20
# The most pages read from the backend for one query: facets and counts cover these.
MAX_MATCHES = 1000
SUGGESTION_LIMIT = 8


def searchable_pages(locale: Locale, hidden) -> QuerySet[Page]:
    """The pages a reader of ``locale`` searches: that language's public pages and, in
    another language than Japanese, the public Japanese pages that have no public
    translation into it yet (shown as Japanese, as the site shows them). Aliases (copies of
    untranslated parents) are left out by :func:`_matching_ids`: the backend cannot filter
    on them."""
    pages = Page.objects.filter(depth__gt=1)
    if locale.language_code == settings.LANGUAGE_CODE:
        return visible(pages.filter(locale=locale), hidden=hidden)
    translated = visible(Page.objects.filter(locale=locale, alias_of__isnull=True), hidden=hidden)
    untranslated = Q(locale=Locale.get_default()) & ~Q(
        translation_key__in=list(translated.values_list("translation_key", flat=True))
    )
    return visible(pages.filter(Q(locale=locale) | untranslated), hidden=hidden)


def _matching_ids(query: str, locale: Locale, hidden) -> list[int]:
    pages = searchable_pages(locale, hidden)
    results = pages.search(query)
    if hasattr(results, "ranked_keys"):  # Kyodo's PostgreSQL backend: keys without records
        ids = results.ranked_keys(MAX_MATCHES)
    else:
        ids = [page.pk for page in results[:MAX_MATCHES]]
    if locale.language_code == settings.LANGUAGE_CODE:
        return ids
    aliases = set(Page.objects.filter(pk__in=ids, alias_of__isnull=False).values_list("pk", flat=True))
    return [pk for pk in ids if pk not in aliases]


def _page_links(search: forms.SearchRequest, number: int, count: int) -> dict:
    def url(page_number: int) -> str:
        return "?" + search.querydict(page=page_number)

    return {
        "number": number,
        "count": count,
        "previous_url": url(number - 1) if number > 1 else "",
        "next_url": url(number + 1) if number < count else "",
        "numbers": [{"number": n, "url": url(n), "gap": n is None} for n in _elided_range(number, count)],
    }


def _elided_range(number: int, count: int, on_each_side: int = 2, on_ends: int = 1) -> list[int | None]:
    """Page numbers around ``number`` with ``None`` for each gap (1 … 4 5 6 … 12)."""
    shown = set(range(1, min(on_ends, count) + 1)) | set(range(max(count - on_ends + 1, 1), count + 1))
    shown |= set(range(max(number - on_each_side, 1), min(number + on_each_side, count) + 1))
    numbers: list[int | None] = []
    previous = 0
    for n in sorted(shown):
        if n - previous > 1:
            numbers.append(None)
        numbers.append(n)
        previous = n
    return numbers


@require_GET
def search(request):
    search = forms.read(request.GET)
    context = {"search": search, "search_query": search.query, "max_query_length": forms.MAX_QUERY_LENGTH}
    if not search.query:
        return TemplateResponse(request, "search/search.html", context)

    locale = Locale.get_active()
    hidden = hidden_branches()
    ordered_ids = _matching_ids(search.query, locale, hidden)
    facts = facets.load_facts(ordered_ids)
    labels = facets.labels_for(facts, search.selection, locale=locale, hidden=hidden)
    for name in ("plan", "department"):
        unknown = search.selection[name] - set(labels[name])
        if unknown:  # a plan of another language, a private one, a department that is gone
            search.selection[name] -= unknown
            search.notices.append(forms.invalid_facet_message(name))

    filtered = facets.apply(ordered_ids, facts, search.selection)
    pages = max(1, math.ceil(len(filtered) / PER_PAGE))
    number = search.page
    if number > pages:
        search.notices.append(_("指定されたページはないため、最後のページを表示しています。"))
        number = pages
    on_page = filtered[(number - 1) * PER_PAGE : number * PER_PAGE]

    facet_list = facets.build(facts, search.selection, labels)
    context.update(
        total=len(filtered),
        capped=len(ordered_ids) >= MAX_MATCHES,
        max_matches=MAX_MATCHES,
        first_index=(number - 1) * PER_PAGE + 1,
        results=present(on_page, facts, labels["department"], search.query, request, locale_id=locale.pk),
        facets=facet_list,
        selected=[
            {
                "facet": facet.label,
                "label": choice.label,
                "remove_url": "?" + search.querydict(without=(facet.name, choice.value)),
            }
            for facet in facet_list
            for choice in facet.choices
            if choice.selected
        ],
        clear_url="?" + forms.SearchRequest(query=search.query).querydict(),
        pagination=_page_links(search, number, pages),
    )
    return TemplateResponse(request, "search/search.html", context)


def _error(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


def _page_suggestions(backend, query: str, pages, request) -> list[dict]:
    found = []
    for page in backend.autocomplete(query, pages)[: SUGGESTION_LIMIT * 2]:
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        kind = str(model._meta.verbose_name) if model else ""
        found.append({"label": page.title, "url": page.get_url(request) or "", "kind": kind})
    return found


def _term_suggestions(backend, query: str, locale: Locale, glossary_url: str) -> list[dict]:
    terms = backend.autocomplete(query, GlossaryTerm.objects.filter(locale=locale))[:SUGGESTION_LIMIT]
    return [{"label": term.term, "url": f"{glossary_url}#{term.anchor}", "kind": _("用語")} for term in terms]


def _completions_first(suggestions: list[dict], query: str) -> list[dict]:
    """What begins with ``query`` first, then shorter labels (in place): a prefix is what a
    person typing expects to see completed."""
    wanted = normalise(query)
    suggestions.sort(
        key=lambda entry: (not normalise(entry["label"]).startswith(wanted), len(entry["label"]))
    )
    return suggestions


def _suggestions(request, query: str) -> list[dict]:
    """What begins with (or contains) ``query``: page titles and glossary terms; for a query
    in kana alone also the words read so (search.readings), each with the pages and terms
    holding it."""
    locale = Locale.get_active()
    pages = visible(Page.objects.filter(locale=locale, depth__gt=1), hidden=hidden_branches())
    backend = get_search_backend()
    site = Site.find_for_request(request)
    glossary = locale_sections(site, get_language()).get("glossary") if site else None
    glossary_url = (glossary.get_url(request) or "") if glossary is not None else None

    suggestions = _page_suggestions(backend, query, pages, request)
    if glossary_url is not None:
        suggestions += _term_suggestions(backend, query, locale, glossary_url)
    wanted = normalise(query)
    # What begins with the typed text first, then shorter labels: a prefix is what a
    # person typing expects to see completed.
    suggestions.sort(
        key=lambda entry: (not normalise(entry["label"]).startswith(wanted), len(entry["label"]))
    )

    # Typed as it sounds: the words read so, then what holds the first of them.
    by_reading: list[dict] = []
    words = readings.words_for(query, locale)
    search_url = reverse("search")
    direct = {entry["label"] for entry in suggestions}
    for word in words:
        if word in direct:  # already there as a title or a term
            continue
        by_reading.append(
            {"label": word, "url": f"{search_url}?{urlencode({'q': word})}", "kind": _("検索語")}
        )
    if words:
        held = _page_suggestions(backend, words[0], pages, request)
        if glossary_url is not None:
            held = _term_suggestions(backend, words[0], locale, glossary_url) + held
        by_reading += _completions_first(held, words[0])

    seen: set[tuple[str, str]] = set()
    unique = []
    for entry in suggestions + by_reading:
        key = (entry["label"], entry["url"])
        if key not in seen and entry["url"]:
            seen.add(key)
            unique.append(entry)
    return unique[:SUGGESTION_LIMIT]


@require_GET
def suggest(request):
    """Titles of pages and glossary terms that begin with (or contain) what has been typed:
    ``{"query": …, "suggestions": [{"label", "url", "kind"}], "announcement": …}``."""
    values = request.GET.getlist("q")
    if len(values) != 1:
        return _error(_("検索する言葉をパラメータ q で1つ指定してください。"))
    query = forms.clean_query(values[0])
    if len(query) > forms.MAX_QUERY_LENGTH:
        return _error(
            _("検索する言葉は%(limit)d文字以内で指定してください。") % {"limit": forms.MAX_QUERY_LENGTH}
        )
    suggestions: list[dict] = []
    if query:
        suggestions = _suggestions(request, query)
    if suggestions:
        announcement = ngettext(
            "候補が%(count)d件あります。上下の矢印キーで選べます。",
            "候補が%(count)d件あります。上下の矢印キーで選べます。",
            len(suggestions),
        ) % {"count": len(suggestions)}
    else:
        announcement = _("候補はありません。") if query else ""
    return JsonResponse(
        {"query": query, "suggestions": suggestions, "announcement": announcement},
        json_dumps_params={"ensure_ascii": False},
    )
