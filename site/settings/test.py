"""The test suite: PostgreSQL, a fast hasher, local-memory cache, plain static storage."""

import os
import tempfile
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url
import psycopg2

from . import env
from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = "kyodo-test-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = str(env.VAR_DIR / "test-media")
# One folder of PDFs per xdist worker: each worker's database numbers its pages alike.
STORAGES["pdf"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(env.VAR_DIR / "test-pdf" / os.environ.get("PYTEST_XDIST_WORKER", "main"))},
}
# WhiteNoise serves from STATIC_ROOT and warns on every request when it does not exist.
STATIC_ROOT = env.VAR_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# The translation editor's 「機械翻訳」 button, with a backend that needs no network.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


def _test_database() -> dict:
    """PostgreSQL as DATABASE_URL names it. Without CI, an unreachable server falls back to
    SQLite with a warning; in CI it is a failure."""
    config = dj_database_url.parse(env.DATABASE_URL)
    if config["ENGINE"] != "django.db.backends.postgresql":
        if os.environ.get("CI"):
            raise ImproperlyConfigured("CI runs the suite on PostgreSQL: set DATABASE_URL to postgres://…")
        return config
    try:
        psycopg2.connect(
            dbname="postgres",
            user=config["USER"],
            password=config["PASSWORD"],
            host=config["HOST"],
            port=config["PORT"] or 5432,
            connect_timeout=3,
        ).close()
    except psycopg2.OperationalError as exc:
        if os.environ.get("CI"):
            raise ImproperlyConfigured(f"PostgreSQL is not reachable for the test suite: {exc}") from exc
        warnings.warn(f"PostgreSQL unreachable ({exc}); running the suite on SQLite.", stacklevel=1)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(env.VAR_DIR / "test.sqlite3")}
    return config


DATABASES = {"default": _test_database()}

# The limits of home/security.py stay out of the way of the other tests; the tests of those
# limits turn them on with override_settings.
RATELIMIT_ENABLE = False
AXES_ENABLED = False
# The page cache learns of changes when their transaction commits, which the tests' rolled-back
# transactions never do; tests/site/test_page_cache.py turns it on. Each process of the suite
# keeps its own generation.
KYODO_PAGE_CACHE_ENABLED = False
KYODO_PAGE_CACHE_GENERATION_FILE = Path(tempfile.gettempdir()) / f"kyodo-test-page-generation-{os.getpid()}"
