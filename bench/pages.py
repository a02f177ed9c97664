"""The public pages of the demo, uncached: ``DATABASE_URL=postgres://… .venv/bin/python bench/pages.py``.

On a database with the demo (``migrate`` and ``load_demo``; the demo is loaded when the
database has none), each page below is requested with Django's test client in this process,
with ``DEBUG`` off (templates cached, no query log) and every middleware of the site: the
home page, the demo's largest plan, its largest measure, action item and progress report,
a search for 協働, and the headless API's list of action items. Nothing is served from a
page cache. The ``warm`` columns are what a reader the page cache does not answer gets: the
page's body kept (home/kept_content.py) and the answers kept under the content generation.
Django's cache is emptied before every request of the ``cold`` column, so that column pays
for rendering the whole page and for everything the site keeps there (docs/benchmarks.md).

For each page: the median and the 90th percentile of ``--requests`` requests (wall time),
the median and the fastest of their process CPU times (milliseconds; on a machine shared
with other work the fastest is the steadiest figure), and the queries of one request.
``--profile NAME`` prints where the time of one page goes instead (cProfile, ``--requests``
requests, sorted by cumulative time). ``make bench`` runs the same measurement as its "Demo pages" section.
This is a script: it measures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEARCH_QUERY = "協働"
API_ITEMS = "/api/v2/pages/?type=plans.ActionItemPage&fields=*&limit=20"


def demo_urls(plans: set[int] | None = None) -> dict[str, str]:
    """The page types measured, with their URLs on the demo: the plan with the most items
    (among ``plans``, the keys of the demo's plans, when given), its measure with the most
    items, that measure's first item and the plan's latest progress report."""
    from plans.models import ActionItemPage, MeasurePage, PlanPage, ProgressReportPage

    urls = {"home": "/"}
    candidates = PlanPage.objects.live().filter(locale__language_code="ja").order_by("path")
    if plans is not None:
        candidates = candidates.filter(pk__in=plans)
    plan = max(
        candidates,
        key=lambda plan: ActionItemPage.objects.live().filter(plan=plan).count(),
        default=None,
    )
    if plan is not None:
        urls["plan"] = plan.get_url()
        measure = max(
            MeasurePage.objects.live().filter(plan=plan).order_by("path"),
            key=lambda measure: ActionItemPage.objects.live().filter(measure=measure).count(),
            default=None,
        )
        if measure is not None:
            urls["measure"] = measure.get_url()
        item = ActionItemPage.objects.live().filter(measure=measure).order_by("path").first()
        if item is not None:
            urls["item"] = item.get_url()
        report = ProgressReportPage.objects.live().filter(plan=plan).order_by("-fiscal_year", "path").first()
        if report is not None:
            urls["progress report"] = report.get_url()
    urls["search"] = f"/search/?q={SEARCH_QUERY}"
    urls["API v2 items"] = API_ITEMS
    return urls


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _queries(client, url: str) -> int:
    from bench.run import queries_of

    return queries_of(client, url)


def measure(client, url: str, requests: int, *, cold: bool = False) -> dict:
    """Median and 90th percentile (wall and CPU ms) of ``requests`` requests to ``url``."""
    from django.core.cache import cache

    response = client.get(url)  # warm-up: templates, site root paths, the dictionary
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if cold:
        cache.clear()
    queries = _queries(client, url)
    wall, cpu = [], []
    for _ in range(requests):
        if cold:
            cache.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return {
        "median": statistics.median(wall),
        "p90": _percentile(wall, 0.9),
        "cpu": statistics.median(cpu),
        "cpu_min": min(cpu),
        "queries": queries,
        "size": len(response.content),
    }


def bench_pages(results, *, requests: int = 20, plans: set[int] | None = None) -> dict[str, dict]:
    """Adds the section "Demo pages" to ``results`` (a ``bench.run.Results``); ``plans``
    are the keys of the demo's own plans when the database holds others as well."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    figures: dict[str, dict] = {}
    rows = []
    for label, url in demo_urls(plans).items():
        warm = measure(client, url, requests)
        cold = measure(client, url, requests, cold=True)
        figures[label] = {"warm": warm, "cold": cold, "url": url}
        print(f"page {label} {url}: warm {warm}, cold {cold}", flush=True)
        rows.append(
            [
                label,
                f"{warm['median']:.1f} ms",
                f"{warm['p90']:.1f} ms",
                f"{warm['cpu']:.1f} ms",
                f"{warm['cpu_min']:.1f} ms",
                str(warm["queries"]),
                f"{cold['median']:.1f} ms",
                str(cold["queries"]),
                f"{warm['size'] / 1024:,.0f} KB",
            ]
        )
    results.section(
        f"Demo pages without a page cache (Django test client, median of {requests} requests)",
        ["page", "median", "p90", "CPU", "CPU, fastest", "queries", "cache emptied", "queries", "size"],
        rows,
    )
    return figures


def profile(label: str, requests: int, *, limit: int, sort: str) -> None:
    from django.test import Client

    urls = demo_urls()
    url = urls.get(label, label)
    client = Client(HTTP_HOST="localhost")
    client.get(url)
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(sort).print_stats(limit)


def main() -> None:
    from bench.run import DEFAULT_DATABASE_URL, Results, _ensure_database, _prepare_site, _setup_django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--profile", metavar="NAME", help="profile one page (home, plan, …, or a URL)")
    parser.add_argument("--limit", type=int, default=60, help="lines of the profile (default 60)")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (default cumulative)")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    _ensure_database(database_url, fresh=False)
    _setup_django(database_url)
    _prepare_site()
    if args.profile:
        profile(args.profile, args.requests, limit=args.limit, sort=args.sort)
        return
    results = Results()
    bench_pages(results, requests=args.requests)
    print("\n".join(results.lines))


if __name__ == "__main__":
    main()
