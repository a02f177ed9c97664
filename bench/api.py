"""The APIs at scale, for ``bench/run.py``: latency and queries of the open-data API and of
Wagtail's API v2 on the 2,000-item synthetic plan, with and without the anonymous cache.

Each request is sent ``--requests`` times with Django's test client (median and 95th
percentile); the queries are those of one request. "No cache" empties Django's cache before
every request, so each one computes its answer; "cache" lets the first request fill it.
"""

from __future__ import annotations

import statistics
import time


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _measure(client, url: str, *, requests: int, cached: bool) -> tuple[float, float, int, int, int]:
    from django.core.cache import cache

    from bench.run import queries_of

    cache.clear()
    response = client.get(url)  # warm-up; with the cache on, this fills it
    if response.status_code != 200:
        raise RuntimeError(
            f"answered {response.status_code}: {response.content[:80].decode(errors='replace')}"
        )
    if not cached:
        cache.clear()
    query_count = queries_of(client, url)
    times = []
    for _ in range(requests):
        if not cached:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return (
        statistics.median(times),
        _percentile(times, 0.95),
        query_count,
        len(response.content),
        response.status_code,
    )


def bench_api(results, plan, *, requests: int = 30) -> None:
    """Adds the section "APIs" to ``results`` (a ``bench.run.Results``)."""
    from django.test import Client

    from plans.models import ActionItemPage, ProgressRow

    client = Client(HTTP_HOST="localhost")
    item = ActionItemPage.objects.filter(plan=plan).order_by("path").first()
    year = (
        ProgressRow.objects.filter(item__plan=plan)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    if item is None or year is None:
        results.skip("APIs: the 2,000-item plan has no items or no progress.")
        return
    urls = [
        ("open data: plans", "/api/open/plans"),
        ("open data: items, page size 50", f"/api/open/items?plan={plan.pk}&page_size=50"),
        ("open data: items, page size 200", f"/api/open/items?plan={plan.pk}&page_size=200"),
        ("open data: item detail", f"/api/open/items/{item.pk}"),
        ("open data: progress summary", f"/api/open/progress-summaries/{plan.pk}/{year}"),
        ("open data: items CSV (2,000 rows)", f"/api/open/items.csv?plan={plan.pk}"),
        ("API v2: items, `fields=*`, limit 50", "/api/v2/pages/?type=plans.ActionItemPage&fields=*&limit=50"),
        ("API v2: item detail", f"/api/v2/pages/{item.pk}/"),
    ]
    rows = []
    failures: dict[str, str] = {}
    for label, url in urls:
        figures = {}
        for cached in (False, True):
            try:
                figures[cached] = _measure(client, url, requests=requests, cached=cached)
            except RuntimeError as error:
                figures[cached] = None
                failures[url] = " ".join(str(error).split()).replace("|", "/")
                print(f"api {label}: {error}", flush=True)
            print(f"api {label} (cache {'on' if cached else 'off'}): {figures[cached]}", flush=True)
        cold, warm = figures[False], figures[True]
        if cold is None or warm is None:
            rows.append([label, failures.get(url, "failed"), "", "", "", "", "", ""])
            continue
        rows.append(
            [
                label,
                f"{cold[0]:.0f} ms",
                f"{cold[1]:.0f} ms",
                str(cold[2]),
                f"{warm[0]:.1f} ms",
                f"{warm[1]:.1f} ms",
                str(warm[2]),
                f"{cold[3] / 1024:,.0f} KB",
            ]
        )
    results.section(
        f"APIs on the 2,000-item plan (Django test client, {requests} requests each)",
        [
            "request",
            "no cache: median",
            "p95",
            "queries",
            "cache: median",
            "p95",
            "queries",
            "response",
        ],
        rows,
    )
