"""Template tags of Kyodo's admin templates (templates/wagtailadmin/): the admin's name in
its title, login page and dashboard (Kyodo and the municipality), and the checks panel's
content metrics in characters for Japanese pages. See docs/admin.md."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.models import Site

from ..municipality import japanese_name

register = template.Library()


def municipality_name(request) -> str:
    """The Japanese name of the request's site's municipality (「自治体の表記」), or "" before
    it is entered. One query per request."""
    if request is None:
        return ""
    if not hasattr(request, "_kyodo_municipality_name"):
        request._kyodo_municipality_name = japanese_name(Site.find_for_request(request))
    return request._kyodo_municipality_name


@register.simple_tag(takes_context=True)
def admin_name(context) -> str:
    """「Kyodo 管理画面（青葉市）」, or 「Kyodo 管理画面」 while no municipality is set."""
    product = settings.WAGTAIL_SITE_NAME
    municipality = municipality_name(context.get("request"))
    if municipality:
        values = {"product": product, "municipality": municipality}
        return _("%(product)s 管理画面（%(municipality)s）") % values
    return _("%(product)s 管理画面") % {"product": product}


@register.simple_tag(takes_context=True)
def admin_sign_in_heading(context) -> str:
    """「Kyodo 管理画面（青葉市）へサインイン」 (Wagtail says 「Wagtailへサインイン」)."""
    return _("%(admin_name)sへサインイン") % {"admin_name": admin_name(context)}


@register.simple_tag
def counts_characters(page) -> bool:
    """Whether the checks panel counts characters for ``page``: a page in Japanese (easy
    Japanese included), or anything else in the admin when it is not a page."""
    language = page.locale.language_code if getattr(page, "locale_id", None) else settings.LANGUAGE_CODE
    return language.split("-")[0] == "ja"


@register.simple_tag
def characters_per_minute() -> int:
    return settings.KYODO_JAPANESE_CHARACTERS_PER_MINUTE
