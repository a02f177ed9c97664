"""Submitting a whole plan for translation with its subtree, as an editor does in the admin
("Translate this page" → "Include subtree"): the target tree is sound and nothing is
published in the target language before a person has translated it."""

from __future__ import annotations

from wagtail.models import Page

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from translations.models import SubtreeTranslation

from .conftest import publish_translated_path

pytestmark = pytest.mark.django_db


def submit_with_subtree(client, page, locale, capture):
    # wagtail-localize creates the pages and publishes on commit: run those callbacks.
    with capture(execute=True):
        response = client.post(
            f"/admin/localize/submit/page/{page.pk}/", {"locales": [locale.pk], "include_subtree": "on"}
        )
    assert response.status_code == 302, response.content.decode()[:500]


def test_the_translated_subtree_is_a_sound_tree(
    admin_client_ja, sample_plan, tree, django_capture_on_commit_callbacks
):
    publish_translated_path(sample_plan.plan, tree.en, django_capture_on_commit_callbacks)

    submit_with_subtree(admin_client_ja, sample_plan.plan, tree.en, django_capture_on_commit_callbacks)

    english_plan = sample_plan.plan.get_translation(tree.en)
    source_pages = sample_plan.plan.get_descendants(inclusive=True).count()
    assert english_plan.get_descendants(inclusive=True).count() == source_pages == 9
    for page in english_plan.get_descendants(inclusive=True):
        assert page.numchild == Page.objects.child_of(page).count(), page.title
    assert [list(problems) for problems in Page.find_problems()] == [[], [], [], [], []]


def test_submitting_publishes_nothing_untranslated(
    admin_client_ja, sample_plan, tree, django_capture_on_commit_callbacks
):
    publish_translated_path(sample_plan.plan, tree.en, django_capture_on_commit_callbacks)

    submit_with_subtree(admin_client_ja, sample_plan.plan, tree.en, django_capture_on_commit_callbacks)

    english = sample_plan.plan.get_translation(tree.en).get_descendants(inclusive=True)
    assert english.count() == 9
    assert not english.filter(live=True).exists()


def test_a_site_that_publishes_on_translate_still_gets_a_sound_tree(
    admin_client_ja, sample_plan, tree, django_capture_on_commit_callbacks, settings
):
    """With wagtail-localize's own default (publish translations of live pages at once), its
    on-commit publication writes stale child counts; Kyodo repairs them when each is published."""
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
    publish_translated_path(sample_plan.plan, tree.en, django_capture_on_commit_callbacks)

    submit_with_subtree(admin_client_ja, sample_plan.plan, tree.en, django_capture_on_commit_callbacks)

    english_plan = sample_plan.plan.get_translation(tree.en)
    for page in english_plan.get_descendants(inclusive=True):
        assert page.numchild == Page.objects.child_of(page).count(), page.title
    assert [list(problems) for problems in Page.find_problems()] == [[], [], [], [], []]
    item = sample_plan.public_members.get_translation(tree.en)
    assert admin_client_ja.get(item.url).status_code == 200


def test_the_subtree_is_prepared_by_a_task_whose_progress_the_translator_sees(
    admin_client_ja, sample_plan, tree, django_capture_on_commit_callbacks
):
    publish_translated_path(sample_plan.plan, tree.en, django_capture_on_commit_callbacks)

    submit_with_subtree(admin_client_ja, sample_plan.plan, tree.en, django_capture_on_commit_callbacks)

    job = SubtreeTranslation.objects.get()
    assert job.page_id == sample_plan.plan.pk
    assert list(job.locales.all()) == [tree.en]
    assert (job.status, job.done, job.total) == (SubtreeTranslation.Status.FINISHED, 8, 8)
    assert job.finished_at is not None
    status = admin_client_ja.get("/admin/kyodo/translations/")
    assert status.status_code == 200
    html = status.content.decode()
    assert "下位ページを含む翻訳の準備" in html
    assert "8ページ中8ページ" in html
    assert "完了" in html


def test_a_database_worker_prepares_the_subtree_later(
    admin_client_ja, sample_plan, tree, django_capture_on_commit_callbacks, settings
):
    """With TASKS_BACKEND=database the request only queues the work; the worker does it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    publish_translated_path(sample_plan.plan, tree.en, django_capture_on_commit_callbacks)

    submit_with_subtree(admin_client_ja, sample_plan.plan, tree.en, django_capture_on_commit_callbacks)

    job = SubtreeTranslation.objects.get()
    assert job.status == SubtreeTranslation.Status.QUEUED
    english_plan = sample_plan.plan.get_translation(tree.en)
    assert english_plan.get_descendants().count() == 0
    # What `manage.py db_worker` does with each queued task (its loop also closes database
    # connections, which a test inside a transaction cannot allow).
    # (The search index's updates are queued too; this test runs the translation.)
    queued = DBTaskResult.objects.ready().get(task_path="translations.jobs.translate_subtree")
    queued.claim("test-worker")
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run_task(queued)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    job.refresh_from_db()
    assert (job.status, job.done) == (SubtreeTranslation.Status.FINISHED, 8)
    assert english_plan.get_descendants().count() == 8
