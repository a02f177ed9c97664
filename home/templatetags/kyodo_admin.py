"""The admin's name in its title, login page and dashboard: Kyodo and the municipality."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from ..models import MunicipalitySettings

register = template.Library()


def municipality_name(request) -> str:
    """The municipality of the request's site (site settings), or "" before it is set."""
    if request is None:
        return ""
    try:
        return MunicipalitySettings.for_request(request).name.strip()
    except MunicipalitySettings.DoesNotExist:  # no site at all yet
        return ""


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
