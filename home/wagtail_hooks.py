"""The admin's chrome: staff avatars without an outside service; the page editor's
content metrics for Japanese; 「自治体の表記」 in 設定. And, before a page is served, its
kept body (home.kept_content)."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from plans.admin_views.snippets import InstanceCheckedEditView

from . import kept_content
from .models import MunicipalityText
from .staff import has_uploaded_avatar, initials_avatar_url


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    """Initials where the user uploaded no picture. Wagtail would otherwise ask
    gravatar.com, sending a hash of every e-mail address outside (``WAGTAIL_GRAVATAR_PROVIDER_URL``
    is off too, in settings/base.py). The image is an SVG, so ``size`` does not matter."""
    if user is None or not getattr(user, "pk", None) or has_uploaded_avatar(user):
        return None  # Wagtail's own: the uploaded picture, or its default silhouette
    return initials_avatar_url(user)


@hooks.register("before_serve_page")
def find_kept_content(page, request, serve_args, serve_kwargs):
    """The body an earlier request rendered for this address, for the page's context
    (``KyodoPage.get_context``); previews are not served through here."""
    request.kept_content = kept_content.find(request, page)


@hooks.register("insert_editor_js")
def content_metrics_script():
    """Counts the characters of a Japanese page for the checks panel (see its template)."""
    return format_html('<script src="{}" defer></script>', static("js/admin/content-metrics.js"))


class MunicipalityTextViewSet(SnippetViewSet):
    """The municipality's name and contact texts, one per language (設定 → 自治体の表記);
    translated with wagtail-localize like a department."""

    model = MunicipalityText
    edit_view_class = InstanceCheckedEditView  # translators: their own language only
    icon = "site"
    menu_label = _("自治体の表記")
    add_to_settings_menu = True
    list_display = ["name", "office_name", "locale", "site"]
    list_filter = ["locale"]


register_snippet(MunicipalityTextViewSet)
