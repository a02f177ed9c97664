"""``manage.py sync_site_address``: the default Wagtail site takes the host of BASE_URL."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from home.site_address import configured_address, sync_default_site


class Command(BaseCommand):
    help = (
        "Give the default Wagtail site the host name and port of BASE_URL, so that page, sitemap "
        "and API addresses name the configured host. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        site = sync_default_site()
        address = configured_address()
        if site is None:
            self.stdout.write(f"unchanged: {address.root_url}")
        else:
            self.stdout.write(self.style.SUCCESS(f"updated: {site.root_url}"))
