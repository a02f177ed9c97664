"""Every environment variable Kyodo reads, declared once with its type and default.

Settings modules import the values from here; nothing else reads ``os.environ``.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def _str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def _list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


# Database: SQLite under var/ unless a URL is given (postgres://user@host:5432/name).
DATABASE_URL: str = _str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kyodo.sqlite3'}")
# Signing key; required in production, a fixed development key elsewhere.
SECRET_KEY: str | None = _str("SECRET_KEY")
# Host names the site answers to, comma-separated.
ALLOWED_HOSTS: list[str] = _list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
# Debug pages; the dev settings turn this on, everything else leaves it off.
DEBUG: bool | None = _bool("DEBUG", False) if _str("DEBUG") is not None else None
# Cache: local memory unless a URL is given (redis://127.0.0.1:6379/0).
CACHE_URL: str | None = _str("CACHE_URL")
# The full-page cache of anonymous reads (docs/caching.md): on unless "false"; the seconds a
# page stays in it (and in a reverse proxy in front, through s-maxage).
PAGE_CACHE_ENABLED: bool = _bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS: int = _int("PAGE_CACHE_SECONDS", 300)
# Rendered page bodies kept for the reads the page cache does not answer: on unless "false".
KEPT_CONTENT_ENABLED: bool = _bool("KEPT_CONTENT", True)
# A reverse proxy in front of the site (Varnish, deploy/varnish/kyodo.vcl) that accepts PURGE
# and BAN requests at this address ("http://127.0.0.1:6081"); publishing purges its pages.
FRONTEND_CACHE_URL: str | None = _str("FRONTEND_CACHE_URL")
# Uploaded images and documents on disk, when no object storage is configured.
MEDIA_ROOT: str = _str("MEDIA_ROOT", str(VAR_DIR / "media"))
# Collected static files.
STATIC_ROOT: str = _str("STATIC_ROOT", str(VAR_DIR / "static"))
# Where the PDFs of plans and reports are kept (printing/): never under MEDIA_ROOT, so they
# are served only through their pages' download address, which checks the page is public.
PDF_ROOT: str = _str("PDF_ROOT", str(VAR_DIR / "pdf"))
# The Chromium that makes the PDFs.
KYODO_CHROMIUM: str = _str("KYODO_CHROMIUM", "/usr/bin/chromium") or "/usr/bin/chromium"
# Object storage (S3-compatible) for media: set the bucket to turn it on.
AWS_STORAGE_BUCKET_NAME: str | None = _str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL: str | None = _str("AWS_S3_ENDPOINT_URL")
AWS_S3_REGION_NAME: str | None = _str("AWS_S3_REGION_NAME")
# Absolute base URL of the site, used in admin e-mails and links ("https://kyodo.example.jp").
BASE_URL: str = _str("BASE_URL", "http://127.0.0.1:8000")
# HTTPS: redirect plain HTTP and mark cookies secure (production).
SECURE_SSL_REDIRECT: bool = _bool("SECURE_SSL_REDIRECT", True)
# Seconds of HTTP Strict Transport Security (production).
SECURE_HSTS_SECONDS: int = _int("SECURE_HSTS_SECONDS", 31_536_000)
# Trusted origins for CSRF behind a proxy, comma-separated ("https://kyodo.example.jp").
CSRF_TRUSTED_ORIGINS: list[str] = _list("CSRF_TRUSTED_ORIGINS", [])
# Origins allowed to read /api/ from a browser (CORS), comma-separated; "*" allows any.
CORS_ALLOWED_ORIGINS: list[str] = _list("CORS_ALLOWED_ORIGINS", [])
# Languages the public site is published in, comma-separated codes from LANGUAGE_CHOICES in
# settings/base.py ("ja,en,ko"); empty means all of them. Japanese is always included.
KYODO_LANGUAGES: list[str] = _list("KYODO_LANGUAGES", [])
# URL of a separate front end that renders previews of drafts ("https://front.example.jp/preview").
HEADLESS_PREVIEW_URL: str | None = _str("HEADLESS_PREVIEW_URL")


# E-mail (password resets, workflow and comment notifications). The backend is a dotted path;
# unset, production sends through the SMTP server below and development (settings.dev)
# prints every message on the console unless EMAIL_HOST names a server.
EMAIL_BACKEND: str | None = _str("EMAIL_BACKEND")
# The SMTP server ("smtp.city.example.jp"); unset means localhost.
EMAIL_HOST: str | None = _str("EMAIL_HOST")
EMAIL_PORT: int = _int("EMAIL_PORT", 25)
EMAIL_HOST_USER: str = _str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD: str = _str("EMAIL_HOST_PASSWORD", "") or ""
# STARTTLS (usually port 587) or implicit TLS (usually port 465); not both.
EMAIL_USE_TLS: bool = _bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL: bool = _bool("EMAIL_USE_SSL", False)
# The sender of the admin's e-mails ("Kyodo <kyodo@city.example.jp>").
DEFAULT_FROM_EMAIL: str | None = _str("DEFAULT_FROM_EMAIL")


def require(name: str, value: str | None) -> str:
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production.")
    return value


# Search: "database" (PostgreSQL or SQLite, the default), "elasticsearch" or "opensearch".
SEARCH_BACKEND: str = _str("SEARCH_BACKEND", "database")
# URL of the Elasticsearch/OpenSearch server ("https://user:password@search.example.jp:9200").
SEARCH_URL: str = _str("SEARCH_URL", "http://localhost:9200")
# Japanese analyser of the search server: "sudachi" (analysis-sudachi) or "kuromoji".
SEARCH_ANALYSER: str = _str("SEARCH_ANALYSER", "sudachi")
# User dictionary file in the search server's config folder (Sudachi .dic or Kuromoji CSV).
SEARCH_USER_DICTIONARY: str | None = _str("SEARCH_USER_DICTIONARY")

# Where background tasks run (translating a plan's pages, search indexing): "immediate" (the
# default: in the request, nothing else to run) or "database" (queued in the database and
# run by `manage.py db_worker`).
TASKS_BACKEND: str = _str("TASKS_BACKEND", "immediate") or "immediate"
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be immediate or database, not {TASKS_BACKEND!r}")

# Machine translation that pre-fills the translation editor: "" (off, the default),
# "dummy" (for tests and demos), "libretranslate" or "deepl".
MACHINE_TRANSLATOR: str = _str("MACHINE_TRANSLATOR", "") or ""
# LibreTranslate server ("https://libretranslate.example.jp"); DeepL uses its own API.
MACHINE_TRANSLATOR_URL: str | None = _str("MACHINE_TRANSLATOR_URL")
# API key of LibreTranslate or DeepL (DeepL's free keys end in ":fx").
MACHINE_TRANSLATOR_API_KEY: str | None = _str("MACHINE_TRANSLATOR_API_KEY")

# Security (docs/settings.md): the request header in which the site's reverse proxy passes
# the client's address (as Django names it, e.g. HTTP_X_FORWARDED_FOR); unset, the
# connection's own address counts.
CLIENT_IP_HEADER: str | None = _str("CLIENT_IP_HEADER")
# The rate limits of search, suggestions and the APIs (KYODO_RATE_LIMITS); "false" turns them
# off, e.g. behind a proxy that limits on its own, or for a load test.
RATE_LIMITS_ENABLED: bool = _bool("RATE_LIMITS_ENABLED", True)
# Further sources for images and media in the Content-Security-Policy, e.g. the object
# storage's address when media are served from there.
CSP_EXTRA_SOURCES: list[str] = _list("CSP_EXTRA_SOURCES", [])
