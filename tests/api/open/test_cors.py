"""Browsers on the allowed origins may read /api/; no other origin, and no page outside it."""

from __future__ import annotations

from django.test import override_settings


@override_settings(CORS_ALLOWED_ORIGINS=["https://portal.example.jp"], CORS_ALLOW_ALL_ORIGINS=False)
def test_an_allowed_origin_may_read_the_api(api, sample_plan):
    response = api.get("/plans", HTTP_ORIGIN="https://portal.example.jp")
    assert response["Access-Control-Allow-Origin"] == "https://portal.example.jp"
    v2 = api.client.get("/api/v2/pages/", headers={"Origin": "https://portal.example.jp"})
    assert v2["Access-Control-Allow-Origin"] == "https://portal.example.jp"


@override_settings(CORS_ALLOWED_ORIGINS=["https://portal.example.jp"], CORS_ALLOW_ALL_ORIGINS=False)
def test_a_preflight_from_an_allowed_origin(api, sample_plan):
    response = api.client.options(
        "/api/open/items",
        headers={"Origin": "https://portal.example.jp", "Access-Control-Request-Method": "GET"},
    )
    assert response["Access-Control-Allow-Origin"] == "https://portal.example.jp"
    assert "GET" in response["Access-Control-Allow-Methods"]


@override_settings(CORS_ALLOWED_ORIGINS=["https://portal.example.jp"], CORS_ALLOW_ALL_ORIGINS=False)
def test_another_origin_gets_no_cors_header(api, sample_plan):
    response = api.get("/plans", HTTP_ORIGIN="https://evil.example.com")
    assert response.status_code == 200
    assert not response.has_header("Access-Control-Allow-Origin")


@override_settings(CORS_ALLOWED_ORIGINS=["https://portal.example.jp"], CORS_ALLOW_ALL_ORIGINS=False)
def test_pages_outside_the_api_never_get_cors_headers(api, sample_plan):
    response = api.client.get(sample_plan.plan.url, headers={"Origin": "https://portal.example.jp"})
    assert response.status_code == 200
    assert not response.has_header("Access-Control-Allow-Origin")


def test_no_origin_is_allowed_by_default(api, sample_plan):
    response = api.get("/plans", HTTP_ORIGIN="https://portal.example.jp")
    assert not response.has_header("Access-Control-Allow-Origin")
