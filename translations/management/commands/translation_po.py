"""Export or import a plan's translation as one ZIP of PO files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail.models import Locale

from plans.models import PlanPage
from translations.po import BundleError, export_plan_po, import_plan_po


class Command(BaseCommand):
    help = (
        "export --plan <id|slug> --locale en [--output plan-en.zip]: every page of the plan that has a "
        "translation, one PO file each, in a ZIP. import plan-en.zip --plan <id|slug> --locale en "
        "[--publish]: "
        "store the translated strings (all files or none) and optionally publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file", nargs="?", help="the ZIP to import")
        parser.add_argument("--plan", required=True, help="page id or slug of the Japanese plan")
        parser.add_argument("--locale", required=True, help="language code of the translation (en, ko …)")
        parser.add_argument("--output", help="where to write the ZIP (default: <plan slug>-<locale>.zip)")
        parser.add_argument(
            "--publish", action="store_true", help="publish the translated pages after import"
        )

    def handle(self, *args, action, file, plan, locale, output, publish, **options):
        plan_page = self.find_plan(plan)
        try:
            target = Locale.objects.get(language_code=locale)
        except Locale.DoesNotExist as exc:
            raise CommandError(_("言語「%(code)s」はこのサイトにありません。") % {"code": locale}) from exc
        try:
            if action == "export":
                path = Path(output or f"{plan_page.slug}-{target.language_code}.zip")
                path.write_bytes(export_plan_po(plan_page, target))
                self.stdout.write(_("%(path)s に書き出しました。") % {"path": path})
            else:
                if not file:
                    raise CommandError(_("取り込むZIPファイルを指定してください。"))
                try:
                    data = Path(file).read_bytes()
                except OSError as exc:
                    raise CommandError(_("%(file)s を読めません。") % {"file": file}) from exc
                report = import_plan_po(plan_page, target, data, publish=publish)
                for line in report.lines():
                    self.stdout.write(line)
        except BundleError as error:
            raise CommandError("\n".join([_("何も変更していません。"), *error.messages])) from error

    def find_plan(self, value: str) -> PlanPage:
        plans = (
            PlanPage.objects.filter(pk=int(value)) if value.isdigit() else PlanPage.objects.filter(slug=value)
        )
        plan = plans.filter(locale__language_code="ja").first() or plans.first()
        if plan is None:
            raise CommandError(_("計画「%(plan)s」が見つかりません。") % {"plan": value})
        return plan
