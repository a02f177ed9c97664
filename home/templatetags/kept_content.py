"""``{% keep_content %}…{% endkeep_content %}``: the page's body, kept between requests
(:mod:`home.kept_content`)."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from .. import kept_content

register = template.Library()


class KeepContentNode(template.Node):
    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context) -> str:
        kept = context.get(kept_content.CONTEXT_NAME)
        if kept is not None:
            return mark_safe(kept)  # noqa: S308 - rendered by this template for an earlier request
        html = self.nodelist.render(context)
        kept_content.keep(context.get("request"), context.get("page"), html)
        return html


@register.tag("keep_content")
def keep_content(parser, token):
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% keep_content %} takes no argument")
    nodelist = parser.parse(("endkeep_content",))
    parser.delete_first_token()
    return KeepContentNode(nodelist)
