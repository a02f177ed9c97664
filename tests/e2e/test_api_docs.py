"""The open-data API's docs page (/api/open/docs, Swagger UI) in Chromium: it draws every
operation of the schema from the site's own files, asks nothing of another host, says its
language and passes the automated accessibility rules, with an operation opened too."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.e2e

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def operation_count(base_url: str) -> int:
    with urllib.request.urlopen(f"{base_url}/api/open/openapi.json", timeout=30) as response:  # noqa: S310
        schema = json.load(response)
    return sum(len(methods) for methods in schema["paths"].values())


def test_the_docs_page_draws_every_operation_and_passes_the_accessibility_rules(running_site, browser):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    response = page.goto(running_site + "/api/open/docs")
    assert response.status == 200
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() == operation_count(running_site) > 20
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("main#swagger-ui").count() == 1
    # An operation opened: its parameters and its responses' media type.
    page.locator(".opblock-summary-control").first.click()
    page.locator(".opblock-body select").first.wait_for()

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    found = [
        f"{violation['id']}: {node['target']}"
        for violation in result.response["violations"]
        for node in violation["nodes"]
    ]
    context.close()

    assert found == []
    assert violations == []
    assert hosts == {urlsplit(running_site).netloc}  # no CDN, no validator badge
