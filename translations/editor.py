"""What Kyodo changes in wagtail-localize's translation editor (``edit_translation``).

- **Line breaks.** A plain-text field's line breaks reach the editor as ``<br>`` tags
  (wagtail-localize keeps every string as an HTML fragment, and ``StringValue.from_plaintext``
  turns ``\\n`` into ``<br>``), and the React editor prints the source string as text, so a
  translator read ``一行目<br/>二行目``. The source strings are given to the editor with real
  line breaks, and a stylesheet keeps them (``white-space: pre-line``). Only the text shown
  changes: the strings, their translations and the PO files keep their ``<br>``, so a
  translator who wants a line break in the translation types ``<br>`` as before.
- **Links to pages the user may not edit.** The editor's header links the source page, and
  lists the other languages, with their edit views, which answer a translator with a refusal;
  they point at the read-only view instead (``translations.views.PageReadView``), or are
  left out when the user may not read the page either.

wagtail-localize builds the editor's props inside ``edit_translation()`` and renders them
at once, so there is no view to subclass: :func:`install` (called from
``TranslationsConfig.ready()``) replaces the ``render`` that module calls with one that
adjusts this one template's context first. Remove the line-break part when the editor shows
source line breaks itself, the links part when it checks permissions for them
(tests/translations/test_translator_admin.py shows both).
"""

from __future__ import annotations

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.forms import Media

from wagtail.models import Page
from wagtail_localize.views import edit_translation as localize_editor

from .views import page_link

EDITOR_TEMPLATE = "wagtail_localize/admin/edit_translation.html"
BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
EDITOR_CSS = Media(css={"all": ["translations/css/translation-editor.css"]})


def source_with_line_breaks(data: str) -> str:
    return BR.sub("\n", data)


def editor_context(request, context: dict) -> dict:
    props = json.loads(context["props"])
    for segment in props.get("segments", []):
        if segment.get("type") == "string" and isinstance(segment.get("source"), str):
            segment["source"] = source_with_line_breaks(segment["source"])

    instance = context.get("instance")
    if isinstance(instance, Page):
        pages = {
            page.locale.language_code: page for page in instance.get_translations().select_related("locale")
        }
        links = {code: page_link(request.user, page) for code, page in pages.items()}
        source = context.get("source_translation")
        if source:
            source["editUrl"] = links.get(source["locale"]["code"])
        kept = []
        for translation in props.get("translations", []):
            code = translation["locale"]["code"]
            if code in links:
                translation["editUrl"] = links[code]
            if translation.get("editUrl"):
                kept.append(translation)
        props["translations"] = kept
        context["translations"] = [
            (translation["locale"]["displayName"], translation["editUrl"])
            for translation in kept
            if source is None or translation["locale"]["code"] != source["locale"]["code"]
        ]

    context["props"] = json.dumps(props, cls=DjangoJSONEncoder)
    context["media"] = context.get("media", Media()) + EDITOR_CSS
    return context


def install() -> None:
    render = localize_editor.render
    if getattr(render, "kyodo_editor", False):
        return

    def render_editor(request, template_name, context=None, *args, **kwargs):
        if template_name == EDITOR_TEMPLATE and context is not None:
            context = editor_context(request, context)
        return render(request, template_name, context, *args, **kwargs)

    render_editor.kyodo_editor = True
    localize_editor.render = render_editor
