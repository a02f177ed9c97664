"""The site's one configured address (``BASE_URL``) and the Wagtail site that follows it.

``BASE_URL`` is the only place the site's host is written. Django reads it as
``WAGTAILADMIN_BASE_URL`` (links in e-mails and the admin); Wagtail builds every absolute page
URL — canonical links, OGP tags, the sitemap, robots.txt, the API's ``html_url`` — from the
default site's host name and port, which are set from ``BASE_URL`` by ``load_demo`` and by
``manage.py sync_site_address``. ``check --deploy`` warns when the two disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

from wagtail.models import Site


@dataclass(frozen=True)
class SiteAddress:
    hostname: str
    port: int

    @property
    def root_url(self) -> str:
        """What Wagtail's ``Site.root_url`` gives for this host name and port."""
        if self.port == 80:
            return f"http://{self.hostname}"
        if self.port == 443:
            return f"https://{self.hostname}"
        return f"http://{self.hostname}:{self.port}"


def configured_address(base_url: str | None = None) -> SiteAddress:
    """``https://kyodo.example.jp`` → kyodo.example.jp, 443; ``http://127.0.0.1:8000`` →
    127.0.0.1, 8000."""
    parts = urlsplit(base_url or settings.WAGTAILADMIN_BASE_URL)
    default_port = 443 if parts.scheme == "https" else 80
    return SiteAddress(hostname=parts.hostname or "localhost", port=parts.port or default_port)


def sync_default_site(base_url: str | None = None) -> Site | None:
    """Give the default site the configured host name and port; returns it when changed."""
    address = configured_address(base_url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (address.hostname, address.port):
        return None
    site.hostname, site.port = address.hostname, address.port
    site.save(update_fields=["hostname", "port"])
    return site


@checks.register(checks.Tags.urls, deploy=True)
def check_site_address(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Absolute URLs on pages and in the API would name another host than ``BASE_URL``."""
    address = configured_address()
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except Exception:  # no database yet (check before migrate): nothing to compare
        return []
    if site is None or (site.hostname, site.port) == (address.hostname, address.port):
        return []
    return [
        checks.Warning(
            f"The default Wagtail site is {site.root_url} but BASE_URL is {settings.WAGTAILADMIN_BASE_URL}: "
            "page, sitemap and API URLs would use the site's host.",
            hint="Run `manage.py sync_site_address`.",
            id="kyodo.W001",
        )
    ]
