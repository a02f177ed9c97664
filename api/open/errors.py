"""Errors of the open-data API: one JSON shape, in the language of the request.

Every bad request answers 400 with ``{"error": code, "message": text, "details": [...]}``;
django-ninja's own validation errors (422 by default) are rewritten into that shape, with
messages written here rather than pydantic's English ones.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ninja import Schema
from ninja.errors import ValidationError

from home.languages import is_japanese


class ErrorDetail(Schema):
    parameter: str | None = None
    message: str


class ErrorOut(Schema):
    error: str
    message: str
    details: list[ErrorDetail] = []


class ApiError(Exception):
    """A bad request: answered 400 (or ``status``) with the error shape."""

    def __init__(self, code: str, message: str, details: list[dict] | None = None, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or []
        self.status = status


def error_response(api, request: HttpRequest, error: ApiError) -> HttpResponse:
    body = {"error": error.code, "message": error.message, "details": error.details}
    return api.create_response(request, body, status=error.status)


def _parameter(location: tuple) -> str:
    # ("query", "page_size") → "page_size"; a path parameter likewise
    names = [str(part) for part in location[1:]] or [str(part) for part in location]
    return ".".join(names)


def _message(error: dict) -> str:
    name = _parameter(tuple(error.get("loc", ())))
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("「%(name)s」には整数を指定してください。") % {"name": name}
    if kind in {"greater_than_equal", "greater_than"}:
        limit = context.get("ge", context.get("gt"))
        return _("「%(name)s」には%(limit)s以上の数を指定してください。") % {"name": name, "limit": limit}
    if kind in {"less_than_equal", "less_than"}:
        limit = context.get("le", context.get("lt"))
        return _("「%(name)s」には%(limit)s以下の数を指定してください。") % {"name": name, "limit": limit}
    if kind in {"literal_error", "enum"}:
        return _("「%(name)s」に指定できる値は次のとおりです：%(choices)s") % {
            "name": name,
            "choices": context.get("expected", ""),
        }
    if kind == "string_too_long":
        return _("「%(name)s」は%(limit)s文字以内で指定してください。") % {
            "name": name,
            "limit": context.get("max_length"),
        }
    if kind == "string_pattern_mismatch":
        return _("「%(name)s」に使えない文字が含まれています。") % {"name": name}
    if kind == "missing":
        return _("「%(name)s」を指定してください。") % {"name": name}
    return _("「%(name)s」の値が正しくありません。") % {"name": name}


def validation_error_response(api, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"parameter": _parameter(tuple(error.get("loc", ()))), "message": _message(error)}
        for error in exc.errors
    ]
    error = ApiError("invalid_parameter", _("指定された条件に誤りがあります。"), details)
    return error_response(api, request, error)


def not_found() -> ApiError:
    return ApiError("not_found", _("指定されたデータは見つかりません。"), status=404)


def unknown_parameters(names: list[str], allowed: list[str]) -> ApiError:
    details = [
        {
            "parameter": name,
            "message": _("「%(name)s」という条件はありません。使える条件：%(allowed)s")
            % {"name": name, "allowed": ("、" if is_japanese(get_language()) else ", ").join(allowed)},
        }
        for name in names
    ]
    return ApiError("unknown_parameter", _("指定された条件に誤りがあります。"), details)


def repeated_parameters(names: list[str]) -> ApiError:
    details = [
        {"parameter": name, "message": _("「%(name)s」は1回だけ指定してください。") % {"name": name}}
        for name in names
    ]
    return ApiError("invalid_parameter", _("指定された条件に誤りがあります。"), details)


def bad_value(name: str, message: str) -> ApiError:
    return ApiError(
        "invalid_parameter",
        _("指定された条件に誤りがあります。"),
        [{"parameter": name, "message": message}],
    )
