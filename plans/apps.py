from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("計画")

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
