"""The open-data API's browsable docs (``/api/open/docs``): Swagger UI from the static files
django-ninja ships (no CDN: the page works in a closed network and under the site's
Content-Security-Policy, which allows scripts and styles from the site itself only), in a
page of our own — ``<html lang="en">``, a main landmark, an override stylesheet for the
contrast of Swagger UI's colours (``static/css/api-docs.css``) — and with the schema
computed once per process and language instead of on every request."""

from __future__ import annotations

from django.utils.translation import get_language

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

__all__ = ["OpenDataDocs", "SchemaCachingAPI"]


class OpenDataDocs(Swagger):
    template = "api/open/docs.html"
    default_settings = {
        "layout": "BaseLayout",
        # Operations start folded (listed by tag) and the models section is left out: Swagger UI draws
        # 23 summary lines instead of every parameter table and schema, which is what took
        # the page seconds to appear. An operation opens on a click.
        "docExpansion": "list",
        "defaultModelsExpandDepth": -1,
        # Deep links put a link inside each operation's toggle button (nested interactive
        # controls, which screen readers cannot announce); the operations have ids anyway.
        "deepLinking": False,
        # No badge from validator.swagger.io: the page asks nothing from outside the site.
        "validatorUrl": None,
    }

    def render_page(self, request, api, **kwargs):
        # The schema's address, for the page to fetch it while the script still loads.
        request.kyodo_openapi_url = self.get_openapi_url(api, kwargs)
        return super().render_page(request, api, **kwargs)


class SchemaCachingAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI schema is built once per process, path prefix and language:
    it depends on the code alone, and building it takes most of a second."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_params:
            return super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        cache = self.__dict__.setdefault("_kyodo_schemas", {})
        key = (path_prefix, get_language())
        if key not in cache:
            cache[key] = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return cache[key]
