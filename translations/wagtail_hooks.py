"""Admin registration: 「翻訳状況」 and the plan's PO bundle."""

from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail_localize.views import edit_translation

from plans.models import PlanPage

from . import urls
from .permissions import locale_checked
from .views import can_translate


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [path("kyodo/translations/", include(urls, namespace="kyodo_translations"))]


@hooks.register("register_admin_urls")
def register_locale_checked_translation_urls():
    """The same paths as wagtail-localize's per-translation views, resolved first (this app
    comes before wagtail_localize in INSTALLED_APPS); see ``locale_checked``."""
    prefix = "localize/translate/<int:translation_id>/"
    return [
        path(
            prefix + "strings/<int:string_segment_id>/edit/",
            locale_checked(edit_translation.edit_string_translation),
        ),
        path(
            prefix + "overrides/<int:overridable_segment_id>/edit/",
            locale_checked(edit_translation.edit_override),
        ),
        path(prefix + "pofile/download/", locale_checked(edit_translation.download_pofile)),
        path(prefix + "pofile/upload/", locale_checked(edit_translation.upload_pofile)),
        path(prefix + "machine_translate/", locale_checked(edit_translation.machine_translate)),
    ]


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
