"""Admin registration: 「翻訳状況」, the plan's PO bundle, the read-only view of a page and
wagtail-localize's screens as translators may use them."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail_localize.views import edit_translation

from plans.models import PlanPage

from . import urls, views
from .access import can_read_page, can_translate
from .dashboard import homepage_panels
from .localize_views import SubmitPageTranslationView, SubmitSnippetTranslationView, UpdateTranslationsView
from .permissions import locale_checked


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [path("kyodo/translations/", include(urls, namespace="kyodo_translations"))]


@hooks.register("register_admin_urls")
def register_page_read_urls():
    """The read-only view of a page beside Wagtail's page screens (so the menu's 「ページ」
    stays lit), on paths Wagtail does not use."""
    return [
        path("pages/<int:page_id>/read/", views.PageReadView.as_view(), name="kyodo_page_read"),
        path("pages/<int:page_id>/read/preview/", views.page_preview, name="kyodo_page_read_preview"),
    ]


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


@hooks.register("register_admin_urls")
def register_own_language_localize_urls():
    """wagtail-localize's submit and sync screens, narrowed to the user's languages
    (``translations.localize_views``); the same paths, resolved first."""
    return [
        path("localize/submit/page/<int:page_id>/", SubmitPageTranslationView.as_view()),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            SubmitSnippetTranslationView.as_view(),
        ),
        path("localize/update/<int:translation_source_id>/", UpdateTranslationsView.as_view()),
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


# Pages a user may read but not edit (a translator and the Japanese pages) ------------


def read_only(page, user) -> bool:
    return not page.permissions_for_user(user).can_edit() and can_read_page(user, page)


class ReadPageButton(Button):
    def __init__(self, page, priority):
        super().__init__(
            _("内容を見る"),
            reverse("kyodo_page_read", args=[page.pk]),
            icon_name="view",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def read_page_listing_button(page, user, next_url=None):
    if read_only(page, user):
        yield ReadPageButton(page, priority=1)


@hooks.register("register_page_header_buttons")
def read_page_header_button(page, user, view_name, next_url=None):
    if read_only(page, user):
        yield ReadPageButton(page, priority=5)


@hooks.register("construct_page_listing_buttons")
def hide_view_draft_from_readers(buttons, page, user, context=None):
    """Wagtail offers "View draft" on the row of every page with unpublished changes; the
    view refuses a user who may neither edit nor publish the page. Leave it out of the row's
    menu for such users (History is handled by ``page_policy.can_view_revisions``)."""
    perms = page.permissions_for_user(user)
    if perms.can_edit() or perms.can_publish():
        return
    view_draft = reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    for button in buttons:
        dropdown = getattr(button, "dropdown_buttons", None)
        if isinstance(dropdown, list):
            dropdown[:] = [item for item in dropdown if (item.url or "").split("?")[0] != view_draft]


@hooks.register("construct_homepage_panels")
def add_out_of_date_panel(request, panels):
    homepage_panels(request, panels)


@hooks.register("construct_reports_menu")
def hide_translations_report(request, menu_items):
    """wagtail-localize shows its translations report to everyone; it is for those who send
    pages for translation (department staff would see a 「レポート」 menu of no use to them)."""
    if not can_translate(request.user):
        menu_items[:] = [
            item for item in menu_items if item.url != reverse("wagtail_localize:translations_report")
        ]


@hooks.register("insert_global_admin_js")
def translation_editor_in_japanese():
    """The two texts wagtail-localize's editor writes in English, put in Japanese
    (static/js/admin/localize-ja.js)."""
    return format_html('<script src="{}" defer></script>', static("js/admin/localize-ja.js"))
