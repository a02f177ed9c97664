"""The load benchmark's trivial Django view (bench/load.py): one URL answering "ok", no
database, no middleware, no templates; what Django and gunicorn cost on their own."""

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-trivial-view",  # noqa: S106 (a throwaway process of the benchmark)
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
)


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok)]

django.setup()
application = get_wsgi_application()
