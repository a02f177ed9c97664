"""What a page cache hit costs in one process, for ``bench/load.py`` (docs/benchmarks.md).

Calls the WSGI application directly, without a server or a socket, so that only Django and
Kyodo are measured: microseconds per request, the best of several rounds of a few hundred
requests each, the addresses taken in turn so that a busy moment of the machine falls on all
of them alike.

- ``python bench/hit.py --trivial``: the load benchmark's trivial view (bench/trivial_wsgi.py);
- ``python bench/hit.py /address …``: Kyodo's addresses, each read until the page cache holds
  it, with the settings of the environment (``DJANGO_SETTINGS_MODULE`` and the rest, as the
  load benchmark gives gunicorn).

Prints one JSON object: address → microseconds per request.
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 10
PER_ROUND = 300


def _environ(address: str) -> dict:
    path, _, query = address.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": unquote(path),
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }


def _read(application, address: str) -> dict[str, str]:
    seen: dict[str, str] = {}

    def start_response(status, headers, exc_info=None):
        seen.update(headers)
        seen["status"] = status

    body = application(_environ(address), start_response)
    b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return seen


def measure(application, addresses: list[str], *, expect_hit: bool) -> dict[str, float]:
    for address in addresses:
        for _ in range(5):
            seen = _read(application, address)
        if not seen["status"].startswith("200") or (expect_hit and seen.get("X-Kyodo-Cache") != "hit"):
            raise SystemExit(f"{address}: {seen['status']}, X-Kyodo-Cache {seen.get('X-Kyodo-Cache')}")
    best = dict.fromkeys(addresses, float("inf"))
    for _ in range(ROUNDS):
        for address in addresses:
            started = time.perf_counter()
            for _ in range(PER_ROUND):
                _read(application, address)
            best[address] = min(best[address], (time.perf_counter() - started) / PER_ROUND * 1e6)
    return best


def main(arguments: list[str]) -> None:
    if arguments == ["--trivial"]:
        sys.path.insert(0, str(ROOT / "bench"))
        from trivial_wsgi import application

        print(json.dumps(measure(application, ["/"], expect_hit=False)))
        return
    sys.path.insert(0, str(ROOT / "site"))
    sys.path.insert(0, str(ROOT))
    from django.core.wsgi import get_wsgi_application

    print(json.dumps(measure(get_wsgi_application(), arguments, expect_hit=True)))


if __name__ == "__main__":
    main(sys.argv[1:])
