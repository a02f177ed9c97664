"""Helpers for the headless API's tests: JSON requests that must not redirect."""

from __future__ import annotations

import pytest


class ApiClient:
    """Django's test client, reading /api/v2/ as a front end would."""

    def __init__(self, client):
        self.client = client

    def get(self, path: str, params: dict | None = None, *, status: int = 200, **headers) -> dict:
        response = self.client.get(path, params or {}, headers=headers)
        assert response.status_code == status, (response.status_code, response.content[:500])
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        return response.json()

    def pages(self, params: dict | None = None, **headers) -> dict:
        return self.get("/api/v2/pages/", {"limit": 100, **(params or {})}, **headers)

    def page(self, page_id: int, params: dict | None = None, **headers) -> dict:
        return self.get(f"/api/v2/pages/{page_id}/", params, **headers)

    def ids(self, params: dict | None = None, **headers) -> set[int]:
        data = self.pages(params, **headers)
        ids = {item["id"] for item in data["items"]}
        assert data["meta"]["total_count"] == len(ids)
        return ids


@pytest.fixture
def api(client) -> ApiClient:
    return ApiClient(client)
