"""Settings shared by every environment. Secure by default: DEBUG is off here."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONCE

from . import env

BASE_DIR = env.BASE_DIR
SITE_DIR = BASE_DIR / "site"

DEBUG = bool(env.DEBUG)
SECRET_KEY = env.SECRET_KEY or "kyodo-development-key-not-for-production"
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    "home",
    "plans",
    "search",
    "api",
    "translations",
    "furigana",
    "demo",
    "printing",
    "wagtail_localize",
    "wagtail_localize.locales",
    "django_tasks_db",
    "wagtail.api.v2",
    "wagtail_headless_preview",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "corsheaders",
    "csp",
    "axes",
    "ninja",  # the open-data API's docs page serves Swagger UI from our own static files
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # the sitemap's XML templates
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous reads from the page cache (docs/caching.md): a hit skips everything below,
    # and a page is kept with what the middleware below added to it (policy, language).
    "home.page_cache.PageCacheMiddleware",
    # What a reading request works out once for all its parts (plans/memo.py).
    "plans.memo.RequestMemoMiddleware",
    "home.security.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Django's LocaleMiddleware, the language of an address worked out once per prefix.
    "home.language_middleware.LanguageMiddleware",
    "home.security.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The site for the host, kept between requests (plans/routing.py).
    "plans.routing.KnownSiteMiddleware",
    "furigana.middleware.RubyPreferenceMiddleware",
    "home.preferences.DisplayPreferenceMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "urls"
WSGI_APPLICATION = "wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite is the embedded default, PostgreSQL the production database.
if env.DATABASE_URL.startswith("sqlite:///"):
    env.VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": dj_database_url.parse(env.DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache_from_url(url: str | None) -> dict:
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kyodo"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "kyodo",
        }
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// or rediss:// URL, not {url!r}")


CACHES = {"default": _cache_from_url(env.CACHE_URL)}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# E-mail: SMTP as the environment says (settings.dev prints to the console instead).
SMTP_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND = env.EMAIL_BACKEND or SMTP_EMAIL_BACKEND
EMAIL_HOST = env.EMAIL_HOST or "localhost"
EMAIL_PORT = env.EMAIL_PORT
EMAIL_HOST_USER = env.EMAIL_HOST_USER
EMAIL_HOST_PASSWORD = env.EMAIL_HOST_PASSWORD
EMAIL_USE_TLS = env.EMAIL_USE_TLS
EMAIL_USE_SSL = env.EMAIL_USE_SSL
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: choose one.")
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL or "webmaster@localhost"

# Internationalisation: Japanese is the default language and the source locale.
LANGUAGE_CODE = "ja"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
# Easy Japanese (やさしい日本語) for readers still learning Japanese: a private-use variant of
# Japanese, so the browser, screen readers and Django's fallbacks still treat it as Japanese.
KYODO_EASY_JAPANESE = "ja-x-easy"
# Every language Kyodo can publish in, each named in itself (the language switcher shows these
# names), in the order the switcher lists them.
LANGUAGE_CHOICES = [
    ("ja", "日本語"),
    (KYODO_EASY_JAPANESE, "やさしい日本語"),
    ("en", "English"),
    ("zh-hans", "中文（简体）"),
    ("zh-hant", "中文（繁體）"),
    ("ko", "한국어"),
    ("pt-br", "Português"),
    ("vi", "Tiếng Việt"),
]


def select_languages(codes: list[str]) -> list[tuple[str, str]]:
    """The languages KYODO_LANGUAGES names (all of them when it is empty), Japanese first."""
    known = dict(LANGUAGE_CHOICES)
    wanted = {code.lower() for code in codes}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise ImproperlyConfigured(
            f"KYODO_LANGUAGES names unknown languages: {', '.join(unknown)}. "
            f"Known languages: {', '.join(known)}."
        )
    wanted.add(LANGUAGE_CODE)
    return [(code, name) for code, name in LANGUAGE_CHOICES if not codes or code in wanted]


LANGUAGES = select_languages(env.KYODO_LANGUAGES)
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A page sent for translation starts as a draft in the target language, whatever the state of
# the Japanese page: it is published by the translator once it is translated, never before
# (wagtail-localize would otherwise publish the Japanese text under the other language).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# The pages below a page sent for translation with its subtree are prepared by a task.
WAGTAILLOCALIZE_JOBS = {"BACKEND": "translations.localize_jobs.TaskBackend"}

TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[env.TASKS_BACKEND],
    }
}
# The admin speaks Japanese and English whatever the site is published in: the admin's own
# catalogues (Django's, Wagtail's and ours) are complete only for these two. Wagtail's and
# wagtail-localize's Japanese leaves many strings in English; admin_locale/ja holds the rest.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語"), ("en", "English")]
# Both entries win over the apps' catalogues (Django merges LOCALE_PATHS last, the first on top).
# admin_locale must stay second: `makemessages --all` (make messages) reads its list of languages
# from the first entry only (default_locale_path = locale_paths[0] in Django's makemessages.py)
# and writes every source file's strings to locale/, the first entry whose parent holds the file;
# so it updates locale/ and never rewrites admin_locale/ (kept by `manage.py admin_catalogue`).
# Put first, admin_locale would make --all see only "ja" (docs/languages.md).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "admin_locale"]

# Static files and media.
STATIC_URL = "/static/"
STATIC_ROOT = env.STATIC_ROOT
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.MEDIA_ROOT

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # The PDFs of plans and reports (printing/), served only through their pages' address.
    "pdf": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": env.PDF_ROOT}},
}
if env.AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.AWS_S3_ENDPOINT_URL,
            "region_name": env.AWS_S3_REGION_NAME,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Kyodo"
# The sign-in form with its password label translated (home/admin_forms.py says why).
WAGTAILADMIN_USER_LOGIN_FORM = "home.admin_forms.LoginForm"
WAGTAILADMIN_BASE_URL = env.BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No avatars from gravatar.com (it would receive a hash of every member of staff's e-mail
# address): a user without an uploaded picture shows initials (home/wagtail_hooks.py).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"kyodo": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Labels used in the templates' <title> and header when no site setting is filled in.
KYODO_DEFAULT_SITE_TITLE = _("市民参加・協働の計画")

# The page editor's checks panel: the reading time of a Japanese page, from its number of
# characters (templates/wagtailadmin/shared/side_panels/checks.html, docs/admin.md).
KYODO_JAPANESE_CHARACTERS_PER_MINUTE = 500

# 「計画表の取り込み」: a file with more rows than this is checked and applied by a background
# task (plans/import_jobs.py), with its progress on the screen; smaller files in the request.
KYODO_IMPORT_BACKGROUND_ROWS = 500

# Furigana (furigana/): seconds a page's content with ruby stays in the cache. Entries are
# keyed by the rendered content and the reading dictionary's version, so a change is never
# served stale; the limit only bounds the cache's size.
KYODO_FURIGANA_CACHE_SECONDS = 24 * 60 * 60

# PDFs of plans and reports (printing/): the Chromium that prints them, and how long one
# Chromium run may take (seconds) before it counts as failed.
KYODO_CHROMIUM = env.KYODO_CHROMIUM
KYODO_PDF_TIMEOUT_SECONDS = 120

# Public pages (plans/content_cache.py): seconds an answer derived from the published content
# (hidden branches, live translations, a language's sections, public departments) stays in
# the cache. Entries are keyed by the content generation, which the database holds and every
# committed change advances, so a change is never served stale; the limit bounds the cache.
KYODO_CONTENT_CACHE_SECONDS = 300

# APIs: browsers on the origins in CORS_ALLOWED_ORIGINS may read /api/ ("*": any origin).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_ALL_ORIGINS = env.CORS_ALLOWED_ORIGINS == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else env.CORS_ALLOWED_ORIGINS

# Headless API (/api/v2/, Wagtail API v2): at most 100 results per listing request; search
# through the site's search backend. With HEADLESS_PREVIEW_URL set, editors preview drafts in
# that front end (wagtail-headless-preview), which reads them from /api/v2/page_preview/;
# without it, previews are rendered by Kyodo's own templates.
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_SEARCH_ENABLED = True
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": env.HEADLESS_PREVIEW_URL} if env.HEADLESS_PREVIEW_URL else {},
    "REDIRECT_ON_PREVIEW": False,
    "ENFORCE_TRAILING_SLASH": False,
}

# Open-data API (/api/open/): seconds an anonymous read stays in the cache. Publishing,
# unpublishing, moving or deleting a page and saving departments or site settings start a
# new generation at once (api/cache.py); with the local-memory cache other processes see
# the change when their entries expire, with Redis (CACHE_URL) immediately.
KYODO_API_CACHE_SECONDS = 300

# Full-page cache of anonymous reads (home/page_cache.py, docs/caching.md): public pages,
# search, 新着情報 and its feeds, sitemaps; never the admin, the APIs (which keep their own
# cache), documents, or anyone with a session. Publishing, unpublishing, moving, copying or
# deleting a page and saving a snippet, a site setting or a model named below start a new
# generation. The key has the reader's preference cookies below instead of the whole Cookie
# header, so that other cookies do not defeat the cache.
KYODO_PAGE_CACHE_ENABLED = env.PAGE_CACHE_ENABLED
KYODO_PAGE_CACHE_ALIAS = "default"
KYODO_PAGE_CACHE_SECONDS = env.PAGE_CACHE_SECONDS
# Shorter for the addresses whose answers depend on the whole index (by URL name).
KYODO_PAGE_CACHE_SHORT_SECONDS = {"search": 60, "search_suggest": 60}
KYODO_PAGE_CACHE_VARY_COOKIES = ["kyodo_ruby", "kyodo_text_size", "kyodo_background"]
KYODO_PAGE_CACHE_EXCLUDED_PREFIXES = [
    "/admin/",
    "/django-admin/",
    "/api/",
    "/documents/",
    "/static/",
    "/media/",
]
KYODO_PAGE_CACHE_MODELS = [
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "plans.ReportingRound",
    "plans.FrozenProgress",
]
# With the local-memory cache, the generation every process of the machine reads.
KYODO_PAGE_CACHE_GENERATION_FILE = env.VAR_DIR / "page-cache-generation"
# Rendered page bodies kept for reads the page cache does not answer (home/kept_content.py).
KYODO_KEPT_CONTENT_ENABLED = env.KEPT_CONTENT_ENABLED

# A reverse proxy in front (Varnish: deploy/varnish/kyodo.vcl): publishing or unpublishing a
# page purges its addresses in every language, its ancestors', 新着情報 and the feeds; other
# changes ban every page of the host (home/frontend_cache.py). Wagtail's own rewriting of
# addresses per language does not fit Japanese at the root, so it is off.
WAGTAILFRONTENDCACHE = (
    {"varnish": {"BACKEND": "home.frontend_cache.VarnishBackend", "LOCATION": env.FRONTEND_CACHE_URL}}
    if env.FRONTEND_CACHE_URL
    else {}
)
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []


# Translations (wagtail-localize): machine translation pre-fills the editor when
# MACHINE_TRANSLATOR names a backend; its strings are marked "machine" until a person
# edits them, and a published page that still has some tells its readers (translations/).
def _machine_translator_setting(name: str, value: str | None) -> str:
    if not value:
        raise ImproperlyConfigured(f"{name} is required when MACHINE_TRANSLATOR is {env.MACHINE_TRANSLATOR}")
    return value


if env.MACHINE_TRANSLATOR == "dummy":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
    }
elif env.MACHINE_TRANSLATOR == "libretranslate":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": _machine_translator_setting(
                "MACHINE_TRANSLATOR_URL", env.MACHINE_TRANSLATOR_URL
            ),
            "API_KEY": env.MACHINE_TRANSLATOR_API_KEY or "",
        },
    }
elif env.MACHINE_TRANSLATOR == "deepl":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {
            "AUTH_KEY": _machine_translator_setting(
                "MACHINE_TRANSLATOR_API_KEY", env.MACHINE_TRANSLATOR_API_KEY
            )
        },
    }
elif env.MACHINE_TRANSLATOR:
    raise ImproperlyConfigured(
        f"MACHINE_TRANSLATOR must be dummy, libretranslate or deepl, not {env.MACHINE_TRANSLATOR!r}"
    )

# Search that understands Japanese (search/backends): Wagtail's database backend on
# PostgreSQL or SQLite with normalised short units (SudachiPy); Elasticsearch or OpenSearch
# with a Japanese analyser when SEARCH_BACKEND says so.
if env.SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
elif env.SEARCH_BACKEND in ("elasticsearch", "opensearch"):
    from search.backends.elasticsearch import backend_settings

    WAGTAILSEARCH_BACKENDS = {
        "default": backend_settings(
            env.SEARCH_BACKEND,
            env.SEARCH_URL,
            analyser=env.SEARCH_ANALYSER,
            user_dictionary=env.SEARCH_USER_DICTIONARY,
        )
    }
else:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be database, elasticsearch or opensearch, not {env.SEARCH_BACKEND!r}"
    )


# Security (docs/settings.md, 「セキュリティ」; home/security.py). The client's address for the
# limits below: the last entry of this request header when a reverse proxy sets it.
KYODO_CLIENT_IP_HEADER = env.CLIENT_IP_HEADER

# Content-Security-Policy (django-csp): everything from the site itself, scripts and <style>
# only with the request's nonce, frames from https: for embedded videos and maps. The admin
# additionally allows inline styles (home.security.ADMIN_POLICY_UPDATE says why).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:", *env.CSP_EXTRA_SOURCES],
        "media-src": ["'self'", *env.CSP_EXTRA_SOURCES],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https:"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# Rate limits per client address (home.security.RateLimitMiddleware): the search page,
# the search suggestions (one request per keystroke) and both APIs, as "requests/period"
# (s, m, h). RATELIMIT_ENABLE = False turns them all off (the test suite does).
KYODO_RATE_LIMITS = {"search": "60/m", "suggest": "300/m", "api": "300/m"}
RATELIMIT_ENABLE = env.RATE_LIMITS_ENABLED

# Admin sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed attempts for one
# user name from one address, that pair is locked for AXES_COOLOFF_TIME; the sign-in page
# says so in the user's language (home.admin_forms.LoginForm). A success clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "home.security.client_ip"
AXES_LOCKOUT_CALLABLE = "home.security.login_locked_out"
AXES_VERBOSE = False
