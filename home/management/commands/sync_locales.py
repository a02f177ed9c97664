"""Create the Wagtail locale of every language in settings.LANGUAGES (KYODO_LANGUAGES)."""

from django.core.management.base import BaseCommand

from home.languages import configured_languages, sync_locales


class Command(BaseCommand):
    help = (
        "Create the Wagtail locale of every configured language (settings.LANGUAGES, chosen by "
        "KYODO_LANGUAGES) that has none. Safe to run again; migrate runs it too."
    )

    def handle(self, *args, **options):
        created = sync_locales()
        for code in created:
            self.stdout.write(f"Locale {code}: created")
        self.stdout.write(f"{len(configured_languages())} languages, {len(created)} locales created.")
