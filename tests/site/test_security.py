"""Security headers and limits (home/security.py): the Content-Security-Policy on the site,
the admin and the APIs' docs; 429 after too many requests to search and the APIs, in the
reader's language; the admin's sign-in locked after repeated failures."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from home.security import ContentSecurityPolicyMiddleware

LIMITED = override_settings(
    RATELIMIT_ENABLE=True, KYODO_RATE_LIMITS={"search": "3/m", "suggest": "3/m", "api": "3/m"}
)


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Every request of a test counts in one window of the limits: django-ratelimit starts a
    new window every period, and a test that ran across the edge of one would see its count
    start again."""
    end = int(time.time()) + 3600
    monkeypatch.setattr("django_ratelimit.core._get_window", lambda value, period: end)


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def test_the_public_site_sends_a_strict_policy(client, tree):
    response = client.get("/")

    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    # The public templates have no inline script or style: only the site's own files run.
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


def test_the_admin_allows_the_inline_styles_and_scripts_of_wagtails_widgets(client, tree):
    response = client.get(reverse("wagtailadmin_login"))

    policy = directives(response)
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-inline'" in policy["script-src"]  # choosers, InlinePanel, date pickers
    # A nonce would make browsers ignore 'unsafe-inline'.
    assert not any(source.startswith("'nonce-") for source in policy["style-src"] + policy["script-src"])
    # Only the admin: the public site stays strict.
    assert "'unsafe-inline'" not in directives(client.get("/"))["script-src"]


def test_the_policy_follows_the_settings_and_a_nonce_once_built(client, tree, settings):
    """The two usual headers are built once per process; changed settings, a view's own
    policy and a nonce still reach the header."""
    assert directives(client.get("/"))["img-src"] == ["'self'", "data:"]
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {**policy["DIRECTIVES"], "img-src": ["'self'", "https://media.example.jp"]},
    }
    assert directives(client.get("/"))["img-src"] == ["'self'", "https://media.example.jp"]

    request = RequestFactory().get("/")
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))
    middleware.process_request(request)
    nonce = str(request.csp_nonce)  # a template that asked for one
    response = middleware.process_response(request, HttpResponse("ok"))
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]

    own = HttpResponse("ok")
    own._csp_replace = {"frame-ancestors": ["'none'"]}
    plain = RequestFactory().get("/")
    middleware.process_request(plain)
    assert directives(middleware.process_response(plain, own))["frame-ancestors"] == ["'none'"]


def test_the_open_data_docs_page_is_under_the_policy(client, tree):
    response = client.get("/api/open/docs")

    assert response.status_code == 200
    assert directives(response)["script-src"][0] == "'self'"


@LIMITED
def test_normal_use_of_search_passes_and_the_fourth_search_in_a_minute_is_refused(client, tree):
    for _ in range(3):
        assert client.get("/search/", {"q": "協働"}).status_code == 200

    response = client.get("/search/", {"q": "協働"})

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    html = BeautifulSoup(response.content, "html.parser")
    assert html.h1.get_text(strip=True) == "アクセスが集中しています"
    assert "1分ほど待ってから、もう一度お試しください。" in html.get_text()


@LIMITED
def test_an_english_reader_is_told_in_english(client, tree):
    for _ in range(3):
        client.get("/en/search/", {"q": "plan"})

    response = client.get("/en/search/", {"q": "plan"})

    assert response.status_code == 429
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "en"


@LIMITED
def test_suggestions_answer_429_in_json(client, tree):
    for _ in range(3):
        assert client.get("/search/suggest/", {"q": "きょう"}).status_code == 200

    response = client.get("/search/suggest/", {"q": "きょう"})

    assert response.status_code == 429
    assert "しばらく受け付けを止めています" in response.json()["error"]


@LIMITED
def test_the_open_data_api_answers_429_in_its_error_shape(client, tree):
    for _ in range(3):
        assert client.get("/api/open/plans").status_code == 200

    response = client.get("/api/open/plans")

    assert response.status_code == 429
    body = response.json()
    assert body["error"] == "rate_limited"
    assert body["message"].startswith("短い時間にアクセスが集中したため")
    assert body["details"] == []


@LIMITED
def test_the_headless_api_answers_429_and_counts_with_the_open_api(client, tree):
    assert client.get("/api/open/plans").status_code == 200
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get("/api/v2/pages/").status_code == 200

    response = client.get("/api/v2/pages/")

    assert response.status_code == 429
    assert "message" in response.json()


@LIMITED
def test_each_client_address_has_its_own_count(client, tree):
    for _ in range(3):
        client.get("/api/open/plans", REMOTE_ADDR="192.0.2.1")

    assert client.get("/api/open/plans", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/open/plans", REMOTE_ADDR="192.0.2.2").status_code == 200


@LIMITED
@override_settings(KYODO_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_the_address_it_appended_counts(client, tree):
    for _ in range(3):
        client.get("/api/open/plans", HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.1")

    refused = client.get("/api/open/plans", HTTP_X_FORWARDED_FOR="198.51.100.8, 192.0.2.1")
    other = client.get("/api/open/plans", HTTP_X_FORWARDED_FOR="192.0.2.2")

    assert refused.status_code == 429  # a forged first entry does not escape the limit
    assert other.status_code == 200


@LIMITED
def test_pages_outside_search_and_the_apis_are_not_limited(client, tree):
    for _ in range(5):
        assert client.get("/").status_code == 200


@pytest.fixture
def editor(tree):
    return get_user_model().objects.create_superuser("henshu", "henshu@example.jp", "tadashii-pass-2026")


def sign_in(client, password: str):
    return client.post(reverse("wagtailadmin_login"), {"username": "henshu", "password": password})


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_admin_sign_in_is_locked_after_three_failures_with_a_japanese_message(client, editor):
    for _ in range(2):
        response = sign_in(client, "machigai")
        assert response.status_code == 200
        assert "停止しています" not in response.content.decode()

    third = sign_in(client, "machigai")
    with_right_password = sign_in(client, "tadashii-pass-2026")

    for response in (third, with_right_password):
        assert response.status_code == 429
        html = BeautifulSoup(response.content, "html.parser")
        assert html.find("form") is not None  # Wagtail's sign-in page, not a bare text
        assert "このアカウントでのログインを15分間停止しています。" in html.get_text()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_success_before_the_limit_clears_the_failures(client, editor):
    sign_in(client, "machigai")
    sign_in(client, "machigai")
    assert sign_in(client, "tadashii-pass-2026").status_code == 302
    client.logout()

    sign_in(client, "machigai")
    sign_in(client, "machigai")

    assert sign_in(client, "tadashii-pass-2026").status_code == 302
