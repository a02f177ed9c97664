"""Keeps the reader's ruby choice: ``?ruby=1`` / ``?ruby=0`` is stored in a cookie, so the
choice made with the header's link (no JavaScript) holds on the next pages."""

from __future__ import annotations

from django.utils.cache import patch_vary_headers

from .preference import CHOICES, COOKIE_MAX_AGE, COOKIE_NAME, PARAMETER


class RubyPreferenceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        choice = request.GET.get(PARAMETER)
        if choice in CHOICES and request.COOKIES.get(COOKIE_NAME) != choice:
            response.set_cookie(COOKIE_NAME, choice, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
        if getattr(request, "kyodo_ruby_varies", False):
            # Shared caches must not give a page with ruby to a reader without, or back.
            patch_vary_headers(response, ["Cookie"])
        return response
