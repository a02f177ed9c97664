"""The full-page cache of anonymous reads (docs/caching.md).

Built on Django's cache and its cache-control helpers (``django.utils.cache``), with what
Kyodo's pages need on top:

- only GET and HEAD of public pages, for readers without a session or messages, and only
  200 answers that set no cookie and do not say ``private``/``no-store``/``no-cache``;
- the key is the scheme, host, full path with query string and language, with the reader's
  preference cookies (``KYODO_PAGE_CACHE_VARY_COOKIES``) instead of the whole ``Cookie``
  header, so that other cookies do not defeat the cache; it is read in one step (Django's
  own cache middleware first reads the list of headers a page varies on, then the page): a
  page that varies on a header the key does not hold is not kept;
- a *generation* is part of the key: any change the public could notice starts a new one
  when its transaction commits (:func:`register_signal_handlers`), so every older entry
  stops being found at once;
- a page whose rendering used the Content-Security-Policy nonce is stored with a
  placeholder in its place, in its body and its policy, and every hit gets a fresh nonce;
- a hit reads the cache only: no middleware before this one and nothing in it queries the
  database, so cached pages are served while the database is unavailable;
- it sits near the top of the middleware (after the security headers and the static
  files): what the middleware below it adds to a page (its policy, its language, its
  ``Vary``) is kept with the page, and a hit runs none of them. The rate limits are
  counted here for a hit, as the rate limit middleware would.

With Redis (``CACHE_URL``) every process shares the entries and the generation. With the
local-memory cache each process keeps its own entries, and the generation is kept in a
small file (``KYODO_PAGE_CACHE_GENERATION_FILE``) that every process of the machine reads,
so a page published in one process is not served stale by another.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import logging
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.http.response import ResponseHeaders
from django.utils.cache import (
    cc_delim_re,
    get_max_age,
    patch_cache_control,
)

from wagtail import hooks
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_HEADER_REPORT_ONLY

from home import security
from home.language_middleware import address_language
from plans import content_cache

logger = logging.getLogger("kyodo")

HEADER = "X-Kyodo-Cache"
GENERATION_KEY = "kyodo:pages:generation"
# Stands in for the CSP nonce in stored pages; replaced by each hit's own nonce.
NONCE_PLACEHOLDER = b"kyodo-page-cache-nonce-0f3b9c"


def _cache():
    return caches[settings.KYODO_PAGE_CACHE_ALIAS]


# The generation ------------------------------------------------------------------------


class _FileGeneration:
    """The generation in a file shared by the processes of one machine: a stat per read,
    the file itself read again only when it changed."""

    def __init__(self) -> None:
        self._seen: tuple[str, tuple[int, int, int]] | None = None

    def _path(self) -> Path:
        return Path(settings.KYODO_PAGE_CACHE_GENERATION_FILE)

    def current(self) -> str:
        # os.stat on the setting itself: a Path built per request was a tenth of a hit.
        try:
            stat = os.stat(settings.KYODO_PAGE_CACHE_GENERATION_FILE)
        except FileNotFoundError:
            return self.start_new()
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._seen is not None and self._seen[1] == signature:
            return self._seen[0]
        try:
            token = self._path().read_text().strip() or self.start_new()
        except FileNotFoundError:  # replaced between the stat and the read
            return self.current()
        self._seen = (token, signature)
        return token

    def start_new(self) -> str:
        path = self._path()
        path.parent.mkdir(parents=True, exist_ok=True)
        token = uuid.uuid4().hex
        # Written beside it and renamed over it: a reader sees the old token or the new one.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w") as file:
            file.write(token)
        os.replace(temporary, path)
        self._seen = None
        return token


class _CacheGeneration:
    """The generation in the shared cache (Redis), as the open-data API keeps its own."""

    def current(self) -> str:
        cache = _cache()
        token = cache.get(GENERATION_KEY)
        if token is None:
            # add() keeps a generation another process started in the meantime
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(GENERATION_KEY)
        return token

    def start_new(self) -> str:
        token = uuid.uuid4().hex
        _cache().set(GENERATION_KEY, token, timeout=None)
        return token


_file_generation = _FileGeneration()
_cache_generation = _CacheGeneration()


def _generation_store(cache=None):
    return _file_generation if isinstance(cache or _cache(), LocMemCache) else _cache_generation


def _file_unusable(error: OSError) -> None:
    logger.warning(
        "The page cache's generation file %s cannot be used (%s): each process keeps its own "
        "generation, and a change reaches the others when their pages expire. Set CACHE_URL "
        "or make the file's folder writable.",
        settings.KYODO_PAGE_CACHE_GENERATION_FILE,
        error,
    )


def current_generation(cache=None) -> str:
    store = _generation_store(cache)
    if store is _file_generation:
        try:
            return store.current()
        except OSError as error:
            _file_unusable(error)
            return _cache_generation.current()
    return store.current()


def start_new_generation() -> None:
    """Forget every cached page: the next read of each renders it again."""
    store = _generation_store()
    if store is _file_generation:
        # This process's own generation too, for when the file cannot be used.
        _cache_generation.start_new()
        try:
            store.start_new()
        except OSError as error:
            _file_unusable(error)
        return
    store.start_new()


# What is cached ------------------------------------------------------------------------


def request_is_cacheable(request: HttpRequest) -> bool:
    """A GET or HEAD of a public address by a reader without a session, messages or
    credentials: the only requests the cache answers or learns from."""
    if not settings.KYODO_PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(tuple(settings.KYODO_PAGE_CACHE_EXCLUDED_PREFIXES)):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    # The key holds the language its address gives; where the cookie or Accept-Language
    # would choose it instead (a prefix for the default language), nothing is kept.
    return "HTTP_AUTHORIZATION" not in request.META and _language(request) is not None


def _language(request: HttpRequest) -> str | None:
    decides, from_path = address_language(request)
    if not decides:
        return None
    return from_path or settings.LANGUAGE_CODE


def _stored_for_anonymous_only(request: HttpRequest) -> bool:
    # The session was written (a new session's cookie is added after this middleware) or a
    # preview was rendered: never stored.
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    return not getattr(request, "is_preview", False)


def response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or not _varies_only_on_the_key(response):
        return False
    cache_control = {
        part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"} or get_max_age(response) == 0:
        return False
    return _stored_for_anonymous_only(request)


def timeout_for(request: HttpRequest, response: HttpResponse) -> int:
    """Seconds a page stays: the view's own max-age, the short time of the addresses in
    ``KYODO_PAGE_CACHE_SHORT_SECONDS`` (by URL name), else ``KYODO_PAGE_CACHE_SECONDS``."""
    own = get_max_age(response)
    if own is not None:
        return own
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match is not None else None
    return settings.KYODO_PAGE_CACHE_SHORT_SECONDS.get(url_name, settings.KYODO_PAGE_CACHE_SECONDS)


# What a page may vary on that its key already holds: the cookies (the preference cookies
# are in the key, and no page is kept for a reader with a session) and the language (the
# address's, in the key). A page that varies on anything else is not kept.
_KEYED_VARY = frozenset({"cookie", "accept-language"})


def page_key(request: HttpRequest, cache=None) -> str:
    """The key of the page a request reads, found with one read of the cache: the
    generation, then a digest of the scheme and host, the address with its query string, the
    language its address gives and the reader's preference cookies
    (``KYODO_PAGE_CACHE_VARY_COOKIES``). The same before the language middleware (a hit) and
    after it (the kept page bodies, home/kept_content.py)."""
    parts = [f"{request.scheme}://{request.get_host()}{request.get_full_path()}", _language(request) or ""]
    parts += [f"{name}={request.COOKIES.get(name)!r}" for name in settings.KYODO_PAGE_CACHE_VARY_COOKIES]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f"kyodo.pages.{current_generation(cache)}.{digest}"


def _varies_only_on_the_key(response: HttpResponse) -> bool:
    return all(
        header.lower() in _KEYED_VARY for header in cc_delim_re.split(response.get("Vary", "")) if header
    )


def _nonce_used(request: HttpRequest) -> str | None:
    # django-csp's nonce is lazy: true once something in the page asked for it.
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce else None


_POLICY_HEADERS = (CSP_HEADER, CSP_HEADER_REPORT_ONLY)


def _store(cache, request: HttpRequest, response: HttpResponse, key: str) -> None:
    timeout = timeout_for(request, response)
    if timeout <= 0:
        return
    # Browsers ask again every time (unless the view said otherwise); shared caches in front
    # (Varnish) keep the page as long as this cache does, and are purged on publishing
    # (home/frontend_cache.py).
    if get_max_age(response) is None:
        patch_cache_control(response, max_age=0)
    patch_cache_control(response, s_maxage=timeout)
    stored = copy.copy(response)
    nonce = _nonce_used(request)
    if nonce:
        stored.content = response.content.replace(nonce.encode(), NONCE_PLACEHOLDER)
        stored.headers = ResponseHeaders(dict(response.items()))  # not shared with the reader's
        for name in _POLICY_HEADERS:
            if name in stored:
                stored[name] = stored[name].replace(nonce, NONCE_PLACEHOLDER.decode())
    cache.set(key, {"response": stored, "nonce": bool(nonce)}, timeout)


def _fresh_nonce() -> str:
    # As django-csp makes its own: 16 random bytes in base64.
    return base64.b64encode(os.urandom(16)).decode("ascii")


def _replay(entry: dict) -> HttpResponse:
    response = entry["response"]
    if entry["nonce"]:
        nonce = _fresh_nonce()
        response.content = response.content.replace(NONCE_PLACEHOLDER, nonce.encode())
        for name in _POLICY_HEADERS:
            if name in response:
                response[name] = response[name].replace(NONCE_PLACEHOLDER.decode(), nonce)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
    response[HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Answers anonymous reads from the page cache, and keeps what it may.

    Placed after the middleware every answer needs fresh (the security headers) and the
    static files, and before the rest, which a hit skips: the page is kept with what they
    added (its Content-Security-Policy, its language, its ``Vary``). None of those before it
    queries the database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_is_cacheable(request):
            return self.get_response(request)
        cache = _cache()
        key = page_key(request, cache)
        entry = cache.get(key)
        if entry is not None:
            # Counted against the reader's rate limit like any other read; over it, the
            # request goes on to the rate limit middleware, which answers 429.
            limit = security.limit_reached(request)
            if limit is None:
                return _replay(entry)
            setattr(request, security.OVER_LIMIT, limit)
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            _store(cache, request, response, key)
            response[HEADER] = "miss"
        return response


# What starts a new generation ------------------------------------------------------------


def _after_commit(sender=None, **kwargs) -> None:
    # Once the change is committed: a reader between the change and the commit would
    # otherwise store the old page under the new generation.
    transaction.on_commit(start_new_generation)


_relevance: dict[type, bool] = {}


def shown_on_pages(model: type) -> bool:
    """Snippets, site settings and the models named in ``KYODO_PAGE_CACHE_MODELS``: what
    pages show or depend on besides their own content."""
    if model not in _relevance:
        # Snippets are registered by the apps' wagtail_hooks modules, which Wagtail imports
        # on first use (a management command may save one before that).
        hooks.search_for_hooks()
        named = {apps.get_model(label) for label in settings.KYODO_PAGE_CACHE_MODELS}
        _relevance[model] = (
            issubclass(model, (BaseSiteSetting, BaseGenericSetting))
            or model in get_snippet_models()
            or model in named
        )
    return _relevance[model]


def changes_pages(sender, instance, signal) -> bool:
    """Whether a model instance saved or deleted (``post_save``/``post_delete``) changes what
    the public pages show. A saved page is a draft until it is published (``page_published``);
    a deleted one may have been live."""
    if isinstance(instance, Page):
        return signal is post_delete
    return shown_on_pages(sender)


def _on_saved_or_deleted(sender, instance, signal=None, **kwargs) -> None:
    if changes_pages(sender, instance, signal):
        _after_commit()
        # The answers kept between requests (municipality texts and settings, kept page
        # bodies' data) are as stale as the pages: the content generation starts anew too.
        content_cache.start_new_generation()


def register_signal_handlers() -> None:
    uid = "kyodo_page_cache"
    page_published.connect(_after_commit, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(_after_commit, dispatch_uid=f"{uid}_unpublished")
    post_page_move.connect(_after_commit, dispatch_uid=f"{uid}_moved")
    post_save.connect(_on_saved_or_deleted, dispatch_uid=f"{uid}_saved")
    post_delete.connect(_on_saved_or_deleted, dispatch_uid=f"{uid}_deleted")
