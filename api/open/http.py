"""What every read of the open-data API goes through before and after its endpoint:
unknown parameters refused, anonymous reads cached, ``ETag``/``Last-Modified`` set and
conditional requests answered 304."""

from __future__ import annotations

import hashlib
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from api import cache

from .errors import error_response, repeated_parameters, unknown_parameters

# Headers of a response that a cached copy must give back.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "X-Content-Type-Options")


def _query_names(operation) -> set[str]:
    names: set[str] = set()
    for model in operation.models:
        if model.__ninja_param_source__ == "query":
            flatten = getattr(model, "__ninja_flatten_map__", None) or {}
            names |= set(flatten) or {field.alias or name for name, field in model.model_fields.items()}
    return names


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:40] + '"'


def read_endpoint(run):
    """A view decorator for every operation of the API (``add_decorator(mode="view")``).

    Runs before ninja parses the parameters: a parameter the operation does not declare, or
    one given twice, answers 400 rather than being silently ignored."""
    operation = getattr(run, "__self__", None)
    allowed = _query_names(operation) if operation is not None else None

    @wraps(run)
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # LocaleMiddleware gives every URL without a language prefix the default language;
        # the API is outside the prefixes and speaks the language the client asks for.
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            response = _read(request, run, operation, allowed, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)
        return response

    return view


def _read(request: HttpRequest, run, operation, allowed, *args, **kwargs) -> HttpResponse:
    if allowed is not None:
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            return error_response(operation.api, request, unknown_parameters(unknown, sorted(allowed)))
        repeated = sorted(name for name in request.GET if len(request.GET.getlist(name)) > 1)
        if repeated:
            return error_response(operation.api, request, repeated_parameters(repeated))
    generation = cache.current_generation()
    anonymous = not getattr(request, "user", None) or not request.user.is_authenticated
    key = cache.entry_key(generation, translation.get_language(), request.get_full_path())
    entry = cache.get_entry(key) if anonymous else None
    if entry is None:
        response = run(request, *args, **kwargs)
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        entry = {
            "content": response.content,
            "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
            "etag": _etag(response.content),
        }
        if anonymous:
            cache.set_entry(key, entry)
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(generation.started)
    patch_vary_headers(response, ["Accept-Language"])
    patch_cache_control(response, public=True, no_cache=True)
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=int(generation.started), response=response
    )
