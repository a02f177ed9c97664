"""The docs page's HTML and the schema behind it (the browser checks are in
tests/e2e/test_api_docs.py)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from api.open.api import api


def test_the_docs_page_is_english_and_loads_only_the_sites_own_files(client):
    response = client.get("/api/open/docs", HTTP_HOST="localhost")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.find("main", id="swagger-ui") is not None
    sources = [tag["src"] for tag in soup.find_all("script", src=True)]
    sources += [tag["href"] for tag in soup.find_all("link", href=True)]
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "/static/css/api-docs.css" in sources and "/static/js/api-docs.js" in sources
    assert not soup.find_all("script", src=False, type=lambda kind: kind != "application/json")
    preload = soup.find("link", rel="preload")
    assert preload["href"] == "/api/open/openapi.json" and preload["as"] == "fetch"


def test_the_schema_is_built_once_and_served_the_same(client):
    first = client.get("/api/open/openapi.json", HTTP_HOST="localhost").json()
    assert api.get_openapi_schema(path_prefix="/api/open/") is api.get_openapi_schema(
        path_prefix="/api/open/"
    )
    assert client.get("/api/open/openapi.json", HTTP_HOST="localhost").json() == first
    assert "ordering" in {
        parameter["name"] for parameter in first["paths"]["/api/open/items"]["get"]["parameters"]
    }
