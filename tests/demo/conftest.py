"""The demo loaded once for all the demo's tests, on a fresh install."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from wagtail.models import Locale, Page, Revision, Site

import pytest

from demo.loader import load_demo
from home.models import FeaturedPlan
from plans.models import (
    ActionItemDepartment,
    Department,
    GlossaryTerm,
    PlanDocument,
    ProgressRow,
    Relisting,
    ScheduleRow,
)

from ..tree import clear_content

COUNTED = [
    Page,
    Revision,
    Site,
    Locale,
    Department,
    GlossaryTerm,
    ActionItemDepartment,
    ScheduleRow,
    ProgressRow,
    Relisting,
    PlanDocument,
    FeaturedPlan,
]


def fresh_install() -> None:
    """The database as `migrate` leaves it: Wagtail's root, its welcome page and default site."""
    clear_content()
    Site.objects.all().delete()
    ja = Locale.objects.get(language_code="ja")
    root = Page.get_first_root_node()
    welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home", locale=ja))
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the demo's tests, on a fresh install, inside a transaction
    that is rolled back when they are done (the suite's own tree then comes back). Each test
    runs in a savepoint inside it, as usual."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        fresh_install()
        load_demo()
        loaded = counts()
    try:
        yield loaded
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()  # Wagtail caches the site root paths


@pytest.fixture
def loaded(demo, db) -> dict[str, int]:
    """The counts of the main models right after the demo was loaded."""
    return demo
