"""Local development: debug pages on, everything else as in base."""

from pathlib import Path

from . import env
from .base import *  # noqa: F403
from .base import STATIC_ROOT, STORAGES

DEBUG = True if env.DEBUG is None else env.DEBUG
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# runserver serves static files from the apps; WhiteNoise only needs the folder to exist.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
