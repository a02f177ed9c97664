"""Import a plan table (.xlsx, .csv, .tsv) into a plan: ``import_plan FILE --plan TITLE_OR_SLUG``."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from plans.services.imports import import_plan_file
from plans.tables.report import render_text

_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–〜~]\s*(\d{4})\s*$")


class Command(BaseCommand):
    help = (
        "Import a plan table (.xlsx, .csv or .tsv in the format of docs/plan-table-format.md) into a plan. "
        "Prints what was (or, with --dry-run, would be) created, updated and left unchanged, with every "
        "warning and error. Exit status 0 when applied or when a dry run finds no errors, 1 when the "
        "file has errors (then nothing is written)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx, .csv or .tsv file")
        parser.add_argument("--plan", required=True, help="the plan's slug, title or short title")
        parser.add_argument(
            "--create", action="store_true", help="create the plan under the plan index when none matches"
        )
        parser.add_argument("--period", help="the plan period in fiscal years, e.g. 2008-2012")
        parser.add_argument("--status-year", type=int, help="fiscal year of the status column, e.g. 2024")
        parser.add_argument("--sheet", help="the sheet of an .xlsx file (default: the first)")
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
        parser.add_argument(
            "--publish", action="store_true", help="publish new and changed pages (default: save drafts)"
        )

    def handle(self, *args, **options):
        with translation.override("ja"):
            self.run(options)

    def run(self, options) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("ファイル「%(path)s」を読めません（%(error)s）。") % {"path": path, "error": error.strerror}
            ) from error
        period = None
        if options["period"]:
            match = _PERIOD.match(options["period"])
            if not match:
                raise CommandError(
                    _("計画期間「%(period)s」は「2008-2012」のように西暦の年度で書いてください。")
                    % {"period": options["period"]}
                )
            period = (int(match[1]), int(match[2]))
        report = import_plan_file(
            data,
            path.name,
            plan_title=options["plan"],
            create=options["create"],
            period=period,
            status_year=options["status_year"],
            sheet=options["sheet"],
            dry_run=options["dry_run"],
            publish=options["publish"],
        )
        for line in render_text(report):
            self.stdout.write(line)
        if report.has_errors:
            raise CommandError(_("エラーがあるため、何も反映していません。"), returncode=1)
