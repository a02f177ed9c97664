"""Previews of drafts in a separate front end (wagtail-headless-preview).

When ``HEADLESS_PREVIEW_URL`` is set, the editor's preview stores the draft under a signed
token and shows the front end at that URL with ``?content_type=…&token=…``; the front end
reads the draft from ``/api/v2/page_preview/`` with the same parameters. Without it, the
admin preview renders the page with Kyodo's own templates. Public pages are always served by
Kyodo itself: only the preview changes.
"""

from __future__ import annotations

from django.conf import settings

from wagtail_headless_preview.models import HeadlessPreviewMixin

# How long a preview token stays valid (wagtail-headless-preview deletes stored previews
# after a day as well).
TOKEN_MAX_AGE_SECONDS = 24 * 60 * 60


def headless_preview_enabled() -> bool:
    return bool(getattr(settings, "WAGTAIL_HEADLESS_PREVIEW", {}).get("CLIENT_URLS"))


class HeadlessPreviewable(HeadlessPreviewMixin):
    """The front end's preview when one is configured, Kyodo's own otherwise."""

    def serve_preview(self, request, mode_name):
        if headless_preview_enabled():
            return HeadlessPreviewMixin.serve_preview(self, request, mode_name)
        # Skip the mixin: the next class in line is wagtail's Page.
        return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)
