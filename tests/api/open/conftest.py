"""Helpers for the open-data API tests: a client on the site's host, JSON and CSV reads."""

from __future__ import annotations

import csv
import io

from django.test import Client

import pytest

BASE = "/api/open"


class ApiClient:
    def __init__(self) -> None:
        self.client = Client(HTTP_HOST="localhost")

    def get(self, path: str, data: dict | None = None, *, language: str | None = None, **environ):
        headers = {"Accept-Language": language} if language else {}
        return self.client.get(BASE + path, data or {}, headers=headers, **environ)

    def json(
        self, path: str, data: dict | None = None, *, status: int = 200, language: str | None = None
    ) -> dict:
        response = self.get(path, data, language=language)
        assert response.status_code == status, response.content.decode()
        return response.json()

    def ids(self, path: str, data: dict | None = None) -> list[int]:
        payload = self.json(path, {"page_size": 200, **(data or {})})
        return [result["id"] for result in payload["results"]]

    def csv_rows(
        self, path: str, data: dict | None = None, *, language: str | None = None
    ) -> list[list[str]]:
        response = self.get(path, data, language=language)
        assert response.status_code == 200, response.content.decode()
        assert response.content.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def api(db) -> ApiClient:
    return ApiClient()
