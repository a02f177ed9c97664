"""Load the demo municipality 青葉市: site, departments, glossary, plans, guidelines."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from demo.loader import DemoError, load_demo
from home.languages import sync_locales
from plans.staff import setup_staff_groups


class Command(BaseCommand):
    help = (
        "Create or update the demo municipality (fictional Aoba City): home page, departments, "
        "glossary, plans with measures, items and progress, guidelines, and translations made "
        "through wagtail-localize (English: the section pages and the participation plan (2nd); "
        "easy Japanese: part of that plan). Safe to run again: it changes only what differs, "
        "never overwrites a translation, and leaves alone what a person has edited or deleted "
        "since it wrote it (docs/demo.md)."
    )

    def handle(self, *args, **options):
        for code in sync_locales():
            self.stdout.write(f"Locale {code}: created")
        try:
            load_demo(stdout=self.stdout)
        except DemoError as error:
            raise CommandError(str(error)) from error
        # The office's groups and the review workflow, as setup_staff_groups makes them; a
        # permission a person has taken away from an existing group is not granted again.
        with translation.override("ja"):
            report = setup_staff_groups(grant_existing=False)
            if report.created or report.renamed:
                for line in report.lines():
                    self.stdout.write(line + "\n")
