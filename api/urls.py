"""Both APIs, mounted at /api/ outside the language prefixes."""

from django.urls import path

from api.open.api import api as open_api
from api.v2.router import api_router

urlpatterns = [
    path("v2/", api_router.urls),
    path("open/", open_api.urls),
]
