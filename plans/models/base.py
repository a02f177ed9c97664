"""What every Kyodo page type shares."""

from __future__ import annotations

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .preview import HeadlessPreviewable


class KyodoPage(HeadlessPreviewable, Page):
    """Base of the public page types.

    Drafts can be previewed in a separate front end when ``HEADLESS_PREVIEW_URL`` is set
    (see :mod:`plans.models.preview`).

    Wagtail routes through a page that is not live to its live children; a measure of an
    unpublished plan would still be served. A page that is not live routes nowhere here.
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
        if path_components and not self.live:
            raise Http404
        return super().route(request, path_components)

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
