"""Furigana on the largest pages: ``DATABASE_URL=postgres://… .venv/bin/python bench/furigana.py``.

On a database that ``make bench`` (or ``migrate`` and ``load_demo``) prepared — the demo is
loaded when the database has none — for each page type (plan, measure, action item, progress
report, guideline) the Japanese page whose main content is the largest is requested with
Django's test client:

- without ruby (the default on Japanese pages);
- with ruby, first render: the page's transformed content is not in the cache (the reading
  dictionary's table is, as on every request but the first after a change);
- with ruby, cached render: the transformed content comes from the cache.

Each figure is the median of ``--requests`` requests; the queries are those of one request.
``add_ruby`` alone is timed on the page's ``<main>`` as well. Synthetic plans made by
``generate_plans`` (``make bench``) are measured too when present: their plan, one measure
and the progress report. This is a script: it measures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COOKIE = {"on": "1", "off": "0"}


def _main_html(content: bytes) -> str:
    html = content.decode()
    match = re.search(r"<main\b[^>]*>(.*)</main>", html, re.DOTALL)
    return match.group(1) if match else ""


def _clear_transformed(client, url: str):
    """A function that empties the cache and fills it again with everything but this page's
    ruby: Wagtail's site root paths (a request without ruby) and the dictionary's table."""
    from django.core.cache import cache

    from furigana.dictionary import entries

    def clear() -> None:
        cache.clear()
        client.get(url)
        entries()

    return clear


def _timed(client, url: str, requests: int, *, before=None) -> list[float]:
    times = []
    for _ in range(requests):
        if before is not None:
            before()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return times


def _largest_pages() -> list[tuple[str, object]]:
    """(label, page) for the Japanese page of each type with the longest main content."""
    from django.test import Client

    from plans.models import ActionItemPage, GuidelinePage, MeasurePage, PlanPage, ProgressReportPage

    client = Client(HTTP_HOST="localhost")
    chosen = []
    for label, model in (
        ("plan", PlanPage),
        ("measure", MeasurePage),
        ("action item", ActionItemPage),
        ("progress report", ProgressReportPage),
        ("guideline", GuidelinePage),
    ):
        pages = model.objects.live().public().filter(locale__language_code="ja")
        demo = pages.exclude(url_path__contains="/synthetic-")[:200]
        sized = []
        for page in demo:
            response = client.get(page.url)
            if response.status_code == 200:
                sized.append((len(_main_html(response.content)), page))
        if sized:
            chosen.append((f"{label} (demo)", max(sized, key=lambda pair: pair[0])[1]))
    synthetic = PlanPage.objects.live().filter(slug__startswith="synthetic").order_by("-pk").first()
    if synthetic is not None:
        from plans.models import MeasurePage, ProgressReportPage

        chosen.append(("plan (synthetic)", synthetic))
        measure = MeasurePage.objects.live().filter(plan=synthetic).order_by("path").first()
        if measure is not None:
            chosen.append(("measure (synthetic)", measure))
        report = ProgressReportPage.objects.live().filter(plan=synthetic).order_by("-fiscal_year").first()
        if report is not None:
            chosen.append(("progress report (synthetic)", report))
    return chosen


def bench_furigana(requests: int = 20) -> list[str]:
    from django.test import Client

    from bench.run import queries_of
    from furigana.dictionary import entries
    from furigana.preference import COOKIE_NAME
    from furigana.readings import add_ruby

    lines = [
        "| page | main HTML | ruby | off: median, queries | on, first render | on, cached | "
        "`add_ruby` alone |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, page in _largest_pages():
        url = page.url
        off = Client(HTTP_HOST="localhost")
        on = Client(HTTP_HOST="localhost")
        on.cookies[COOKIE_NAME] = COOKIE["on"]
        _clear_transformed(off, url)()
        main_html = _main_html(off.get(url).content)
        with_ruby = _main_html(on.get(url).content)
        rubies = with_ruby.count("<ruby>")

        off_times = _timed(off, url, requests)
        off_queries = queries_of(off, url)
        first_times = _timed(on, url, requests, before=_clear_transformed(off, url))
        on.get(url)
        cached_times = _timed(on, url, requests)
        on_queries = queries_of(on, url)
        table = entries()
        direct = []
        for _ in range(max(3, requests // 4)):
            started = time.perf_counter()
            add_ruby(main_html, table)
            direct.append((time.perf_counter() - started) * 1000)
        lines.append(
            f"| {label}: {page.title[:24]} | {len(main_html.encode()) / 1024:.0f} KB | {rubies} "
            f"| {statistics.median(off_times):.0f} ms, {off_queries} "
            f"| {statistics.median(first_times):.0f} ms "
            f"| {statistics.median(cached_times):.0f} ms, {on_queries} "
            f"| {statistics.median(direct):.0f} ms |"
        )
        print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="requests per figure (median)")
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.run import DEFAULT_DATABASE_URL, _ensure_database, _prepare_site, _setup_django

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    _ensure_database(database_url, fresh=False)
    _setup_django(database_url)
    _prepare_site()
    lines = bench_furigana(requests=arguments.requests)
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
