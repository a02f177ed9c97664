"""PDFs of the demo's plan and report, printed for real by headless Chromium through the
task: A4, page numbers, Japanese text that can be selected, embedded fonts, tags, the
outline; kept per page and version, a new file after a new publication, none for a draft;
and the waiting page while the database backend's worker has not made the file yet."""

from __future__ import annotations

import io
import os
import re

from django.urls import reverse
from django.utils import translation

import pytest
from django_tasks.signals import task_enqueued
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from demo.loader import load_demo
from plans.models import PlanPage, ProgressReportPage
from printing import chromium

from ..tree import demo_database

pytestmark = pytest.mark.slow

PLAN_TITLE = "青葉市市民参加推進計画（第2次）"
REPORT_TITLE = "令和6年度 市民参加推進レポート"
A4 = (595.92, 842.88)  # points, as Chromium writes 210 × 297 mm


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    if not chromium.available():
        if os.environ.get("CI"):
            pytest.fail("Chromium is required to print PDFs in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed here")
    with demo_database(django_db_blocker, load_demo):
        yield


@pytest.fixture
def pdf_storage(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "pdf": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        }
    }
    return tmp_path


@pytest.fixture
def enqueued():
    """The PDF tasks started while the test runs (publishing starts tasks of its own)."""
    started = []

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "make_pdf":
            started.append(task_result)

    task_enqueued.connect(record)
    yield started
    task_enqueued.disconnect(record)


def pdf_url(page, language: str = "ja") -> str:
    with translation.override(language):
        return reverse("page_pdf", args=[page.pk])


def resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def fonts_of(reader: PdfReader) -> list:
    """Every font the pages use, the descendant font of a composite (Type0) font included."""
    found = []
    for page in reader.pages:
        resources = resolve(page.get("/Resources")) or {}
        fonts = resolve(resources.get("/Font")) or {}
        for font in fonts.values():
            font = resolve(font)
            found.append(font)
            for descendant in resolve(font.get("/DescendantFonts")) or []:
                found.append(resolve(descendant))
    return found


def read(response) -> PdfReader:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def test_the_plan_pdf_is_a4_numbered_selectable_with_embedded_fonts_tagged_and_outlined(
    client, demo, db, pdf_storage, enqueued
):
    plan = PlanPage.objects.get(title=PLAN_TITLE, locale__language_code="ja")
    response = client.get(pdf_url(plan))
    assert len(enqueued) == 1
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; ")
    assert "filename*=UTF-8''%E9%9D%92%E8%91%89%E5%B8%82" in disposition  # 青葉市…
    reader = read(response)

    pages = reader.pages
    assert len(pages) > 1
    for page in pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == pytest.approx(A4, abs=0.5)
    total = len(pages)
    texts = [page.extract_text() for page in pages]
    for number, text in enumerate(texts, start=1):
        assert re.search(rf"\b{number} / {total}\b", text), f"page {number} has no page number"
    assert PLAN_TITLE in texts[0]
    assert "目次" in texts[0]
    whole = "".join(texts)
    assert "令和3年度（2021年度）" in whole  # 和暦
    # Kanji come out as themselves, not as look-alike radicals (U+2E80–U+2FDF).
    assert not re.search("[\u2e80-\u2fdf]", whole)

    fonts = fonts_of(reader)
    assert fonts
    for font in fonts:
        if font["/Subtype"] == "/Type0":
            continue  # its descendant carries the descriptor
        descriptor = resolve(font["/FontDescriptor"])
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font.get("/BaseFont")

    root = reader.trailer["/Root"]
    assert resolve(root["/MarkInfo"])["/Marked"].value is True
    assert "/StructTreeRoot" in root
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert PLAN_TITLE in titles


def test_the_pdf_is_kept_until_a_new_publication_and_a_draft_has_none(
    client, demo, db, pdf_storage, enqueued
):
    plan = PlanPage.objects.get(title=PLAN_TITLE, locale__language_code="ja")
    first = b"".join(client.get(pdf_url(plan)).streaming_content)
    assert len(enqueued) == 1
    again = client.get(pdf_url(plan))
    assert b"".join(again.streaming_content) == first
    assert len(enqueued) == 1  # served from the file, no new task
    files = sorted(path.name for path in (pdf_storage / str(plan.pk)).iterdir())
    assert len(files) == 1

    plan.title = "青葉市市民参加推進計画（第2次・改訂版）"
    revision = plan.save_revision()
    revision.publish()
    reader = read(client.get(pdf_url(plan)))
    assert len(enqueued) == 2
    assert "青葉市市民参加推進計画（第2次・改訂版）" in reader.pages[0].extract_text()
    newer = sorted(path.name for path in (pdf_storage / str(plan.pk)).iterdir())
    assert len(newer) == 1 and newer != files  # the old file is gone and never served again

    plan.unpublish()
    assert client.get(pdf_url(plan)).status_code == 404
    assert len(enqueued) == 2


def test_a_progress_report_has_its_pdf(client, demo, db, pdf_storage):
    report = ProgressReportPage.objects.get(title=REPORT_TITLE)
    reader = read(client.get(pdf_url(report)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert REPORT_TITLE in text
    assert "取組状況の集計" in text
    assert "ふりがな" not in text and "English" not in text  # no ruby switch, no language bar


def test_ruby_makes_a_pdf_of_its_own(client, demo, db, pdf_storage, enqueued):
    report = ProgressReportPage.objects.get(title=REPORT_TITLE)
    plain = read(client.get(pdf_url(report)))
    with_ruby = read(client.get(pdf_url(report) + "?ruby=1"))
    assert len(enqueued) == 2
    assert len(list((pdf_storage / str(report.pk)).iterdir())) == 2
    plain_text = plain.pages[0].extract_text()
    ruby_text = with_ruby.pages[0].extract_text()
    assert "しんちょく" not in plain_text
    assert "しんちょく" in ruby_text or "ねんど" in ruby_text


def run_worker() -> DBTaskResult:
    """What `manage.py db_worker` does with one queued task."""
    queued = DBTaskResult.objects.ready().get(task_path="printing.tasks.make_pdf")
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
    return queued


def test_with_a_worker_the_reader_waits_on_a_page_that_refreshes_itself(
    client, demo, db, pdf_storage, settings, enqueued
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    report = ProgressReportPage.objects.get(title=REPORT_TITLE)
    waiting = client.get(pdf_url(report))
    assert waiting.status_code == 202
    html = waiting.content.decode()
    assert "PDFを作成しています" in html
    assert '<meta http-equiv="refresh" content="3">' in html
    # The strict CSP holds: no inline script (the site's own files only) and no style attribute.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "style=" not in html
    # Refreshing while the task waits starts no second one.
    assert client.get(pdf_url(report)).status_code == 202
    assert len(enqueued) == 1
    assert run_worker().status == "SUCCESSFUL"
    reader = read(client.get(pdf_url(report)))
    assert REPORT_TITLE in reader.pages[0].extract_text()
    assert len(enqueued) == 1
