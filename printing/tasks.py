"""The PDF of a plan or a report, made by a django-tasks task and kept in the ``pdf`` storage.

With ``TASKS_BACKEND=immediate`` the task runs at once in the request that asks for the PDF;
with ``database``, ``manage.py db_worker`` runs it and the reader's page refreshes itself
until the file is there. The task is idempotent: a file already made is not made again.
"""

from __future__ import annotations

import logging
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import Http404

from django_tasks import task

from .chromium import html_to_pdf
from .documents import document_html, pdf_name, printable_page

logger = logging.getLogger("kyodo.printing")


def pdf_storage():
    return storages["pdf"]


@task()
def make_pdf(page_id: int, language: str, ruby: bool) -> str:
    """Make the PDF of a public plan or report; returns its name in the storage ("" when
    the page is no longer public)."""
    try:
        page = printable_page(page_id)
    except Http404:
        return ""
    storage = pdf_storage()
    name = pdf_name(page, language=language, ruby=ruby)
    if storage.exists(name):
        return name
    html, url = document_html(page, language=language, ruby=ruby)
    pdf = html_to_pdf(html, url=url, title=page.title)
    saved = storage.save(name, ContentFile(pdf))
    if saved != name:  # made at the same time by another worker: keep one
        storage.delete(saved)
    _remove_older(storage, name)
    logger.info("PDF of page %s (%s, ruby %s): %s bytes", page_id, language, ruby, len(pdf))
    return name


def _remove_older(storage, name: str) -> None:
    """The page's earlier PDFs in the same language and ruby: never served again."""
    folder, filename = str(PurePosixPath(name).parent), PurePosixPath(name).name
    suffix = filename.split("-", 2)[2]  # "<language>-<ruby>.pdf"
    try:
        _folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for other in files:
        parts = other.split("-", 2)
        if other != filename and len(parts) == 3 and parts[2] == suffix:
            storage.delete(f"{folder}/{other}")
