"""Search at scale, for ``bench/run.py`` (or on its own: ``.venv/bin/python bench/search.py``).

1. makes sure the database holds at least 20,000 action items: ten synthetic plans of
   40 measures × 50 items, generated with ``generate_plans`` without search indexing;
2. builds the whole search index with ``update_index`` twice, first with Wagtail's stock
   database backend, then with Kyodo's Japanese one (both write the same table), times
   each build, and then refreshes the statistics and visibility maps of the index table
   and of the page table (``VACUUM ANALYZE``, as autovacuum would);
3. after each build, runs 50 realistic queries the way the headless API and the admin
   do (live, public, Japanese pages; the count, then the first 20 results), three rounds
   after a warm-up, and
   reports the median and 95th percentile latency, the share of queries that find
   anything (hit rate) and the median number of results.

The stock backend runs first, so the database is left with Kyodo's index. This is a
script: it measures, it asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_ITEMS = 20_000
PLANS, MEASURES, ITEMS = 10, 40, 50  # 10 × 40 × 50 = 20,000 items
SEED = 2026
ROUNDS = 3
TOP = 20
P95_TARGET_MS = 50
STOCK = {"BACKEND": "wagtail.search.backends.database"}
KYODO = {"BACKEND": "search.backends.database"}

# What citizens type: words of the synthetic plans and of the demo, parts of compounds,
# half-width and full-width forms, hiragana for katakana words, department names,
# numbers, Latin letters, and several words at once.
QUERIES = [
    "協働",
    "市民参加",
    "防災",
    "子育て",
    "見守り",
    "環境",
    "多文化共生",
    "生涯学習",
    "公園",
    "地域福祉",
    "青少年",
    "商店街",
    "スポーツ",
    "文化芸術",
    "交通安全",
    "空き家",
    "食品ロス",
    "講座",
    "ボランティア",
    "フォーラム",
    "ガイドブック",
    "助成",
    "出前講座",
    "ワークショップ",
    "交流会",
    "意識調査",
    "ウェブサイト",
    "アドバイザー",
    "担い手",
    "ネットワーク",
    "拠点",
    "コメント",
    "ﾎﾞﾗﾝﾃｨｱ",
    "ぼらんてぃあ",
    "わーくしょっぷ",
    "ｽﾎﾟｰﾂ",
    "ＮＰＯ",
    "市民協働推進課",
    "青少年育成課",
    "地域福祉課",
    "生涯学習課",
    "1-1",
    "2024年度",
    "防災 講座",
    "子育て ボランティア",
    "環境 フォーラム",
    "協働 推進",
    "地域 見守り 交流会",
    "オンライン 参加",
    "市民活動団体 助成",
]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def ensure_items() -> tuple[int, float | None]:
    """At least TARGET_ITEMS action items in the database; the generation time if it ran."""
    from plans.models import ActionItemPage
    from plans.synthetic import generate_plans

    existing = ActionItemPage.objects.count()
    if existing >= TARGET_ITEMS:
        return existing, None
    started = time.perf_counter()
    generate_plans(
        plans=PLANS, measures=MEASURES, items=ITEMS, seed=SEED, revisions=False, index_search=False
    )
    seconds = time.perf_counter() - started
    print(f"search bench: generated {PLANS * MEASURES * ITEMS:,} items in {seconds:.0f} s", flush=True)
    return ActionItemPage.objects.count(), seconds


def _rebuild(backend: dict) -> float:
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    with override_settings(WAGTAILSEARCH_BACKENDS={"default": backend}):
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        seconds = time.perf_counter() - started
    # Fresh statistics and visibility maps, as autovacuum would leave them after a rebuild
    # (and after the generated pages were written), before measuring.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE wagtailsearch_indexentry")
        cursor.execute("VACUUM ANALYZE wagtailcore_page")
    return seconds


def _run_queries(backend: dict) -> dict:
    from django.test import override_settings

    from wagtail.models import Locale, Page

    ja = Locale.objects.get(language_code="ja")
    counts = {}
    timings = []
    by_query: dict[str, list[float]] = {query: [] for query in QUERIES}
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": backend}):

        def one(query: str) -> int:
            results = Page.objects.live().public().filter(locale=ja).search(query)
            count = results.count()
            list(results[:TOP])
            return count

        for query in QUERIES:  # warm-up
            counts[query] = one(query)
        for _ in range(ROUNDS):
            for query in QUERIES:
                started = time.perf_counter()
                one(query)
                elapsed = (time.perf_counter() - started) * 1000
                timings.append(elapsed)
                by_query[query].append(elapsed)
    hits = sum(1 for count in counts.values() if count)
    return {
        "median": statistics.median(timings),
        "p95": _percentile(timings, 0.95),
        "hit_rate": hits / len(QUERIES),
        "hits": hits,
        "median_results": statistics.median(counts.values()),
        "counts": counts,
        "slowest": sorted(((statistics.median(t), q) for q, t in by_query.items()), reverse=True)[:5],
    }


def bench_search(results) -> dict:
    """Adds the section "Search" to ``results`` (a ``bench.run.Results``)."""
    from wagtail.models import Page

    items, generated = ensure_items()
    pages = Page.objects.count()
    figures = {}
    for label, backend in (("stock database backend", STOCK), ("Kyodo's Japanese backend", KYODO)):
        build = _rebuild(backend)
        print(f"search bench: {label}: update_index {build:.0f} s", flush=True)
        figures[label] = {"build": build, **_run_queries(backend)}
    rows = []
    for label, figure in figures.items():
        rows.append(
            [
                label,
                f"{figure['build']:.0f} s",
                f"{figure['median']:.1f} ms",
                f"{figure['p95']:.1f} ms",
                f"{figure['hits']}/{len(QUERIES)} ({figure['hit_rate']:.0%})",
                f"{figure['median_results']:.0f}",
            ]
        )
    title = (
        f"Search ({items:,} items, {pages:,} pages; `update_index`; {len(QUERIES)} queries "
        f"× {ROUNDS} rounds, count + first {TOP}; target p95 < {P95_TARGET_MS} ms)"
    )
    if generated is not None:
        title += f"; {PLANS * MEASURES * ITEMS:,} items generated in {generated:.0f} s"
    results.section(
        title,
        ["backend", "index build", "median", "95th percentile", "queries with results", "median results"],
        rows,
    )
    stock, kyodo = figures.values()
    missed = [query for query in QUERIES if not kyodo["counts"][query]]
    results.lines.append("")
    if missed:
        results.lines.append("Queries Kyodo's backend found nothing for: " + ", ".join(missed))
    found_only_by_stock = [q for q in QUERIES if stock["counts"][q] and not kyodo["counts"][q]]
    slowest = ", ".join(
        f"{query} {milliseconds:.0f} ms ({kyodo['counts'][query]:,} results)"
        for milliseconds, query in kyodo["slowest"]
    )
    results.lines.append(f"Slowest queries with Kyodo's backend (median): {slowest}")
    if found_only_by_stock:
        results.lines.append("Found by the stock backend only: " + ", ".join(found_only_by_stock))
    return figures


def main() -> None:
    """``DATABASE_URL=postgres://… .venv/bin/python bench/search.py``: the search section
    alone, on a database ``make bench`` (or ``migrate`` and ``load_demo``) prepared."""
    sys.path.insert(0, str(ROOT))
    from bench.run import DEFAULT_DATABASE_URL, Results, _ensure_database, _prepare_site, _setup_django

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    _ensure_database(database_url, fresh=False)
    _setup_django(database_url)
    _prepare_site()
    results = Results()
    bench_search(results)
    print("\n".join(results.lines))


if __name__ == "__main__":
    main()
