"""Signal receivers: only what keeps stored data consistent with the translations."""

from django.conf import settings

from wagtail.models import Page
from wagtail.signals import page_published, published

from plans.content_cache import start_new_generation
from plans.models import Indicator
from plans.models.base import KyodoPage

from .machine import record_machine_translation


def on_page_published(sender, instance, **kwargs) -> None:
    if isinstance(instance, KyodoPage) and instance.locale.language_code != settings.LANGUAGE_CODE:
        repair_child_count(instance)
        record_machine_translation(instance)
        # Both write with update(), after the publication's own new generation when it was
        # not in a transaction: what the public pages keep must follow these rows too.
        start_new_generation()


def on_indicator_published(sender, instance, **kwargs) -> None:
    """A translated indicator says, as a page does, whether it still holds machine-made strings."""
    if instance.locale.language_code != settings.LANGUAGE_CODE:
        before = instance.machine_translated
        if record_machine_translation(instance) != before:
            start_new_generation()


def repair_child_count(page: Page) -> None:
    """Set the page's child count from the tree when publishing left a stale one.

    wagtail-localize 1.14 publishes a new translation's revision on commit, from the page
    object it created; when the pages below it were created in the same transaction (a page
    sent for translation with its subtree), that object still counts no children and the
    publication writes ``numchild = 0``, so routing finds no page below it (wagtail-localize
    issue #773). One query per published translation. Remove when wagtail-localize publishes
    from a fresh copy of the page (tests/translations/test_subtree.py shows the problem).
    """
    children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
    if children != page.numchild:
        Page.objects.filter(pk=page.pk).update(numchild=children)
        page.numchild = children


def register_signal_handlers() -> None:
    page_published.connect(on_page_published, dispatch_uid="kyodo_record_machine_translation")
    published.connect(
        on_indicator_published, sender=Indicator, dispatch_uid="kyodo_record_indicator_machine_translation"
    )
