"""Signal receivers: only what keeps stored data consistent with the translations."""

from django.conf import settings

from wagtail.signals import page_published

from plans.models.base import KyodoPage

from .machine import record_machine_translation


def on_page_published(sender, instance, **kwargs) -> None:
    if isinstance(instance, KyodoPage) and instance.locale.language_code != settings.LANGUAGE_CODE:
        record_machine_translation(instance)


def register_signal_handlers() -> None:
    page_published.connect(on_page_published, dispatch_uid="kyodo_record_machine_translation")
