"""Checking and applying an uploaded plan table, at once or as a background task.

「計画表の取り込み」 keeps every upload as a :class:`~plans.models.PlanImport`. A file of up to
``KYODO_IMPORT_BACKGROUND_ROWS`` rows is checked (the dry run) and applied in the request,
as before. A larger one is handed to a django-tasks task, so that a plan of thousands of
items never holds a request open: at once in the request with the default
``TASKS_BACKEND=immediate``, or by ``manage.py db_worker`` with ``TASKS_BACKEND=database``.
The screen shows the record's state and progress meanwhile and the report when it is done.

The apply stays all or nothing: the pages and the record's final state are written in one
transaction. Its progress (measures and items written, out of how many) is written through a
database connection of its own, so that the screen sees it while the transaction is open.
An error inside a task is recorded on the import in Japanese; nothing is applied then.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tasks import task

from .models import PlanImport
from .services.imports import import_plan_file
from .tables.importer import find_plan
from .tables.report import ImportReport

logger = logging.getLogger(__name__)

DEFAULT_BACKGROUND_ROWS = 500


class ImportFailed(Exception):
    """A task that ended with the import recorded as 中断 (its worker marks the task failed)."""


def background_rows() -> int:
    """Files with more rows than this are checked and applied by a background task."""
    return getattr(settings, "KYODO_IMPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)


def in_background(record: PlanImport) -> bool:
    return record.rows > background_rows()


# What the file holds, before it is read as a table -------------------------------------


@dataclass
class FileFacts:
    rows: int = 0  # rows below the first, blank ones included: enough to choose the way
    sheet_names: list[str] = field(default_factory=list)  # the worksheets of an .xlsx file


def file_facts(data: bytes, filename: str, *, sheet: str | None = None) -> FileFacts:
    """The size of a file and its sheets, cheaply (the dry run reads it properly). A file
    that cannot be opened counts as small: the dry run then says what is wrong with it."""
    if PurePath(filename).suffix.lower() != ".xlsx":
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        return FileFacts(rows=max(lines - 1, 0))
    # openpyxl takes about 0.15 s to import: only an uploaded workbook pays it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any file openpyxl cannot open: the dry run says why, in Japanese
        return FileFacts()
    try:
        names = [worksheet.title for worksheet in workbook.worksheets]
        worksheet = workbook[sheet] if sheet in names else (workbook.worksheets[0] if names else None)
        rows = 0
        if worksheet is not None:
            rows = worksheet.max_row or 0
            if rows <= 1:  # no dimension recorded (some writers): count the rows
                rows = sum(1 for _row in worksheet.iter_rows(values_only=True))
        return FileFacts(rows=max(rows - 1, 0), sheet_names=names)
    finally:
        workbook.close()


# Progress ---------------------------------------------------------------------------------


class Progress:
    """Writes (done, total) to the import's record, where the screen reads it.

    The apply's writes are seen by nobody before its transaction ends; the progress is
    therefore written through a connection of its own on PostgreSQL, committed at once.
    Outside a transaction the ordinary connection does. SQLite allows one writer at a time:
    there, progress inside the transaction is not written (the screen shows 反映中 only).
    At most one write a second, and always the last one. Should the record's row be locked
    by the transaction itself, the write gives up after a moment and progress stops being
    written: progress never holds up or fails an import.
    """

    INTERVAL = 1.0  # seconds

    def __init__(self, import_id: int):
        self.import_id = import_id
        self.last_write = 0.0
        self.side = None
        self.stopped = False
        self.done = self.total = 0  # the latest figures, written or not

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        now = time.monotonic()
        if done < total and now - self.last_write < self.INTERVAL:
            return
        self.last_write = now
        self.write(done, total)

    def write(self, done: int, total: int) -> None:
        if self.stopped:
            return
        if not connection.in_atomic_block:
            PlanImport.objects.filter(pk=self.import_id).update(progress_done=done, progress_total=total)
            return
        if connection.vendor != "postgresql":
            return
        meta = PlanImport._meta
        try:
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
                with self.side.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '2s'")
            quote = self.side.ops.quote_name
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {quote(meta.db_table)} SET {quote('progress_done')} = %s, "  # noqa: S608
                    f"{quote('progress_total')} = %s WHERE {quote(meta.pk.column)} = %s",
                    [done, total, self.import_id],
                )
        except DatabaseError:
            logger.warning("Progress of plan import %s is no longer written", self.import_id, exc_info=True)
            self.stopped = True
            self.close()

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


# Running an import --------------------------------------------------------------------------


def _user(user_id: int | None):
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def read_stored(record: PlanImport) -> bytes:
    """The uploaded file's bytes; ``OSError`` when it is gone."""
    with record.file.open("rb") as stored:
        return stored.read()


def run_import(record: PlanImport, data: bytes, *, user, dry_run: bool, progress=None) -> ImportReport:
    """The dry run (or the apply) of ``record``'s file into its plan, or into the new plan
    it creates. Never raises for bad input: problems are errors in the report."""
    common = {
        "status_year": record.status_year,
        "sheet": record.sheet or None,
        "dry_run": dry_run,
        "publish": record.publish,
        "user": user,
        "progress": progress,
    }
    if record.plan_id is not None:
        return import_plan_file(data, record.original_filename, plan=record.plan, **common)
    if record.parent_id is None:
        report = ImportReport(filename=record.original_filename, plan_title=record.new_plan_title)
        report.error(_("作成先の計画一覧が見つかりません。もう一度ファイルを取り込んでください。"))
        return report
    report = import_plan_file(
        data,
        record.original_filename,
        plan_title=record.new_plan_title,
        new_plan=True,
        period=record.period,
        index=record.parent,
        **common,
    )
    if dry_run:
        same = [
            plan for plan in find_plan(record.new_plan_title) if plan.locale_id == record.parent.locale_id
        ]
        if same:
            report.warning(
                _(
                    "同じ名前の計画「%(title)s」がすでにあります。反映すると、別の計画としてもう1つ作ります。"
                    "登録済みの計画に取り込むときは、「登録済みの計画に取り込む」を選び直してください。"
                )
                % {"title": record.new_plan_title}
            )
    return report


def failure_text(error: BaseException) -> str:
    if isinstance(error, OSError):
        return _("取り込んだファイルが見つかりません。もう一度ファイルを選んで確認してください。")
    return _(
        "処理の途中で予期しないエラーが起きたため、中断しました。計画のページは何も変わっていません。"
        "もう一度取り込んでも同じときは、システム管理者に連絡してください（エラーの内容：%(error)s）。"
    ) % {"error": f"{type(error).__name__}: {error}"}


def _fail(record: PlanImport, error: BaseException) -> None:
    record.state = PlanImport.State.FAILED
    record.error = failure_text(error)
    record.save(update_fields=["state", "error"])


def check_now(import_id: int, user_id: int | None) -> PlanImport:
    """The dry run of an upload, kept on its record (CHECKED or HAS_ERRORS; FAILED when it
    could not run)."""
    record = PlanImport.objects.select_related("plan", "parent").get(pk=import_id)
    PlanImport.objects.filter(pk=import_id).update(
        state=PlanImport.State.CHECKING, progress_done=0, progress_total=record.rows
    )
    try:
        with transaction.atomic():  # writes nothing; a database error leaves the connection usable
            report = run_import(record, read_stored(record), user=_user(user_id), dry_run=True)
    except Exception as error:
        logger.exception("Checking plan import %s failed", import_id)
        _fail(record, error)
        return record
    record.report = report.to_dict()
    record.state = PlanImport.State.HAS_ERRORS if report.has_errors else PlanImport.State.CHECKED
    record.progress_done = record.progress_total = record.rows
    record.error = ""
    record.save(update_fields=["report", "state", "progress_done", "progress_total", "error"])
    return record


def apply_now(import_id: int, user_id: int | None, *, track_progress: bool = True) -> PlanImport:
    """Apply a checked upload (claimed as APPLYING by the caller): the file is read and checked
    again and written in one transaction together with the record's new state (APPLIED, or
    HAS_ERRORS when the file now has errors); FAILED, with nothing written, on any error.
    ``track_progress`` writes the progress for the screen (see :class:`Progress`)."""
    record = PlanImport.objects.select_related("plan", "parent").get(pk=import_id)
    user = _user(user_id)
    progress = Progress(import_id)
    progress.stopped = not track_progress
    try:
        data = read_stored(record)
        with transaction.atomic():
            report = run_import(record, data, user=user, dry_run=False, progress=progress)
            progress.close()  # before the record's row is written in this transaction
            record.report = report.to_dict()
            if report.has_errors:
                record.state = PlanImport.State.HAS_ERRORS
            else:
                record.state = PlanImport.State.APPLIED
                record.applied_at = timezone.now()
                record.applied_by = user
                record.plan_id = report.plan_id or record.plan_id
                record.progress_done = record.progress_total = progress.total
            record.save(
                update_fields=[
                    "report",
                    "state",
                    "applied_at",
                    "applied_by",
                    "plan",
                    "progress_done",
                    "progress_total",
                ]
            )
    except Exception as error:
        logger.exception("Applying plan import %s failed", import_id)
        record.refresh_from_db()
        _fail(record, error)
    finally:
        progress.close()
    return record


def start_check(record: PlanImport, user) -> None:
    """Check an upload now (a small file) or queue the check (a large one)."""
    if not in_background(record):
        with transaction.atomic():  # a request that dies here leaves the record as it was
            check_now(record.pk, user.pk)
        return
    PlanImport.objects.filter(pk=record.pk).update(
        state=PlanImport.State.CHECK_QUEUED, progress_done=0, progress_total=record.rows
    )
    check_in_background.enqueue(record.pk, user.pk)


def claim_for_apply(record: PlanImport) -> bool:
    """Mark a checked import as being applied; ``False`` when it is no longer CHECKED (applied
    meanwhile, or a second click): only one apply ever starts."""
    state = PlanImport.State.APPLY_QUEUED if in_background(record) else PlanImport.State.APPLYING
    claimed = PlanImport.objects.filter(pk=record.pk, state=PlanImport.State.CHECKED).update(
        state=state, progress_done=0, progress_total=0, error=""
    )
    return bool(claimed)


def start_apply(record: PlanImport, user) -> bool:
    """Apply a checked import now (a small file: the claim, the pages and the record's new
    state in one transaction) or queue it (a large one: claimed first, so that the worker
    and the screen see it waiting). ``False`` when it is no longer CHECKED (see
    :func:`claim_for_apply`)."""
    if in_background(record):
        if not claim_for_apply(record):
            return False
        apply_in_background.enqueue(record.pk, user.pk)
        return True
    with transaction.atomic():
        if not claim_for_apply(record):
            return False
        # Nobody sees this request's progress, and the claim holds the record's row.
        apply_now(record.pk, user.pk, track_progress=False)
    return True


@task()
def check_in_background(import_id: int, user_id: int | None) -> None:
    record = check_now(import_id, user_id)
    if record.state == PlanImport.State.FAILED:
        raise ImportFailed(record.error)


@task()
def apply_in_background(import_id: int, user_id: int | None) -> None:
    updated = PlanImport.objects.filter(pk=import_id, state=PlanImport.State.APPLY_QUEUED).update(
        state=PlanImport.State.APPLYING
    )
    if not updated:
        return  # not waiting to be applied (already run): nothing to do
    record = apply_now(import_id, user_id)
    if record.state == PlanImport.State.FAILED:
        raise ImportFailed(record.error)
