"""Requests per second side by side, for ``bench/run.py --part load`` (docs/benchmarks.md).

Everything runs on this machine, one server at a time, each gunicorn with 2 workers, loaded
by ``wrk`` with 8 connections for ``--seconds`` seconds per address:

- a trivial Django view (``bench/trivial_wsgi.py``: no database, no middleware);
- the home page of a stock ``wagtail start`` project, generated at run time into
  ``var/bench-wagtail/`` on the same PostgreSQL;
- Kyodo with the demo (production settings, the local-memory cache, rate limits off): the
  home, a plan, an item, a progress report, search and the API v2 item list, three times:
  every page body rendered (``PAGE_CACHE=false KEPT_CONTENT=false``), the page cache off with
  page bodies kept (``PAGE_CACHE=false``: what staff signed in and readers with a session
  get), and the page cache on (after warming requests).

PostgreSQL is a cluster of the benchmark's own (``initdb`` as the ``postgres`` user, a port
and a socket folder under /tmp), never the shared server: the last part stops it for about
three seconds while ``wrk`` reads a cached page, counts the answers that were not 200, and
then checks that pages the cache does not hold answer 200 again from the same gunicorn.

Beside the load, ``bench/hit.py`` measures what a hit costs in one process, without a server:
the trivial view's microseconds per request against each cached Kyodo page's.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES_PORT = 8829
KYODO_PORT = 8824
OTHER_PORT = 8825
CONNECTIONS = 8
OUTAGE_SECONDS = 3
WRK_MISSING = "wrk is not installed: apt-get install wrk (Debian), then run the load part again"


@dataclass
class Run:
    name: str
    requests_per_second: float
    requests: int
    not_ok: int  # answers other than 2xx/3xx, and socket errors


# PostgreSQL of the benchmark's own ------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"{name} not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    return found[-1]


def _as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    runuser = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*runuser, *command], check=True, capture_output=True, text=True, **kwargs)  # noqa: S603 (the benchmark's own fixed commands)


class Cluster:
    """A throwaway PostgreSQL cluster under /tmp, on its own port and socket folder."""

    def __init__(self, folder: Path, port: int):
        self.folder = folder
        self.data = folder / "data"
        self.port = port
        self.log = folder / "postgres.log"

    def url(self, name: str) -> str:
        return f"postgres://postgres@{quote(str(self.folder), safe='')}:{self.port}/{name}"

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        _as_postgres(_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=''"
        _as_postgres(
            _pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
        )

    def stop(self) -> None:
        _as_postgres(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create(self, name: str) -> None:
        _as_postgres(_pg_bin("createdb"), "-h", str(self.folder), "-p", str(self.port), name)


# Servers ---------------------------------------------------------------------------------


@contextmanager
def gunicorn(app: str, port: int, env: dict[str, str], pythonpath: Path, log: Path, cwd: Path | None = None):
    command = [
        str(BIN / "gunicorn"),
        "--pythonpath",
        str(pythonpath),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--log-level",
        "warning",
        app,
    ]
    with log.open("a") as output:
        process = subprocess.Popen(  # noqa: S603 (the benchmark's own fixed commands)
            command, env=env, cwd=cwd or pythonpath, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait(f"http://127.0.0.1:{port}/", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait(url: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped while starting (exit {process.returncode})")
        try:
            status(url)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def fetch_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback)
        return json.load(response)


def _manage(env: dict[str, str], *arguments: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *arguments], env=env, cwd=ROOT, check=True)  # noqa: S603 (the benchmark's own fixed commands)


# Load ------------------------------------------------------------------------------------


def wrk(name: str, url: str, seconds: int) -> Run:
    output = subprocess.run(  # noqa: S603 (the benchmark's own fixed commands)
        ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--latency", url],  # noqa: S607 (wrk from PATH, as the docs say)
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    not_ok = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if errors:
        not_ok += sum(int(n) for n in errors.groups())
    print(f"  {name}: {rate:,.0f} req/s ({total} requests, {not_ok} not 2xx)", flush=True)
    return Run(name, rate, total, not_ok)


# The parts -------------------------------------------------------------------------------


def _kyodo_env(cluster: Cluster, tmp: Path, *, page_cache: bool, kept_content: bool = True) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DATABASE_URL": cluster.url("kyodo_load"),
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BASE_URL": f"http://127.0.0.1:{KYODO_PORT}",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "RATE_LIMITS_ENABLED": "false",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "DEBUG": "false",
        "PAGE_CACHE": "true" if page_cache else "false",
        "KEPT_CONTENT": "true" if kept_content else "false",
    }


def _stock_wagtail(cluster: Cluster, tmp: Path) -> tuple[Path, dict[str, str]]:
    """``wagtail start`` into var/bench-wagtail/, on the benchmark's PostgreSQL, migrated."""
    project = ROOT / "var" / "bench-wagtail"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    subprocess.run([str(BIN / "wagtail"), "start", "stock", str(project)], check=True, capture_output=True)  # noqa: S603 (the benchmark's own fixed commands)
    database = cluster.url("stock_wagtail")
    (project / "stock" / "settings" / "bench.py").write_text(
        "import dj_database_url\n"
        "from .base import *  # noqa\n"
        "DEBUG = False\n"
        "SECRET_KEY = 'bench-stock-wagtail'\n"
        "ALLOWED_HOSTS = ['*']\n"
        f"DATABASES = {{'default': dj_database_url.parse({database!r}, conn_max_age=60)}}\n"
        "STORAGES['staticfiles'] = {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "stock.settings.bench"}
    cluster.create("stock_wagtail")
    subprocess.run([str(BIN / "python"), "manage.py", "migrate", "-v0"], env=env, cwd=project, check=True)  # noqa: S603 (the benchmark's own fixed commands)
    return project, env


def _kyodo_addresses(base: str) -> dict[str, str]:
    def first(page_type: str) -> str:
        items = fetch_json(f"{base}/api/v2/pages/?type={page_type}&locale=ja&fields=_,id&limit=1")["items"]
        detail = fetch_json(f"{base}/api/v2/pages/{items[0]['id']}/")
        return "/" + detail["meta"]["html_url"].split("/", 3)[3]

    return {
        "home": "/",
        "plan": first("plans.PlanPage"),
        "item": first("plans.ActionItemPage"),
        "report": first("plans.ProgressReportPage"),
        "search": "/search/?q=%E5%8D%94%E5%83%8D",  # 協働
        "API v2 item list": "/api/v2/pages/?type=plans.ActionItemPage&limit=20",
    }


def _in_process(env: dict[str, str], *arguments: str) -> dict[str, float]:
    """``bench/hit.py``'s microseconds per request (see its docstring)."""
    done = subprocess.run(  # noqa: S603 (the benchmark's own fixed commands)
        [str(BIN / "python"), str(ROOT / "bench" / "hit.py"), *arguments],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _uncached(address: str, n: int) -> str:
    """``address`` as the page cache has not seen it (the APIs, which it does not keep, refuse
    unknown parameters)."""
    if address.startswith("/api/"):
        return address
    return f"{address}{'&' if '?' in address else '?'}after-restart={n}"


def _outage(cluster: Cluster, base: str, path: str, seconds: int, log: Path) -> tuple[Run, dict[str, int]]:
    """wrk on a cached page while PostgreSQL is stopped for OUTAGE_SECONDS; then the uncached
    pages' answers from the same gunicorn."""
    # Every worker holds a connection before the restart (CONN_MAX_AGE), which the restart breaks.
    for n in range(8):
        status(f"{base}/search/?q=before{n}")

    def restart() -> None:
        time.sleep(max(seconds, 10) / 4)
        cluster.stop()
        time.sleep(OUTAGE_SECONDS)
        cluster.start()

    thread = threading.Thread(target=restart)
    thread.start()
    run = wrk(f"cached {path} during a {OUTAGE_SECONDS} s restart", base + path, max(seconds, 10))
    thread.join()
    after = {
        name: status(base + _uncached(address, n))
        for n, (name, address) in enumerate(_kyodo_addresses(base).items())
    }
    with log.open("a") as output:
        output.write(f"after the restart: {after}\n")
    return run, after


def bench_load(results, *, seconds: int = 10) -> None:
    if shutil.which("wrk") is None:
        results.skip(f"the load part: {WRK_MISSING}")
        return
    with tempfile.TemporaryDirectory(prefix="kyodo-load-") as name:
        tmp = Path(name)
        os.chmod(tmp, 0o755)  # noqa: S103 (the postgres user reaches its cluster inside)
        cluster = Cluster(tmp / "postgres", POSTGRES_PORT)
        cluster.folder.mkdir()
        log = ROOT / "var" / "bench-load.log"  # the servers' output, kept after the run
        log.parent.mkdir(exist_ok=True)
        log.write_text("")
        cluster.init()
        try:
            _bench(results, cluster, tmp, log, seconds)
        finally:
            with suppress(subprocess.CalledProcessError):
                cluster.stop()


def _configuration(page_cache: bool, kept_content: bool) -> str:
    if page_cache:
        return "page cache on"
    return "page cache off" if kept_content else "every body rendered"


def _bench(results, cluster: Cluster, tmp: Path, log: Path, seconds: int) -> None:
    print("Load: the trivial view, stock Wagtail and Kyodo, one at a time", flush=True)
    runs: list[Run] = []
    with gunicorn("trivial_wsgi:application", OTHER_PORT, dict(os.environ), ROOT / "bench", log) as base:
        wrk("warm-up", base + "/", 2)
        runs.append(wrk("trivial Django view", base + "/", seconds))

    project, stock_env = _stock_wagtail(cluster, tmp)
    with gunicorn("stock.wsgi:application", OTHER_PORT, stock_env, project, log) as base:
        wrk("warm-up", base + "/", 2)
        runs.append(wrk("stock `wagtail start` home page", base + "/", seconds))

    cluster.create("kyodo_load")
    env = _kyodo_env(cluster, tmp, page_cache=False)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_demo")
    _manage(env, "collectstatic", "--noinput", "-v0")
    # Every body rendered; the page cache off (bodies kept); the page cache on.
    for cached, kept in ((False, False), (False, True), (True, True)):
        env = _kyodo_env(cluster, tmp, page_cache=cached, kept_content=kept)
        with gunicorn("wsgi", KYODO_PORT, env, ROOT / "site", log, cwd=ROOT) as base:
            addresses = _kyodo_addresses(base)
            for page, path in addresses.items():
                # Compiled templates and, with a cache, the page or body kept by both workers.
                for _ in range(10 if cached or kept else 4):
                    status(base + path)
                runs.append(wrk(f"Kyodo {page}, {_configuration(cached, kept)}", base + path, seconds))
            if cached:
                pages = {page: path for page, path in addresses.items() if not path.startswith("/api/")}
                print("What a hit costs in one process", flush=True)
                hits = _in_process(env, *pages.values())
                trivial_hit = _in_process(dict(os.environ), "--trivial")["/"]
                outage, after = _outage(cluster, base, addresses["plan"], seconds, log)

    trivial = runs[0].requests_per_second
    stock = runs[1].requests_per_second
    rows = [
        [
            run.name,
            f"{run.requests_per_second:,.0f}",
            f"{run.requests_per_second / trivial:.0%}",
            str(run.not_ok),
        ]
        for run in runs
    ]
    results.section(
        f"Requests per second (gunicorn, 2 workers; wrk, {CONNECTIONS} connections, {seconds} s each)",
        ["address", "req/s", "of the trivial view", "not 2xx"],
        rows,
    )
    results.section(
        "What a hit costs in one process (bench/hit.py: the WSGI application called directly, "
        "best of 10 rounds of 300)",
        ["address", "µs per request", "against the trivial view"],
        [["trivial Django view", f"{trivial_hit:,.0f}", "1.0×"]]
        + [
            [f"Kyodo {page}, page cache hit", f"{hits[path]:,.0f}", f"{hits[path] / trivial_hit:.1f}×"]
            for page, path in pages.items()
        ],
    )
    plan_uncached = next(run for run in runs if run.name == "Kyodo plan, page cache off").requests_per_second
    plan_rendered = next(
        run for run in runs if run.name == "Kyodo plan, every body rendered"
    ).requests_per_second
    cached = [run for run in runs if run.name.endswith("page cache on") and "API" not in run.name]
    results.section(
        "Targets",
        ["target", "figure", "met"],
        [
            [
                "cached pages ≥ 50% of the trivial view",
                f"lowest {min(r.requests_per_second for r in cached) / trivial:.0%}",
                "yes" if all(r.requests_per_second >= trivial / 2 for r in cached) else "no",
            ],
            [
                "uncached plan page ≥ stock Wagtail page (page cache off, body kept)",
                f"{plan_uncached:,.0f} vs {stock:,.0f} req/s",
                "yes" if plan_uncached >= stock else "no",
            ],
            [
                "plan page with its body rendered every time, for comparison",
                f"{plan_rendered:,.0f} vs {stock:,.0f} req/s",
                "yes" if plan_rendered >= stock else "no",
            ],
            [
                f"cached plan page, PostgreSQL stopped {OUTAGE_SECONDS} s under load: answers not 200",
                f"{outage.not_ok} of {outage.requests}",
                "yes" if outage.not_ok == 0 else "no",
            ],
            [
                "uncached pages answer 200 after the restart, same gunicorn",
                ", ".join(f"{name} {code}" for name, code in after.items()),
                "yes" if set(after.values()) == {200} else "no",
            ],
        ],
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from bench.run import Results

    results = Results()
    bench_load(results, seconds=int(sys.argv[1]) if len(sys.argv) > 1 else 10)
    print("\n".join(results.lines))
