from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FuriganaConfig(AppConfig):
    name = "furigana"
    verbose_name = _("ふりがな")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Handlers name models, which exist only once the app registry is ready.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
