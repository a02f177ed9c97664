"""Importing a plan table: a dry run that plans every change, then an all-or-nothing apply."""

from __future__ import annotations

from ..models import PlanPage
from .reader import Table
from .report import ImportReport


class ImportRefused(Exception):
    """Applying a report that has errors (or that no longer applies)."""


def plan_import(
    table: Table,
    *,
    plan: PlanPage | None,
    status_year: int | None = None,
    period: tuple[int, int] | None = None,
    plan_title: str = "",
) -> ImportReport:
    raise NotImplementedError


def apply_import(report: ImportReport, *, user=None, publish: bool = False) -> ImportReport:
    raise NotImplementedError


def import_plan_file(
    data: bytes,
    filename: str,
    *,
    plan: PlanPage | None = None,
    plan_title: str | None = None,
    create: bool = False,
    period: tuple[int, int] | None = None,
    status_year: int | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    publish: bool = False,
    user=None,
) -> ImportReport:
    raise NotImplementedError
