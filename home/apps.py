from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_locales(using: str = "default", **kwargs) -> None:
    """After every migrate, each configured language has its Wagtail locale."""
    # The languages module queries Locale, a model: imported once the registry is ready.
    from .languages import sync_locales

    sync_locales(using=using)


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home"

    def ready(self) -> None:
        post_migrate.connect(_sync_locales, sender=self, dispatch_uid="kyodo_sync_locales")
        # The patch names the User model, which exists only once the registry is ready.
        from .staff import put_family_name_first

        put_family_name_first()
        # Registers the deploy check that BASE_URL and the Wagtail site name the same host.
        # The page cache's and the front-end cache's handlers name models, which exist only
        # once the registry is ready.
        from . import (
            frontend_cache,
            page_cache,
            site_address,  # noqa: F401
        )

        page_cache.register_signal_handlers()
        frontend_cache.register_signal_handlers()
