"""Limits that keep the site usable for everyone: rate limits, the admin's sign-in lockout
and the Content-Security-Policy for the admin (docs/settings.md, 「セキュリティ」).

Rate limits count requests per client address in Django's cache (django-ratelimit's
counter): with Redis (``CACHE_URL``) every worker shares the count, with the local-memory
cache each worker counts on its own. One middleware covers every limited address, so the
APIs' routers and the search views need no decorators of their own; the answer is 429 with
a ``Retry-After`` header, in the shape each door already uses for its errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django_ratelimit.core import is_ratelimited


def client_ip(request: HttpRequest) -> str:
    """The client's address: the last entry of ``KYODO_CLIENT_IP_HEADER`` (the one the
    site's own reverse proxy appended) when that is set, else the connection's address.

    Behind a proxy every request comes from the proxy's address, which would put every
    reader into one rate limit and lock the admin for everyone after a few wrong passwords.
    """
    header = settings.KYODO_CLIENT_IP_HEADER
    if header:
        forwarded = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104


@dataclass(frozen=True)
class Limit:
    """One limited group of addresses: the setting naming its rate and how it answers."""

    group: str
    answer: Callable[[HttpRequest], HttpResponse]


def _retry_message() -> str:
    return _(
        "短い時間にアクセスが集中したため、しばらく受け付けを止めています。"
        "1分ほど待ってから、もう一度お試しください。"
    )


def _open_data_answer(request: HttpRequest) -> HttpResponse:
    # The open-data API's error shape (api/open/errors.py).
    body = {"error": "rate_limited", "message": _retry_message(), "details": []}
    return JsonResponse(body, status=429, json_dumps_params={"ensure_ascii": False})


def _headless_answer(request: HttpRequest) -> HttpResponse:
    # Wagtail's API v2 answers its errors as {"message": …}.
    return JsonResponse({"message": _retry_message()}, status=429, json_dumps_params={"ensure_ascii": False})


def _suggest_answer(request: HttpRequest) -> HttpResponse:
    # The suggestions endpoint answers its errors as {"error": …} (search/views.py).
    return JsonResponse({"error": _retry_message()}, status=429, json_dumps_params={"ensure_ascii": False})


def _page_answer(request: HttpRequest) -> HttpResponse:
    return render(request, "429.html", {"message": _retry_message()}, status=429)


def _limit_for(path: str) -> Limit | None:
    if path.startswith("/api/open/"):
        return Limit("api", _open_data_answer)
    if path.startswith("/api/v2/"):
        return Limit("api", _headless_answer)
    # /search/ and /search/suggest/, at the root (Japanese) or under a language prefix.
    parts = path.strip("/").split("/")
    if parts and parts[0] != "search" and len(parts) > 1:
        parts = parts[1:]
    if parts[:2] == ["search", "suggest"]:
        return Limit("suggest", _suggest_answer)
    if parts[:1] == ["search"] and len(parts) == 1:
        return Limit("search", _page_answer)
    return None


def limit_reached(request: HttpRequest) -> Limit | None:
    """Counts the request against its address's limit, and answers the limit it went over
    (``None`` when it is within it, its address has none, or the limits are off)."""
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return None
    limit = _limit_for(request.path_info)
    if limit is not None and is_ratelimited(
        request,
        group=f"kyodo.{limit.group}",
        key=lambda group, request: client_ip(request),
        rate=settings.KYODO_RATE_LIMITS[limit.group],
        increment=True,
    ):
        return limit
    return None


# Set on a request the page cache already counted (home/page_cache.py), with the limit it
# went over: the middleware below answers it without counting it twice.
OVER_LIMIT = "_kyodo_over_limit"


class RateLimitMiddleware:
    """429 for a client that sent more requests than ``KYODO_RATE_LIMITS`` allows.

    Placed after the language middleware, so the answer speaks the reader's language, and
    after CORS, so a browser on another origin can read an API's 429. A page the page cache
    holds is counted there, before the hit (docs/caching.md).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = getattr(request, OVER_LIMIT, None) or limit_reached(request)
        if limit is not None:
            response = limit.answer(request)
            response["Retry-After"] = "60"
            return response
        return self.get_response(request)


# The Wagtail admin's templates and widgets still write style attributes and inline scripts
# that no nonce can reach (Wagtail 8.0: the choosers, InlinePanel and the date pickers start
# from inline <script> elements; see docs/settings.md): 'unsafe-inline' for styles and
# scripts is allowed there, behind the sign-in, and only there. The public site keeps the
# strict policy.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_POLICY_UPDATE = {
    "style-src": ["'unsafe-inline'"],
    "script-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}


# A response that chose its own policy (django-csp's decorators) takes the long way.
_RESPONSE_POLICIES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's one relaxation (``ADMIN_POLICY_UPDATE``).

    Most responses carry one of two policies, the public one or the admin's, with no nonce:
    those headers are built once per process (and again when the settings object changes,
    as in tests) instead of on every response, which is a quarter of what a page served from
    the page cache costs. Anything else (a nonce, a view's own policy, excluded prefixes, a
    debug error page) goes through django-csp unchanged."""

    _plain: dict = {}

    def process_response(self, request: HttpRequest, response):
        admin = request.path_info.startswith(ADMIN_PREFIXES)
        if (
            (not admin and getattr(request, "_csp_nonce", None) is not None)
            or any(hasattr(response, name) for name in _RESPONSE_POLICIES)
            or (settings.DEBUG and response.status_code in (404, 500))
            or _excluded_prefixes()
        ):
            return super().process_response(request, response)
        for report_only, header, exempt in (
            (False, HEADER, "_csp_exempt"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro"),
        ):
            value = self._plain_policy(report_only, admin)
            if value and header not in response and not getattr(response, exempt, False):
                response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _plain_policy(self, report_only: bool, admin: bool) -> str:
        name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        policy = getattr(settings, name, None)
        known = self._plain.get((report_only, admin))
        if known is not None and known[0] is policy:
            return known[1]
        update = ADMIN_POLICY_UPDATE if admin and not report_only else None
        value = build_policy(update=update, report_only=report_only)
        self._plain[(report_only, admin)] = (policy, value)
        return value

    def get_policy_parts(self, request: HttpRequest, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIXES):
            parts.update = {**ADMIN_POLICY_UPDATE, **(parts.update or {})}
            # A nonce in style-src or script-src would make browsers ignore 'unsafe-inline'.
            parts.nonce = None
        return parts


def _excluded_prefixes() -> bool:
    return any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )


def lockout_message() -> str:
    return _(
        "ログインに続けて失敗したため、このアカウントでのログインを%(minutes)s分間停止しています。"
        "時間をおいてから、もう一度お試しください。"
    ) % {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials
) -> HttpResponse:
    """The answer of django-axes to a locked sign-in: Wagtail's login page as it was
    rendered, whose form already names the lock (home.admin_forms.LoginForm), as 429."""
    if original_response is not None and original_response.status_code == 200:
        original_response.status_code = 429
        return original_response
    return HttpResponse(lockout_message(), status=429, content_type="text/plain; charset=utf-8")
