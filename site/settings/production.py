"""Production: every secret from the environment, HTTPS and secure cookies."""

from . import env
from .base import *  # noqa: F403

DEBUG = bool(env.DEBUG)
SECRET_KEY = env.require("SECRET_KEY", env.SECRET_KEY)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = env.SECURE_HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The page editor's live preview shows the page in a same-origin frame, so frames from the
# site itself stay allowed; other origins are refused.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
