"""A URL configuration with the default language prefixed too (``/ja/…``), for the language
middleware's test of the case Kyodo does not use."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

urlpatterns = i18n_patterns(path("search/", lambda request: HttpResponse("ok")), prefix_default_language=True)
