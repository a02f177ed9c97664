"""The public search page. Japanese-aware matching arrives with the search issue; until
then it uses the configured Wagtail backend over published, public pages of the current
language."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from wagtail.models import Locale, Page

from plans.selectors import visible

MAX_QUERY_LENGTH = 200
PER_PAGE = 20


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = visible(Page.objects.filter(locale=Locale.get_active())).specific()
        paginator = Paginator(pages.search(query), PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "results": results})
