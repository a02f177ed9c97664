"""Admin registration: 「翻訳状況」 and the plan's PO bundle."""

from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from plans.models import PlanPage

from . import urls
from .views import can_translate


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [path("kyodo/translations/", include(urls, namespace="kyodo_translations"))]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return can_translate(request.user)


@hooks.register("register_admin_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("翻訳状況"),
        reverse("kyodo_translations:status"),
        name="translation-status",
        icon_name="site",
        order=360,
    )


@hooks.register("register_page_header_buttons")
def plan_bundle_header_button(page, user, view_name, next_url=None):
    if (
        issubclass(page.specific_class or type(page), PlanPage)
        and page.locale.language_code == settings.LANGUAGE_CODE
        and can_translate(user)
    ):
        yield Button(
            _("翻訳ファイル（PO）"),
            reverse("kyodo_translations:plan_bundle", args=[page.pk]),
            icon_name="doc-full",
            priority=47,
        )
