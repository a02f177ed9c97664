"""Create the translators' groups (翻訳者（English） …), one per language but Japanese."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from translations.groups import setup_translator_groups


class Command(BaseCommand):
    help = (
        "Create or update one translators' group per locale other than the source language: admin access, "
        "submitting translations, the pages of that language's tree and its departments and glossary terms. "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        for report in setup_translator_groups():
            message = (
                _("%(group)s: 作成しました（ページ: %(root)s）")
                if report.created
                else _("%(group)s: 更新しました（ページ: %(root)s）")
            )
            root = report.tree_root.title if report.tree_root else "—"
            self.stdout.write(message % {"group": report.group.name, "root": root})
            for note in report.notes:
                self.stdout.write(self.style.WARNING(f"  {note}"))
