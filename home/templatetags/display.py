"""The reader's display preferences in templates (``home.preferences``): the classes of
``<html>`` and the header's 文字サイズ and 背景色 switches."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from .. import preferences

register = template.Library()


@register.simple_tag(takes_context=True)
def display_classes(context) -> str:
    """``text-size-large background-black`` …, from the reader's cookies."""
    return preferences.html_classes(context.get("request"))


@register.simple_tag(takes_context=True)
def display_switches(context) -> list[dict]:
    """One entry per switch: its label and its options, each with the link that chooses it
    and back to this page, and whether it is the current one."""
    request = context.get("request")
    if request is None:
        return []
    values = preferences.chosen(request)
    here = request.get_full_path()
    address = reverse("preferences")
    return [
        {
            "parameter": preference.parameter,
            "label": preference.label,
            "options": [
                {
                    "value": value,
                    "label": label,
                    "url": f"{address}?{urlencode({preference.parameter: value, 'next': here})}",
                    "current": values[preference.parameter] == value,
                }
                for value, label in preference.choices
            ],
        }
        for preference in preferences.PREFERENCES
    ]
