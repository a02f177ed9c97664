"""The admin's chrome: staff avatars without an outside service; the page editor's
content metrics for Japanese."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks

from .staff import has_uploaded_avatar, initials_avatar_url


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    """Initials where the user uploaded no picture. Wagtail would otherwise ask
    gravatar.com, sending a hash of every e-mail address outside (``WAGTAIL_GRAVATAR_PROVIDER_URL``
    is off too, in settings/base.py). The image is an SVG, so ``size`` does not matter."""
    if user is None or not getattr(user, "pk", None) or has_uploaded_avatar(user):
        return None  # Wagtail's own: the uploaded picture, or its default silhouette
    return initials_avatar_url(user)


@hooks.register("insert_editor_js")
def content_metrics_script():
    """Counts the characters of a Japanese page for the checks panel (see its template)."""
    return format_html('<script src="{}" defer></script>', static("js/admin/content-metrics.js"))
