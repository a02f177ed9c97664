"""Report, and with --update extend, Kyodo's Japanese catalogue for the admin (admin_locale/ja)."""

from django.core.management.base import BaseCommand

from home import admin_catalogue


class Command(BaseCommand):
    help = (
        "How many msgids of the Wagtail and wagtail-localize catalogues have Japanese, from the "
        "apps' own catalogues and with Kyodo's admin_locale/ja. --list prints the untranslated "
        "ones; --update adds them, empty, to admin_locale/ja/LC_MESSAGES/*.po (and marks "
        "obsolete the entries no app has any more). Translate, then run compilemessages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="add the missing msgids to admin_locale")
        parser.add_argument("--list", dest="show", action="store_true", help="print every untranslated msgid")

    def handle(self, *args, update, show, **options):
        for domain in admin_catalogue.DOMAINS:
            if update:
                added, gone = admin_catalogue.update(domain)
                self.stdout.write(f"{domain}: {len(added)} msgids added, {len(gone)} made obsolete")
            total, by_apps, with_ours, untranslated = admin_catalogue.coverage(domain)
            self.stdout.write(
                f"{domain}: {total} msgids; the apps translate {by_apps} ({by_apps / total:.1%}), "
                f"with admin_locale {with_ours} ({with_ours / total:.1%})"
            )
            if show:
                for app, (context, msgid) in untranslated:
                    where = f"{app} [{context}]" if context else app
                    self.stdout.write(f"  {where}: {msgid!r}")
