"""WSGI entry point: ``gunicorn --pythonpath site wsgi``."""

import os
import sys
from pathlib import Path

_SITE_DIR = str(Path(__file__).resolve().parent)
if _SITE_DIR not in sys.path:
    sys.path.insert(0, _SITE_DIR)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
