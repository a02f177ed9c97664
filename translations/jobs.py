"""Translating a page's subtree as a background task.

wagtail-localize hands the pages below a page sent "with its subtree" to the job backend
named by ``WAGTAILLOCALIZE_JOBS``; :class:`translations.localize_jobs.TaskBackend` records
the request as a :class:`~translations.models.SubtreeTranslation` and runs
:func:`translate_subtree` as a
django-tasks task: at once in the request by default (``TASKS_BACKEND=immediate``), or in a
database-backed worker (``TASKS_BACKEND=database``, ``manage.py db_worker``) so that a plan of
thousands of items never holds a request open. The translator follows its progress on
「翻訳状況」.

The indicators of every plan in the subtree (the submitted page itself included, when it is
a plan) are sent with the pages, after them (:func:`translations.indicators.submit_indicators`):
they are snippets, which wagtail-localize's subtree never reaches.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail_localize.operations import TranslationCreator

from django_tasks import task

from plans.models import PlanPage

from .indicators import submit_indicators
from .models import SubtreeTranslation

logger = logging.getLogger(__name__)

# How many pages are prepared between two updates of the progress record.
PROGRESS_EVERY = 20


def enqueue_subtree(page_id: int, locales, user) -> SubtreeTranslation:
    """Record a subtree translation and run it as a task."""
    job = SubtreeTranslation.objects.create(
        page_id=page_id,
        requested_by=user if getattr(user, "pk", None) else None,
        total=Page.objects.get(pk=page_id).get_descendants().count(),
    )
    job.locales.set(locales)
    translate_subtree.enqueue(job.pk)
    return job


@task()
def translate_subtree(job_id: int) -> None:
    """Create the translation (a draft) of every page below the job's page, in tree order,
    recording the progress; then those of the indicators of the plans among them."""
    job = SubtreeTranslation.objects.select_related("page", "requested_by").get(pk=job_id)
    SubtreeTranslation.objects.filter(pk=job.pk).update(status=SubtreeTranslation.Status.RUNNING)
    locales = list(Locale.objects.filter(pk__in=job.locales.values("pk")))
    translator = TranslationCreator(job.requested_by, locales)
    done = 0
    try:
        # Page by page, parents first: in a worker each page is committed as it is made, so
        # the progress is seen while it runs, and a second run completes a failed one.
        for page in job.page.get_descendants().order_by("path").specific():
            with transaction.atomic():
                translator.create_translations(page)
            done += 1
            if done % PROGRESS_EVERY == 0:
                SubtreeTranslation.objects.filter(pk=job.pk).update(done=done)
        plans = PlanPage.objects.descendant_of(job.page, inclusive=True).values_list("pk", flat=True)
        with transaction.atomic():
            submit_indicators(plans, locales, job.requested_by)
    except Exception as error:
        logger.exception("Subtree translation %s failed", job.pk)
        SubtreeTranslation.objects.filter(pk=job.pk).update(
            status=SubtreeTranslation.Status.FAILED, error=str(error), finished_at=timezone.now()
        )
        raise
    SubtreeTranslation.objects.filter(pk=job.pk).update(
        status=SubtreeTranslation.Status.FINISHED, done=done, total=done, finished_at=timezone.now()
    )


def recent_jobs(*, limit: int = 10) -> list[SubtreeTranslation]:
    """The latest subtree translations, newest first (three queries)."""
    jobs = SubtreeTranslation.objects.select_related("page", "requested_by").prefetch_related("locales")
    return list(jobs[:limit])
