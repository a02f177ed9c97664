"""Create the office's groups (広報担当, 担当課職員) and the review workflow, in Japanese."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import translation

from plans.staff import setup_staff_groups


class Command(BaseCommand):
    help = (
        "広報担当・担当課職員のグループと、広報担当の確認のワークフローを作成します（再実行しても安全です）。"
    )

    def handle(self, *args, **options):
        with translation.override("ja"):
            report = setup_staff_groups()
        for line in report.lines():
            self.stdout.write(line)
