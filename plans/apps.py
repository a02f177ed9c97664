from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("計画")

    def ready(self) -> None:
        # Handlers name models, which exist only once the app registry is ready.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
