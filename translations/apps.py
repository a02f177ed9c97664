from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("翻訳")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Signal handlers and permission policies name models: imported once the apps are ready.
        from .page_policy import register_page_policy
        from .permissions import register_locale_policies
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_locale_policies()
        register_page_policy()
