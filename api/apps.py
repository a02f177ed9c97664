from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Handlers name models, which exist only once the app registry is ready.
        from .cache import register_signal_handlers

        register_signal_handlers()
