"""Local development: debug pages on, everything else as in base."""

from . import env
from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = True if env.DEBUG is None else env.DEBUG
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
