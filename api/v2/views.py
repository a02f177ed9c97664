"""Kyodo's endpoints of the Wagtail API v2: pages, images, documents and draft previews.

What changes from Wagtail's stock viewsets:

- Pages: only what a citizen may see (``plans.selectors``): besides drafts and private
  pages, every page below a page that is not live or is private is left out of listings,
  details, search, the ``child_of``/``descendant_of`` filters and ``meta.total_count``.
- Related rows are prefetched per page type, so a listing runs the same number of queries
  whatever its length.
- Every parameter is checked before the database sees it: a bad value answers 400 with a
  message, never 500.
- Labels follow ``?locale=`` or, without it, the request's Accept-Language.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signing import BadSignature
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.urls import path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from wagtail.api.v2.filters import SearchFilter as WagtailSearchFilter
from wagtail.api.v2.serializers import DetailUrlField, PageSerializer
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet as WagtailDocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet
from wagtail.models import Locale, Page

from rest_framework.response import Response

from home.models import HomePage
from plans.models import (
    ActionItemPage,
    IndicatorItem,
    IndicatorMeasure,
    MeasurePage,
    PlanPage,
    ProgressReportPage,
    Relisting,
)
from plans.models.preview import TOKEN_MAX_AGE_SECONDS, HeadlessPreviewable
from plans.selectors import department_prefetch, indicator_rows_prefetch, live_indicators
from plans.visibility import public_media, visible_pages

# The longest ?search= accepted; the public search page cuts its queries at the same length.
MAX_SEARCH_LENGTH = 200
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1
PAGE_ID_FILTERS = ("child_of", "descendant_of", "ancestor_of", "translation_of")
ROOT_ALLOWED = ("child_of", "descendant_of", "translation_of")


class SearchFilter(WagtailSearchFilter):
    """Wagtail's search filter, given the text without double quotes: the SQLite backend
    quotes each word and fails on an unbalanced quote inside one (PostgreSQL ignores them)."""

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET:
            params = request.GET.copy()
            params["search"] = params["search"].replace('"', " ")
            request = SimpleNamespace(GET=params)
        return super().filter_queryset(request, queryset, view)


def _with_kyodo_search(backends: list) -> list:
    return [SearchFilter if backend is WagtailSearchFilter else backend for backend in backends]


def _limit_max() -> int:
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 0


class CheckedParametersMixin:
    """Checks the query string of every request, with Japanese messages (translated)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_parameter_values(request.GET)

    def dispatch(self, request, *args, **kwargs):
        language = self.response_language(request)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])  # labels and messages follow it
        return response

    @staticmethod
    def response_language(request) -> str:
        """?locale= when it names a language of the site, else the Accept-Language header."""
        languages = {code for code, _name in settings.LANGUAGES}
        requested = request.GET.get("locale", "")
        if requested in languages:
            return requested
        return translation.get_language_from_request(request, check_path=False)

    def check_query_parameters(self, queryset):
        allowed = set(self.get_available_fields(queryset.model, db_fields_only=True))
        unknown = set(self.request.GET.keys()) - allowed - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                _("使えないパラメータです: %(names)s") % {"names": ", ".join(sorted(unknown))}
            )

    def check_parameter_values(self, params) -> None:
        for name, value in params.items():
            if "\x00" in value:
                raise BadRequestError(
                    _("パラメータ「%(name)s」に使えない文字が含まれています。") % {"name": name}
                )
        self._check_integer(params, "offset", maximum=MAX_OFFSET)
        limit_max = _limit_max()
        self._check_integer(params, "limit", maximum=limit_max or MAX_OFFSET)
        if "search" in params:
            query = params["search"]
            if len(query) > MAX_SEARCH_LENGTH:
                raise BadRequestError(
                    _("検索語は%(max)d文字以内にしてください。") % {"max": MAX_SEARCH_LENGTH}
                )
            if any(ord(char) < 32 and char not in "\t\n\r" for char in query):
                raise BadRequestError(_("検索語に使えない文字が含まれています。"))
            if not any(char.isalnum() for char in query):
                # Blank or only punctuation: nothing to search for (and SQLite's full-text
                # backend fails on a query of spaces).
                raise BadRequestError(_("検索語には文字か数字を含めてください。"))
        if params.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError(_("search_operator には and か or を指定してください。"))
        self.check_field_filters(params)

    @staticmethod
    def _check_integer(params, name: str, *, maximum: int) -> int | None:
        if name not in params:
            return None
        raw = params[name]
        if not (raw.isascii() and raw.isdigit()):
            raise BadRequestError(
                _("%(name)s には0以上の整数を指定してください（「%(value)s」は使えません）。")
                % {"name": name, "value": raw[:50]}
            )
        value = int(raw)
        if value > maximum:
            raise BadRequestError(
                _("%(name)s は%(max)d以下にしてください。") % {"name": name, "max": maximum}
            )
        return value

    def check_field_filters(self, params) -> None:
        """?<field>=<value> filters: the value must be one the field can hold."""
        model = self.filter_model()
        for name in set(self.get_available_fields(model, db_fields_only=True)) & set(params):
            if name == "locale":
                continue
            try:
                field = model._meta.get_field(name)
            except LookupError:
                continue
            if isinstance(field, models.BooleanField):
                continue  # Wagtail parses booleans itself and answers 400 for other words
            try:
                target = field.target_field if field.is_relation else field
                value = target.to_python(params[name])
                target.run_validators(value)
            except ValidationError as error:
                raise BadRequestError(
                    _("絞り込みの値が正しくありません: %(name)s") % {"name": name}
                ) from error

    def filter_model(self):
        return self.model


class PagesAPIViewSet(CheckedParametersMixin, WagtailPagesAPIViewSet):
    """Published, public pages, with every page type's structured fields."""

    filter_backends = _with_kyodo_search(WagtailPagesAPIViewSet.filter_backends)
    meta_fields = WagtailPagesAPIViewSet.meta_fields + ["translation_key", "last_published_at"]
    # Fields that would cost queries per page in a listing: only in a page's detail.
    detail_only_fields = WagtailPagesAPIViewSet.detail_only_fields + ["progress_figures", "glossary_terms"]

    def get_base_queryset(self):
        if not hasattr(self, "_kyodo_base_queryset"):
            try:
                public = super().get_base_queryset()
            except Http404 as error:  # ?site= names no site
                raise BadRequestError(_("site に指定されたサイトがありません。")) from error
            self._kyodo_base_queryset = visible_pages(public, self.request)
        return self._kyodo_base_queryset

    def check_parameter_values(self, params) -> None:
        super().check_parameter_values(params)
        for name in PAGE_ID_FILTERS:
            if name not in params:
                continue
            raw = params[name]
            if raw == "root" and name in ROOT_ALLOWED:
                continue
            if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_ID:
                raise BadRequestError(
                    _("%(name)s にはページのID（正の整数）を指定してください（「%(value)s」は使えません）。")
                    % {"name": name, "value": raw[:50]}
                )
        if "locale" in params:
            code = params["locale"]
            if not Locale.objects.filter(language_code=code).exists():
                raise BadRequestError(
                    _("locale にはサイトの言語コードを指定してください（%(codes)s）。")
                    % {
                        "codes": ", ".join(
                            Locale.objects.order_by("pk").values_list("language_code", flat=True)
                        )
                    }
                )

    def filter_model(self):

        try:
            models_ = (
                page_models_from_string(self.request.GET.get("type", ""))
                if "type" in self.request.GET
                else []
            )
        except (LookupError, ValueError) as error:
            raise BadRequestError(_("type に指定されたページの種類がありません。")) from error
        return models_[0] if len(models_) == 1 else Page

    def get_queryset(self):
        queryset = super().get_queryset()
        return self.with_related_rows(queryset)

    def get_object(self):
        """The specific page, fetched again with the related rows its fields read (Wagtail's
        ``specific`` would load it without the prefetches that leave hidden pages out)."""
        if not hasattr(self, "_kyodo_object"):
            page = super().get_object()
            self._kyodo_object = self.with_related_rows(type(page).objects.filter(pk=page.pk)).get()
        return self._kyodo_object

    def with_related_rows(self, queryset):
        """Everything the page type's api_fields read, fetched once for the whole listing."""
        model = queryset.model
        queryset = queryset.select_related("locale")
        if issubclass(model, ActionItemPage | MeasurePage):
            # The published indicators measuring the page, with their targets and values.
            link_model = IndicatorItem if issubclass(model, ActionItemPage) else IndicatorMeasure
            queryset = queryset.prefetch_related(
                Prefetch(
                    "indicator_links",
                    queryset=link_model.objects.filter(indicator__live=True)
                    .select_related("indicator")
                    .prefetch_related(*indicator_rows_prefetch("indicator__")),
                    to_attr="live_indicator_links",
                )
            )
        elif issubclass(model, PlanPage):
            queryset = queryset.prefetch_related(
                Prefetch("indicators", queryset=live_indicators(), to_attr="live_indicators")
            )
        if issubclass(model, ActionItemPage):
            public_measures = visible_pages(MeasurePage.objects.all(), self.request)
            queryset = queryset.select_related("plan", "measure").prefetch_related(
                department_prefetch(),
                "schedule",
                "progress",
                Prefetch(
                    "relistings",
                    queryset=Relisting.objects.filter(measure__in=public_measures)
                    .select_related("measure")
                    .order_by("sort_order"),
                ),
            )
        elif issubclass(model, MeasurePage) or issubclass(model, ProgressReportPage):
            queryset = queryset.select_related("plan")
        elif issubclass(model, PlanPage):
            queryset = queryset.select_related("issuing_department__parent").prefetch_related(
                Prefetch("replaces", queryset=visible_pages(PlanPage.objects.all(), self.request)),
                "documents__document",
            )
        elif issubclass(model, HomePage):
            queryset = queryset.prefetch_related("featured_plans")
        return queryset


class ImagesAPIViewSet(CheckedParametersMixin, WagtailImagesAPIViewSet):
    """Images outside private collections."""

    filter_backends = _with_kyodo_search(WagtailImagesAPIViewSet.filter_backends)

    def get_queryset(self):
        return public_media(super().get_queryset())


class DocumentsAPIViewSet(CheckedParametersMixin, WagtailDocumentsAPIViewSet):
    """Documents outside private collections."""

    filter_backends = _with_kyodo_search(WagtailDocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return public_media(super().get_queryset())


class PreviewDetailUrlField(DetailUrlField):
    """No detail URL for a new page that has never been saved."""

    def get_attribute(self, instance):
        return super().get_attribute(instance) if instance.pk else None


class PagePreviewSerializer(PageSerializer):
    detail_url = PreviewDetailUrlField(read_only=True)


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """The draft an editor is previewing, for the front end named by HEADLESS_PREVIEW_URL.

    ``GET /api/v2/page_preview/?content_type=plans.actionitempage&token=…`` answers the draft
    in the shape of the pages endpoint's detail. The signed token comes from the editor's
    preview; a missing, altered or expired token answers 400, a token with no stored preview
    404.
    """

    base_serializer_class = PagePreviewSerializer
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["content_type", "token"])

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "detail_view"}), name="detail")]

    def detail_view(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def get_object(self):
        if hasattr(self, "_cached_object"):
            return self._cached_object
        content_type = self.request.GET.get("content_type", "")
        token = self.request.GET.get("token", "")
        if not content_type or not token:
            raise BadRequestError(_("content_type と token を指定してください。"))
        try:
            model = apps.get_model(content_type)
        except (LookupError, ValueError) as error:
            raise BadRequestError(_("content_type に指定されたページの種類がありません。")) from error
        if not (
            isinstance(model, type) and issubclass(model, HeadlessPreviewable) and issubclass(model, Page)
        ):
            raise BadRequestError(_("content_type に指定されたページの種類がありません。"))
        try:
            model.get_preview_signer().unsign(token, max_age=TOKEN_MAX_AGE_SECONDS)
            page = model.get_page_from_preview_token(token)
        except BadSignature as error:
            raise BadRequestError(_("プレビューの token が正しくないか、期限が切れています。")) from error
        if page is None:
            raise Http404(_("このプレビューはありません。"))
        self._cached_object = page
        return page

    def check_query_parameters(self, queryset):
        return None
