"""The demo loaded once for all the demo's tests: a copy of the demo template database (see
``tests/tree.py``, ``demo_database``), as ``migrate`` and ``load_demo`` leave a fresh install."""

from __future__ import annotations

from wagtail.models import Locale, Page, Revision, Site

import pytest

from demo.loader import load_demo
from home.models import FeaturedPlan
from plans.models import (
    ActionItemDepartment,
    Department,
    EvaluationLevel,
    GlossaryTerm,
    Indicator,
    IndicatorGradeBand,
    IndicatorValue,
    PlanDocument,
    ProgressRow,
    Relisting,
    ScheduleRow,
)

from ..tree import demo_database

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
    EvaluationLevel,
    Indicator,
    IndicatorValue,
    IndicatorGradeBand,
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo, on a copy made for the demo's tests; the suite's own tree comes back after
    them. Each test runs in a transaction inside it, as usual."""
    with demo_database(django_db_blocker, load_demo):
        with django_db_blocker.unblock():
            loaded = counts()
        yield loaded


@pytest.fixture
def loaded(demo, db) -> dict[str, int]:
    """The counts of the main models right after the demo was loaded."""
    return demo
