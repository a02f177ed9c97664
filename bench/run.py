"""Kyodo at scale: ``make bench`` (or ``.venv/bin/python bench/run.py``).

On PostgreSQL (``DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/kyodo_bench``;
the database is created when missing, migrated, and given the demo site when it has none):

1. generates a 2,000-item plan (40 measures × 50 items) and a 20-item plan (4 × 5) with
   ``generate_plans``;
2. exports the large plan to XLSX and CSV with the plan-table exporter (time);
3. imports that XLSX into a new plan with ``manage.py import_plan --create --publish`` in a
   child process (wall time of the import and the child's peak memory), then imports it
   again into the same plan (nothing changes: the unchanged path at scale);
4. renders the plan, measure, item and progress report pages of both plans with Django's
   test client: median time over ``--requests`` requests and the number of queries;
5. renders every page type of the demo itself, and search and the headless API's item
   list, without a page cache (``bench/pages.py``);
6. (``--part load``, also part of the default ``--part all``) requests per second under
   load with gunicorn and wrk, side by side: a trivial view, a stock Wagtail page, Kyodo's
   pages with the page cache off and on, and a PostgreSQL restart under load
   (``bench/load.py``, on a PostgreSQL cluster of its own).

Prints a Markdown table and writes it to ``var/bench.md``. Parts whose code is missing are
skipped with a line that says so. This is a script, not a test: it asserts nothing.
The database is dropped and recreated on every run, so the figures do not depend on earlier
runs; ``--reuse`` keeps it (and the plans earlier runs made) and saves the minute that
migrating and loading the demo take.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kyodo_bench"
LARGE = (40, 50)  # measures, items per measure: 2,000 items
SMALL = (4, 5)  # 20 items
IMPORT_TITLE_PREFIX = "取り込み試験用アクションプラン"
SEED = 2024
# What importing a plan of 2,000 items should stay within.
IMPORT_SECONDS_TARGET = 60
IMPORT_MEMORY_TARGET_MB = 500


def _environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = "settings.dev"
    env["DEBUG"] = "false"  # templates cached and no query log, as in production
    # The scale parts measure what rendering costs: no page is answered from the page cache
    # (bench/load.py measures the cache under load, with its own servers).
    env["PAGE_CACHE"] = "false"
    return env


def _ensure_database(database_url: str, *, fresh: bool) -> None:
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(database_url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"The benchmark runs on PostgreSQL; DATABASE_URL is {database_url}")
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        name = sql.Identifier(config["NAME"])
        if fresh:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    connection.close()


def _setup_django(database_url: str) -> None:
    os.environ.update(_environment(database_url))
    sys.path.insert(0, str(ROOT / "site"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class Results:
    lines: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def section(self, title: str, header: list[str], rows: list[list[str]]) -> None:
        self.lines += ["", f"### {title}", "", "| " + " | ".join(header) + " |"]
        self.lines.append("|" + "|".join("---" if n == 0 else "---:" for n in range(len(header))) + "|")
        self.lines += ["| " + " | ".join(row) + " |" for row in rows]

    def skip(self, text: str) -> None:
        self.skipped.append(text)
        print(f"SKIPPED: {text}", flush=True)


def _machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
                break
    except OSError:
        pass
    cpu = f"{os.cpu_count()} cores" + (f" ({model})" if model else "")
    return f"{cpu}{memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def _postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def _prepare_site() -> None:
    from django.core.management import call_command

    from plans.models import PlanIndexPage

    call_command("migrate", interactive=False, verbosity=0)
    if not PlanIndexPage.objects.exists():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def _generate(results: Results):
    from plans.synthetic import generate_plans

    rows = []
    plans = {}
    for label, (measures, items) in (("2,000 items", LARGE), ("20 items", SMALL)):
        started = time.perf_counter()
        summary = generate_plans(plans=1, measures=measures, items=items, seed=SEED)
        seconds = time.perf_counter() - started
        plans[label] = summary.plans[0]
        rows.append([f"`generate_plans --measures {measures} --items {items}`", f"{seconds:.1f} s"])
        print(f"generated {label}: {seconds:.1f} s", flush=True)
    results.section("Synthetic plans (published, with revisions and search index)", ["step", "time"], rows)
    return plans


def _export(results: Results, plan, workdir: Path) -> Path | None:
    try:
        from plans.tables.exporter import write_csv, write_xlsx
    except ImportError:
        results.skip("export: plans/tables/exporter.py (write_xlsx, write_csv) is not there yet.")
        return None
    rows = []
    xlsx_path = workdir / "plan-2000.xlsx"
    for label, writer, path in (
        ("XLSX", write_xlsx, xlsx_path),
        ("CSV", write_csv, workdir / "plan-2000.csv"),
    ):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            with path.open("wb") as fileobj:
                writer(plan, fileobj)
            times.append(time.perf_counter() - started)
        size = path.stat().st_size / 1024
        rows.append([f"export {label} (2,000 items)", f"{statistics.median(times):.2f} s", f"{size:,.0f} KB"])
        print(f"export {label}: {statistics.median(times):.2f} s", flush=True)
    results.section("Export (median of 3)", ["step", "time", "file size"], rows)
    return xlsx_path


def _child_import(args: argparse.Namespace) -> None:
    """In the child process: run ``import_plan`` and report its time and peak memory."""
    _setup_django(os.environ["DATABASE_URL"])
    from django.core.management import call_command
    from django.core.management.base import CommandError

    output = open(os.devnull, "w")  # noqa: SIM115
    command = [args.child_import, "--plan", args.plan, "--period", "2021-2025", "--status-year", "2024"]
    if args.create:
        command.append("--create")
    if not args.draft:
        command.append("--publish")
    started = time.perf_counter()
    status = "ok"
    try:
        call_command("import_plan", *command, stdout=output)
    except CommandError as error:
        status = f"error: {error}"
    seconds = time.perf_counter() - started
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "max_rss_mb": max_rss_mb, "status": status}))


def _run_import(
    xlsx_path: Path, plan_title: str, *, create: bool, database_url: str, draft: bool = False
) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child-import",
        str(xlsx_path),
        "--plan",
        plan_title,
    ]
    if create:
        command.append("--create")
    if draft:
        command.append("--draft")
    started = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        command, env=_environment(database_url), capture_output=True, text=True, check=False, cwd=ROOT
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0 or not completed.stdout.strip():
        return {
            "status": f"failed: {completed.stderr.strip()[-500:]}",
            "seconds": 0,
            "max_rss_mb": 0,
            "wall": wall,
        }
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    figures["wall"] = wall
    return figures


def _import(results: Results, xlsx_path: Path | None, database_url: str):
    from plans.models import ActionItemPage, PlanPage

    if xlsx_path is None:
        results.skip("import: needs the exported XLSX (see export).")
        return None
    try:
        import plans.tables.importer  # noqa: F401
        from plans.management.commands import import_plan  # noqa: F401
    except ImportError:
        results.skip("import: plans/tables/importer.py or the import_plan command is not there yet.")
        return None
    number = 1
    while PlanPage.objects.filter(title=f"{IMPORT_TITLE_PREFIX}{number}").exists():
        number += 1
    title = f"{IMPORT_TITLE_PREFIX}{number}"
    rows = []
    imported = None
    next_year = _next_year(xlsx_path)
    steps = (
        ("import 2,000 rows into a new plan", True, xlsx_path, False),
        ("import the same file again", False, xlsx_path, False),
        ("import next year's statuses as drafts (2,000 draft revisions)", False, next_year, True),
        ("import it again, publishing the 2,000 drafts", False, next_year, False),
    )
    for label, create, path, draft in steps:
        figures = _run_import(path, title, create=create, database_url=database_url, draft=draft)
        print(f"{label}: {figures}", flush=True)
        if create:
            imported = PlanPage.objects.filter(title=title).first()
        if figures["status"] != "ok":
            rows.append([label, figures["status"].replace("|", "/").replace("\n", " "), "", ""])
            if imported is None:
                break
            continue
        rows.append(
            [
                label,
                f"{figures['seconds']:.1f} s (target < {IMPORT_SECONDS_TARGET} s)",
                f"{figures['max_rss_mb']:.0f} MB (target < {IMPORT_MEMORY_TARGET_MB} MB)",
                f"{figures['wall']:.1f} s",
            ]
        )
    if imported is not None:
        count = ActionItemPage.objects.filter(plan=imported).count()
        rows.append(["items in the imported plan", str(count), "", ""])
    results.section(
        "Import (`manage.py import_plan --create --publish`, in a child process)",
        ["step", "import time", "peak memory (max RSS of the process)", "process wall time"],
        rows,
    )
    return imported


def _next_year(xlsx_path: Path) -> Path:
    """The exported sheet as a department sends it back a year later: every item with a
    status and a narrative for the next fiscal year, so every item gets a new revision."""
    import openpyxl

    workbook = openpyxl.load_workbook(xlsx_path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    year, status, narrative = (header.index(name) + 1 for name in ("評価年度", "進捗状況", "実績"))
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, year).value = "令和7年度"
        sheet.cell(row, status).value = "実施中"
        sheet.cell(row, narrative).value = f"令和7年度も計画どおり実施し、{row}人が参加した。"
    path = xlsx_path.with_name("plan-2000-next-year.xlsx")
    workbook.save(path)
    return path


def queries_of(client, url: str) -> int:
    """The number of queries of one request to ``url``."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # The query log is a bounded deque: once full, a capture would count nothing.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Counted now: the captured list is read from the connection's log, which the next
    # request clears.
    return len(queries)


def _render(results: Results, plans: dict, requests: int) -> None:
    from django.test import Client

    from plans.models import ActionItemPage, MeasurePage, ProgressReportPage

    client = Client(HTTP_HOST="localhost")
    rows = []
    figures: dict[tuple[str, str], tuple[float, int, int]] = {}
    for label, plan in plans.items():
        measure = MeasurePage.objects.filter(plan=plan).order_by("path").first()
        item = ActionItemPage.objects.filter(measure=measure).order_by("path").first()
        report = ProgressReportPage.objects.filter(plan=plan).first()
        pages = {"plan": plan, "measure": measure, "item": item, "progress report": report}
        for kind, page in pages.items():
            if page is None:
                continue
            url = page.get_url()
            response = client.get(url)  # warm-up: template and site caches
            if response.status_code != 200:
                results.skip(f"render {kind} ({label}): {url} answered {response.status_code}")
                continue
            query_count = queries_of(client, url)
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            figures[(kind, label)] = (statistics.median(times) * 1000, query_count, len(response.content))
            print(f"render {kind} ({label}): {figures[(kind, label)]}", flush=True)
    for kind in ("plan", "measure", "item", "progress report"):
        large = figures.get((kind, "2,000 items"))
        small = figures.get((kind, "20 items"))
        if not large or not small:
            continue
        rows.append(
            [
                kind,
                f"{large[0]:.0f} ms",
                str(large[1]),
                f"{large[2] / 1024:,.0f} KB",
                f"{small[0]:.0f} ms",
                str(small[1]),
            ]
        )
    results.section(
        f"Public pages (Django test client, median of {requests} requests)",
        ["page", "2,000 items: time", "queries", "HTML", "20 items: time", "queries"],
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database and the plans of earlier runs (default: drop and recreate it)",
    )
    parser.add_argument(
        "--part",
        choices=["all", "scale", "load"],
        default="all",
        help="scale: the 2,000-item plan, pages, APIs, search; load: requests per second under load "
        "(bench/load.py); all: both (default)",
    )
    parser.add_argument("--seconds", type=int, default=10, help="seconds of load per address (default 10)")
    parser.add_argument("--requests", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--output", default=str(ROOT / "var" / "bench.md"), help="where to write the table")
    parser.add_argument("--child-import", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    parser.add_argument("--create", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--draft", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_import:
        _child_import(args)
        return

    results = Results()
    head = [
        "## Kyodo benchmark",
        "",
        f"- run: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {_machine()}",
    ]
    if args.part in ("all", "scale"):
        database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
        _ensure_database(database_url, fresh=not args.reuse)
        _setup_django(database_url)
        _prepare_site()
        from plans.models import PlanPage

        demo_plans = set(PlanPage.objects.values_list("pk", flat=True))
        with tempfile.TemporaryDirectory(prefix="kyodo-bench-") as tmp:
            plans = _generate(results)
            xlsx_path = _export(results, plans["2,000 items"], Path(tmp))
            _import(results, xlsx_path, database_url)
            _render(results, plans, args.requests)
            from bench.pages import bench_pages

            bench_pages(results, requests=args.requests, plans=demo_plans)
            from bench.api import bench_api
            from bench.search import bench_search

            bench_api(results, plans["2,000 items"])
            bench_search(results)

        from django.conf import settings

        database = database_url.rsplit("/", 1)[-1]
        head += [
            f"- database: PostgreSQL {_postgres_version()} (`{database}`)",
            f"- settings: {os.environ['DJANGO_SETTINGS_MODULE']}, DEBUG={settings.DEBUG}",
        ]
    if args.part in ("all", "load"):
        sys.path.insert(0, str(ROOT))  # run as a script: bench/ is on the path, not the project
        from bench.load import bench_load

        head.append(f"- load: machine's load average before the part {os.getloadavg()[0]:.2f}")
        bench_load(results, seconds=args.seconds)
    head += [f"- skipped: {text}" for text in results.skipped]
    text = "\n".join(head + results.lines) + "\n"
    print()
    print(text)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"Written to {output}")


if __name__ == "__main__":
    main()
