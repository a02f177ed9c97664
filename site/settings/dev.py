"""Local development: debug pages on, e-mail on the console, everything else as in base."""

from pathlib import Path

from . import env
from .base import *  # noqa: F403
from .base import STATIC_ROOT, STORAGES

DEBUG = True if env.DEBUG is None else env.DEBUG
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# runserver serves static files from the apps; WhiteNoise only needs the folder to exist.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
# E-mail the admin sends (password resets, notifications) is printed where `make run` runs,
# never sent, unless EMAIL_BACKEND or EMAIL_HOST says otherwise.
if not (env.EMAIL_BACKEND or env.EMAIL_HOST):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
