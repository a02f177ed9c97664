from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("翻訳")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Signal handlers, permission policies and the editor's adjustments name models and
        # wagtail-localize's views: imported once the apps are ready.
        from .editor import install as install_editor_adjustments
        from .page_policy import align_revisions_with_history_view, register_page_policy
        from .permissions import register_locale_policies
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_locale_policies()
        register_page_policy()
        align_revisions_with_history_view()
        install_editor_adjustments()
