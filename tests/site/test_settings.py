"""Production settings: secure, complete, and loud when something required is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import pytest

from settings.base import _cache_from_url

REPO = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "k7#Qz!m2Vx9@Lr4$Tn8&Wp3*Hs6^Jd1(Bf5)Gc0-Ny7=Ue2+Ya",  # 50 characters, many kinds
    "ALLOWED_HOSTS": "kyodo.city.minato.example.jp",
    "DATABASE_URL": "postgres://kyodo@db.internal:5432/kyodo",
    "CSRF_TRUSTED_ORIGINS": "https://kyodo.city.minato.example.jp",
}


# Only what a process needs to start; nothing of the test run's own environment (its
# DJANGO_SETTINGS_MODULE, DATABASE_URL or flags other fixtures set) leaks into the checks.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run Python from the repository root with only ``env`` on top of a minimal environment."""
    base = {key: os.environ[key] for key in INHERITED if key in os.environ}
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run("manage.py", *args, env=env)


def with_settings(module: str, code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``code`` with the settings ``module`` loaded."""
    setup = "import sys; sys.path.insert(0, 'site'); import django; django.setup(); "
    return run("-c", setup + code, env={**env, "DJANGO_SETTINGS_MODULE": module})


def in_production(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``code`` with the production settings loaded."""
    return with_settings("settings.production", code, env)


def test_the_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--settings=settings.production", env=PRODUCTION_ENV)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output
    assert "WARNINGS" not in output, output


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}

    result = manage("check", "--deploy", "--settings=settings.production", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_keeps_debug_off_unless_asked():
    code = "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    result = in_production(code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_a_malformed_boolean_is_refused():
    result = manage("check", "--settings=settings.production", env={**PRODUCTION_ENV, "DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", "rediss://cache.internal:6380/1"])
def test_a_redis_cache_url_selects_djangos_redis_cache(url):
    cache = _cache_from_url(url)
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == url


def test_no_cache_url_means_local_memory():
    assert _cache_from_url(None)["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert _cache_from_url("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "127.0.0.1:6379", "http://cache/"])
def test_an_unknown_cache_scheme_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        _cache_from_url(url)


def test_the_redis_cache_works_with_a_real_server():
    """CACHE_URL=redis://127.0.0.1:6379/0 in production gives a cache that stores and reads."""
    code = (
        "from django.core.cache import caches; cache = caches['default']; "
        "cache.set('kyodo-suite-probe', '協働', 30); "
        "print(type(cache).__name__, cache.get('kyodo-suite-probe')); cache.delete('kyodo-suite-probe')"
    )
    result = in_production(code, env={**PRODUCTION_ENV, "CACHE_URL": "redis://127.0.0.1:6379/0"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["RedisCache", "協働"]


EMAIL_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND.rsplit('.', 2)[-2], s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
    "s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL)"
)


def test_development_prints_email_on_the_console(tmp_path):
    """`make run` (settings.dev, manage.py's default) never sends the admin's e-mail."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}"}
    result = with_settings("settings.dev", EMAIL_SETTINGS, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "console"


def test_development_sends_email_when_a_server_is_configured(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}", "EMAIL_HOST": "smtp.example.jp"}
    result = with_settings("settings.dev", EMAIL_SETTINGS, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["smtp", "smtp.example.jp"]


def test_production_reads_its_smtp_server_from_the_environment():
    env = {
        **PRODUCTION_ENV,
        "EMAIL_HOST": "smtp.city.minato.example.jp",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "kyodo",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": "true",
        "DEFAULT_FROM_EMAIL": "kyodo@city.minato.example.jp",
    }
    result = in_production(EMAIL_SETTINGS, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "smtp",
        "smtp.city.minato.example.jp",
        "587",
        "kyodo",
        "True",
        "kyodo@city.minato.example.jp",
    ]


def test_production_sends_email_through_smtp_by_default():
    result = in_production(EMAIL_SETTINGS, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == ["smtp", "localhost", "25"]


def test_tls_and_ssl_together_are_refused():
    env = {**PRODUCTION_ENV, "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}
    result = manage("check", "--settings=settings.production", env=env)
    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL" in result.stderr


def test_production_checks_a_kept_database_connection_before_using_it():
    code = "from django.conf import settings; print(settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    result = in_production(code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"]


RATE_LIMIT_SETTING = "from django.conf import settings; print(settings.RATELIMIT_ENABLE)"


@pytest.mark.parametrize(("value", "expected"), [(None, "True"), ("false", "False"), ("true", "True")])
def test_production_rate_limits_are_on_unless_the_environment_turns_them_off(value, expected):
    env = {**PRODUCTION_ENV, **({"RATE_LIMITS_ENABLED": value} if value is not None else {})}
    result = in_production(RATE_LIMIT_SETTING, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [expected]
