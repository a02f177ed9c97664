from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FuriganaConfig(AppConfig):
    name = "furigana"
    verbose_name = _("ふりがな")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
