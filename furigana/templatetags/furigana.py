"""``{% furigana page %}…{% endfurigana %}`` puts ruby over the kanji of its content when
the reader has it on; ``{% ruby_toggle as toggle %}`` gives the header's on/off link."""

from __future__ import annotations

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..dictionary import entries
from ..preference import is_japanese, ruby_on, toggle_url
from ..readings import READINGS_VERSION, add_ruby

register = template.Library()


def cache_seconds() -> int:
    return getattr(settings, "KYODO_FURIGANA_CACHE_SECONDS", 24 * 60 * 60)


class FuriganaNode(template.Node):
    def __init__(self, nodelist: template.NodeList, page: template.base.FilterExpression | None):
        self.nodelist = nodelist
        self.page = page

    def render(self, context) -> str:
        html = self.nodelist.render(context)
        language = get_language()  # the content's language
        request = context.get("request")
        # A Japanese page shown under another language's prefix (no translation yet) follows
        # the reader's language: under /ja-x-easy/ it has ruby by default, as the header's
        # toggle says; under /en/ it has none.
        reader_language = getattr(request, "LANGUAGE_CODE", None) or language
        if not is_japanese(language) or not ruby_on(request, reader_language):
            return html
        table = entries()
        page = self.page.resolve(context) if self.page is not None else None
        if not getattr(page, "pk", None):
            # Search results and other views: each query's page is different, not cached.
            return mark_safe(add_ruby(html, table))  # noqa: S308 - markup rendered above
        # Keyed by what was rendered, not by the page's revision: a page also shows its
        # children, departments and progress rows, which change without a new revision.
        digest = hashlib.sha256(html.encode()).hexdigest()
        key = f"furigana:html:{language}:{READINGS_VERSION}:{table.version}:{page.pk}:{digest}"
        result = cache.get(key)
        if result is None:
            result = add_ruby(html, table)
            cache.set(key, result, cache_seconds())
        return mark_safe(result)  # noqa: S308 - markup rendered above, only text nodes changed


@register.tag("furigana")
def furigana(parser, token):
    """``{% furigana page %}…{% endfurigana %}``; ``page`` (optional) enables the cache."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("{% furigana %} takes at most one argument, the page")
    page = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endfurigana",))
    parser.delete_first_token()
    return FuriganaNode(nodelist, page)


@register.simple_tag(takes_context=True)
def ruby_toggle(context) -> dict | None:
    """``{"on": …, "url": …}`` on Japanese pages, None elsewhere (no toggle)."""
    request = context.get("request")
    language = get_language()
    if request is None or not is_japanese(language):
        return None
    on = ruby_on(request, language)
    return {"on": on, "url": toggle_url(request, on=not on)}
