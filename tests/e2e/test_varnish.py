"""Varnish in front of the served site, with the project's own configuration
(deploy/varnish/kyodo.vcl): it keeps a plan and its plan index, a member of 広報担当 changes
the plan's title in the page editor and publishes it, and Varnish then serves the new title
on both pages, because publishing purged them (home/frontend_cache.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..served import REPO, free_port, serve_site, site_database
from .conftest import STAFF
from .web import Browser

pytestmark = pytest.mark.e2e

VCL = REPO / "deploy" / "varnish" / "kyodo.vcl"
NEW_TITLE = "協働推進アクションプラン（改訂版）"


def _varnishd() -> str:
    path = shutil.which("varnishd") or next(
        (str(candidate) for candidate in (Path("/usr/sbin/varnishd"),) if candidate.exists()), None
    )
    if path is None:
        pytest.fail("varnishd is required for this test: apt-get install varnish")
    return path


def _get(url: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read().decode()


def _wait_for(url: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"varnishd stopped while starting (exit {process.returncode})")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Varnish did not answer at {url}")


@pytest.fixture(scope="module")
def cached_site(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The demo served by gunicorn, and Varnish in front of it: (site, Varnish) base URLs."""
    varnishd = _varnishd()
    tmp_path = tmp_path_factory.mktemp("varnish")
    varnish_port = free_port()
    varnish = f"http://127.0.0.1:{varnish_port}"
    database_url, drop_database = site_database(tmp_path, "e2e_varnish", demo=True)
    with serve_site(
        tmp_path,
        database_url,
        fill=[["shell", "-c", STAFF]],
        drop_database=drop_database,
        environment={"FRONTEND_CACHE_URL": varnish},
    ) as site:
        # The committed configuration, with the served site's port as its backend.
        vcl = tmp_path / "kyodo.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{urlsplit(site).port}";'))
        command = [
            varnishd,
            "-F",  # in the foreground, stopped with the process
            "-j",
            "none",
            "-n",
            str(tmp_path / "varnish-work"),
            "-a",
            f"127.0.0.1:{varnish_port}",
            "-f",
            str(vcl),
            "-s",
            "malloc,32m",
        ]
        with (tmp_path / "varnishd.log").open("w") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
            try:
                _wait_for(varnish + "/robots.txt", process)
                yield site, varnish
            finally:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _plan(site: str) -> tuple[int, str, str, str]:
    """The first Japanese plan: its id, title, address and its plan index's address."""
    url = f"{site}/api/v2/pages/?type=plans.PlanPage&locale=ja&fields=_,id&limit=1"
    plan_id = json.loads(_get(url)[2])["items"][0]["id"]
    plan = json.loads(_get(f"{site}/api/v2/pages/{plan_id}/")[2])
    path = "/" + plan["meta"]["html_url"].split("/", 3)[3]
    index = "/" + plan["meta"]["parent"]["meta"]["html_url"].split("/", 3)[3]
    return plan["id"], plan["title"], path, index


def _kept(varnish: str, path: str) -> str:
    """Reads ``path`` through Varnish until it answers from its cache; the page."""
    _status, first, text = _get(varnish + path)
    status, second, again = _get(varnish + path)
    assert status == 200
    assert second["X-Cache"] == "HIT", (path, first, second)
    assert len(second["X-Varnish"].split()) == 2  # this request's id and the stored object's
    assert "Age" in second
    assert again == text
    return text


def test_publishing_purges_varnish(cached_site, browser):
    site, varnish = cached_site
    plan_id, title, plan_path, index_path = _plan(site)
    assert title in _kept(varnish, plan_path)
    assert title in _kept(varnish, index_path)
    # Staff with a session pass through to Kyodo and never get a kept page.
    office = Browser(varnish)
    office.log_in("koho", "koho-pass-2026")
    _status, headers, _text = office.get(plan_path)
    assert headers["X-Cache"] == "MISS"

    # A member of 広報担当 changes the title in the page editor and publishes. Chromium talks
    # plain HTTP, as it is (without the proxy's X-Forwarded-Proto), so that the form's origin
    # is the one Django expects.
    context = browser.new_context()
    try:
        editor = Browser(site)
        editor.log_in("koho", "koho-pass-2026")
        context.add_cookies([{"name": c.name, "value": c.value, "url": site} for c in editor.jar])
        page = context.new_page()
        response = page.goto(f"{site}/admin/pages/{plan_id}/edit/", wait_until="networkidle")
        assert response.status == 200
        assert "/edit/" in page.url, page.url
        page.fill("#id_title", NEW_TITLE)
        with page.expect_navigation(wait_until="networkidle"):
            # 「公開する」 sits in the footer's menu of actions.
            page.locator('button[name="action-publish"]').dispatch_event("click")
        after = (page.url, page.locator(".messages").all_inner_texts())
    finally:
        context.close()
    assert _plan(site)[1] == NEW_TITLE, after

    # Varnish answers with the new title on the plan and on its plan index.
    _status, headers, text = _get(varnish + plan_path)
    assert NEW_TITLE in text
    assert headers["X-Cache"] == "MISS"
    assert NEW_TITLE in _get(varnish + index_path)[2]
    assert NEW_TITLE in _kept(varnish, plan_path)
