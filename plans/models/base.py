"""What every Kyodo page type shares."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..content_cache import cached
from ..memo import memoized
from ..visibility import restriction_paths
from .preview import HeadlessPreviewable


class KyodoPage(HeadlessPreviewable, Page):
    """Base of the public page types.

    Drafts can be previewed in a separate front end when ``HEADLESS_PREVIEW_URL`` is set
    (see :mod:`plans.models.preview`).

    Wagtail routes through a page that is not live to its live children; a measure of an
    unpublished plan would still be served. A page that is not live routes nowhere here.
    Where a translated tree has no live page for the path (not yet translated, or a
    translation still in draft), routing goes on from the Japanese page, which the site then
    shows as Japanese under the reader's language prefix (``home.templatetags.languages``).
    """

    # Set when a translation is published while some of its strings are still machine
    # translations (translations.services.machine); neither translated nor synchronised,
    # so readers are told until a person has reviewed every string.
    machine_translated = models.BooleanField(_("機械翻訳を含む"), default=False, editable=False)

    # Indexed by plans.search_indexing, which can pause per-save indexing for bulk writes.
    search_auto_update = False

    # The slug is the same in every language, so that /en/… mirrors the Japanese URLs.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta:
        abstract = True

    def route(self, request, path_components):
        try:
            if path_components and not self.live:
                raise Http404
            if not path_components:
                return super().route(request, path_components)
            # Wagtail's own routing, with the child found in one query instead of two.
            return self.child_for_route(path_components[0]).route(request, path_components[1:])
        except Http404:
            # A page not yet translated (missing, or a draft) in this language: the reader
            # gets the Japanese page under the language's prefix, marked as Japanese.
            source = self.source_for_fallback()
            if source is None:
                raise
            return source.route(request, path_components)

    def child_for_route(self, slug: str) -> Page:
        """The child page with ``slug``, as its own type, as Wagtail's routing finds it. The
        page is kept under the content generation (:mod:`plans.content_cache`), which every
        saved, published, moved or deleted page starts anew, so routing reads nothing."""

        def find() -> Page | None:
            found = self.get_children().filter(slug=slug).values_list("pk", "content_type_id").first()
            if found is None:
                return None
            pk, content_type_id = found
            model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
            return model._default_manager.filter(pk=pk).first()

        child = cached("route_child", (self.pk, slug), find)
        if child is None:
            raise Http404
        child._cached_parent_obj = self  # as Wagtail does: get_parent() reads no more
        return child

    def source_for_fallback(self) -> Page | None:
        """The live Japanese page this translation was made from, for routing past a page
        that has no live translation below it; None for a Japanese page."""
        source = (
            Page.objects.filter(
                translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE, live=True
            )
            .exclude(pk=self.pk)
            .first()
        )
        return source.specific if source is not None else None

    def get_view_restrictions(self):
        """Wagtail's, without a query for a page that is neither private nor an alias nor
        below one (:func:`plans.visibility.restriction_paths`), else read once per reading
        request (:mod:`plans.memo`): Wagtail checks them before serving the page and the
        page's template asks again (no downloads on a private page). The query set comes
        back evaluated, so asking again reads nothing."""
        restrictions = super().get_view_restrictions
        if self.pk is None:
            return restrictions()
        if not self.path.startswith(restriction_paths()):
            return PageViewRestriction.objects.none()  # neither private nor an alias, nor below one

        def evaluated():
            queryset = restrictions()
            list(queryset)
            return queryset

        return memoized(("view_restrictions", self.pk), evaluated)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The body an earlier request rendered for this address (home.kept_content, found
        # before the page is served): what the body needs is then not computed.
        kept = getattr(request, "kept_content", None)
        if kept is not None:
            context["kept_content"] = kept
        return context

    @staticmethod
    def body_is_kept(context) -> bool:
        """Whether the page's body comes kept (:meth:`get_context`), so that the data only
        the body shows need not be read."""
        return context.get("kept_content") is not None

    def get_breadcrumbs(self):
        """Ancestors below the site root, for the breadcrumb trail (one query)."""
        return self.get_ancestors().filter(depth__gt=1).specific(defer=True)


class SectionPage(KyodoPage):
    """A section of the site directly under the home page, one per language: the list of
    plans, the list of guidelines, the glossary. Each has an introduction and lists what
    lies below it (or, for the glossary, the terms)."""

    intro = models.TextField(_("はじめに"), blank=True)

    search_fields = Page.search_fields + [index.SearchField("intro")]

    override_translatable_fields = KyodoPage.override_translatable_fields + [TranslatableField("intro")]

    api_fields = [APIField("intro"), APIField("machine_translated")]

    content_panels = KyodoPage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True
