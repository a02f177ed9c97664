"""Refusals: a 403 page in the admin's own layout that says why.

Wagtail turns a ``PermissionDenied`` raised inside an admin view into a redirect to the
dashboard; these screens answer 403 instead, so that a refused link or form says so where
it was used (and scripts and tests see the refusal for what it is).
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def forbidden(request, reason: str = "") -> TemplateResponse:
    return TemplateResponse(
        request,
        "plans/admin/forbidden.html",
        {
            "page_title": _("この画面を使う権限がありません"),
            "header_title": _("この画面を使う権限がありません"),
            "header_icon": "warning",
            "reason": reason,
        },
        status=403,
    )
