"""``python manage.py export_plan --plan TITLE_OR_SLUG --format xlsx|csv -o FILE``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from plans.fiscal_years import FiscalYearError, parse_fiscal_year
from plans.models import PlanPage
from plans.tables.exporter import HEADER_LANGUAGES, write_csv, write_xlsx
from plans.tables.importer import find_plan as plans_named


def find_plan(text: str) -> PlanPage:
    """The plan named by its slug, title or short title (matched as ``import_plan`` matches
    them) or by its page ID; a clear error otherwise."""
    wanted = text.strip()
    matches = plans_named(wanted)
    if not matches and wanted.isdigit():
        matches = list(PlanPage.objects.filter(pk=int(wanted)))
    if not matches:
        raise CommandError(
            _(
                "計画「%(plan)s」が見つかりません。計画のスラッグ、タイトル、略称またはページIDを指定してください。"
            )
            % {"plan": wanted}
        )
    if len(matches) > 1:
        candidates = "\n".join(
            _("  ID %(id)s：%(title)s（%(language)s、スラッグ %(slug)s）")
            % {"id": plan.pk, "title": plan.title, "language": plan.locale.language_code, "slug": plan.slug}
            for plan in matches
        )
        raise CommandError(
            _("「%(plan)s」に当てはまる計画が%(count)s件あります。ページIDで指定してください。")
            % {"plan": wanted, "count": len(matches)}
            + "\n"
            + candidates
        )
    return matches[0]


class Command(BaseCommand):
    help = "計画を計画表（Excel または CSV）に書き出します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", required=True, help="計画のスラッグ、タイトル、略称またはページID")
        parser.add_argument("--format", choices=("xlsx", "csv"), required=True, help="ファイル形式")
        parser.add_argument(
            "--headers", choices=HEADER_LANGUAGES, default="ja", help="見出しの言語（既定：ja）"
        )
        parser.add_argument(
            "--status-year",
            help="進捗状況を書き出す年度（例：2024、令和6年度）。既定は進捗のある最新の年度",
        )
        parser.add_argument(
            "--include-unpublished",
            action="store_true",
            help="下書き・非公開・未公開の施策と事業も含めます（下書きは最新の版を書き出します）",
        )
        parser.add_argument("-o", "--output", required=True, help="書き出すファイル")

    def handle(self, *args, **options) -> None:
        with translation.override("ja"):
            plan = find_plan(options["plan"])
            status_year = None
            if options["status_year"]:
                try:
                    reading = parse_fiscal_year(options["status_year"], era_start_year=plan.period_start)
                except FiscalYearError as error:
                    raise CommandError(str(error)) from error
                status_year = reading.year
            writer = write_xlsx if options["format"] == "xlsx" else write_csv
            try:
                with open(options["output"], "wb") as fileobj:
                    table = writer(
                        plan,
                        fileobj,
                        headers=options["headers"],
                        include_unpublished=options["include_unpublished"],
                        status_year=status_year,
                    )
            except OSError as error:
                raise CommandError(
                    _("「%(file)s」に書き出せません：%(reason)s")
                    % {"file": options["output"], "reason": error.strerror}
                ) from error
            self.stdout.write(
                _("「%(title)s」を %(file)s に書き出しました（%(rows)s行）。")
                % {"title": plan.title, "file": options["output"], "rows": len(table.rows)}
            )
